import pytest

from honors.memorial.models import MartyrPage
from honors.models import Person
from volunteers.models import StationPage


@pytest.fixture
def private_values(db):
    """Every phone number, ID number and home address the demo holds: none may appear."""
    values = set()
    for person in Person.objects.all():
        values.update(v for v in (person.phone, person.id_number, person.home_address) if v)
    for martyr in MartyrPage.objects.all():
        values.update(
            v for v in (martyr.family_contact, martyr.family_phone, martyr.family_address) if v
        )
    assert len(values) >= 30  # the demo fills them in, so their absence means something
    return values


@pytest.fixture
def station_phones(db):
    """Stations' office phones are public on their pages, but map data carries no phone."""
    phones = {v for v in StationPage.objects.values_list("office_phone", flat=True) if v}
    assert phones
    return phones


def assert_private_values_absent(text, private_values):
    leaked = [value for value in private_values if value in text]
    assert not leaked, f"公开接口中出现了保密信息：{leaked[:3]}"
