"""A page an editor restricts (password or login) disappears from search, lists and caches."""

import pytest
from wagtail.models import PageViewRestriction

from home.models import NewsPage
from search import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return NewsPage.objects.live().order_by("-date").first()


def found(page):
    return any(hit.url == page.url for hit in service.search(page.title).hits)


def test_restricting_a_page_removes_it_from_search_until_lifted(
    database_engine, story, django_capture_on_commit_callbacks
):
    assert found(story)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.PASSWORD, password="qingming"
        )
    assert not found(story)

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found(story)


def test_restricted_page_leaves_the_page_cache_and_the_public_api(client, settings, story):
    settings.PAGE_CACHE_SECONDS = 300
    assert story.title in client.get("/news/").content.decode()
    assert story.title in client.get(story.url).content.decode()
    assert client.get(story.url)["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="qingming"
    )
    page = client.get(story.url).content.decode()
    assert story.lead not in page
    assert "密码" in page
    assert story.title not in client.get("/news/").content.decode()
    listing = client.get("/api/v3/pages/", {"type": "home.NewsPage", "limit": 20}).json()
    assert story.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v3/pages/{story.pk}/").status_code == 404
