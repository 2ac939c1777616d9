"""Hostile or careless input on the write endpoints: a Chinese 4xx, nothing stored."""

import json

import pytest
from django.test import override_settings
from wagtail.models import Page

from tests.api_tokens import bearer

from .test_page_writes import oral_history_body, profile_body

pytestmark = pytest.mark.django_db


def test_a_nul_byte_anywhere_in_the_json_is_a_400_before_anything_is_read(api, editor):
    pages = Page.objects.count()
    body = oral_history_body()
    body["segments"][1]["text"] = "坑道\x00里"
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]
    assert Page.objects.count() == pages


def test_a_huge_body_is_a_413(client, editor):
    pages = Page.objects.count()
    body = profile_body()
    body["citation"] = "长" * (3 * 1024 * 1024)
    response = client.post(
        "/api/v3/pages/", json.dumps(body), content_type="application/json", **editor
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "提交内容过大。"
    assert Page.objects.count() == pages


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"year": "去年"}, "year", "应为整数。"),
        ({"members": "全体"}, "members", "应为列表。"),
        ({"gallery_images": [{"image_id": "一"}]}, "gallery_images.0.image_id", "应为整数。"),
        ({"story": {"type": "paragraph"}}, "story", "应为列表。"),
    ],
    ids=["text-for-number", "text-for-list", "text-for-id", "object-for-stream"],
)
def test_wrong_types_are_named_field_by_field(api, editor, change, field, message):
    pages = Page.objects.count()
    body = {**profile_body(), **change}
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    errors = {".".join(str(p) for p in e["loc"][3:]): e["msg"] for e in response.json()["errors"]}
    assert errors[field] == message
    assert Page.objects.count() == pages


def test_a_citation_longer_than_the_admin_allows_is_refused(api, editor):
    pages = Page.objects.count()
    body = {**profile_body(), "citation": "好" * 401}
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "最多 400 个字符。"
    assert Page.objects.count() == pages


def test_ids_that_do_not_exist_are_field_errors_not_server_errors(api, editor):
    pages = Page.objects.count()
    body = {**profile_body(), "person_id": 999999, "photo_id": 999999}
    body["gallery_images"] = [{"image_id": 999999, "alt_text": "无", "caption": ""}]
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    places = {e["loc"][0] for e in response.json()["errors"]}
    assert {"person", "photo"} <= places
    assert all("选择" in e["msg"] or "不存在" in e["msg"] for e in response.json()["errors"])
    assert Page.objects.count() == pages


def test_a_teacher_token_cannot_write_someone_elses_news_story(api):
    from home.models import NewsPage

    story = NewsPage.objects.live().order_by("pk").first()
    title = story.title
    teacher = bearer("jiaoshi", "read", "write")
    response = api.patch(
        f"/api/v3/pages/{story.pk}/", {"meta": {"type": "home.NewsPage"}, "title": "改掉"}, teacher
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "当前账号没有执行此操作的权限。"
    story.refresh_from_db()
    assert story.title == title and story.get_latest_revision_as_object().title == title


def test_a_page_cannot_be_written_under_a_parent_that_does_not_take_it(api, editor):
    from home.models import HomePage

    pages = Page.objects.count()
    body = profile_body()
    body["meta"]["parent_id"] = HomePage.objects.get().pk
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 403
    assert Page.objects.count() == pages


def test_a_review_comment_of_the_wrong_type_or_size_is_a_422(api, first_reviewer):
    from home.models import NewsPage

    story = NewsPage.objects.order_by("pk").first()
    for comment in (["通过"], "好" * 2001):
        response = api.post(
            f"/api/v3/workflow/pages/{story.pk}/approve/", {"comment": comment}, first_reviewer
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"][-1] == "comment"


@override_settings(API_WRITES_PER_MINUTE=2)
def test_a_token_writing_too_fast_gets_a_429_with_retry_after(api, editor):
    from home.models import HomePage

    parent = HomePage.objects.get().pk

    def create(title):
        body = {"meta": {"type": "home.StandardPage", "parent_id": parent}, "title": title}
        return api.post("/api/v3/pages/", body, editor)

    assert create("第一页").status_code == 201
    assert create("第二页").status_code == 201
    pages = Page.objects.count()
    response = create("第三页")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["detail"] == (
        "接口写入过于频繁：每个令牌每分钟最多 2 次写入，请 60 秒后再试。"
    )
    assert Page.objects.count() == pages
    # Reads are not counted, and another token has its own allowance.
    assert api.get("/api/v3/pages/?limit=1", editor).status_code == 200
    other = bearer("bianji", "read", "write")
    assert (
        api.post(
            "/api/v3/pages/",
            {"meta": {"type": "home.StandardPage", "parent_id": parent}, "title": "第四页"},
            other,
        ).status_code
        == 201
    )
