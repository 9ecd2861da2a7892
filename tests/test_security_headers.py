"""Every response carries the Content-Security-Policy; the language cookie follows its settings."""

import pytest
from django.urls import reverse

from . import factories

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def _assert_strict(response, where: str) -> None:
    assert "Content-Security-Policy" in response, f"{where}: no Content-Security-Policy"
    policy = _policy(response)
    for name, value in EXPECTED_POLICY.items():
        assert policy.get(name) == value, f"{where}: {name} is {policy.get(name)!r}"
    assert "unsafe" not in response["Content-Security-Policy"], where


def test_every_kind_of_response_carries_the_policy(client, staff_user, sme):
    programme = factories.make_programme()
    answers = {
        "page": client.get(reverse("home")),
        "form": client.get(reverse("smes:register")),
        "redirect to login": client.get(reverse("smes:staff_list")),
        "not found": client.get("/no-such-page/"),
        "refused": client.post(reverse("logout")),
    }
    client.force_login(staff_user)
    answers |= {
        "staff page": client.get(reverse("smes:staff_list")),
        "CSV download": client.get(
            reverse("partnership:roster_export", args=[programme.slug]) + "?format=csv"
        ),
        "PDF report": client.get(reverse("partnership:report_pdf", args=[programme.slug])),
        "bad request": client.get(
            reverse("partnership:roster_export", args=[programme.slug]) + "?format=doc"
        ),
        "method not allowed": client.post(reverse("smes:staff_list")),
    }
    staff_user.is_superuser = True
    staff_user.save()
    answers |= {
        "admin index": client.get(reverse("admin:index")),
        "admin export page": client.get(reverse("admin:smes_sme_export")),
    }
    client.force_login(factories.make_user("plain-user"))
    answers["forbidden"] = client.get(reverse("smes:staff_list"))
    statuses = {where: response.status_code for where, response in answers.items()}
    assert statuses["not found"] == 404 and statuses["forbidden"] == 403 and statuses["bad request"] == 400
    assert statuses["CSV download"] == 200 and statuses["admin export page"] == 200
    for where, response in answers.items():
        _assert_strict(response, where)


def test_the_language_cookie_follows_the_settings(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


def test_the_portal_s_own_language_cookie_is_as_safe(client, settings, korean_user):
    """The Korean team's first visit sets the cookie through partnership.i18n.set_language_cookie."""
    settings.LANGUAGE_COOKIE_SECURE = True
    client.force_login(korean_user)
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ko"
    assert (cookie["secure"], cookie["samesite"], cookie["httponly"]) == (True, "Lax", True)


def test_no_template_has_what_the_policy_blocks():
    """No inline <script>, <style>, style="" or on…="" handler in a page template (the browser test
    checks the rendered pages; this one also covers pages it does not open)."""
    import re

    from django.conf import settings

    blocked = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)|<style|\sstyle=|\son[a-z]+=", re.I
    )
    # Rendered by xhtml2pdf into a PDF, never shown by a browser.
    not_pages = {"partnership/report_pdf.html"}
    root = settings.BASE_DIR / "templates"
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()[:80]}"
        for path in root.rglob("*.html")
        if str(path.relative_to(root)) not in not_pages and "emails" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if blocked.search(line)
    ]
    assert not offenders, "Inline code the Content-Security-Policy blocks:\n  " + "\n  ".join(offenders)
