"""A visitor searches on a phone: suggestions while typing, results, a facet, elder mode."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggestions_results_and_filters(live_demo, page, artifacts):
    page.goto(live_demo.url + "/search/")
    box = page.get_by_label("搜索关键词")
    box.press_sequentially("防汛", delay=50)
    suggestion = page.get_by_role("option").filter(has_text="退役军人志愿服务队开展防汛抢险演练")
    suggestion.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("Escape")
    assert page.get_by_role("listbox", name="搜索建议").is_hidden()
    assert box.input_value() == "防汛"  # Escape closes the list, not the typed text

    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("status").inner_text().startswith("找到")
    assert page.locator(".search-hit mark").first.inner_text() == "防汛"
    page.get_by_role("complementary", name="筛选结果").get_by_role("link", name="工作动态").click()
    page.wait_for_url("**type=newspage**")
    assert page.get_by_text("已筛选：").is_visible()
    page.screenshot(path=str(artifacts / "search-results-filtered.png"), full_page=True)

    violations = Axe().run(page).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def test_elder_mode_search_controls_are_large(live_demo, page):
    page.goto(live_demo.url + "/search/?q=老兵")
    page.get_by_role("button", name="长辈版").click()
    for selector in ["#search-q", ".search-box .button", ".search-facet a", ".search-hit-title a"]:
        elements = page.query_selector_all(selector)[:5]
        assert elements, selector  # each control is on the page: the loop checks something
        for element in elements:
            box = element.bounding_box()
            assert box["height"] >= 60, (selector, box)


def test_header_search_box_on_every_page(live_demo, page, artifacts):
    """From any page, the 404 included, a visitor types a colloquial query with a
    wrong character in the header box and lands on the right page; in elder mode the
    box and its button are at least 60 × 60 px."""
    page.goto(live_demo.url + "/no-such-page/")
    box = page.get_by_role("combobox", name="站内搜索")
    box.press_sequentially("长津", delay=50)
    page.get_by_role("listbox", name="输入提示").get_by_role("option").filter(
        has_text="长津湖的冬天"
    ).first.wait_for()
    box.fill("烈土陵园")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "已为您显示“烈士陵园”的结果" in page.locator(".search-corrected").inner_text()
    assert page.locator(".search-hit-title a").first.inner_text() == "青川区烈士陵园"

    page.goto(live_demo.url + "/")
    page.get_by_role("button", name="长辈版").click()
    for selector in ["#site-search-q", ".header-search-button"]:
        size = page.locator(selector).bounding_box()
        assert size["height"] >= 60 and size["width"] >= 60, (selector, size)
    page.screenshot(path=str(artifacts / "search-header-elder.png"))
    violations = Axe().run(page).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
