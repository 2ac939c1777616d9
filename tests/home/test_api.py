"""The headless API serves the same published pages as JSON, never drafts."""

import json

import pytest

from home.models import NewsPage

pytestmark = pytest.mark.django_db


def test_api_lists_published_news_with_usable_image_urls(client):
    response = client.get("/api/v3/pages/", {"type": "home.NewsPage", "fields": "*"})
    assert response.status_code == 200
    data = response.json()
    items = data.get("items", data)
    titles = {item["title"] for item in items}
    assert NewsPage.objects.live().first().title in titles


def test_api_page_detail_has_body_and_cover(client):
    page = NewsPage.objects.live().first()
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == page.title
    assert data["lead"] == page.lead
    assert data["cover_image_url"].startswith("/media/")
    assert client.get(data["cover_image_url"]).status_code == 200
    kinds = [block["type"] for block in data["body"]]
    assert "paragraph" in kinds and "image" in kinds
    image_block = next(block for block in data["body"] if block["type"] == "image")
    assert image_block["value"]["url"].startswith("/media/")
    assert image_block["value"]["alt_text"]


def test_api_hides_drafts(client):
    page = NewsPage.objects.live().first()
    page.unpublish()
    assert client.get(f"/api/v3/pages/{page.pk}/").status_code == 404


def test_openapi_schema_is_published(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    assert "/api/v3/pages/" in response.json()["paths"]


@pytest.mark.parametrize(
    "path, status, detail",
    [
        ("/api/v3/pages/999999/", 404, "页面不存在，或尚未发布。"),
        ("/api/v3/pages/?limit=500", 400, "每次最多返回 20 条，limit 不能大于 20。"),
    ],
)
def test_api_errors_are_explained_in_chinese(client, path, status, detail):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["detail"] == detail
    assert response.json()["title"] in {"未找到", "请求有误"}


def test_api_validation_errors_keep_field_details(client):
    response = client.get("/api/v3/pages/abc/")
    assert response.status_code == 422
    data = response.json()
    assert data["title"] == "提交内容不符合要求"
    assert data["errors"][0]["loc"] == ["path", "page_id"]


def test_api_writes_need_a_token(client):
    response = client.post("/api/v3/pages/", {}, content_type="application/json")
    assert response.status_code == 401
    assert "接口令牌" in response.json()["detail"]


@pytest.fixture
def editor_token(db):
    from django.contrib.auth import get_user_model
    from wagtail.models import APIToken

    _, token = APIToken.create_token(
        user=get_user_model().objects.get(username="admin"), name="测试"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_create_without_required_fields_is_a_chinese_422_and_writes_nothing(
    client, editor_token
):
    from wagtail.models import Page

    from honors.models import HonorIndexPage

    index = HonorIndexPage.objects.get()
    pages_before = Page.objects.count()
    response = client.post(
        "/api/v3/pages/",
        {"meta": {"type": "honors.HonorProfilePage", "parent_id": index.pk}, "title": "新人物"},
        content_type="application/json",
        **editor_token,
    )
    assert response.status_code == 422
    data = response.json()
    assert data["title"] == "提交内容不符合要求"
    message = json.dumps(data["errors"], ensure_ascii=False)
    assert "最美人物事迹还缺少必填内容" in message and "“荣誉称号”、“年度”" in message
    assert "请在管理后台创建或补全此页面" in message
    assert Page.objects.count() == pages_before


def test_api_create_and_update_work_where_the_api_can_fill_every_required_field(
    client, editor_token
):
    from home.models import HomePage, StandardPage

    response = client.post(
        "/api/v3/pages/",
        {
            "meta": {"type": "home.StandardPage", "parent_id": HomePage.objects.get().pk},
            "title": "接口创建的页面",
        },
        content_type="application/json",
        **editor_token,
    )
    assert response.status_code == 201, response.content
    page = StandardPage.objects.get(title="接口创建的页面")
    response = client.patch(
        f"/api/v3/pages/{page.pk}/",
        {"meta": {"type": "home.StandardPage"}, "title": "接口改过的标题"},
        content_type="application/json",
        **editor_token,
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "接口改过的标题"
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.title == "接口改过的标题"
