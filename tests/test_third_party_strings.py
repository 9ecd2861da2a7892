"""Strings we do not own (Django's, django-import-export's) read as ours in Indonesian and Korean."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse
from django.utils import translation

ENGLISH_ON_THE_ADMIN_PAGES = [
    "Export",
    "Select all",
    "File to import",
    "Resource",
    "Submit",
    "Nib",
    "Npwp",
    "Kbli Codes",
    "Legal Name",
    "Regency Name",
    "This exporter",
    "This importer",
]


def _visible_text(html: str) -> str:
    content = html.split('id="content"', 1)[-1]
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", content)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "ko"])
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:smes_sme_import",
        "admin:smes_sme_export",
        "admin:partnership_koreanpartner_import",
        "admin:partnership_koreanpartner_export",
    ],
)
def test_the_admin_import_and_export_pages_have_no_english_left(client, staff_user, language, url_name):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(*Permission.objects.filter(content_type__app_label="partnership"))
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    lines = {line.strip().rstrip(":") for line in _visible_text(response.content.decode()).split("\n")}
    left = [word for word in ENGLISH_ON_THE_ADMIN_PAGES if word in lines]
    assert not left, f"{language} {url_name}: {left}"


@pytest.mark.django_db
def test_the_export_columns_are_named_by_the_model(client, staff_user):
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = client.get(reverse("admin:smes_sme_export")).content.decode()
    assert "Kode KBLI" in html and "NPWP" in html and "Kabupaten/kota (nama)" in html


@pytest.mark.parametrize(
    ("language", "msgid", "expected", "banned"),
    [
        ("id", "Password", "Kata sandi", None),
        ("id", "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.", None, "sedikit"),
        ("id", "New password confirmation", "Konfirmasi kata sandi baru", None),
        ("ko", "Enter a valid email address.", "올바른 이메일 주소를 입력하십시오.", None),
        ("ko", "Enter a whole number.", None, "세요"),
        ("ko", "Ensure this value is less than or equal to %(limit_value)s.", None, "세요"),
        ("ko", "Enter the same password as before, for verification.", None, "세요"),
    ],
)
def test_django_strings_are_reworded_in_our_catalogue(language, msgid, expected, banned):
    with translation.override(language):
        text = translation.gettext(msgid)
    assert text != msgid
    if expected:
        assert text == expected
    if banned:
        assert banned not in text, text


@pytest.mark.django_db
def test_the_password_form_says_kata_sandi(owner_user):
    with translation.override("id"):
        html = str(SetPasswordForm(owner_user).as_div())
    assert "Kata sandi baru" in html
    assert not re.search(r"(?<![Kk]ata )\bSandi\b", html)
