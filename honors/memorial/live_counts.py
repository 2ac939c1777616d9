"""Tribute counts as live fragments of cached pages (see ``core.page_cache``).

Every count on a martyr's page, the memorial hall, the campaign banner and the martyr
cards is rendered again, from the counters, on each copy served from the page cache:
a visitor without JavaScript sees their own tribute counted on their next visit.
"""

from django.db.models import Sum
from django.template.loader import render_to_string

from core.page_cache import live_cached, live_fragment, register_live_fragment

from .models import Campaign, MemorialHallPage, TributeCount
from .models.tributes import counts_dict

COUNT_LIST = "memorial/includes/count_list.html"


def count_list(name, key, counts):
    """The list of counts, marked as a live fragment."""
    return live_fragment(name, key, render_to_string(COUNT_LIST, {"counts": counts}))


def martyr_total(key, total):
    return live_fragment("martyr-total", key, str(total))


def _martyr_counts(keys):
    by_martyr = {key: {} for key in keys}
    rows = TributeCount.objects.filter(martyr_id__in=keys).values_list("martyr_id", "kind", "count")
    for martyr_id, kind, count in rows:
        by_martyr[martyr_id][kind] = count
    return {
        key: render_to_string(COUNT_LIST, {"counts": counts_dict(kinds)})
        for key, kinds in by_martyr.items()
    }


def _martyr_totals(keys):
    rows = (
        TributeCount.objects.filter(martyr_id__in=keys)
        .values("martyr_id")
        .annotate(n=Sum("count"))
        .values_list("martyr_id", "n")
    )
    totals = dict(rows)
    return {key: str(totals.get(key) or 0) for key in keys}


def _campaign_counts(keys):
    return {
        campaign.pk: render_to_string(
            COUNT_LIST,
            {"counts": live_cached(f"campaign-totals:{campaign.pk}", campaign.totals)},
        )
        for campaign in Campaign.objects.filter(pk__in=keys)
    }


def _hall_counts(keys):
    return {
        hall.pk: render_to_string(COUNT_LIST, {"counts": hall.tribute_totals})
        for hall in MemorialHallPage.objects.filter(pk__in=keys)
    }


def register():
    register_live_fragment("martyr-counts", _martyr_counts)
    register_live_fragment("martyr-total", _martyr_totals)
    register_live_fragment("campaign-counts", _campaign_counts)
    register_live_fragment("hall-counts", _hall_counts)
