"""数据看板: every figure on the page and in the API equals a count made in the database."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Sum

from education.models import LessonPage
from honors.memorial.models import MartyrPage, TributeCount
from volunteers.models import (
    ActivityPage,
    BrigadePage,
    StationHonour,
    StationPage,
    StatsPage,
)

pytestmark = pytest.mark.django_db


def db_figures():
    """The same figures, counted independently of volunteers.stats."""
    stations = StationPage.objects.live().public()
    brigades = BrigadePage.objects.live().public()
    activities = ActivityPage.objects.live().public()
    sub = sum(1 for b in brigades if isinstance(b.get_parent().specific, BrigadePage))
    figures = {
        "stations": stations.count(),
        "by_level": {
            lvl: stations.filter(level=lvl).count() for lvl in ("district", "street", "community")
        },
        "by_honour": {
            kind: StationHonour.objects.filter(page__in=stations, kind=kind)
            .values("page")
            .distinct()
            .count()
            for kind in ("national", "fengqiao", "red", "star")
        },
        "brigades": brigades.count(),
        "sub": sub,
        "volunteers": brigades.aggregate(n=Sum("member_count"))["n"],
        "activities": activities.count(),
        "turnout": activities.aggregate(n=Sum("turnout"))["n"],
        "hours": sum((a.service_hours for a in activities), Decimal("0")),
        "years": {
            d.year: (
                activities.filter(date__year=d.year).count(),
                activities.filter(date__year=d.year).aggregate(n=Sum("turnout"))["n"],
            )
            for d in activities.dates("date", "year")
        },
        "honours": {},
    }
    for key, label in (
        ("profiles", "honors.HonorProfilePage"),
        ("oral_histories", "honors.OralHistoryPage"),
        ("martyrs", "memorial.MartyrPage"),
    ):
        figures["honours"][key] = apps.get_model(label).objects.live().public().count()
    # Only tributes a visitor can see: those on live martyr pages open to the public.
    martyrs = MartyrPage.objects.live().public()
    counts = TributeCount.objects.filter(martyr__in=martyrs)
    figures["honours"]["tributes"] = counts.aggregate(n=Sum("count"))["n"] or 0
    lessons = LessonPage.objects.live().public()
    figures["honours"]["lessons"] = lessons.count()
    figures["honours"]["lesson_clips"] = sum(
        1
        for lesson in lessons
        for block in lesson.materials
        if block.block_type == "clip" and block.value["oral_history"].live
    )
    return figures


def assert_matches(stats, want):
    assert stats["stations"]["total"] == want["stations"]
    assert {r["key"]: r["count"] for r in stats["stations"]["by_level"]} == want["by_level"]
    assert {r["key"]: r["count"] for r in stats["stations"]["by_honour"]} == want["by_honour"]
    assert stats["brigades"]["total"] == want["brigades"]
    assert stats["brigades"]["sub"] == want["sub"]
    assert stats["brigades"]["main"] == want["brigades"] - want["sub"]
    assert stats["brigades"]["volunteers"] == want["volunteers"]
    assert stats["activities"]["total"] == want["activities"]
    assert stats["activities"]["turnout"] == want["turnout"]
    assert Decimal(str(stats["activities"]["hours"])) == want["hours"]
    assert {
        r["year"]: (r["activities"], r["turnout"]) for r in stats["activities"]["by_year"]
    } == want["years"]
    assert {r["key"]: r["count"] for r in stats["honours"]} == want["honours"]


def test_api_figures_equal_database_counts(client):
    response = client.get("/api/v3/stats/")
    assert response.status_code == 200
    assert_matches(response.json(), db_figures())


def test_every_honour_figure_is_shown_with_its_chinese_label(client):
    honours = {r["key"]: r["label"] for r in client.get("/api/v3/stats/").json()["honours"]}
    assert honours == {
        "profiles": "最美人物",
        "oral_histories": "口述历史",
        "martyrs": "英烈",
        "tributes": "网上祭扫",
        "lessons": "红色教育课",
        "lesson_clips": "教学片段",
    }


def _honour(client, key):
    honours = client.get("/api/v3/stats/").json()["honours"]
    return next(r["count"] for r in honours if r["key"] == key)


def test_tributes_of_an_unpublished_or_private_martyr_leave_the_board(client):
    from wagtail.models import PageViewRestriction

    shown = TributeCount.objects.filter(martyr__live=True).values("martyr").distinct()
    first, second = (MartyrPage.objects.get(pk=row["martyr"]) for row in shown[:2])
    own = {
        martyr.pk: TributeCount.objects.filter(martyr=martyr).aggregate(n=Sum("count"))["n"]
        for martyr in (first, second)
    }
    assert own[first.pk] > 0 and own[second.pk] > 0
    before = _honour(client, "tributes")
    first.unpublish()
    assert _honour(client, "tributes") == before - own[first.pk]
    PageViewRestriction.objects.create(
        page=second, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert _honour(client, "tributes") == before - own[first.pk] - own[second.pk]
    assert _honour(client, "martyrs") == MartyrPage.objects.live().public().count()
    assert_matches(client.get("/api/v3/stats/").json(), db_figures())


def test_page_figures_equal_database_counts(client):
    page = StatsPage.objects.live().get()
    html = client.get(page.url).content.decode()
    want = db_figures()
    shown = dict(re.findall(r'data-stat="(\w+)">([\d.]+)<', html))
    assert shown["stations"] == str(want["stations"])
    assert shown["brigades"] == str(want["brigades"])
    assert shown["volunteers"] == str(want["volunteers"])
    assert shown["activities"] == str(want["activities"])
    assert shown["turnout"] == str(want["turnout"])
    assert Decimal(shown["hours"]) == want["hours"]
    for key, count in want["honours"].items():
        assert shown[key] == str(count)


def test_figures_follow_publishing(client, brigade, add_activity):
    before = client.get("/api/v3/stats/").json()
    activity = add_activity(brigade, [brigade], datetime.date(2026, 10, 9), 21, "42")
    station = StationPage.objects.get(slug="linchuan-3")
    station.unpublish()
    after = client.get("/api/v3/stats/").json()
    assert after["activities"]["total"] == before["activities"]["total"] + 1
    assert after["activities"]["turnout"] == before["activities"]["turnout"] + 21
    assert after["stations"]["total"] == before["stations"]["total"] - 1
    assert_matches(after, db_figures())
    activity.unpublish()
    assert client.get("/api/v3/stats/").json()["activities"] == before["activities"]


def test_charts_are_svg_with_a_data_table(client):
    page = StatsPage.objects.live().get()
    html = client.get(page.url).content.decode()
    assert html.count('<svg class="vol-bar"') >= 9
    assert 'aria-hidden="true"' in html
    charts = re.findall(r'<figure class="vol-chart" aria-labelledby="([\w-]+)">', html)
    assert charts and all(f'id="{chart}"' in html for chart in charts)
    want = db_figures()
    community = want["by_level"]["community"]
    assert re.search(rf'<th scope="row">村社</th>.*?data-chart-value>{community}<', html, re.S)
    # The longest bar is the largest value: full width.
    assert 'width="100.0"' in html or 'width="100"' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_stats_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/stats/" in schema["paths"]
