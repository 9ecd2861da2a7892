import subprocess
import sys

from django.conf import settings


def _settings_value(expression: str, **env) -> str:
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='partnership.settings'; django.setup(); from django.conf import settings as s; print({expression})"
    base = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_login_throttling_reads_the_client_address_behind_a_proxy():
    assert _settings_value("getattr(s, 'AXES_IPWARE_PROXY_COUNT', None)") == "None"
    assert _settings_value("s.AXES_IPWARE_PROXY_COUNT", AXES_PROXY_COUNT="1") == "1"
    assert "HTTP_X_FORWARDED_FOR" in _settings_value(
        "s.AXES_IPWARE_META_PRECEDENCE_ORDER", AXES_PROXY_COUNT="1"
    )


def test_production_refuses_to_start_without_a_secret_key():
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='partnership.settings'; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_in_the_environment_fails_loudly():
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='partnership.settings'; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "maybe"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
