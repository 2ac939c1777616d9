"""An editor previews a draft in a decoupled front end with a short-lived token."""

import time
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core import signing

from honors.models import HonorProfilePage
from portal import api_preview

pytestmark = pytest.mark.django_db
DRAFT = "草稿推荐语：仅预览可见。"


@pytest.fixture
def draft():
    profile = HonorProfilePage.objects.live().get(slug="wang-deshun")
    profile.citation = DRAFT
    profile.save_revision()
    return profile


def token_for(client, username, page):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(f"/admin/api-preview/{page.pk}/")
    client.logout()
    return response


def test_editor_gets_a_token_and_the_front_end_reads_the_draft(client, draft):
    issued = token_for(client, "bianji", draft)
    assert issued.status_code == 200
    assert issued["Cache-Control"].startswith("private, no-store")
    data = issued.json()
    assert data["expires_in_seconds"] == 1800
    response = client.get("/api/v3/preview/", {"token": data["token"]})
    assert response.status_code == 200
    assert response.json()["citation"] == DRAFT
    assert response.json()["id"] == draft.pk
    assert response["Cache-Control"] == "private, no-store"
    assert data["api_url"] == "http://testserver/api/v3/preview/?" + urlencode(
        {"token": data["token"]}
    )


def test_public_reads_never_see_the_draft(client, draft, settings):
    settings.PAGE_CACHE_SECONDS = 300
    token_for(client, "bianji", draft)
    for url in (
        f"/api/v3/pages/{draft.pk}/",
        f"/api/v3/pages/{draft.pk}/?version=draft",
        f"/api/v3/pages/{draft.pk}/?expand=breadcrumbs,children",
        "/api/v3/cards/?type=honors.HonorProfilePage",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert DRAFT not in response.content.decode()


def test_token_names_one_revision_only(client, draft):
    token = token_for(client, "bianji", draft).json()["token"]
    draft.citation = "之后又改了一次。"
    draft.save_revision()
    # The token still shows what the editor previewed, not later edits.
    assert client.get("/api/v3/preview/", {"token": token}).json()["citation"] == DRAFT
    payload = signing.loads(token, salt=api_preview.SALT)
    other = HonorProfilePage.objects.live().exclude(pk=draft.pk).first()
    forged = signing.dumps({"page": other.pk, "revision": payload["revision"]}, salt="other")
    response = client.get("/api/v3/preview/", {"token": forged})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("预览令牌无效或已过期")


def test_token_expires(client, draft, settings, monkeypatch):
    token = token_for(client, "bianji", draft).json()["token"]
    settings.API_PREVIEW_SECONDS = 60
    later = time.time() + 61
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get("/api/v3/preview/", {"token": token})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("token", ["", "x", "a" * 501, "e30:1abc:def"])
def test_bad_tokens_are_refused_in_chinese(client, token):
    response = client.get("/api/v3/preview/", {"token": token})
    assert response.status_code in (400, 403, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


def test_only_editors_who_may_change_the_page_get_a_token(client, draft):
    visitor = get_user_model().objects.create_user("fangke", password="x")
    client.force_login(visitor)
    assert client.get(f"/admin/api-preview/{draft.pk}/").status_code in (302, 403, 404)
    client.logout()
    assert client.get(f"/admin/api-preview/{draft.pk}/").status_code == 302  # to login


def test_preview_opens_the_configured_front_end(client, draft, settings):
    settings.API_PREVIEW_CLIENT_URL = "http://app.example.cn/profile/"
    response = token_for(client, "bianji", draft)
    assert response.status_code == 302
    assert response["Location"].startswith("http://app.example.cn/profile/?api=")
    assert "preview=" in response["Location"]


def test_page_editor_offers_the_front_end_preview(client, draft):
    client.force_login(get_user_model().objects.get(username="bianji"))
    response = client.get(f"/admin/pages/{draft.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "前端预览（接口令牌）" in html
    assert f'href="/admin/api-preview/{draft.pk}/"' in html
