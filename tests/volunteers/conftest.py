"""Fixtures for the volunteers area: demo brigades, stations and a way to add activities."""

import datetime
from decimal import Decimal

import pytest

from volunteers.models import ActivityPage, BrigadePage, StationPage, VolunteerIndexPage


@pytest.fixture
def volunteer_index(db):
    return VolunteerIndexPage.objects.get()


@pytest.fixture
def brigade(db):
    """A demo 支队 (sub-brigade) under its 大队."""
    return BrigadePage.objects.get(slug="rescue-jiangbin")


@pytest.fixture
def main_brigade(db):
    return BrigadePage.objects.get(slug="rescue")


@pytest.fixture
def station(db):
    return StationPage.objects.get(slug="jiangbin")


@pytest.fixture
def add_activity():
    """Create and publish an activity the way an editor does (through a revision)."""

    def add(parent, brigades, date, turnout, hours, station=None, slug=None, publish=True):
        page = ActivityPage(
            title=f"测试活动 {date} {turnout}",
            slug=slug or f"test-activity-{date:%Y%m%d}-{turnout}",
            date=date,
            place="测试地点",
            station=station,
            turnout=turnout,
            service_hours=Decimal(hours),
        )
        page.brigades = brigades
        page.live = publish
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return add


@pytest.fixture
def new_date():
    """A date in a month the demo content leaves for the future: a clean bucket."""
    return datetime.date(2027, 3, 15)
