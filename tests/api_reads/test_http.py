"""HTTP hygiene of public reads: validators and 304, Cache-Control, the shared cache
purged on publish, CORS from the allow-list, one problem+json shape with Retry-After."""

import json

import pytest
from wagtail.models import Page

from honors.memorial.models import MartyrPage
from honors.models import HonorProfilePage
from tests.api_tokens import bearer

pytestmark = pytest.mark.django_db
APP = "http://app.example.cn"


@pytest.fixture
def api_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def cors(settings):
    settings.API_CORS_ALLOWED_ORIGINS = [APP]


def profile_url():
    return f"/api/v3/pages/{HonorProfilePage.objects.live().first().pk}/"


def test_public_read_has_validators_and_short_public_caching(client):
    response = client.get(profile_url())
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in response["Vary"]


def test_if_none_match_gives_304_without_a_body(client):
    first = client.get(profile_url())
    again = client.get(profile_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    other = client.get(profile_url(), HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200 and other.json()["id"]


def test_if_modified_since_gives_304_from_the_cache(client, api_cache_on):
    first = client.get(profile_url())
    assert first["X-Page-Cache"] == "miss"
    again = client.get(profile_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["X-Page-Cache"] == "hit"
    older = client.get(profile_url(), HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT")
    assert older.status_code == 200
    assert older.content == first.content


def test_publishing_retires_the_cached_answer(client, api_cache_on):
    profile = HonorProfilePage.objects.live().first()
    url = f"/api/v3/pages/{profile.pk}/"
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    profile.citation = "新的推荐语：发布后接口立即可见。"
    profile.save_revision().publish()
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh["X-Page-Cache"] == "miss"
    assert fresh.json()["citation"] == "新的推荐语：发布后接口立即可见。"
    assert fresh["ETag"] != first["ETag"]


def test_unpublished_page_disappears_from_cached_cards(client, api_cache_on):
    url = "/api/v3/cards/?type=honors.HonorProfilePage"
    ids = [card["id"] for card in client.get(url).json()["items"]]
    HonorProfilePage.objects.get(pk=ids[0]).unpublish()
    assert ids[0] not in [card["id"] for card in client.get(url).json()["items"]]


def test_authenticated_reads_are_private_and_never_shared(client, api_cache_on):
    auth = bearer("admin", "read")
    profile = HonorProfilePage.objects.live().first()
    profile.citation = "草稿中的推荐语，尚未发布。"
    profile.save_revision()
    url = f"/api/v3/pages/{profile.pk}/?version=draft"
    draft = client.get(url, **auth)
    assert draft.json()["citation"] == "草稿中的推荐语，尚未发布。"
    assert draft["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in draft and "ETag" not in draft
    anonymous = client.get(url)
    assert anonymous.json()["citation"] != "草稿中的推荐语，尚未发布。"
    assert anonymous["Cache-Control"].startswith("public")
    # And the other way round: a cached public copy is not what the editor gets.
    assert client.get(url, **auth).json()["citation"] == "草稿中的推荐语，尚未发布。"


def test_live_counts_are_not_cached(client, api_cache_on):
    martyr = MartyrPage.objects.live().first()
    response = client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/counts")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_cors_allows_listed_origins_only(client, cors):
    allowed = client.get("/api/v3/navigation/", HTTP_ORIGIN=APP)
    assert allowed["Access-Control-Allow-Origin"] == APP
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Origin" in allowed["Vary"]
    assert "Access-Control-Allow-Credentials" not in allowed
    other = client.get("/api/v3/navigation/", HTTP_ORIGIN="https://evil.example.com")
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other


def test_cors_preflight(client, cors):
    response = client.options(
        "/api/v3/pages/1/",
        HTTP_ORIGIN=APP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == APP
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Authorization" in response["Access-Control-Allow-Headers"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    refused = client.options(
        "/api/v3/pages/1/",
        HTTP_ORIGIN="https://evil.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "跨域允许列表" in refused.json()["detail"]
    assert "Access-Control-Allow-Origin" not in refused


def test_no_cors_without_configuration(client):
    response = client.get("/api/v3/navigation/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response


PROBLEM_KEYS = {"type", "title", "status", "detail"}


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("GET", "/api/v3/memorial/martyrs/999999/counts", None),
        ("GET", "/api/v3/memorial/martyrs/abc/counts", None),
        ("GET", "/api/v3/memorial/martyrs/{martyr}/messages?page=x", None),
        ("POST", "/api/v3/memorial/tributes", "not json"),
        ("POST", "/api/v3/memorial/tributes", {"martyr": "{martyr}", "kind": "gift"}),
        ("DELETE", "/api/v3/memorial/tributes", None),
        ("GET", "/api/v3/memorial/nothing-here/", None),
        ("GET", "/api/v3/navigation/?depth=99", None),
        ("GET", "/api/v3/preview/?token=forged", None),
    ],
)
def test_every_error_is_chinese_problem_json(client, method, path, body):
    martyr = MartyrPage.objects.live().first().pk
    path = path.replace("{martyr}", str(martyr))
    if isinstance(body, dict):
        body = json.dumps({k: martyr if v == "{martyr}" else v for k, v in body.items()})
    response = client.generic(method, path, body or "", "application/json")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert PROBLEM_KEYS <= problem.keys()
    assert problem["status"] == response.status_code
    for key in ("title", "detail"):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in problem[key]), problem


def test_too_many_tributes_say_when_to_retry_and_cross_origin_clients_can_read_it(client, cors):
    martyr = MartyrPage.objects.live().first().pk
    body = json.dumps({"martyr": martyr, "kind": "flower"})
    for _ in range(20):
        client.post("/api/v3/memorial/tributes", body, "application/json")
    response = client.post("/api/v3/memorial/tributes", body, "application/json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "请求过于频繁"


def test_site_root_has_no_breadcrumbs_above_it(client):
    home = Page.objects.get(depth=2)
    data = client.get(f"/api/v3/pages/{home.pk}/?expand=breadcrumbs").json()
    assert data["expanded"]["breadcrumbs"] == []


def test_openapi_document_names_each_status_once(client):
    """Swagger UI parses the document with a YAML parser, which refuses a key given
    twice: every operation's responses list each status code once."""
    text = client.get("/api/v3/openapi.json").content.decode()
    pairs_seen = []

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        duplicated = {key for key in keys if keys.count(key) > 1}
        pairs_seen.extend(duplicated)
        return dict(pairs)

    json.loads(text, object_pairs_hook=no_duplicates)
    assert pairs_seen == []
