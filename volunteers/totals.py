"""Activity totals, always aggregated from the live activity pages themselves.

Nothing here is stored: a brigade's or the district's figures change the moment an
activity is published, edited or unpublished.
"""

from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

TENTH = Decimal("0.1")


def live_activities():
    from .models import ActivityPage

    return ActivityPage.objects.live().public()


def activities_of_brigades(brigade_ids):
    """Live activities that any of these brigades took part in, each counted once."""
    from .models import ActivityPage

    linked = ActivityPage.brigades.through.objects.filter(brigadepage_id__in=brigade_ids)
    return live_activities().filter(pk__in=linked.values("activitypage_id"))


def _tenths(row):
    # SQLite sums decimals as floats; one decimal place, as editors type them.
    row["hours"] = Decimal(str(row["hours"])).quantize(TENTH)
    return row


def totals(queryset):
    """Overall, per-year and per-month totals of an activity queryset: one grouped
    query by month, the years and the whole summed from it."""
    by_month = [
        _tenths(row)
        for row in queryset.order_by()
        .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(
            activities=Count("pk"),
            turnout=Coalesce(Sum("turnout"), 0),
            hours=Coalesce(Sum("service_hours"), Decimal("0")),
        )
        .order_by("year", "month")
    ]
    by_year = {}
    for row in by_month:
        year = by_year.setdefault(
            row["year"], {"year": row["year"], "activities": 0, "turnout": 0, "hours": Decimal("0")}
        )
        for key in ("activities", "turnout", "hours"):
            year[key] += row[key]
    overall = {
        "activities": sum(row["activities"] for row in by_month),
        "turnout": sum(row["turnout"] for row in by_month),
        "hours": sum((row["hours"] for row in by_month), Decimal("0")).quantize(TENTH),
    }
    return {
        **overall,
        "by_year": [_tenths(year) for year in by_year.values()],
        "by_month": by_month,
    }
