"""The headless API serves the same published pages as JSON, never drafts."""

import json
import re

import pytest
from django.utils import timezone

from home.models import NewsPage
from tests.api_tokens import bearer

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
    return bearer("bianji", "read", "write")


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
    # Every content field is writable now: the answer names each missing one.
    missing = {error["loc"][-1]: error["msg"] for error in data["errors"]}
    assert missing == {
        "honor_title_id": "缺少此项。",
        "year": "缺少此项。",
        "citation": "缺少此项。",
    }
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


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", **token)


def test_copying_or_aliasing_the_root_page_is_a_chinese_422_and_copies_nothing(
    client, editor_token
):
    from wagtail.models import Page

    pages = Page.objects.count()
    for action in ("copy", "create_alias"):
        response = post(client, f"/api/v3/pages/1/actions/{action}/", {}, editor_token)
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0]["msg"] == "根页面不能复制，也不能为它创建别名。"
    assert Page.objects.count() == pages


def test_moving_a_page_beside_the_root_is_a_chinese_422_and_moves_nothing(client, editor_token):
    page = NewsPage.objects.live().first()
    parent = page.get_parent()
    response = post(
        client, f"/api/v3/pages/{page.pk}/actions/move/", {"destination_id": 1}, editor_token
    )
    assert response.status_code == 422, response.content
    assert "position 设为 first-child 或 last-child" in response.json()["errors"][0]["msg"]
    page.refresh_from_db()
    assert page.get_parent().pk == parent.pk


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/api/v3/pages/", "[null, null]"),
        ("patch", "/api/v3/pages/{id}/", '"x"'),
        ("post", "/api/v3/pages/{id}/actions/copy/", "[]"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_chinese_422(
    client, editor_token, method, path, body
):
    from wagtail.models import Page

    page = NewsPage.objects.live().first()
    pages = Page.objects.count()
    response = getattr(client, method)(
        path.format(id=page.pk), body, content_type="application/json", **editor_token
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"type": "dict_type", "loc": ["body"], "msg": "应为 JSON 对象。"}
    ]
    assert Page.objects.count() == pages


def new_page_body(**meta):
    from home.models import HomePage

    return {
        "meta": {"type": "home.StandardPage", "parent_id": HomePage.objects.get().pk, **meta},
        "title": "令牌测试页面",
    }


def test_a_read_only_token_cannot_write(client):
    from home.models import StandardPage

    response = post(client, "/api/v3/pages/", new_page_body(), bearer("bianji", "read"))
    assert response.status_code == 403
    assert "没有“编辑”权限（write）" in response.json()["detail"]
    assert not StandardPage.objects.filter(title="令牌测试页面").exists()


def test_a_write_token_saves_drafts_but_cannot_publish(client):
    from home.models import StandardPage

    token = bearer("shenhe", "read", "write")
    response = post(client, "/api/v3/pages/", new_page_body(action="publish"), token)
    assert response.status_code == 403
    assert "没有“发布”权限（publish）" in response.json()["detail"]
    assert not StandardPage.objects.filter(title="令牌测试页面").exists()
    response = post(client, "/api/v3/pages/", new_page_body(), token)
    assert response.status_code == 201, response.content
    page = StandardPage.objects.get(title="令牌测试页面")
    assert not page.live
    response = post(client, f"/api/v3/pages/{page.pk}/actions/publish/", {}, token)
    assert response.status_code == 403
    page.refresh_from_db()
    assert not page.live


def test_a_publish_token_publishes_only_for_a_superuser(client):
    from home.models import StandardPage

    # Pages go through the two-step review; a reviewer's token cannot skip it.
    token = bearer("shenhe", "read", "write", "publish")
    response = post(client, "/api/v3/pages/", new_page_body(action="publish"), token)
    assert response.status_code == 403
    assert "两级审核发布" in response.json()["detail"]
    assert not StandardPage.objects.filter(title="令牌测试页面", live=True).exists()

    body = new_page_body(action="publish") | {"title": "超级管理员发布的页面"}
    response = post(client, "/api/v3/pages/", body, bearer("admin", "read", "write", "publish"))
    assert response.status_code == 201, response.content
    assert StandardPage.objects.get(title="超级管理员发布的页面").live


