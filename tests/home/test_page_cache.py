"""Anonymous visitors get cached pages; publishing shows the change at once."""

import pytest
from django.contrib.auth import get_user_model

from home.models import NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_view_is_served_from_cache(client):
    first = client.get("/news/")
    second = client.get("/news/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_publishing_a_change_shows_immediately(client):
    page = NewsPage.objects.live().order_by("-date").first()
    client.get("/news/")
    page.title = "标题已更新：政策宣讲走进十二个社区"
    page.save_revision().publish()
    response = client.get("/news/")
    assert "标题已更新：政策宣讲走进十二个社区" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_unpublishing_removes_the_page_from_cached_lists(client):
    page = NewsPage.objects.live().order_by("-date").first()
    assert page.title in client.get("/").content.decode()
    page.unpublish()
    assert page.title not in client.get("/").content.decode()


def test_elder_mode_has_its_own_cached_copy(client):
    client.get("/")
    client.cookies["elder_mode"] = "1"
    response = client.get("/")
    assert 'class="elder"' in response.content.decode()


def test_logged_in_editors_never_get_a_cached_page(client):
    client.get("/")
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/")
    assert "X-Page-Cache" not in response
