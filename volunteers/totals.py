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


def _summary(queryset):
    # order_by() drops the page-tree ordering so GROUP BY groups only by what we ask.
    return queryset.order_by().aggregate(
        activities=Count("pk"),
        turnout=Coalesce(Sum("turnout"), 0),
        hours=Coalesce(Sum("service_hours"), Decimal("0")),
    )


def _tenths(row):
    # SQLite sums decimals as floats; one decimal place, as editors type them.
    row["hours"] = Decimal(str(row["hours"])).quantize(TENTH)
    return row


def totals(queryset):
    """Overall, per-year and per-month totals of an activity queryset."""
    overall = _tenths(_summary(queryset))
    by_year = (
        queryset.order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            activities=Count("pk"),
            turnout=Coalesce(Sum("turnout"), 0),
            hours=Coalesce(Sum("service_hours"), Decimal("0")),
        )
        .order_by("year")
    )
    by_month = (
        queryset.order_by()
        .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(
            activities=Count("pk"),
            turnout=Coalesce(Sum("turnout"), 0),
            hours=Coalesce(Sum("service_hours"), Decimal("0")),
        )
        .order_by("year", "month")
    )
    return {
        **overall,
        "by_year": [_tenths(row) for row in by_year],
        "by_month": [_tenths(row) for row in by_month],
    }
