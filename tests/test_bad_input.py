"""Malformed input from visitors and API clients: a Chinese 4xx, never a 5xx, and
nothing stored is changed."""

import json
import re

import pytest
from django.test import Client

from honors.memorial.models import MartyrPage, Tribute, TributeMessage

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def martyr():
    return MartyrPage.objects.live().order_by("pk").first()


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    data = response.json()
    assert CJK.search(data["detail"]), data
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/memorial/?resting=%C2%B2",  # "²" passes str.isdigit() but not int()
        "/search/?q=%E9%80%80%E5%BD%B9&year=%C2%B2",
        "/honors/?year=%D9%A3",  # Arabic-Indic digit three
        "/news/?page=99999999999999999999",
    ],
)
def test_odd_digits_in_page_filters_never_break_a_page(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400)
    assert "</html>" in response.content.decode()


def test_odd_digits_in_search_api_filters_are_a_chinese_400(client):
    data = problem(client.get("/api/v3/search/?q=%E9%80%80%E5%BD%B9&year=%C2%B2"), 400)
    assert data["detail"] == "年份应为四位数字，例如 2026。"


def test_ids_past_the_database_range_are_not_found(client, martyr):
    huge = "99999999999999999999"
    problem(client.get(f"/api/v3/memorial/martyrs/{huge}/counts"), 404)
    problem(client.get(f"/api/v3/memorial/martyrs/{2**63}/messages"), 404)
    rows = Tribute.objects.count()
    response = client.post(f"/memorial/tribute/{huge}/", {"kind": "flower"})
    assert response.status_code == 404
    assert "未能完成祭扫" in response.content.decode()
    assert Tribute.objects.count() == rows


def test_huge_offset_on_the_pages_api_is_a_chinese_400(client):
    data = problem(client.get("/api/v3/pages/?offset=9223372036854775808"), 400)
    assert "offset" in data["detail"]


def test_a_lone_surrogate_in_json_is_refused_and_nothing_is_stored(client, martyr):
    # Not valid UTF-8, so no database can keep it (RFC 7493 I-JSON refuses it too).
    tributes, messages = Tribute.objects.count(), TributeMessage.objects.count()
    body = '{"martyr": ' + str(martyr.pk) + ', "kind": "candle", "message": "\\ud800英雄永垂不朽"}'
    response = client.post("/api/v3/memorial/tributes", body, content_type="application/json")
    assert "空字符" in problem(response, 400)["detail"]
    assert (Tribute.objects.count(), TributeMessage.objects.count()) == (tributes, messages)


