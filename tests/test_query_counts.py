"""Every public page type renders for an anonymous visitor in at most ten queries.

The page cache is off in tests, so each request below is the full render a visitor
gets when no cached copy exists (after a publish retired it). What is kept per content
version (the site, navigation, footer, restrictions, streets) is warm, as it is on a
running site after the first view: a publish does not retire it, only site-wide
changes do. ``test_a_publish_keeps_the_shared_parts_warm`` checks that.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from core.page_cache import search_index_changed
from home.models import NewsPage

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10

PAGE_TYPES = [
    "home.homepage",
    "home.newsindexpage",
    "home.newspage",
    "home.standardpage",
    "honors.honorindexpage",
    "honors.honorprofilepage",
    "honors.oralhistoryindexpage",
    "honors.oralhistorypage",
    "memorial.memorialhallpage",
    "memorial.memorialfacilitypage",
    "memorial.martyrpage",
    "volunteers.volunteerindexpage",
    "volunteers.brigadepage",
    "volunteers.activitypage",
    "volunteers.stationindexpage",
    "volunteers.stationpage",
    "volunteers.statspage",
    "education.lessonindexpage",
    "education.lessonpage",
]


def live_pages(label):
    app_label, model = label.split(".")
    return (
        Page.objects.live()
        .filter(content_type__app_label=app_label, content_type__model=model)
        .order_by("path")
    )


def first_url(label):
    page = live_pages(label).first()
    assert page is not None, f"演示内容里没有 {label}"
    return page.url


def render(client, url):
    """The visitor's page and the queries it took (after one view warmed the site)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_every_page_type_renders_in_few_queries(client, label, django_assert_max_num_queries):
    url = first_url(label)
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "<title>" in response.content.decode()


@pytest.mark.parametrize("label", ["honors.honorprofilepage", "volunteers.brigadepage"])
def test_the_richest_pages_of_a_type_stay_within_the_bound(client, label):
    """Every profile and brigade, not just the first: the bound holds for each of them."""
    for page in live_pages(label):
        response, count = render(client, page.url)
        assert count <= MAX_QUERIES, f"{page.url}: {count} 次查询"


@pytest.mark.parametrize(
    "url",
    [
        "/news/?page=2",
        "/news/?tag=%E8%A4%92%E6%89%AC%E7%BA%AA%E5%BF%B5",
        "/honors/?year=2024",
        "/honors/?page=2",
        "/oral-history/?era=korea",
        "/memorial/?sort=tributes",
        "/memorial/?page=2",
        "/volunteers/?speciality=rescue",
        "/stations/?street=jiangbin",
        "/education/?grade=primary",
        "/search/",
        "/search/?q=%E8%80%81%E5%85%B5",
        "/search/?q=%E7%83%88%E5%A3%AB&year=2024",
    ],
)
def test_filtered_and_paged_listings_and_search(client, url, django_assert_max_num_queries):
    client.get(url)
    # The search itself, not the results kept from the first visit.
    search_index_changed()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_a_search_matching_only_some_words(client, django_assert_max_num_queries):
    # The typo dictionary is read once per search-index version, by the first search.
    client.get("/search/", {"q": "王老兵流量"})
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/search/", {"q": "刘老兵流量"})
    assert "只包含其中部分词语的结果" in response.content.decode()


def test_the_same_search_again_reads_only_the_synonyms_version(client, django_assert_num_queries):
    url = "/search/?q=%E7%83%88%E5%A3%AB%E9%99%B5%E5%9B%AD&type=memorialfacilitypage"
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    assert "烈士陵园" in again.content.decode()


def test_a_publish_keeps_the_shared_parts_warm(client):
    """After an editor publishes a story, a martyr's page still renders in few queries:
    the publish retires only the copies that show the story."""
    martyr_url = first_url("memorial.martyrpage")
    client.get(martyr_url)
    story = NewsPage.objects.live().order_by("-date").first()
    story.title = "发布后其他页面的公共部分仍在缓存中"
    story.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(martyr_url)
    assert response.status_code == 200
    assert len(queries) <= MAX_QUERIES
