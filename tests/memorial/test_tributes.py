"""网上祭扫: a visitor offers 献花/点烛/鞠躬/敬酒 with or without JavaScript."""

import json

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from honors.memorial.models import Tribute, TributeCount, TributeDailyCount, TributeMessage

from .conftest import API, counts_on, post_tribute

pytestmark = pytest.mark.django_db


def test_api_tribute_is_stored_and_counter_rises_at_once(client, martyr):
    before = counts_on(client, martyr)
    rows_before = Tribute.objects.filter(martyr=martyr).count()
    response = post_tribute(client, martyr.pk, "candle")
    assert response.status_code == 201
    data = response.json()
    assert data["notice"] == "您已向英烈点烛，谢谢您的缅怀。"
    counts = {item["kind"]: item["count"] for item in data["counts"]["kinds"]}
    assert counts["candle"] == before["candle"] + 1
    assert counts["flower"] == before["flower"]
    assert data["counts"]["total"] == before["total"] + 1
    assert Tribute.objects.filter(martyr=martyr).count() == rows_before + 1
    assert data["message_status"] is None


@pytest.mark.parametrize("kind", ["flower", "candle", "bow", "toast"])
def test_every_kind_has_its_own_counter(client, martyr, kind):
    before = counts_on(client, martyr)
    assert post_tribute(client, martyr.pk, kind).status_code == 201
    after = counts_on(client, martyr)
    assert after[kind] == before[kind] + 1
    assert after["total"] == before["total"] + 1


def test_counters_stay_equal_to_rows(client, martyr):
    for kind in ["flower", "flower", "bow"]:
        post_tribute(client, martyr.pk, kind)
    for count in TributeCount.objects.filter(martyr=martyr):
        assert count.count == Tribute.objects.filter(martyr=martyr, kind=count.kind).count()
    daily_total = sum(
        TributeDailyCount.objects.filter(martyr=martyr).values_list("count", flat=True)
    )
    assert daily_total == Tribute.objects.filter(martyr=martyr).count()


def test_api_needs_no_csrf_and_sets_no_cookie_even_when_cookies_are_sent(martyr):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "whatever"
    client.cookies["csrftoken"] = "x" * 32
    response = post_tribute(client, martyr.pk)
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_api_refusals_are_plain_chinese(client, martyr):
    cases = [
        ({"martyr": martyr.pk, "kind": "dance"}, 400, "请选择祭扫方式"),
        ({"martyr": 999999, "kind": "flower"}, 404, "找不到这位英烈"),
        ({"martyr": "abc", "kind": "flower"}, 404, "找不到这位英烈"),
        ({"martyr": 10**20, "kind": "flower"}, 404, "找不到这位英烈"),
        ({"martyr": True, "kind": "flower"}, 404, "找不到这位英烈"),
        ({"martyr": martyr.pk, "kind": "flower", "message": "念" * 301}, 400, "最多 300 个字"),
        (
            {"martyr": martyr.pk, "kind": "flower", "nickname": "名" * 21, "message": "好"},
            400,
            "昵称最多 20 个字",
        ),
        ({"martyr": martyr.pk, "kind": "flower", "message": ["x"]}, 400, "留言格式不正确"),
    ]
    rows = Tribute.objects.count()
    for body, status, text in cases:
        response = client.post(API, json.dumps(body), content_type="application/json")
        assert response.status_code == status, body
        assert text in response.json()["detail"]
    assert client.post(API, "{not json", content_type="application/json").status_code == 400
    # Valid JSON that is not an object: a validation error, not a syntax error.
    assert client.post(API, "[1]", content_type="application/json").status_code == 422
    huge = json.dumps({"martyr": martyr.pk, "kind": "flower", "message": "x" * 5000})
    response = client.post(API, huge, content_type="application/json")
    assert response.status_code == 413
    assert "过长" in response.json()["detail"]
    assert Tribute.objects.count() == rows


def test_unpublished_martyr_takes_no_tribute(client, martyr):
    rows = Tribute.objects.filter(martyr=martyr).count()
    martyr.unpublish()
    response = post_tribute(client, martyr.pk)
    assert response.status_code == 404
    assert Tribute.objects.filter(martyr=martyr).count() == rows


