"""Volunteer brands (name, logo, description) are shown on cached pages but saved
without a publish."""

from core.page_cache import purge_site_when_changed

from .models import VolunteerBrand


def connect():
    purge_site_when_changed(VolunteerBrand)
