"""The campaign banner is on the (cached) home page and every martyr's page."""

from core.page_cache import purge_site_when_changed

from .models import Campaign


def connect():
    purge_site_when_changed(Campaign)
