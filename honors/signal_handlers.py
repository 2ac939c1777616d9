"""People and honour titles are shown on cached pages but saved without a publish."""

from core.page_cache import purge_site_when_changed

from .models import HonorTitle, Person


def connect():
    purge_site_when_changed(Person, HonorTitle)
