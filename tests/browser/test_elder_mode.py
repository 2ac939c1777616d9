"""A visitor on a phone switches to 长辈版 and it stays on while they browse."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def px(page, selector, prop):
    value = page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")
    return float(value.replace("px", ""))


def test_elder_mode_toggle_persists_across_pages(live_demo, page, artifacts):
    page.goto(live_demo.url + "/")
    toggle = page.get_by_role("button", name="长辈版")
    assert toggle.is_visible()
    normal_size = px(page, "body", "fontSize")

    toggle.click()
    assert page.eval_on_selector("html", "el => el.classList.contains('elder')")
    # The toggle keeps its name; aria-pressed says the mode is on.
    assert toggle.get_attribute("aria-pressed") == "true"

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="工作动态").click()
    page.wait_for_url("**/news/")
    assert page.eval_on_selector("html", "el => el.classList.contains('elder')")
    page.get_by_role("link", name="区退役军人服务中心开展“政策进社区”宣讲").click()
    page.wait_for_load_state()
    assert page.eval_on_selector("html", "el => el.classList.contains('elder')")

    # National elder-friendly rules: body text >= 18pt (24px), headings >= 30pt (40px).
    assert px(page, "body", "fontSize") >= 24 > normal_size
    assert px(page, "h1", "fontSize") >= 40
    line_height = px(page, ".article-body p", "lineHeight")
    assert line_height / px(page, ".article-body p", "fontSize") >= 1.3
    for selector, at_least in [(".elder-toggle", 1), (".main-nav a", 9), (".breadcrumbs a", 2)]:
        boxes = [el.bounding_box() for el in page.query_selector_all(selector)]
        assert len(boxes) >= at_least, selector  # the loop below must check something
        for box in boxes:
            assert box["height"] >= 60 and box["width"] >= 60, (selector, box)
    page.screenshot(path=str(artifacts / "elder-mode-news-page.png"), full_page=True)

    page.get_by_role("button", name="长辈版").click()
    page.reload()
    assert not page.eval_on_selector("html", "el => el.classList.contains('elder')")


def test_keyboard_user_sees_skip_link_and_focus(live_demo, page):
    page.goto(live_demo.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0  # moved on screen when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_home_page_has_no_serious_accessibility_violations(live_demo, page):
    page.goto(live_demo.url + "/")
    results = Axe().run(page)
    serious = [
        (v["id"], v["help"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
