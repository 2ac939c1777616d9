"""The volunteers pages pass axe in both modes; in 长辈版 the board stays readable."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

PATHS = [
    "/volunteers/",
    "/volunteers/rescue/",
    "/volunteers/join/",
    "/stations/",
    "/stations/jiangbin/",
    "/stats/",
]


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_volunteers_pages_have_no_axe_violations(live_demo, browser, elder):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
    page = context.new_page()
    axe = Axe()
    try:
        for path in PATHS:
            page.goto(live_demo.url + path)
            violations = axe.run(page).response["violations"]
            assert violations == [], (
                path,
                [(v["id"], v["nodes"][0]["target"]) for v in violations],
            )
    finally:
        context.close()


def test_stats_board_and_join_form_in_elder_mode(live_demo, browser, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
    page = context.new_page()
    try:
        page.goto(live_demo.url + "/stats/")
        for selector in [".vol-chart-table th", ".vol-bar-value", ".vol-figures dd"]:
            size = page.eval_on_selector(
                selector, "el => parseFloat(getComputedStyle(el).fontSize)"
            )
            assert size >= 24, (selector, size)
        # Each bar row keeps its label on one readable line above the bar.
        label = page.locator(".vol-chart-table th").nth(3).bounding_box()
        bar = page.locator(".vol-bar").nth(3).bounding_box()
        assert label["width"] > 4 * 24 and bar["width"] > 150
        page.screenshot(path=str(artifacts / "volunteers-stats-elder.png"), full_page=True)

        page.goto(live_demo.url + "/volunteers/join/")
        for selector in ["#id_name", "#id_phone", "#id_speciality", "#id_street", "#id_consent"]:
            box = page.locator(selector).bounding_box()
            assert box["height"] >= 60, (selector, box)
        page.get_by_role("button", name="提交报名").click()
        assert page.get_by_role("alert").is_visible()
        assert page.get_by_text("请阅读并勾选同意个人信息使用说明后再提交。").first.is_visible()
    finally:
        context.close()