def test_honeypot_filled_is_refused_and_nothing_stored(client, martyr):
    rows = Tribute.objects.count()
    response = post_tribute(client, martyr.pk, website="http://spam.example")
    assert response.status_code == 400
    assert "提交未被接受" in response.json()["detail"]
    assert Tribute.objects.count() == rows


def test_message_is_pending_until_approved(client, martyr):
    response = post_tribute(client, martyr.pk, "bow", nickname="小李", message="英雄千古，永垂不朽")
    assert response.status_code == 201
    assert response.json()["message_status"] == "pending"
    assert "审核通过后" in response.json()["notice"]
    message = TributeMessage.objects.get(text="英雄千古，永垂不朽")
    assert message.status == TributeMessage.Status.PENDING
    assert message.tribute.kind == "bow"
    assert "英雄千古，永垂不朽" not in client.get(martyr.url).content.decode()


def test_control_characters_are_dropped_not_stored(client, martyr):
    # NUL never gets this far: RequestGuardMiddleware refuses it (tests/test_bad_input.py).
    response = post_tribute(client, martyr.pk, message="致敬\x07英雄\x1b")
    assert response.status_code == 201
    assert TributeMessage.objects.filter(text="致敬英雄").exists()


def test_visitor_ip_is_kept_only_as_a_salted_hash(client, martyr):
    post_tribute(client, martyr.pk, ip="198.51.100.23", message="缅怀先烈")
    tribute = Tribute.objects.latest("pk")
    message = TributeMessage.objects.latest("pk")
    assert tribute.visitor and "198.51.100.23" not in tribute.visitor
    assert message.visitor == tribute.visitor
    assert len(tribute.visitor) == 32
    post_tribute(client, martyr.pk, ip="198.51.100.24")
    assert Tribute.objects.latest("pk").visitor != tribute.visitor


# --- the no-JavaScript form -------------------------------------------------------