def test_deeply_nested_json_is_refused_in_chinese(client):
    rows = Tribute.objects.count()
    response = client.post(
        "/api/v3/memorial/tributes", "[" * 1500 + "]" * 1500, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "提交内容不是有效的 JSON。"
    assert Tribute.objects.count() == rows


def test_a_body_declared_too_large_is_refused_before_it_is_read(client, martyr):
    response = client.post(
        "/api/v3/memorial/tributes",
        json.dumps({"martyr": martyr.pk, "kind": "bow", "message": "长" * 1_000_000}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "提交内容过长" in response.json()["detail"]


@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/v3/pages/?limit=abc", "应为整数。"),
        ("/api/v3/pages/?offset=-1", "不能小于 0。"),
        ("/api/v3/search/?q=x&page=abc", "应为整数。"),
    ],
)
def test_field_errors_of_the_api_are_in_chinese(client, url, message):
    data = problem(client.get(url), 422)
    assert [error["msg"] for error in data["errors"]] == [message]


@pytest.mark.parametrize("url", ["/api/v3/pages/?type=nothing.Here", "/api/v3/pages/?order=x"])
def test_every_api_field_error_message_is_chinese(client, url):
    data = problem(client.get(url), 422)
    assert data["errors"] and all(CJK.search(error["msg"]) for error in data["errors"])
    assert "pydantic" not in json.dumps(data)


def test_wrong_method_and_unknown_api_paths_answer_problem_json_in_chinese(client):
    data = problem(client.get("/api/v3/memorial/tributes"), 405)
    assert data["detail"] == "此接口不支持 GET 请求。"
    problem(client.delete("/api/v3/stats/"), 405)
    data = problem(client.get("/api/v3/no-such-endpoint/"), 404)
    assert "/api/v3/docs/" in data["detail"]


def test_an_oversized_form_post_gets_a_chinese_400_page(client, martyr):
    rows = Tribute.objects.count()
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/", {"kind": "flower", "message": "长" * 1_000_000}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交的内容有误" in html and "请返回上一页检查后重新提交" in html
    assert Tribute.objects.count() == rows


def test_a_form_without_a_valid_token_gets_a_chinese_explanation(martyr):
    response = Client(enforce_csrf_checks=True).post(
        f"/memorial/tribute/{martyr.pk}/", {"kind": "flower"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期，请刷新后重试" in html and "Cookie" in html
    assert "CSRF" not in html


NUL_MESSAGE = "请求中含有无法处理的字符"


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a%00b",
        "/search/?q=%E9%80%80%E5%BD%B9&street=a%00b",
        "/search/?q=%E9%80%80%E5%BD%B9&type=a%00b",
        "/memorial/?q=a%00b",
        "/memorial/?hometown=a%00b",
        "/memorial/?unit=a%00b",
        "/news/?tag=a%00b",
        "/stations/?street=a%00b",
        "/volunteers/?street=a%00b",
        "/honors/?street=a%00b",
        "/news/a%00b/",
        "/news/?a%00b=1",
    ],
)
def test_a_nul_byte_anywhere_in_a_page_address_is_a_chinese_400(client, url):
    # PostgreSQL cannot compare text with NUL: every filter used to answer 500 there.
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert NUL_MESSAGE in html and "提交的内容有误" in html and "</html>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/search/?q=a%00b",
        "/api/v3/search/suggest?q=a%00b",
        "/api/v3/pages/?search=a%00b",
        "/api/v3/pages/?slug=a%00b",
        "/api/v3/stats/?x=%00",
    ],
)
def test_a_nul_byte_in_an_api_query_is_a_400_that_names_the_character(client, url):
    data = problem(client.get(url), 400)
    assert data["detail"] == "请求中含有无法处理的字符（如空字符 U+0000），请删除后重新提交。"


def test_a_nul_byte_in_a_header_or_cookie_is_refused(client):
    assert client.get("/news/", HTTP_USER_AGENT="Mozilla\x00").status_code == 400
    assert client.get("/api/v3/stats/", HTTP_REFERER="http://testserver/\x00").status_code == 400
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    response = client.get("/news/")
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_a_nul_byte_in_a_form_field_stores_nothing(client, martyr):
    tributes, messages = Tribute.objects.count(), TributeMessage.objects.count()
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/", {"kind": "flower", "message": "缅怀\x00先烈"}
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert (Tribute.objects.count(), TributeMessage.objects.count()) == (tributes, messages)


def test_a_nul_byte_in_a_json_body_stores_nothing(client, martyr):
    tributes = Tribute.objects.count()
    response = client.post(
        "/api/v3/memorial/tributes",
        {"martyr": martyr.pk, "kind": "candle", "message": "缅怀\u0000先烈"},
        content_type="application/json",
    )
    assert "空字符" in problem(response, 400)["detail"]
    assert Tribute.objects.count() == tributes


BAD_HOSTS = ["evil.example", "", "127.0.0.1:8000@evil", "testserver\x00"]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("path", ["/", "/news/", "/no-such-page/", "/memorial/tribute/1/"])
def test_a_host_this_site_does_not_serve_gets_a_chinese_400_page(client, host, path):
    response = client.get(path, HTTP_HOST=host, HTTP_REFERER="http://evil.example/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "无法识别请求的网站地址（Host）" in html and "返回首页" in html
    assert "evil" not in html


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_bad_host_on_the_api_is_problem_json(client, host):
    data = problem(client.get("/api/v3/pages/", HTTP_HOST=host), 400)
    assert "Host" in data["detail"]


def test_the_400_page_itself_survives_a_bad_host(rf):
    from core.views import bad_request

    response = bad_request(rf.get("/", HTTP_HOST="evil.example", HTTP_REFERER="/x/"))
    assert response.status_code == 400
    assert "提交的内容有误" in response.content.decode()
