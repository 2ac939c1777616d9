"""Template tags for the memorial: the campaign banner shown on the home page and on
every martyr's page, and the tribute counters."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.page_cache import live_cached, versioned

from ..live_counts import COUNT_LIST, count_list, martyr_total
from ..models import Campaign

register = template.Library()


@register.inclusion_tag("memorial/includes/campaign_banner.html", takes_context=True)
def campaign_banner(context, with_assets=True):
    """The active campaign with its totals. Pages outside the memorial (the home page)
    get the memorial's stylesheet and script with it; the script refreshes the totals,
    so a copy of the page served from the page cache still shows live numbers."""
    today = timezone.localdate()
    # Saving a campaign or publishing the page it links to retires the version.
    campaign, link_url = versioned(f"campaign-banner:{today}", _active_campaign)
    if not campaign:
        return {"campaign": None}
    return {
        "with_assets": with_assets,
        "campaign": campaign,
        "totals": live_cached(f"campaign-totals:{campaign.pk}", campaign.totals),
        "link_url": link_url,
        "current": context.get("page"),
    }


def _active_campaign():
    campaign = Campaign.objects.active().select_related("link_page").first()
    link = campaign.link_page if campaign else None
    return campaign, link.specific.url if link and link.live else None


LIVE_SCOPES = {"martyr": "martyr-counts", "campaign": "campaign-counts", "hall": "hall-counts"}


@register.inclusion_tag("memorial/includes/counts.html")
def tribute_counts(counts, label, scope="", refresh="", key=None):
    """Counts per kind and in all; ``refresh`` names the API URL the script reloads them
    from; with ``key`` (the martyr, campaign or hall) cached copies render them afresh."""
    if key and scope in LIVE_SCOPES:
        items = count_list(LIVE_SCOPES[scope], key, counts)
    else:
        items = render_to_string(COUNT_LIST, {"counts": counts})
    return {
        "items": mark_safe(items),  # noqa: S308 - rendered by an autoescaping template
        "label": label,
        "scope": scope,
        "refresh": refresh,
    }


@register.simple_tag
def live_tribute_total(martyr):
    """A martyr card's total, rendered afresh on cached copies of the page."""
    return mark_safe(martyr_total(martyr.pk, int(martyr.tribute_total)))  # noqa: S308 - a number
