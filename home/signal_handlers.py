"""Contact details and streets are shown on every page: saving one retires the cache."""

from core.page_cache import purge_site_when_changed

from .models import BureauContact, Street


def connect():
    purge_site_when_changed(BureauContact, Street)
