"""Privacy: restricted martyr pages take no public tributes, and contact details inside
visitors' messages are held for review and masked once approved."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import PageViewRestriction

from honors.memorial.models import Tribute, TributeCount, TributeMessage

from .conftest import API, counts_on, post_tribute

pytestmark = pytest.mark.django_db

QUEUE = "/admin/memorial_moderation/"


def restrict(page, **kwargs):
    return PageViewRestriction.objects.create(page=page, **kwargs)


def tallies(martyr):
    return (
        Tribute.objects.filter(martyr=martyr).count(),
        sum(TributeCount.objects.filter(martyr=martyr).values_list("count", flat=True)),
        TributeMessage.objects.filter(martyr=martyr).count(),
    )


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "jinian2026"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
    ids=["password", "login"],
)
@pytest.mark.parametrize("message", ["", "缅怀英烈"], ids=["tribute", "with-message"])
def test_restricted_martyr_takes_no_tribute_through_the_api(client, martyr, restriction, message):
    before = tallies(martyr)
    restrict(martyr, **restriction)
    response = post_tribute(client, martyr.pk, message=message)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert "找不到这位英烈" in response.json()["detail"]
    assert tallies(martyr) == before


def test_restriction_on_the_hall_closes_every_martyr_below_it(client, martyr, hall):
    before = tallies(martyr)
    restrict(hall, restriction_type=PageViewRestriction.LOGIN)
    assert post_tribute(client, martyr.pk).status_code == 404
    assert post_tribute(client, martyr.pk, message="致敬").status_code == 404
    assert tallies(martyr) == before


def test_form_refuses_a_visitor_who_has_not_passed_the_password(client, martyr):
    before = tallies(martyr)
    restrict(martyr, restriction_type=PageViewRestriction.PASSWORD, password="jinian2026")
    response = client.post(f"/memorial/tribute/{martyr.pk}/", {"kind": "flower"})
    assert response.status_code == 404
    assert "找不到这位英烈" in response.content.decode()
    assert tallies(martyr) == before


def test_visitor_who_entered_the_password_pays_tribute_through_the_form(martyr):
    restriction = restrict(
        martyr, restriction_type=PageViewRestriction.PASSWORD, password="jinian2026"
    )
    visitor = Client()
    visitor.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{martyr.pk}/",
        {"password": "jinian2026", "return_url": martyr.url},
    )
    page = visitor.get(martyr.url).content.decode()
    # The page's script would post to the public API, which refuses restricted pages:
    # here the form posts itself, with the visitor's session.
    assert "data-tribute-form" in page and "data-api=" not in page
    rows, total, messages = tallies(martyr)
    response = visitor.post(
        f"/memorial/tribute/{martyr.pk}/", {"kind": "bow", "message": "英雄安息"}
    )
    assert response.status_code == 302
    assert tallies(martyr) == (rows + 1, total + 1, messages + 1)


def test_tribute_route_asks_for_the_password_and_stores_nothing(client, martyr):
    before = tallies(martyr)
    restrict(martyr, restriction_type=PageViewRestriction.PASSWORD, password="jinian2026")
    response = client.post(f"{martyr.url}tribute/", {"kind": "flower", "message": "致敬"})
    assert "密码" in response.content.decode()
    assert tallies(martyr) == before


def test_signed_in_visitor_pays_tribute_on_a_login_only_page(client, martyr):
    restrict(martyr, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(get_user_model().objects.get(username="bianji"))
    rows, total, _ = tallies(martyr)
    response = client.post(f"/memorial/tribute/{martyr.pk}/", {"kind": "candle"})
    assert response.status_code == 302
    assert tallies(martyr)[:2] == (rows + 1, total + 1)


def test_public_martyr_page_sends_tributes_through_the_api(client, martyr):
    page = client.get(martyr.url).content.decode()
    assert 'data-api="/api/v3/memorial/tributes"' in page


CONTACTS = [
    ("家属电话 138 0000 1234，欢迎联系", "个人信息：手机号", "家属电话 ***，欢迎联系"),
    ("jia weixin 13800001234", "个人信息：手机号", "jia weixin ***"),
    ("请加微信：laobing_2026 交流", "个人信息：微信号", "请加微信：*** 交流"),
    ("vx：zhanyou1951", "个人信息：微信号", "vx：***"),
    ("身份证号330102195001011234", "个人信息：身份证号", "身份证号***"),
    ("证件 33010219500101123X", "个人信息：身份证号", "证件 ***"),
    ("电话：0571-88001234", "个人信息：电话号码", "电话：***"),
    ("一三八零零零零一二三四", "个人信息：手机号", "***"),
    ("１３８００００１２３４", "个人信息：手机号", "***"),
    ("QQ 12345678", "个人信息：QQ号", "QQ ***"),
    ("邮箱 laobing@example.com", "个人信息：邮箱", "邮箱 ***"),
]


@pytest.mark.parametrize("text, label, shown", CONTACTS)
def test_contact_details_are_held_and_masked_once_approved(client, martyr, text, label, shown):
    response = post_tribute(client, martyr.pk, message=text)
    assert response.status_code == 201
    message = TributeMessage.objects.get(text=text)
    assert message.status == TributeMessage.Status.PENDING
    assert label in message.matched_words  # "请加微信" also hits the demo word 加微信
    message.status = TributeMessage.Status.APPROVED
    message.save()
    page = client.get(martyr.url).content.decode()
    assert shown in page
    items = client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/messages").json()["items"]
    assert shown in [item["text"] for item in items]
    assert text not in page and text not in json.dumps(items, ensure_ascii=False)


def test_dates_and_unit_numbers_are_neither_held_nor_masked(client, martyr):
    text = "1950年10月25日入朝，志愿军第38军，2026.4.5 清明，197653名烈士"
    assert post_tribute(client, martyr.pk, message=text).status_code == 201
    message = TributeMessage.objects.get(text=text)
    assert message.matched_words == []
    assert message.public_text == text


def test_a_phone_number_as_nickname_is_masked_too(client, martyr):
    post_tribute(client, martyr.pk, nickname="13800001234", message="致敬英雄")
    message = TributeMessage.objects.get(text="致敬英雄", nickname="13800001234")
    assert message.matched_words == ["个人信息：手机号"]
    TributeMessage.objects.filter(pk=message.pk).update(status="approved")
    page = client.get(martyr.url).content.decode()
    assert "13800001234" not in page and "*** · " in page


def test_moderator_sees_the_number_and_what_the_public_will_see(client, martyr):
    post_tribute(client, martyr.pk, message="烈士家属电话13800001234")
    client.force_login(get_user_model().objects.get(username="shenhe"))
    page = client.get(QUEUE, {"flagged": "1"}).content.decode()
    assert "烈士家属电话13800001234" in page
    assert "通过后公开显示为：烈士家属电话***" in page
    assert '<span class="w-status w-status--label">个人信息：手机号</span>' in page


def test_counts_still_rise_for_a_message_with_contact_details(client, martyr):
    before = counts_on(client, martyr)
    response = client.post(
        API,
        json.dumps({"martyr": martyr.pk, "kind": "toast", "message": "微信 wx_laobing1"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert counts_on(client, martyr)["toast"] == before["toast"] + 1


def test_messages_stored_before_cleaning_are_published_without_format_characters(client, martyr):
    """Rows from before visitors' text was cleaned on the way in."""
    TributeMessage.objects.create(
        martyr=martyr,
        nickname="\u202e兵老",
        text="旧留言\u202e彩博\u200b，致敬",
        status=TributeMessage.Status.APPROVED,
    )
    page = client.get(martyr.url).content.decode()
    assert "旧留言彩博，致敬" in page and "兵老 · " in page
    assert "\u202e" not in page and "\u200b" not in page
    items = client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/messages").json()["items"]
    assert {"nickname": "兵老", "text": "旧留言彩博，致敬"}.items() <= items[0].items()
