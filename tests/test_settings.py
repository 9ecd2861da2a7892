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


def _run(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_without_a_secret_key_fails_the_checks_and_the_server():
    check = _run(
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE']='partnership.settings';"
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy'])"
    )
    assert check.returncode != 0
    assert "mitra.E001" in check.stderr
    server = _run("import partnership.wsgi")
    assert server.returncode != 0
    assert "SECRET_KEY setting must not be empty" in server.stderr
    # Commands that need no key still work, e.g. the migrations check.
    migrations = _run(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='partnership.settings';"
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])"
    )
    assert migrations.returncode == 0, migrations.stderr


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


def test_the_language_cookie_is_secure_and_same_site_lax_in_production():
    production = {"DEBUG": "0"}
    assert _settings_value("s.LANGUAGE_COOKIE_SECURE", **production) == "True"
    assert _settings_value("s.LANGUAGE_COOKIE_SAMESITE", **production) == "Lax"
    assert _settings_value("s.LANGUAGE_COOKIE_HTTPONLY", **production) == "True"
    # Development over plain http keeps a cookie the browser sends back.
    assert _settings_value("s.LANGUAGE_COOKIE_SECURE", DEBUG="1") == "False"


def test_the_content_security_policy_allows_nothing_inline_in_production():
    directives = _settings_value("s.CONTENT_SECURITY_POLICY['DIRECTIVES']", DEBUG="0")
    for directive in (
        "'default-src': [\"'self'\"]",
        "'script-src': [\"'self'\"]",
        "'style-src': [\"'self'\"]",
        "'frame-ancestors': [\"'none'\"]",
        "'object-src': [\"'none'\"]",
        "'form-action': [\"'self'\"]",
        "'base-uri': [\"'self'\"]",
    ):
        assert directive in directives
    assert "unsafe" not in directives


def test_redis_url_gives_every_worker_one_cache_for_the_api_throttles():
    assert "LocMemCache" in _settings_value("s.CACHES['default']['BACKEND']")
    shared = "redis://127.0.0.1:6379/5"
    assert _settings_value("s.CACHES['default']['BACKEND']", REDIS_URL=shared).endswith("RedisCache")
    assert _settings_value("s.CACHES['default']['LOCATION']", REDIS_URL=shared) == shared
