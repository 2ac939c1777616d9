"""A visitor on a phone opens a martyr's page, clicks 献花 and sees the counter rise."""

import pytest
from django.db import connection

from honors.memorial.models import MartyrPage, Tribute
from honors.memorial.services import record_tribute
from tests.memorial.outage import database_switch, running_portal

pytestmark = pytest.mark.django_db(transaction=True)


def count(page, scope, kind):
    return int(page.text_content(f'[data-tribute-counts="{scope}"] [data-count="{kind}"]'))


def test_click_flower_counter_rises_without_reload(live_demo, page, artifacts):
    martyr = MartyrPage.objects.live().get(slug="martyr-01")
    page.goto(live_demo.url + martyr.url)
    flowers, total = count(page, "martyr", "flower"), count(page, "martyr", "total")
    campaign_total = count(page, "campaign", "total")
    api_calls = []
    page.on("request", lambda r: api_calls.append(r) if "/api/v3/memorial/" in r.url else None)

    page.get_by_role("button", name="献花").click()
    page.wait_for_function(
        'n => document.querySelector(\'[data-tribute-counts="martyr"] [data-count="flower"]\')'
        ".textContent === String(n)",
        arg=flowers + 1,
    )
    assert count(page, "martyr", "total") == total + 1
    assert count(page, "campaign", "total") == campaign_total + 1
    status = page.locator("[data-tribute-status]")
    assert status.is_visible()
    assert "您已向英烈献花" in status.text_content()
    assert page.url.endswith(martyr.url)  # no page load: the API did it
    assert api_calls and "cookie" not in api_calls[0].headers
    assert Tribute.objects.filter(martyr=martyr, kind="flower").count() >= flowers + 1
    page.screenshot(path=str(artifacts / "memorial-tribute-flower.png"), full_page=True)


def test_message_with_tribute_is_sent_for_review(live_demo, page):
    martyr = MartyrPage.objects.live().get(slug="martyr-02")
    page.goto(live_demo.url + martyr.url)
    page.get_by_text("留言寄语（可选，审核通过后展示）").click()
    page.get_by_label("昵称（可选，最多20字）").fill("<b>访客</b>")
    page.get_by_label("留言（最多300字）").fill("<script>alert(1)</script>致敬英雄")
    page.get_by_role("button", name="点烛").click()
    status = page.locator("[data-tribute-status]")
    status.wait_for(state="visible")
    assert "审核通过后将在页面展示" in status.text_content()
    assert page.get_by_label("留言（最多300字）").input_value() == ""


def test_tribute_works_without_javascript(live_demo, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    martyr = MartyrPage.objects.live().get(slug="martyr-03")
    page.goto(live_demo.url + martyr.url)
    bows = count(page, "martyr", "bow")
    page.get_by_role("button", name="鞠躬").click()
    page.wait_for_load_state()
    assert "您已向英烈鞠躬，谢谢您的缅怀。" in page.content()
    assert count(page, "martyr", "bow") == bows + 1
    context.close()


def test_elder_mode_tribute_buttons_are_large(live_demo, page):
    martyr = MartyrPage.objects.live().get(slug="martyr-01")
    page.goto(live_demo.url + martyr.url)
    page.get_by_role("button", name="长辈版").click()
    buttons = page.query_selector_all(".tribute-button")
    assert len(buttons) == 4  # 献花, 点烛, 鞠躬, 敬酒
    for button in buttons:
        box = button.bounding_box()
        assert box["height"] >= 60 and box["width"] >= 60, box


def test_stale_home_page_copy_still_shows_live_campaign_totals(live_demo, page):
    """The page cache may serve an old copy of the home page: its script reloads the
    campaign totals from the API, so visitors still see live numbers."""
    first = page.goto(live_demo.url + "/")
    stale_html = first.text()
    shown = count(page, "campaign", "total")
    record_tribute(MartyrPage.objects.live().first().pk, "toast", visitor="test")
    page.route(
        live_demo.url + "/",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=stale_html
        ),
    )
    page.goto(live_demo.url + "/")
    page.wait_for_function(
        'n => document.querySelector(\'[data-tribute-counts="campaign"] [data-count="total"]\')'
        ".textContent === String(n)",
        arg=shown + 1,
    )


def test_database_outage_keeps_the_typed_message_and_asks_to_retry(live_demo, page):
    """The API answers 503 (the database really is gone): the visitor's words stay in the
    form with a Chinese notice, and the same click works once the database is back."""
    martyr = MartyrPage.objects.live().get(slug="martyr-04")
    with database_switch(connection.settings_dict) as (url, database):
        with running_portal(url) as portal:
            page.goto(portal.url + martyr.url)
            page.get_by_text("留言寄语（可选，审核通过后展示）").click()
            page.get_by_label("留言（最多300字）").fill("清明时节，缅怀英烈")
            page.locator("details.tribute-message").evaluate("node => node.open = false")
            database.cut()
            with page.expect_response(lambda r: r.url.endswith("/tributes")) as answer:
                page.get_by_role("button", name="献花").click()
            assert answer.value.status == 503
            status = page.locator("[data-tribute-status]")
            status.wait_for(state="visible")
            text = status.text_content()
            assert "暂时无法连接数据库" in text and "请稍等片刻后再试" in text
            assert "您填写的留言已保留在下方" in text
            message = page.get_by_label("留言（最多300字）")
            assert message.is_visible()
            assert message.input_value() == "清明时节，缅怀英烈"
            assert not Tribute.objects.filter(message__text="清明时节，缅怀英烈").exists()

            database.restore()
            page.get_by_role("button", name="献花").click()
            page.wait_for_function(
                "() => document.querySelector('[data-tribute-status]')"
                ".textContent.includes('审核通过后将在页面展示')"
            )
            assert message.input_value() == ""
    assert Tribute.objects.filter(message__text="清明时节，缅怀英烈", kind="flower").count() == 1
