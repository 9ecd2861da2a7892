"""axe-core (from npm) on every main page, as the role that uses it, with the demo scenario loaded:
no "serious" or "critical" violation; and no horizontal scrolling on a 360-pixel-wide phone.

A page that does not exist yet, or whose demo object is missing, is skipped with the reason.
"""

import pytest
from playwright.sync_api import expect

from .conftest import login
from .pages import MAIN_PAGES, PASSWORDS, demo_objects, resolve

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PHONE_WIDTH = 360


@pytest.fixture
def demo(django_db_serialized_rollback, page):
    # Serialized rollback keeps the reference data of the migrations across transactional tests.
    return demo_objects()


def open_as(page, spec, url: str) -> None:
    if spec.role != "anonymous":
        username, password = PASSWORDS[spec.role]
        login(page, username, password)
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{spec.key}: {url} answered {response.status} for {spec.role}"
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))
            }));
        }"""
    )
    return [violation for violation in results if violation["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html']}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"       {summary_line}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("spec", MAIN_PAGES, ids=[spec.key for spec in MAIN_PAGES])
def test_page_has_no_serious_accessibility_violation(page, demo, spec):
    url, reason = resolve(spec, demo)
    if url is None:
        pytest.skip(reason)
    open_as(page, spec, url)
    violations = axe_violations(page)
    assert not violations, f"{spec.key} ({url}) as {spec.role}:\n" + describe(violations)


@pytest.mark.parametrize("spec", MAIN_PAGES, ids=[spec.key for spec in MAIN_PAGES])
def test_page_fits_a_360_pixel_phone(page, demo, spec):
    url, reason = resolve(spec, demo)
    if url is None:
        pytest.skip(reason)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    open_as(page, spec, url)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > PHONE_WIDTH:
        culprits = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll("body *"))
                // The outermost elements that stick out: their parent still fits.
                .filter(el => el.getBoundingClientRect().right > limit + 1 &&
                              el.parentElement.getBoundingClientRect().right <= limit + 1)
                .slice(0, 8)
                .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                          (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
                          " right=" + Math.round(el.getBoundingClientRect().right))""",
            PHONE_WIDTH,
        )
        pytest.fail(
            f"{spec.key} ({url}) scrolls sideways at {PHONE_WIDTH}px: width {width}px; widest: {culprits}"
        )


def test_keyboard_reaches_the_main_content_through_the_skip_link(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_works_with_the_keyboard(page, demo):
    page.goto("/")
    english = page.locator("button[data-language=en]")
    english.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
