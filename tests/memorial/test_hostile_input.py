"""Hostile input to the tribute form and API: each case gets a Chinese answer, and what
is stored (or not) is checked. XSS payloads: test_xss.py; sensitive-word evasions:
test_sensitive_words.py; oversize bodies and odd JSON: test_tributes.py and
tests/test_bad_input.py."""

import json

import pytest
from django.test import override_settings

from honors.memorial.models import Tribute, TributeMessage

from .conftest import API

pytestmark = pytest.mark.django_db

CROSS_SITE = "不接受从其他网站页面发来的祭扫"


def send(client, martyr, headers=None, content_type="application/json", **body):
    payload = json.dumps({"martyr": martyr.pk, "kind": "flower", **body})
    return client.post(API, payload, content_type=content_type, **(headers or {}))


# --- forged origins --------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://evil.example"},
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a local file
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
    ids=["evil", "null", "lookalike", "scheme", "fetch-cross-site", "fetch-same-site"],
)
def test_cross_site_simple_requests_are_refused_and_nothing_stored(client, martyr, headers):
    rows = Tribute.objects.count()
    response = send(client, martyr, headers, content_type="text/plain", message="跨站留言")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    data = response.json()
    assert data["title"] == "没有权限" and data["status"] == 403
    assert CROSS_SITE in data["detail"]
    assert Tribute.objects.count() == rows
    assert not TributeMessage.objects.filter(text="跨站留言").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},  # apps and mini programs send no Origin
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "none"},
    ],
    ids=["app", "same-origin", "typed"],
)
def test_same_origin_and_apps_keep_working(client, martyr, headers):
    rows = Tribute.objects.count()
    assert send(client, martyr, headers).status_code == 201
    assert Tribute.objects.count() == rows + 1


@override_settings(CSRF_TRUSTED_ORIGINS=["https://h5.example.gov.cn", "https://*.qc.gov.cn"])
@pytest.mark.parametrize(
    "origin, status",
    [
        ("https://h5.example.gov.cn", 201),
        ("https://m.qc.gov.cn", 201),
        ("http://m.qc.gov.cn", 403),
        ("https://qc.gov.cn.evil.example", 403),
    ],
)
def test_configured_origins_pass_and_only_they(client, martyr, origin, status):
    headers = {"HTTP_ORIGIN": origin, "HTTP_SEC_FETCH_SITE": "cross-site"}
    assert send(client, martyr, headers).status_code == status


# --- invisible and layout-changing characters -------------------------------------


@pytest.mark.parametrize(
    "sent, stored",
    [
        ("致敬\u202e英雄", "致敬英雄"),  # right-to-left override
        ("致敬\u202d英雄\u202c", "致敬英雄"),  # left-to-right override
        ("\ufeff致敬英雄", "致敬英雄"),  # byte order mark
        ("致\u200b敬\u200d英\u200c雄", "致敬英雄"),  # zero-width space, joiners
        ("致敬英雄\U000e0041\U000e0042", "致敬英雄"),  # tag characters
        ("致敬\u2028英雄\u2029永垂不朽", "致敬\n英雄\n永垂不朽"),  # line/paragraph separators
        ("英\u0301\u0302\u0303\u0304雄", "英\u0301雄"),  # a run of combining marks
        ("英\u034f雄\ufe00", "英雄"),  # grapheme joiner, variation selector
        ("致敬英雄\x1b[31m", "致敬英雄[31m"),  # an escape sequence
        ("\u3164致敬英雄\u2800", "致敬英雄"),  # fillers
        ("致敬\r\n英雄", "致敬\n英雄"),
    ],
)
def test_format_characters_never_reach_storage(client, martyr, sent, stored):
    response = send(client, martyr, message=sent)
    assert response.status_code == 201
    assert response.json()["message_status"] == "pending"
    assert TributeMessage.objects.filter(text=stored, martyr=martyr).count() == 1


@pytest.mark.parametrize(
    "field, value, notice",
    [
        ("nickname", "\u3164\u3164\u3164", "昵称只有空格或看不见的字符"),
        ("nickname", "\u200b\u200d\u2060", "昵称只有空格或看不见的字符"),
        ("nickname", "\u2800\u115f", "昵称只有空格或看不见的字符"),
        ("message", "\u200b\u200b", "留言只有空格或看不见的字符"),
        ("message", "\u0301\u0301\u0301", "留言只有空格或看不见的字符"),
    ],
)
def test_text_made_only_of_invisible_characters_is_refused(client, martyr, field, value, notice):
    rows = Tribute.objects.count()
    body = {"message": "缅怀先烈", field: value}
    response = send(client, martyr, **body)
    assert response.status_code == 400
    assert notice in response.json()["detail"]
    assert Tribute.objects.count() == rows


def test_nickname_with_invisible_padding_is_stored_visible_only(client, martyr):
    response = send(client, martyr, nickname="\u3164老兵\u200b", message="战友安息")
    assert response.status_code == 201
    assert TributeMessage.objects.get(text="战友安息").nickname == "老兵"


def test_message_padded_past_the_limit_with_invisible_characters_is_refused(client, martyr):
    rows = Tribute.objects.count()
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/",
        {"kind": "flower", "message": "致敬" + "\u200b" * 5000},
    )
    assert response.status_code == 400
    assert "留言最多 300 个字" in response.content.decode()
    assert Tribute.objects.count() == rows


# --- the no-JavaScript form -------------------------------------------------------


def test_form_drops_format_characters(client, martyr):
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/",
        {"kind": "bow", "nickname": "\u202e兵老", "message": "致敬\u200b英雄"},
    )
    assert response.status_code == 302
    assert TributeMessage.objects.filter(text="致敬英雄", nickname="兵老").count() == 1


@pytest.mark.parametrize("via", ["form", "api"])
def test_nul_in_a_message_is_refused_in_chinese_and_nothing_is_stored(client, martyr, via):
    rows, messages = Tribute.objects.count(), TributeMessage.objects.count()
    if via == "form":
        response = client.post(
            f"/memorial/tribute/{martyr.pk}/", {"kind": "bow", "message": "致敬\x00英雄"}
        )
        text = response.content.decode()
    else:
        response = send(client, martyr, message="致敬\x00英雄")
        text = response.json()["detail"]
    assert response.status_code == 400
    assert "无法处理的字符" in text
    assert Tribute.objects.count() == rows
    assert TributeMessage.objects.count() == messages


def test_form_refuses_an_override_hidden_word_with_a_chinese_page(client, martyr):
    rows = Tribute.objects.count()
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/", {"kind": "flower", "message": "\u202e彩博"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "未能完成祭扫" in page and "含有不适宜发布的内容" in page
    assert Tribute.objects.count() == rows
