"""Every public page type renders for an anonymous visitor in a handful of queries.

The page cache is off in tests, so each request below is the uncached render a
visitor gets after a publish: the count is what bounds its speed.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

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


def first_live(label):
    app_label, model = label.split(".")
    page = (
        Page.objects.live()
        .filter(content_type__app_label=app_label, content_type__model=model)
        .order_by("path")
        .first()
    )
    assert page is not None, f"演示内容里没有 {label}"
    return page


def test_report(client):
    out = []
    for label in PAGE_TYPES:
        url = first_live(label).url
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        out.append(f"{label} {url} {r.status_code} {len(ctx)}")
    for url in ["/search/", "/search/?q=%E8%80%81%E5%85%B5", "/memorial/martyrs/"]:
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        out.append(f"{url} {r.status_code} {len(ctx)}")
    print("\n".join(out))
