"""Figures for the 数据看板 page and the /api/v3/stats/ endpoint, counted live.

The honours figures (profiles, oral histories, martyrs, tributes, lesson packs and
their clips) belong to other apps: each is included only when its model is installed, looked up by label so this
app does not depend on them.
"""

from django.apps import apps
from django.db.models import Count, Sum

from .totals import live_activities, totals

# (key, label, model label, how to count it)
HONOUR_FIGURES = [
    ("profiles", "最美人物", "honors.HonorProfilePage", "pages"),
    ("oral_histories", "口述历史", "honors.OralHistoryPage", "pages"),
    ("martyrs", "英烈", "memorial.MartyrPage", "pages"),
    ("tributes", "网上祭扫", "memorial.TributeCount", "tribute_counts"),
    ("lessons", "红色教育课", "education.LessonPage", "pages"),
    ("lesson_clips", "教学片段", "education.LessonPage", "lesson_clips"),
]


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _count(model, how):
    if how == "pages":
        return model.objects.live().public().count()
    if how == "lesson_clips":
        return model.public_clip_total()
    # Tribute totals are kept per martyr and kind by the memorial app; counting only
    # what a visitor can see on live martyr pages.
    live_martyrs = _model("memorial.MartyrPage").objects.live().public()
    return model.objects.filter(martyr__in=live_martyrs).aggregate(total=Sum("count"))["total"] or 0


def honour_figures():
    figures = []
    for key, label, model_label, how in HONOUR_FIGURES:
        model = _model(model_label)
        if model is not None:
            figures.append({"key": key, "label": label, "count": _count(model, how)})
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
