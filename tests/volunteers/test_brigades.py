"""The 志愿服务 index: brands, brigades filterable by speciality and street, pages."""

import re

import pytest

from volunteers.models import ActivityPage, BrigadePage, VolunteerBrand

pytestmark = pytest.mark.django_db


def brigade_titles(html):
    section = html.split('id="brigade-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', section)


def test_demo_has_two_brands_and_at_least_eight_brigades():
    assert VolunteerBrand.objects.count() >= 2
    assert BrigadePage.objects.live().count() >= 8
    assert ActivityPage.objects.live().filter(date__year=2025).exists()
    assert ActivityPage.objects.live().filter(date__year=2026).exists()


def test_index_lists_brands_and_all_brigades(client, volunteer_index):
    html = client.get(volunteer_index.url).content.decode()
    for brand in VolunteerBrand.objects.all():
        assert brand.name in html
    assert sorted(brigade_titles(html)) == sorted(
        BrigadePage.objects.live().values_list("title", flat=True)
    )


def test_brand_card_counts_come_from_the_brigades(client, volunteer_index):
    html = client.get(volunteer_index.url).content.decode()
    for brand in VolunteerBrand.objects.all():
        brigades = BrigadePage.objects.live().filter(brand=brand)
        members = sum(b.member_count for b in brigades)
        assert f"{brigades.count()} 支队伍 · 队员 {members} 人" in html


@pytest.mark.parametrize("speciality", ["rescue", "anti_fraud", "legal", "mediation"])
def test_filter_by_speciality(client, volunteer_index, speciality):
    html = client.get(volunteer_index.url, {"speciality": speciality}).content.decode()
    want = BrigadePage.objects.live().filter(speciality=speciality).values_list("title", flat=True)
    assert want and sorted(brigade_titles(html)) == sorted(want)


def test_filter_by_street_and_speciality_together(client, volunteer_index):
    html = client.get(
        volunteer_index.url, {"speciality": "rescue", "street": "jiangbin"}
    ).content.decode()
    assert brigade_titles(html) == ["江滨应急救援支队"]
    html = client.get(volunteer_index.url, {"street": "heping"}).content.decode()
    want = BrigadePage.objects.live().filter(street__slug="heping").values_list("title", flat=True)
    assert sorted(brigade_titles(html)) == sorted(want)


def test_a_filter_with_no_match_says_so(client, volunteer_index):
    html = client.get(
        volunteer_index.url, {"speciality": "legal", "street": "qingshan"}
    ).content.decode()
    assert brigade_titles(html) == []
    assert "没有符合条件的队伍" in html


def test_brigade_page_shows_level_leader_members_and_sub_brigades(client, main_brigade):
    html = client.get(main_brigade.url).content.decode()
    assert "大队" in html and main_brigade.leader_name in html
    assert f'data-total="members">{main_brigade.total_members} 人' in html
    for sub in BrigadePage.objects.child_of(main_brigade):
        assert sub.title in html
        assert sub.level == "支队"
    assert "/volunteers/join/" in html


def test_activity_page_links_its_brigades_and_station(client):
    activity = ActivityPage.objects.live().exclude(station=None).first()
    html = client.get(activity.url).content.decode()
    assert activity.station.title in html
    for brigade in activity.brigades.all():
        assert brigade.title in html
    assert f"{activity.turnout} 人次" in html


def test_unpublished_brigade_is_not_listed(client, volunteer_index, brigade):
    brigade.unpublish()
    html = client.get(volunteer_index.url).content.decode()
    assert brigade.title not in brigade_titles(html)
