"""The memorial's pages as a visitor sees them: hall, martyr, facility, campaign banner."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from honors.memorial.models import (
    Campaign,
    MartyrPage,
    MemorialFacilityPage,
    MemorialHallPage,
    TributeMessage,
)
from honors.memorial.models.pages import partial_date_text

pytestmark = pytest.mark.django_db


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_demo_has_the_memorial(hall):
    assert hall.show_in_menus and hall.search_description
    assert MartyrPage.objects.live().count() >= 30
    assert MemorialFacilityPage.objects.live().count() == 2
    assert Campaign.objects.active().exists()
    statuses = set(TributeMessage.objects.values_list("status", flat=True))
    assert statuses == {"pending", "approved", "rejected"}


def test_hall_is_in_the_main_navigation(client):
    assert '<a href="/memorial/"' in html(client, "/")


def test_hall_lists_every_martyr_with_totals(client, hall):
    page = html(client, hall.url)
    assert "共 32 位" in page
    assert page.count('class="martyr-card"') == 24  # first page
    assert "纪念馆累计网上祭扫" in page
    assert "第 1 / 2 页" in page


def test_hall_search_by_name(client, hall):
    page = html(client, hall.url, q="王振华")
    assert "共 1 位" in page
    assert "王振华" in page


def test_hall_filters_by_hometown_unit_era_and_resting_place(client, hall):
    martyr = MartyrPage.objects.get(slug="martyr-04")
    for key, value in [
        ("hometown", martyr.hometown),
        ("unit", martyr.unit),
        ("era", martyr.era),
        ("resting", str(martyr.resting_place_id)),
    ]:
        page = html(client, hall.url, **{key: value})
        expected = MartyrPage.objects.live().filter(
            **{"resting_place_id" if key == "resting" else key: value}
        )
        assert f"共 {expected.count()} 位" in page, key
        assert martyr.title in page
        assert 0 < expected.count() < 32


def test_hall_sorted_by_tributes_puts_the_most_honoured_first(client, hall):
    ranked = sorted(
        MartyrPage.objects.live(), key=lambda m: (-m.tribute_counts["total"], m.sort_name)
    )
    page = html(client, hall.url, sort="tributes")
    first_card = page.split('class="martyr-card"')[1]
    assert ranked[0].title in first_card
    assert f"祭扫 {ranked[0].tribute_counts['total']} 次" in first_card


def test_hall_ignores_nonsense_filters(client, hall):
    page = html(client, hall.url, era="<script>", sort="drop table", resting="abc")
    assert "共 32 位" in page
    assert "<script>" not in page.split("<main")[1]


def test_martyr_page_shows_record_counts_and_form(client, martyr):
    page = html(client, martyr.url)
    assert f"<h1>{martyr.title} 烈士</h1>" in page
    assert martyr.birth_date_text in page
    for label in ["献花", "点烛", "鞠躬", "敬酒"]:
        assert 'name="kind" value=' in page and label in page
    total = martyr.tribute_counts["total"]
    assert f'<strong data-count="total">{total}</strong>' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'action="{martyr.url}tribute/"' in page
    assert martyr.resting_place.title in page


def test_partial_dates_render_as_recorded():
    assert partial_date_text(1951, None, None) == "1951年"
    assert partial_date_text(1951, 3, None) == "1951年3月"
    assert partial_date_text(1951, 3, 5) == "1951年3月5日"
    assert partial_date_text(None, None, None) == ""


def test_year_month_death_date_shows_on_the_page(client, martyr):
    martyr.death_year, martyr.death_month, martyr.death_day = 1951, 3, None
    martyr.save_revision().publish()
    assert "1951年3月" in html(client, martyr.url)
    data = client.get(f"/api/v3/pages/{martyr.pk}/").json()
    assert data["death_date"] == "1951-03"
    assert data["death_date_text"] == "1951年3月"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"death_year": 1951, "death_day": 5}, "death_day"),
        ({"death_month": 3}, "death_year"),
        ({"death_year": 1951, "death_month": 13}, "death_month"),
        ({"death_year": 1951, "death_month": 2, "death_day": 30}, "death_day"),
        ({"birth_year": 1930, "death_year": 1920}, "death_year"),
    ],
)
def test_impossible_dates_are_refused_in_chinese(fields, field):
    martyr = MartyrPage(title="测试", **fields)
    with pytest.raises(ValidationError) as error:
        martyr.clean()
    assert field in error.value.message_dict


def test_family_contacts_never_public(client, martyr):
    page = html(client, martyr.url)
    api = json.dumps(client.get(f"/api/v3/pages/{martyr.pk}/").json(), ensure_ascii=False)
    for secret in [martyr.family_phone, martyr.family_address, martyr.family_contact]:
        assert secret and secret not in page and secret not in api
    indexed = {field.field_name for field in MartyrPage.get_search_fields()}
    assert not indexed & {"family_phone", "family_address", "family_contact"}


def test_approved_messages_newest_first_and_paginated(client, martyr):
    approved = list(martyr.get_approved_messages())
    assert len(approved) > 10
    page = html(client, martyr.url)
    assert page.index(approved[0].text) < page.index(approved[1].text)
    assert approved[10].text not in page
    assert approved[10].text in html(client, martyr.url, page=2)
    for hidden in TributeMessage.objects.filter(martyr=martyr).exclude(status="approved"):
        assert hidden.text not in page


def test_messages_api_returns_approved_only(client, martyr):
    data = client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/messages").json()
    assert data["count"] == martyr.get_approved_messages().count()
    texts = [item["text"] for item in data["items"]]
    assert texts[0] == martyr.get_approved_messages().first().text
    assert not set(texts) & set(
        TributeMessage.objects.exclude(status="approved").values_list("text", flat=True)
    )


def test_facility_page_lists_martyrs_resting_there(client):
    facility = MemorialFacilityPage.objects.get(slug="qingchuan-cemetery")
    page = html(client, facility.url)
    resting = MartyrPage.objects.live().filter(resting_place=facility)
    assert resting.exists()
    for martyr in resting:
        assert martyr.title in page
    assert facility.visiting_hours in page
    assert f"（{resting.count()} 位）" in page


def test_campaign_banner_with_live_totals_on_home_and_martyr_pages(client, martyr):
    campaign = Campaign.objects.active().first()
    totals = campaign.totals()
    for url in ["/", martyr.url]:
        page = html(client, url)
        assert campaign.title in page
        assert "活动期间网上祭扫" in page
        banner = page.split('class="memorial-campaign"')[1].split("</section>")[0]
        assert f'<strong data-count="total">{totals["total"]}</strong>' in banner


def test_campaign_totals_count_only_days_within_its_dates(client, martyr):
    today = timezone.localdate()
    Campaign.objects.all().delete()
    current = Campaign.objects.create(
        title="清明祭英烈", start_date=today, end_date=today + datetime.timedelta(days=3)
    )
    past = Campaign.objects.create(
        title="往年活动",
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=390),
    )
    before = current.totals()
    client.post(
        "/api/v3/memorial/tributes",
        json.dumps({"martyr": martyr.pk, "kind": "bow"}),
        content_type="application/json",
    )
    after = current.totals()
    assert after["total"] == before["total"] + 1
    assert past.totals()["total"] == 0
    assert Campaign.objects.active().get() == current
    data = client.get("/api/v3/memorial/campaigns/active").json()
    assert data["title"] == "清明祭英烈" and data["counts"]["total"] == after["total"]


def test_no_banner_and_404_when_no_campaign_is_active(client):
    Campaign.objects.all().delete()
    assert "memorial-campaign" not in html(client, "/")
    response = client.get("/api/v3/memorial/campaigns/active")
    assert response.status_code == 404
    assert "没有正在进行" in response.json()["detail"]


def test_campaign_end_before_start_is_refused():
    campaign = Campaign(
        title="x", start_date=datetime.date(2026, 4, 5), end_date=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError):
        campaign.clean()


def test_pages_api_exposes_martyr_fields(client, martyr):
    data = client.get(f"/api/v3/pages/{martyr.pk}/").json()
    assert data["title"] == martyr.title
    assert data["tribute_counts"]["total"] == martyr.tribute_counts["total"]
    assert data["unit"] == martyr.unit
    hall = MemorialHallPage.objects.get()
    assert client.get(f"/api/v3/pages/{hall.pk}/").json()["tribute_totals"]["total"] > 0


def test_home_page_loads_memorial_assets_once_for_the_banner(client, martyr):
    home = html(client, "/")
    assert home.count("css/memorial.css") == 1
    assert home.count("js/memorial.js") == 1
    assert 'data-refresh="/api/v3/memorial/campaigns/active"' in home
    assert html(client, martyr.url).count("css/memorial.css") == 1


def test_hall_totals_endpoint_matches_the_hall(client, hall):
    data = client.get("/api/v3/memorial/totals").json()
    assert data == json.loads(json.dumps(hall.tribute_totals))
    assert 'data-refresh="/api/v3/memorial/totals"' in html(client, hall.url)
