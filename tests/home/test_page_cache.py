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


def test_parameters_the_page_ignores_share_one_cached_copy(client):
    first = client.get("/news/")
    assert first["X-Page-Cache"] == "miss"
    for n in range(20):
        response = client.get(f"/news/?utm_source=wechat{n}")
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content


def test_a_stray_parameter_is_never_stored_nor_echoed_to_other_visitors(client):
    primed = client.get(
        "/news/?utm=%3Cb%3E%E5%B9%BF%E5%91%8A%3C/b%3E&tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE"
    )
    assert "X-Page-Cache" not in primed  # carried a parameter the page ignores: not stored
    clean = client.get("/news/?tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE")
    assert clean["X-Page-Cache"] == "miss"
    assert "utm" not in clean.content.decode() and "广告" not in clean.content.decode()
    again = client.get("/news/?tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE&utm=x")
    assert again["X-Page-Cache"] == "hit" and again.content == clean.content


def test_parameters_the_page_uses_keep_their_own_copies(client):
    everything = client.get("/news/").content.decode()
    tagged = client.get("/news/?tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE")
    assert tagged["X-Page-Cache"] == "miss"
    tagged_html = tagged.content.decode()
    assert tagged_html != everything
    assert 'aria-current="true">服务站建设<' in tagged_html
    assert (
        client.get("/news/?tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE")["X-Page-Cache"]
        == "hit"
    )
    second = client.get("/news/?page=2")
    assert second["X-Page-Cache"] == "miss"
    assert "第 2 / " in second.content.decode()


def test_pagination_links_keep_the_filters_the_page_uses(client):
    html = client.get(
        "/news/?page=1&tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE"
    ).content.decode()
    if "下一页" not in html:
        html = client.get("/memorial/?page=1&sort=tributes").content.decode()
        assert 'rel="next" href="?sort=tributes&amp;page=2"' in html
    else:
        assert "tag=%E6%9C%8D%E5%8A%A1%E7%AB%99%E5%BB%BA%E8%AE%BE&amp;page=2" in html
