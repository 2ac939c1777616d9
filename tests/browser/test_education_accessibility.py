"""The red-education pages pass axe with no violation at all, in normal and elder mode,
and elder mode gives every control a target of at least 60×60 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/education/",
    "/education/?grade=junior&theme=korea",
    "/education/shangganling-water/",
    "/education/station-study-tour/",
    "/education/shangganling-water/classroom/",
    "/education/shangganling-water/classroom/#step-2",
    "/education/shangganling-water/handout/",
]
TARGETS = [
    ".edu-actions .button",
    ".honors-facet-list a",
    ".edu-lesson-list .card-title a",
    ".edu-material a",
    ".edu-classroom-controls .button",
    ".edu-handout-tools .button",
]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_red_education_pages_have_no_accessibility_violations(live_demo, page, elder):
    if elder:
        page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
    axe = Axe()
    found = {}
    for path in PAGES:
        page.goto(live_demo.url + path)
        assert page.evaluate("document.documentElement.classList.contains('elder')") == elder
        violations = [
            (v["id"], v["impact"], len(v["nodes"])) for v in axe.run(page).response["violations"]
        ]
        if violations:
            found[path] = violations
    assert found == {}


def test_elder_mode_targets_are_at_least_60_px(live_demo, page):
    page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
    checked = 0
    for path in PAGES:
        page.goto(live_demo.url + path)
        for selector in TARGETS:
            for element in page.locator(selector).all():
                if not element.is_visible():
                    continue
                box = element.bounding_box()
                assert box["height"] >= 60 and box["width"] >= 60, (path, selector, box)
                checked += 1
    assert checked >= 30