def test_scopes_never_add_to_what_the_user_may_do(client):
    from home.models import StandardPage

    # 编辑 may not publish in the admin; a publish scope does not change that.
    token = bearer("bianji", "read", "write", "publish")
    response = post(client, "/api/v3/pages/", new_page_body(action="publish"), token)
    assert response.status_code == 403
    assert not StandardPage.objects.filter(title="令牌测试页面", live=True).exists()


def test_an_expired_token_counts_as_no_token(client):
    from datetime import timedelta

    from django.utils import timezone

    from home.models import StandardPage
    from portal.models import APITokenGrant

    token = bearer("shenhe", "read", "write")
    APITokenGrant.objects.filter(token__user__username="shenhe").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = post(client, "/api/v3/pages/", new_page_body(), token)
    assert response.status_code == 401
    assert "已过期" in response.json()["detail"]
    assert not StandardPage.objects.filter(title="令牌测试页面").exists()
    page = NewsPage.objects.live().first()
    public = client.get(f"/api/v3/pages/{page.pk}/", **token)
    assert public.status_code == 200 and public.json()["title"] == page.title


def test_a_token_made_without_scopes_can_only_read(client):
    from django.contrib.auth import get_user_model
    from wagtail.models import APIToken

    _, plaintext = APIToken.create_token(
        user=get_user_model().objects.get(username="admin"), name="旧令牌"
    )
    token = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get("/api/v3/whoami/", **token).json()["user"]["username"] == "admin"
    response = post(client, "/api/v3/pages/", new_page_body(), token)
    assert response.status_code == 403


def test_no_token_can_delete_or_rewrite_the_site(client):
    from wagtail.models import Site

    token = bearer("admin", "read", "write", "publish", "upload")
    site = Site.objects.get(is_default_site=True)
    response = client.delete(f"/api/v3/sites/{site.pk}/", **token)
    assert response.status_code == 405
    assert response.json()["detail"] == "此接口不支持 DELETE 请求。"
    for method in ("put", "post"):
        url = f"/api/v3/sites/{site.pk}/" if method == "put" else "/api/v3/sites/"
        body = {"hostname": "evil.example", "port": 80, "root_page": 1, "site_name": "x"}
        answer = getattr(client, method)(url, body, content_type="application/json", **token)
        assert answer.status_code == 405
    site.refresh_from_db()
    assert site.hostname != "evil.example" and Site.objects.filter(pk=site.pk).exists()
    assert client.get(f"/api/v3/sites/{site.pk}/", **token).status_code == 200


