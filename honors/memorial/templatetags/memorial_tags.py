"""Template tags for the memorial: the campaign banner shown on the home page and on
every martyr's page, and the tribute counters."""

from django import template

from ..models import Campaign

register = template.Library()


@register.inclusion_tag("memorial/includes/campaign_banner.html", takes_context=True)
def campaign_banner(context, with_assets=True):
    """The active campaign with its totals. Pages outside the memorial (the home page)
    get the memorial's stylesheet and script with it; the script refreshes the totals,
    so a copy of the page served from the page cache still shows live numbers."""
    campaign = Campaign.objects.active().select_related("link_page").first()
    if not campaign:
        return {"campaign": None}
    link = campaign.link_page
    return {
        "with_assets": with_assets,
        "campaign": campaign,
        "totals": campaign.totals(),
        "link_url": link.specific.url if link and link.live else None,
        "current": context.get("page"),
    }


@register.inclusion_tag("memorial/includes/counts.html")
def tribute_counts(counts, label, scope="", refresh=""):
    """Counts per kind and in all; ``refresh`` names the API URL the script reloads them from."""
    return {"counts": counts, "label": label, "scope": scope, "refresh": refresh}
