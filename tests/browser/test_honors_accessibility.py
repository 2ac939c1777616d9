"""Profiles, oral histories and posters pass axe without serious violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/honors/",
    "/honors/?title=veteran&year=2026",
    "/honors/qingshan-rescue-team/",
    "/honors/wang-deshun/poster/",
    "/oral-history/",
    "/oral-history/changjinhu-winter/",
]


def test_honors_pages_have_no_serious_accessibility_violations(live_demo, page):
    axe = Axe()
    found = {}
    for path in PAGES:
        page.goto(live_demo.url + path)
        serious = [
            (v["id"], v["help"], len(v["nodes"]))
            for v in axe.run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            found[path] = serious
    assert found == {}
