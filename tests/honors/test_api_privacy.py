"""The v3 API exposes every public field with usable URLs, and never a private one."""

import json

import pytest

from honors.models import HonorProfilePage, OralHistoryPage, Person

PRIVATE_FIELDS = ("phone", "id_number", "home_address")


@pytest.fixture
def private_values(db):
    values = set()
    for person in Person.objects.all():
        values.update(v for v in (person.phone, person.id_number, person.home_address) if v)
    assert len(values) >= 30  # the demo fills them in, so their absence below means something
    return values


def api_detail(client, page):
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()


def test_an_unpublished_oral_history_leaves_the_profiles_api_at_once(client, db):
    page = HonorProfilePage.objects.get(slug="wang-deshun")
    oral = OralHistoryPage.objects.get(slug="changjinhu-winter")
    assert [item["id"] for item in api_detail(client, page)["related_oral_histories"]] == [oral.pk]
    oral.unpublish()
    assert api_detail(client, page)["related_oral_histories"] == []


def test_profile_fields_with_usable_urls(client, db):
    page = HonorProfilePage.objects.get(slug="wang-deshun")
    data = api_detail(client, page)
    assert data["meta"]["type"] == "honors.HonorProfilePage"
    assert data["honor_title_name"] == "最美退役军人"
    assert (data["level"], data["level_label"], data["year"]) == ("city", "市级", 2024)
    assert data["street_name"] == "江滨街道"
    assert data["citation"] == page.citation
    assert data["is_team"] is False
    assert data["person_info"]["name"] == "王德顺"
    assert data["person_info"]["enlisted_year"] == 1950
    assert data["story"][0]["type"] == "paragraph"
    assert data["poster_url"] == page.url + "poster/"
    assert data["qr_url"] == page.url + "qr/"
    assert data["related_oral_histories"] == [
        {
            "id": OralHistoryPage.objects.get(slug="changjinhu-winter").pk,
            "title": "长津湖的冬天",
            "url": "/oral-history/changjinhu-winter/",
        }
    ]
    assert data["related_story_links"] and data["related_story_links"][0]["url"].startswith("/")
    urls = [data["photo_info"]["url"], data["person_info"]["portrait_url"]]
    urls += [item["url"] for item in data["gallery"]] + [
        i["thumbnail_url"] for i in data["gallery"]
    ]
    assert len(data["gallery"]) == 2 and data["gallery"][0]["alt"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"


def test_team_profile_lists_members(client, db):
    data = api_detail(client, HonorProfilePage.objects.get(slug="qingshan-rescue-team"))
    assert data["is_team"] is True and data["person_info"] is None
    assert [m["person"]["name"] for m in data["members_info"]] == ["冯亚军", "蒋明", "韩磊", "杨帆"]
    assert data["members_info"][0]["role"] == "队长"


def test_oral_history_fields_with_usable_urls(client, db):
    page = OralHistoryPage.objects.get(slug="changjinhu-winter")
    data = api_detail(client, page)
    assert (data["era"], data["era_label"]) == ("korea", "抗美援朝")
    assert data["recorded_date"] == "2025-10-25"
    assert data["interviewee_info"]["name"] == "王德顺"
    assert data["duration"] == 90
    assert len(data["transcript"]) == page.segments.count()
    assert data["transcript"][1] == {
        "number": 2,
        "start": 4.0,
        "end": 7.7,
        "speaker": "王德顺",
        "text": "1950年11月，我们部队从安东过的鸭绿江，那年我刚满十九岁。",
    }
    assert data["chapter_list"][1] == {"start": 24.0, "title": "长津湖的夜"}
    assert data["related_profiles"][0]["url"] == "/honors/wang-deshun/"
    video = client.get(data["video_info"]["url"])
    assert video.status_code == 200 and video["Content-Type"] == "video/mp4"
    assert data["video_info"]["mime_type"] == "video/mp4"
    assert client.get(data["video_info"]["thumbnail_url"]).status_code == 200
    assert client.get(data["poster_info"]["url"]).status_code == 200
    captions = client.get(data["captions_url"])
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert client.get(data["transcript_url"])["Content-Type"].startswith("text/plain")
    assert client.get(data["poster_url"]).status_code == 200


def test_list_filters_by_type(client, db):
    response = client.get("/api/v3/pages/?type=honors.OralHistoryPage&limit=20")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == OralHistoryPage.objects.live().count()
    assert {item["meta"]["type"] for item in data["items"]} == {"honors.OralHistoryPage"}


def test_private_fields_never_in_the_api(client, private_values):
    pages = list(HonorProfilePage.objects.live()) + list(OralHistoryPage.objects.live())
    for page in pages:
        body = client.get(f"/api/v3/pages/{page.pk}/").content.decode()
        payload = json.dumps(json.loads(body), ensure_ascii=False)
        for field in PRIVATE_FIELDS:
            assert f'"{field}"' not in payload, (page, field)
        leaked = [value for value in private_values if value in payload]
        assert not leaked, (page, leaked)
    for model in ("HonorProfilePage", "OralHistoryPage"):
        response = client.get(f"/api/v3/pages/?type=honors.{model}&limit=20")
        assert response.status_code == 200
        listing = response.content.decode()
        assert not [value for value in private_values if value in listing]


def test_private_fields_not_in_the_read_schema(client, db):
    schema = client.get("/api/v3/openapi.json").content.decode()
    for field in ("id_number", "home_address"):
        assert f'"{field}"' not in schema


def test_private_fields_never_in_public_html(client, private_values):
    urls = []
    for page in HonorProfilePage.objects.live():
        urls += [page.url, page.url + "poster/"]
    for page in OralHistoryPage.objects.live():
        urls += [page.url, page.url + "poster/", page.url + "transcript/", page.url + "captions/"]
    urls += ["/honors/", "/honors/?page=2", "/oral-history/"]
    for url in urls:
        html = client.get(url).content.decode()
        leaked = [value for value in private_values if value in html]
        assert not leaked, (url, leaked)


def indexed_names(fields):
    from wagtail.search import index

    names = set()
    for field in fields:
        names.add(field.field_name)
        if isinstance(field, index.RelatedFields):
            names |= indexed_names(field.fields)
    return names


def test_private_fields_never_indexed_for_search():
    for model in (Person, HonorProfilePage, OralHistoryPage):
        assert not indexed_names(model.search_fields) & set(PRIVATE_FIELDS), model
