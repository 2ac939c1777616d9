"""Editors can open every volunteers page type and snippet in the admin."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.html import escape

from volunteers.models import (
    ActivityPage,
    BrigadePage,
    StationIndexPage,
    StationPage,
    StatsPage,
    VolunteerBrand,
    VolunteerIndexPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.get(username="bianji"))
    return client


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.mark.parametrize(
    "model",
    [VolunteerIndexPage, BrigadePage, ActivityPage, StationIndexPage, StationPage, StatsPage],
)
def test_edit_view_shows_the_page_to_an_editor(editor_client, model):
    page = model.objects.live().first()
    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{escape(page.title)}"' in html  # the title field holds this page's title
    assert escape(model._meta.verbose_name) in html


@pytest.mark.parametrize(
    "parent_model, child",
    [
        (VolunteerIndexPage, "brigadepage"),
        (BrigadePage, "activitypage"),
        (StationIndexPage, "stationpage"),
    ],
)
def test_add_view_opens_for_an_editor(editor_client, parent_model, child):
    parent = parent_model.objects.live().first()
    response = editor_client.get(f"/admin/pages/add/volunteers/{child}/{parent.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    model = apps.get_model("volunteers", child)
    assert f"<title>新建: {model._meta.verbose_name} - " in html
    assert 'name="title"' in html and 'value=""' in html


def test_brand_snippet_opens(admin_client):
    brand = VolunteerBrand.objects.first()
    listing = admin_client.get("/admin/snippets/volunteers/volunteerbrand/")
    assert listing.status_code == 200
    assert escape(brand.name) in listing.content.decode()
    url = f"/admin/snippets/volunteers/volunteerbrand/edit/{brand.pk}/"
    edit = admin_client.get(url)
    assert edit.status_code == 200
    assert f'value="{escape(brand.name)}"' in edit.content.decode()


def test_an_editor_publishes_an_activity_through_the_admin(admin_client):
    parent = BrigadePage.objects.get(slug="legal")
    before = parent.activity_totals["turnout"]
    response = admin_client.post(
        f"/admin/pages/add/volunteers/activitypage/{parent.pk}/",
        {
            "title": "后台发布的法律咨询活动",
            "slug": "admin-legal-activity",
            "date": "2026-11-01",
            "place": "和平街道文化广场",
            "brigades": [parent.pk],
            "turnout": "9",
            "service_hours": "27",
            "lead": "",
            "report-count": "0",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ActivityPage.objects.get(slug="admin-legal-activity").live
    assert parent.activity_totals["turnout"] == before + 9
