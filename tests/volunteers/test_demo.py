"""The demo loader is idempotent and gives every station master a Person record."""

import io

import pytest
from django.core.management.base import OutputWrapper
from django.core.management.color import no_style
from wagtail.models import Page, Revision

from core.demo_helpers import DemoContext
from honors.models import Person
from volunteers import demo
from volunteers.models import StationMaster

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    counts = (Page.objects.count(), Revision.objects.count(), Person.objects.count())
    demo.load(DemoContext(OutputWrapper(io.StringIO()), no_style()))
    assert (Page.objects.count(), Revision.objects.count(), Person.objects.count()) == counts


def test_every_roster_row_points_to_a_person_record():
    names = set(StationMaster.objects.values_list("person__name", flat=True))
    assert len(names) == StationMaster.objects.count()