def test_form_post_redirects_back_with_chinese_confirmation(martyr):
    client = Client(enforce_csrf_checks=True)
    page = client.get(martyr.url)
    token = page.cookies["csrftoken"].value
    before = Tribute.objects.filter(martyr=martyr, kind="toast").count()
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/",
        {"kind": "toast", "csrfmiddlewaretoken": token, "website": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{martyr.url}#tribute"
    assert Tribute.objects.filter(martyr=martyr, kind="toast").count() == before + 1
    follow = client.get(martyr.url)
    html = follow.content.decode()
    assert "您已向英烈敬酒，谢谢您的缅怀。" in html
    assert f'<strong data-count="toast">{before + 1}</strong>' in html


def test_form_posts_to_the_martyr_pages_own_tribute_route(martyr):
    client = Client(enforce_csrf_checks=True)
    page = client.get(martyr.url)
    assert f'action="{martyr.url}tribute/"' in page.content.decode()
    before = Tribute.objects.filter(martyr=martyr, kind="candle").count()
    response = client.post(
        f"{martyr.url}tribute/",
        {"kind": "candle", "csrfmiddlewaretoken": page.cookies["csrftoken"].value},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{martyr.url}#tribute"
    assert Tribute.objects.filter(martyr=martyr, kind="candle").count() == before + 1
    assert "您已向英烈点烛，谢谢您的缅怀。" in client.get(martyr.url).content.decode()


def test_route_refusal_and_reload_behave_like_the_form_address(client, martyr):
    rows = Tribute.objects.count()
    refused = client.post(f"{martyr.url}tribute/", {"kind": "nothing"})
    assert refused.status_code == 400
    assert "请选择祭扫方式" in refused.content.decode()
    reloaded = client.get(f"{martyr.url}tribute/")
    assert reloaded.status_code == 302 and reloaded["Location"] == martyr.url
    assert Tribute.objects.count() == rows


def test_unpublished_martyr_has_no_tribute_route(client, martyr):
    url = f"{martyr.url}tribute/"
    martyr.unpublish()
    rows = Tribute.objects.count()
    assert client.post(url, {"kind": "flower"}).status_code == 404
    assert client.post(f"{martyr.url}tribute/extra/", {"kind": "flower"}).status_code == 404
    assert Tribute.objects.count() == rows


def test_form_with_message_confirms_pending_review(client, martyr):
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/",
        {"kind": "flower", "nickname": "老兵", "message": "战友，安息吧"},
        follow=True,
    )
    notices = [str(m) for m in get_messages(response.wsgi_request)] or [response.content.decode()]
    assert any("留言已提交，审核通过后将在页面展示" in n for n in notices)
    assert TributeMessage.objects.filter(text="战友，安息吧", nickname="老兵").exists()


def test_form_without_csrf_token_is_refused(martyr):
    client = Client(enforce_csrf_checks=True)
    rows = Tribute.objects.count()
    response = client.post(f"/memorial/tribute/{martyr.pk}/", {"kind": "flower"})
    assert response.status_code == 403
    assert Tribute.objects.count() == rows


def test_form_refusal_is_an_html_page_in_chinese(client, martyr):
    response = client.post(f"/memorial/tribute/{martyr.pk}/", {"kind": "nothing"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未能完成祭扫" in html
    assert "请选择祭扫方式" in html
    assert f"返回{martyr.title}烈士纪念页" in html


def test_only_a_post_records_a_tribute(client, martyr):
    rows = Tribute.objects.count()
    response = client.get(f"/memorial/tribute/{martyr.pk}/", {"kind": "flower"})
    assert response.status_code == 302 and response["Location"] == martyr.url
    assert Tribute.objects.count() == rows


def test_openapi_documents_the_memorial_endpoints(client):
    schema = client.get("/api/v3/openapi.json").json()
    paths = schema["paths"]
    tribute = paths["/api/v3/memorial/tributes"]["post"]
    body = tribute["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) >= {"martyr", "kind", "message"}
    assert body["properties"]["kind"]["enum"] == ["flower", "candle", "bow", "toast"]
    assert body["properties"]["martyr"]["type"] == "integer"
    assert body["properties"]["martyr"]["minimum"] == 1
    assert body["properties"]["message"]["maxLength"] == 300
    assert set(body["required"]) == {"martyr", "kind"}
    assert set(tribute["responses"]) == {"201", "400", "403", "404", "413", "422", "429", "503"}
    # Every path may answer 400 (the request guard refuses NUL bytes and over-long
    # query values before any endpoint runs) and 422 where it takes parameters.
    expected = {
        ("/api/v3/memorial/tributes", "post"): {"400", "403", "404", "413", "422", "429", "503"},
        ("/api/v3/memorial/martyrs/{martyr_id}/counts", "get"): {"400", "404", "422", "503"},
        ("/api/v3/memorial/martyrs/{martyr_id}/messages", "get"): {"400", "404", "422", "503"},
        ("/api/v3/memorial/totals", "get"): {"400", "503"},
        ("/api/v3/memorial/campaigns/active", "get"): {"400", "404", "503"},
    }
    memorial = {(path, method) for path in paths if "/memorial/" in path for method in paths[path]}
    assert memorial == set(expected)
    for (path, method), errors in expected.items():
        responses = paths[path][method]["responses"]
        assert {status for status in responses if status >= "400"} == errors, path
        for status in errors:
            answer = responses[status]
            problem = answer["content"]["application/problem+json"]["schema"]
            if "$ref" in problem:
                problem = schema["components"]["schemas"][problem["$ref"].rsplit("/", 1)[1]]
            assert set(problem["properties"]) >= {"type", "title", "status", "detail"}
            assert "application/json" not in answer["content"]
            assert ("Retry-After" in answer.get("headers", {})) == (status in ("429", "503"))


def test_every_memorial_error_is_problem_json_in_chinese(client, martyr):
    cases = [
        client.post(API, "{", content_type="application/json"),
        client.post(API, "[]", content_type="application/json"),
        client.get("/api/v3/memorial/martyrs/999999/counts"),
        client.get("/api/v3/memorial/martyrs/999999/messages"),
        client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/messages?page=abc"),
    ]
    assert [response.status_code for response in cases] == [400, 422, 404, 404, 422]
    for response in cases:
        assert response["Content-Type"].startswith("application/problem+json")
        data = response.json()
        assert data["status"] == response.status_code
        assert data["type"] == "about:blank" and data["title"] and data["detail"]
