"""Queries per API answer stay bounded, however many items a list shows.

Renditions are made once, on an image's first read; each test reads its URL once
before counting, so the figures are what every later visitor costs.
"""

import pytest
from django.db import connection

from home.models import NewsPage
from honors.models import HonorIndexPage, HonorProfilePage, OralHistoryPage

pytestmark = pytest.mark.django_db


def counted(client, assert_max, limit, url, params=None):
    assert client.get(url, params).status_code == 200
    with assert_max(limit):
        response = client.get(url, params)
    assert response.status_code == 200
    return response.json()


def test_card_list_queries(client, django_assert_max_num_queries):
    params = {"type": "honors.HonorProfilePage", "limit": 20}
    data = counted(client, django_assert_max_num_queries, 12, "/api/v3/cards/", params)
    assert len(data["items"]) == HonorProfilePage.objects.live().count() > 5


def test_mixed_card_list_queries(client, django_assert_max_num_queries):
    data = counted(client, django_assert_max_num_queries, 30, "/api/v3/cards/", {"limit": 20})
    assert len(data["items"]) == 20


def test_page_list_queries(client, django_assert_max_num_queries):
    params = {"type": "home.NewsPage", "limit": 20}
    data = counted(client, django_assert_max_num_queries, 2, "/api/v3/pages/", params)
    assert data["count"] > 10


def test_news_detail_queries(client, django_assert_max_num_queries):
    """The page with its relations, its tags (read once for ``tags`` and ``tag_names``;
    on PostgreSQL in the page's own query) and the images of its body; restrictions
    and the parent come from the cache."""
    page = NewsPage.objects.live().order_by("path").first()
    limit = 2 if connection.vendor == "postgresql" else 3
    data = counted(client, django_assert_max_num_queries, limit, f"/api/v3/pages/{page.pk}/")
    assert data["title"] == page.title
    assert data["tags"] == data["tag_names"] == [tag.name for tag in page.tags.all()] != []
    parent = page.get_parent()
    assert data["meta"]["parent"]["id"] == parent.pk
    assert data["meta"]["parent"]["title"] == parent.title
    assert any(block["type"] == "image" for block in data["body"])


def test_profile_detail_queries(client, django_assert_max_num_queries):
    page = HonorProfilePage.objects.live().get(slug="wang-deshun")
    data = counted(client, django_assert_max_num_queries, 30, f"/api/v3/pages/{page.pk}/")
    assert data["title"] == page.title


def test_oral_history_detail_queries(client, django_assert_max_num_queries):
    page = OralHistoryPage.objects.live().get(slug="changjinhu-winter")
    data = counted(client, django_assert_max_num_queries, 30, f"/api/v3/pages/{page.pk}/")
    assert len(data["transcript"]) > 10


def test_expansion_adds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    index = HonorIndexPage.objects.live().get()
    url = f"/api/v3/pages/{index.pk}/"
    plain = counted(client, django_assert_max_num_queries, 12, url)
    assert "expanded" not in plain
    expanded = counted(
        client,
        django_assert_max_num_queries,
        30,
        url,
        {"expand": "breadcrumbs,navigation,children"},
    )
    assert expanded["expanded"]["children"]["count"] > 5


def test_navigation_and_geojson_queries(client, django_assert_max_num_queries):
    counted(client, django_assert_max_num_queries, 4, "/api/v3/navigation/", {"depth": 4})
    data = counted(client, django_assert_max_num_queries, 4, "/api/v3/stations/geojson")
    assert len(data["features"]) > 5
