"""Figures for the 数据看板 page and the /api/v3/stats/ endpoint, counted live.

The honours figures (profiles, oral histories, martyrs, tributes, lesson packs and
their clips) belong to other apps. Each app contributes its own through the Wagtail
hook ``register_stats_figures``: a function returning ``[{"key", "label", "count"}]``
for what visitors can see. This app knows none of their models.
"""

from django.db.models import Count
from wagtail import hooks

from .totals import live_activities, totals

STATS_HOOK = "register_stats_figures"


def honour_figures():
    figures = []
    for contribute in hooks.get_hooks(STATS_HOOK):
        figures.extend(contribute())
    return figures


def station_figures():
    from .models import HONOUR_KINDS, STATION_LEVELS, StationHonour, StationPage

    stations = StationPage.objects.live().public()
    per_level = dict(
        stations.order_by()
        .values_list("level")
        .annotate(count=Count("pk"))
        .values_list("level", "count")
    )
    per_honour = dict(
        StationHonour.objects.filter(page__in=stations)
        .order_by()
        .values("kind")
        .annotate(count=Count("page", distinct=True))
        .values_list("kind", "count")
    )
    return {
        "total": stations.count(),
        "by_level": [
            {"key": key, "label": label, "count": per_level.get(key, 0)}
            for key, label in STATION_LEVELS
        ],
        "by_honour": [
            {"key": key, "label": label, "count": per_honour.get(key, 0)}
            for key, label in HONOUR_KINDS
        ],
    }


def brigade_figures():
    from .models import BrigadePage

    brigades = list(BrigadePage.objects.live().public().values_list("path", "member_count"))
    paths = {path for path, _ in brigades}
    step = BrigadePage.steplen
    sub = sum(1 for path, _ in brigades if path[:-step] in paths)
    return {
        "total": len(brigades),
        "main": len(brigades) - sub,
        "sub": sub,
        "volunteers": sum(members for _, members in brigades),
    }


def activity_figures():
    summary = totals(live_activities())
    return {
        "total": summary["activities"],
        "turnout": summary["turnout"],
        "hours": float(summary["hours"]),
        "by_year": [
            {
                "year": row["year"],
                "activities": row["activities"],
                "turnout": row["turnout"],
                "hours": float(row["hours"]),
            }
            for row in summary["by_year"]
        ],
    }


def collect_stats():
    return {
        "stations": station_figures(),
        "brigades": brigade_figures(),
        "activities": activity_figures(),
        "honours": honour_figures(),
    }


def bar_rows(pairs):
    """Label/value pairs with each bar's length as a share of the largest value."""
    pairs = list(pairs)
    top = max((value for _, value in pairs), default=0)
    return [
        {"label": label, "value": value, "percent": round(100 * value / top, 1) if top else 0}
        for label, value in pairs
    ]
