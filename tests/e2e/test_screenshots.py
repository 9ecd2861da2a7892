"""Screenshots of the main pages for the README, taken with the demo scenario loaded.

Runs only with SCREENSHOTS=1 (``make screenshots``); writes docs/screenshots/<who>-<page>.png at
1280 px wide, and phone shots at 360 px wide for a few pages. Pages in Indonesian (the default),
the Korean team's in Korean when the machine has a Korean font (else in English, so that no
empty boxes stand in for the letters).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import login
from .pages import MAIN_PAGES, PASSWORDS, demo_objects, resolve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("SCREENSHOTS") != "1", reason="screenshots only with SCREENSHOTS=1"),
]

OUTPUT = Path(settings.BASE_DIR) / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
MAX_HEIGHT = 1600
PHONE_PAGES = {"home", "my_firm", "survey_form", "dashboard", "directory"}
FILE_PREFIX = {
    "anonymous": "public",
    "owner": "sme",
    "staff": "staff",
    "korean": "korean",
    "korean_firm": "korean-firm",
}


def has_korean_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    result = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())


def language_for(role: str) -> str:
    if role in {"korean", "korean_firm"}:
        return "ko" if has_korean_font() else "en"
    return "id"


@pytest.fixture
def demo(django_db_serialized_rollback, page):
    return demo_objects()


def shoot(page, spec, url: str, *, viewport: dict, name: str) -> Path:
    page.set_viewport_size(viewport)
    # The charts draw at once when motion is reduced (static/js/dashboard.js).
    page.emulate_media(reduced_motion="reduce")
    page.goto("/")
    page.context.add_cookies([{"name": "django_language", "value": language_for(spec.role), "url": page.url}])
    if spec.role != "anonymous":
        username, password = PASSWORDS[spec.role]
        login(page, username, password)
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    page.wait_for_load_state("networkidle")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    # The top of the page up to MAX_HEIGHT: what a reader of the README needs, at a size git likes.
    height = min(page.evaluate("document.scrollingElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height}
    )
    shrink(path)
    return path


def shrink(path: Path) -> None:
    """A 256-colour palette: a third of the size, the text still crisp (Pillow comes with ReportLab)."""
    from PIL import Image

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    palette.save(path, optimize=True)


@pytest.mark.parametrize("spec", MAIN_PAGES, ids=[spec.key for spec in MAIN_PAGES])
def test_screenshot(page, demo, spec):
    url, reason = resolve(spec, demo)
    if url is None:
        pytest.skip(reason)
    name = f"{FILE_PREFIX[spec.role]}-{spec.key.replace('_', '-')}"
    path = shoot(page, spec, url, viewport=DESKTOP, name=name)
    assert path.stat().st_size > 10_000
    if spec.key in PHONE_PAGES:
        page.context.clear_cookies()
        path = shoot(page, spec, url, viewport=PHONE, name=f"phone-{name}")
        assert path.stat().st_size > 5_000