def test_uploads_need_the_upload_scope(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    documents = Document.objects.count()
    # The demo has more than one collection (one is login-only), so uploads name theirs.
    upload = {
        "title": "通知",
        "file": SimpleUploadedFile("tongzhi.txt", "清明祭英烈".encode()),
        "collection_id": str(Collection.get_first_root_node().pk),
    }
    response = client.post("/api/v3/documents/", upload, **bearer("bianji", "read", "write"))
    assert response.status_code == 403
    assert "没有“上传”权限（upload）" in response.json()["detail"]
    assert Document.objects.count() == documents
    upload["file"].seek(0)
    response = client.post("/api/v3/documents/", upload, **bearer("bianji", "upload"))
    assert response.status_code == 201, response.content
    assert Document.objects.count() == documents + 1


def test_the_api_tokens_command_creates_scoped_expiring_tokens(client):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command(
        "api_tokens",
        "create",
        "--user",
        "shenhe",
        "--name",
        "小程序",
        "--scopes",
        "read,write",
        "--days",
        "7",
        "--json",
        stdout=out,
    )
    created = json.loads(out.getvalue())
    assert created["scopes"] == ["read", "write"] and created["expires"]
    token = {"HTTP_AUTHORIZATION": f"Bearer {created['token']}"}
    assert post(client, "/api/v3/pages/", new_page_body(), token).status_code == 201
    listing = io.StringIO()
    call_command("api_tokens", "list", "--user", "shenhe", stdout=listing)
    assert "scopes=read,write" in listing.getvalue()
    with pytest.raises(CommandError, match="未知或缺少的权限范围：delete"):
        call_command(
            "api_tokens", "create", "--user", "shenhe", "--name", "x", "--scopes", "delete"
        )


def test_openapi_documents_errors_scopes_and_no_impossible_operations(client):
    schema = client.get("/api/v3/openapi.json").json()
    text = json.dumps(schema)
    assert '"const": ""' not in text
    assert not [path for path in schema["paths"] if "/snippets/" in path]
    assert set(schema["paths"]["/api/v3/sites/{site_id}/"]) == {"get"}
    create = schema["paths"]["/api/v3/pages/"]["post"]
    assert {"201", "400", "401", "403", "404", "413", "422"} <= set(create["responses"])
    assert "`write`" in create["description"]
    problem_ref = create["responses"]["403"]["content"]["application/problem+json"]["schema"]
    assert problem_ref == {"$ref": "#/components/schemas/ProblemDetail"}
    listing = schema["paths"]["/api/v3/pages/"]["get"]
    assert listing["security"] == [{"ScopedBearerTokenAuth": []}, {}]
    assert "AllowAnonymous" not in schema["components"]["securitySchemes"]


def test_staff_create_scoped_expiring_tokens_in_the_admin(client):
    from datetime import date

    from django.contrib.auth import get_user_model

    from portal.models import APITokenGrant

    users = get_user_model().objects
    client.force_login(users.get(username="admin"))
    form = client.get("/admin/api-tokens/new/").content.decode()
    assert "权限范围" in form and "到期日期" in form and "发布（发布、下线、删除页面）" in form
    response = client.post(
        "/admin/api-tokens/new/",
        {
            "name": "大屏",
            "user": users.get(username="shenhe").pk,
            "scopes": ["read", "write"],
            "expires_on": "2099-12-31",
        },
    )
    assert response.status_code == 200
    plaintext = re.search(r'value="(wagtail_[0-9A-Za-z]+)"', response.content.decode()).group(1)
    grant = APITokenGrant.objects.get(token__name="大屏")
    assert grant.scopes == "read write"
    assert timezone.localtime(grant.expires_at).date() == date(2099, 12, 31)
    token = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert post(client, "/api/v3/pages/", new_page_body(), token).status_code == 201
    listing = client.get("/admin/api-tokens/").content.decode()
    assert "大屏" in listing and "读取、编辑" in listing and "2099-12-31" in listing


def test_a_token_form_without_scopes_or_with_a_past_date_is_refused(client):
    from django.contrib.auth import get_user_model
    from wagtail.models import APIToken

    users = get_user_model().objects
    client.force_login(users.get(username="admin"))
    tokens = APIToken.objects.count()
    response = client.post(
        "/admin/api-tokens/new/",
        {"name": "x", "user": users.get(username="shenhe").pk, "expires_on": "2000-01-01"},
    )
    html = response.content.decode()
    assert "请至少选择一项权限范围。" in html and "到期日期不能早于今天。" in html
    assert APIToken.objects.count() == tokens


def test_the_settings_menu_has_one_token_entry_and_editors_cannot_open_it(client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    client.force_login(users.get(username="admin"))
    dashboard = client.get("/admin/").content.decode()
    assert dashboard.count("/admin/api-tokens/") == 1
    client.force_login(users.get(username="bianji"))
    response = client.get("/admin/api-tokens/new/")
    assert response.status_code in (302, 403)
    assert "api-tokens" not in client.get("/admin/").content.decode()
