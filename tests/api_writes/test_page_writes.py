"""Every page type is writable through the API, checked by the admin's own form rules.

Requests are made with the editor's (bianji) token: the least-privileged role that
writes content. A create or update either succeeds whole or answers a Chinese 422
that names each field, and then nothing is written: no page, no child rows.
"""

import pytest
from django.utils import timezone

from .conftest import error_messages

pytestmark = pytest.mark.django_db


def demo(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def image_id():
    from wagtail.images.models import Image

    return demo(Image).pk


def person_id(offset=0):
    from honors.models import Person

    return Person.objects.order_by("pk")[offset].pk


def honor_title(is_team):
    from honors.models import HonorTitle

    return demo(HonorTitle, is_team=is_team)


def news_id():
    from home.models import NewsPage

    return demo(NewsPage, live=True).pk


def profile_body():
    from honors.models import HonorIndexPage

    return {
        "meta": {"type": "honors.HonorProfilePage", "parent_id": HonorIndexPage.objects.get().pk},
        "title": "接口录入的最美退役军人",
        "honor_title_id": honor_title(is_team=False).pk,
        "level": "city",
        "year": 2026,
        "person_id": person_id(),
        "citation": "三十年如一日守护社区平安。",
        "photo_id": image_id(),
        "story": [
            {"type": "paragraph", "value": "<p>退役后他回到村里，<b>带头</b>成立调解队。</p>"},
            {"type": "quote", "value": {"text": "老兵永远是兵。", "attribution": "本人"}},
            {
                "type": "image",
                "value": {"image": image_id(), "alt_text": "老兵在调解现场", "caption": "调解现场"},
            },
        ],
        "gallery_images": [
            {"image_id": image_id(), "alt_text": "服务站门口合影", "caption": "2026 年春"},
            {"image_id": image_id(), "alt_text": "为居民讲解政策", "caption": ""},
        ],
        "related_stories": [{"story_id": news_id()}],
    }


def test_a_profile_is_created_whole_with_story_blocks_and_child_rows(api, editor):
    from honors.models import HonorProfilePage

    response = api.post("/api/v3/pages/", profile_body(), editor)

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "接口录入的最美退役军人" and data["level_label"] == "市级"
    assert [block["type"] for block in data["story"]] == ["paragraph", "quote", "image"]
    assert "<b>带头</b>" in data["story"][0]["value"]
    assert [item["alt"] for item in data["gallery"]] == ["服务站门口合影", "为居民讲解政策"]
    assert data["related_story_links"][0]["id"] == news_id()
    page = HonorProfilePage.objects.get(pk=data["id"])
    assert not page.live and page.get_latest_revision() is not None
    assert page.owner.username == "bianji"
    assert list(page.gallery_images.values_list("caption", flat=True)) == ["2026 年春", ""]
    assert page.story[1].value["text"] == "老兵永远是兵。"
    # A draft: the public API does not show it yet.
    assert api.get(f"/api/v3/pages/{page.pk}/").status_code == 404


def test_a_team_profile_takes_its_members_as_child_rows(api, editor):
    from honors.models import HonorProfilePage

    body = profile_body()
    body.update(
        title="接口录入的模范团队",
        honor_title_id=honor_title(is_team=True).pk,
        person_id=None,
        members=[
            {"person_id": person_id(0), "role": "队长"},
            {"person_id": person_id(1), "role": "队员"},
        ],
    )
    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 201, response.content
    assert [m["role"] for m in response.json()["members_info"]] == ["队长", "队员"]
    page = HonorProfilePage.objects.get(pk=response.json()["id"])
    assert list(page.members.values_list("person_id", flat=True)) == [person_id(0), person_id(1)]


def test_a_team_title_with_one_person_is_refused_by_the_admin_rule(api, editor):
    from wagtail.models import Page

    from honors.models import HonorGalleryImage

    pages, rows = Page.objects.count(), HonorGalleryImage.objects.count()
    body = profile_body()
    body["honor_title_id"] = honor_title(is_team=True).pk

    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 422
    assert error_messages(response)["person"] == (
        "团队称号不关联单个人物，请在“团队成员”中添加成员。"
    )
    assert Page.objects.count() == pages and HonorGalleryImage.objects.count() == rows


def test_missing_required_content_is_named_field_by_field(api, editor):
    from wagtail.models import Page

    from honors.models import HonorIndexPage

    pages = Page.objects.count()
    body = {
        "meta": {"type": "honors.HonorProfilePage", "parent_id": HonorIndexPage.objects.get().pk},
        "title": "只有标题",
    }
    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 422
    messages = error_messages(response)
    # The schema names what the request lacks, in Chinese, with its place.
    place = "body.data.honors.HonorProfilePage"
    assert messages == {
        f"{place}.honor_title_id": "缺少此项。",
        f"{place}.year": "缺少此项。",
        f"{place}.citation": "缺少此项。",
    }
    assert Page.objects.count() == pages


def oral_history_body(**changes):
    from wagtailmedia.models import Media

    from honors.models import OralHistoryIndexPage

    body = {
        "meta": {
            "type": "honors.OralHistoryPage",
            "parent_id": OralHistoryIndexPage.objects.get().pk,
        },
        "title": "接口录入：上甘岭的坑道",
        "interviewee_id": person_id(),
        "video_id": demo(Media, type="video").pk,
        "poster_image_id": image_id(),
        "era": "korea",
        "recorded_date": "2026-03-12",
        "recorded_place": "青山镇服务站",
        "summary": "老兵讲述坑道里的二十四天。",
        "chapters": [{"start": 0, "title": "入朝"}, {"start": 30, "title": "坑道"}],
        "segments": [
            {"start": 0, "end": 12.5, "speaker": "采访者", "text": "您是哪一年入朝的？"},
            {"start": 12.5, "end": 40, "speaker": "老兵", "text": "一九五二年秋天。"},
            {"start": 40, "end": 75.25, "speaker": "老兵", "text": "坑道里最缺的是水。"},
        ],
    }
    body.update(changes)
    return body


def test_an_oral_history_is_created_with_its_time_coded_transcript(api, editor):
    from honors.models import OralHistoryPage

    response = api.post("/api/v3/pages/", oral_history_body(), editor)

    assert response.status_code == 201, response.content
    data = response.json()
    assert [line["text"] for line in data["transcript"]] == [
        "您是哪一年入朝的？",
        "一九五二年秋天。",
        "坑道里最缺的是水。",
    ]
    assert data["transcript"][2] == {
        "number": 3,
        "start": 40.0,
        "end": 75.25,
        "speaker": "老兵",
        "text": "坑道里最缺的是水。",
    }
    assert data["chapter_list"] == [
        {"start": 0.0, "title": "入朝"},
        {"start": 30.0, "title": "坑道"},
    ]
    page = OralHistoryPage.objects.get(pk=data["id"])
    assert page.segments.count() == 3 and page.era_label == "抗美援朝"


def test_an_overlapping_transcript_writes_nothing_not_even_the_good_segments(api, editor):
    from wagtail.models import Page

    from honors.models import OralHistoryChapter, TranscriptSegment

    before = (
        Page.objects.count(),
        TranscriptSegment.objects.count(),
        OralHistoryChapter.objects.count(),
    )
    body = oral_history_body()
    body["segments"][2]["start"] = 30  # starts before the previous line ends

    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 422
    messages = error_messages(response)
    assert "第 3 段" in messages["segments.2.start"] and "重叠" in messages["segments.2.start"]
    after = (
        Page.objects.count(),
        TranscriptSegment.objects.count(),
        OralHistoryChapter.objects.count(),
    )
    assert after == before


def test_a_time_code_is_seconds_and_anything_else_is_a_chinese_field_error(api, editor):
    from wagtail.models import Page

    pages = Page.objects.count()
    body = oral_history_body()
    body["segments"][0]["end"] = "1:75"
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    place = "body.data.honors.OralHistoryPage.segments.0.end"
    assert error_messages(response) == {place: "应为数字。"}
    assert Page.objects.count() == pages


def test_updating_a_live_transcript_saves_a_draft_and_replaces_the_rows(api, editor):
    from honors.models import OralHistoryPage

    page = demo(OralHistoryPage, live=True)
    live_lines = list(page.segments.values_list("text", flat=True))
    assert len(live_lines) > 1
    body = {
        "meta": {"type": "honors.OralHistoryPage"},
        "summary": "接口修改的摘要",
        "segments": [{"start": 0, "end": 9, "speaker": "老兵", "text": "只剩这一段。"}],
    }
    response = api.patch(f"/api/v3/pages/{page.pk}/", body, editor)

    assert response.status_code == 200, response.content
    draft = OralHistoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.summary == "接口修改的摘要"
    assert [s.text for s in draft.segments.all()] == ["只剩这一段。"]
    # Visitors keep seeing the published transcript until the draft is reviewed.
    public = api.get(f"/api/v3/pages/{page.pk}/").json()
    assert [line["text"] for line in public["transcript"]] == live_lines
    assert public["summary"] != "接口修改的摘要"


def test_news_takes_rich_text_tags_and_a_cover_image(api, editor):
    from home.models import NewsIndexPage, NewsPage

    body = {
        "meta": {"type": "home.NewsPage", "parent_id": NewsIndexPage.objects.get().pk},
        "title": "接口发布的工作动态",
        "date": "2026-11-30",
        "lead": "导语",
        "cover_image_id": image_id(),
        "tags": ["双拥", "政策宣传"],
        "body": [
            {"type": "paragraph", "value": '<p>见<a href="https://example.org/">链接</a>。</p>'},
            {"type": "related_page", "value": {"page": news_id(), "note": "延伸阅读"}},
        ],
    }
    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(data["tag_names"]) == ["双拥", "政策宣传"]
    assert data["cover_image_url"].startswith("/media/images/")
    page = NewsPage.objects.get(pk=data["id"])
    assert sorted(page.tags.names()) == ["双拥", "政策宣传"]
    assert 'href="https://example.org/"' in str(page.body[0].value)


def test_a_paragraph_block_with_an_unknown_type_is_a_422(api, editor):
    from home.models import HomePage

    body = {
        "meta": {"type": "home.StandardPage", "parent_id": HomePage.objects.get().pk},
        "title": "块类型错误",
        "body": [{"type": "script", "value": "<script>alert(1)</script>"}],
    }
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    assert response.json()["title"] == "提交内容不符合要求"


def station_body():
    from volunteers.models import StationIndexPage

    return {
        "meta": {"type": "volunteers.StationPage", "parent_id": StationIndexPage.objects.get().pk},
        "title": "接口录入的村社服务站",
        "level": "community",
        "address": "青山镇青山村 1 号",
        "latitude": "30.1",
        "longitude": "120.2",
        "services": "政策咨询\n帮扶援助",
        "honours": [{"kind": "star", "stars": 4, "year": 2025}, {"kind": "red", "year": 2024}],
        "roster": [{"person_id": person_id(), "start_date": "2026-01-01", "end_date": None}],
        "feature_images": [{"image_id": image_id(), "caption": "活动室"}],
    }


def martyr_body():
    from honors.memorial.models import MartyrPage, MemorialFacilityPage, MemorialHallPage

    return (
        {
            "meta": {"type": "memorial.MartyrPage", "parent_id": MemorialHallPage.objects.get().pk},
            "title": "接口录入的英烈",
            "gender": "male",
            "birth_year": 1930,
            "death_year": 1952,
            "death_month": 10,
            "era": "korea",
            "hometown": "青川区青山镇",
            "resting_place_id": demo(MemorialFacilityPage).pk,
            "portrait_id": image_id(),
            "deeds": [{"type": "paragraph", "value": "<p>在上甘岭战役中英勇牺牲。</p>"}],
            "sources": [],
        }
        if MartyrPage
        else None
    )


def activity_body():
    from volunteers.models import BrigadePage, StationPage, VolunteerIndexPage

    return {
        "meta": {
            "type": "volunteers.ActivityPage",
            "parent_id": VolunteerIndexPage.objects.get().pk,
        },
        "title": "接口录入的志愿活动",
        "date": "2026-11-20",
        "place": "青山村文化礼堂",
        "station_id": demo(StationPage, live=True).pk,
        "brigades": [demo(BrigadePage, live=True).pk],
        "turnout": 12,
        "service_hours": "24.5",
        "photos": [{"image_id": image_id(), "caption": "反诈宣传"}],
    }


def brigade_body():
    from volunteers.models import VolunteerBrand, VolunteerIndexPage

    return {
        "meta": {
            "type": "volunteers.BrigadePage",
            "parent_id": VolunteerIndexPage.objects.get().pk,
        },
        "title": "接口录入的应急救援队",
        "brand_id": demo(VolunteerBrand).pk,
        "speciality": "rescue",
        "leader_name": "陈队长",
        "founded_year": 2020,
        "member_count": 18,
        "photos": [{"image_id": image_id(), "caption": "集结"}],
    }


def facility_body():
    from honors.memorial.models import MemorialHallPage

    return {
        "meta": {
            "type": "memorial.MemorialFacilityPage",
            "parent_id": MemorialHallPage.objects.get().pk,
        },
        "title": "接口录入的纪念碑",
        "kind": "monument",
        "location": "青山镇烈士山",
        "visiting_hours": "全天开放",
        "photos": [
            {
                "type": "photo",
                "value": {"image": image_id(), "alt_text": "纪念碑正面", "caption": ""},
            }
        ],
    }


def lesson_body():
    from education.models import LessonIndexPage
    from honors.memorial.models import MartyrPage

    return {
        "meta": {"type": "education.LessonPage", "parent_id": LessonIndexPage.objects.get().pk},
        "title": "接口录入的红色教育课",
        "grade_band": "junior",
        "theme": "martyrs",
        "duration_minutes": 45,
        "learning_goals": "了解英烈事迹\n学会讲述",
        "materials": [
            {"type": "martyr", "value": {"page": demo(MartyrPage, live=True).pk, "note": ""}}
        ],
        "activities": [
            {
                "type": "activity",
                "value": {"title": "讲一讲", "minutes": 10, "description": "分组讲述。"},
            }
        ],
    }


@pytest.mark.parametrize(
    ("build", "field", "expected"),
    [
        (
            station_body,
            "honour_list",
            [
                {"kind": "star", "title": "四星级服务站", "stars": 4, "year": 2025},
                {"kind": "red", "title": "红色服务站", "stars": None, "year": 2024},
            ],
        ),
        (martyr_body, "death_date_text", "1952年10月"),
        (activity_body, "turnout", 12),
        (brigade_body, "leader_name", "陈队长"),
        (facility_body, "kind", "monument"),
        (lesson_body, "duration_label", "45 分钟"),
    ],
    ids=["station", "martyr", "activity", "brigade", "facility", "lesson"],
)
def test_every_page_type_is_writable(api, editor, build, field, expected):
    from wagtail.models import Page

    response = api.post("/api/v3/pages/", build(), editor)

    assert response.status_code == 201, response.content
    assert response.json()[field] == expected
    assert Page.objects.get(pk=response.json()["id"]).live is False


def test_a_station_roster_written_by_id_reads_back_without_private_data(api, editor):
    from honors.models import Person

    person = Person.objects.get(pk=person_id())
    person.phone, person.id_number = "13800001111", "330100195001011234"
    person.save()
    response = api.post("/api/v3/pages/", station_body(), editor)

    assert response.status_code == 201, response.content
    assert response.json()["roster_public"] == [
        {"name": person.name, "start_date": "2026-01-01", "end_date": None, "current": True}
    ]
    assert "13800001111" not in response.content.decode()
    assert "330100195001011234" not in response.content.decode()


def test_a_martyr_family_contact_cannot_be_written_or_read_through_the_api(api, editor):
    from honors.memorial.models import MartyrPage

    body = martyr_body()
    body["family_phone"] = "13900002222"
    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 201, response.content
    assert "13900002222" not in response.content.decode()
    page = MartyrPage.objects.get(pk=response.json()["id"])
    assert page.family_phone == ""


def test_a_station_honour_breaking_the_admin_rule_writes_no_row(api, editor):
    from wagtail.models import Page

    from volunteers.models import StationHonour

    before = Page.objects.count(), StationHonour.objects.count()
    body = station_body()
    body["honours"][0]["stars"] = None  # a star station must say how many stars
    response = api.post("/api/v3/pages/", body, editor)

    assert response.status_code == 422
    assert error_messages(response)["honours.0.stars"] == "星级服务站请填写星级（1—5）。"
    assert (Page.objects.count(), StationHonour.objects.count()) == before


def test_dates_are_checked_like_in_the_admin(api, editor):
    body = martyr_body()
    body.update(birth_year=1960, death_year=1952)
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    assert error_messages(response)["death_year"] == "牺牲年份不能早于出生年份。"
    assert timezone.now()  # the request itself did not fail


def test_a_page_made_through_the_api_gets_a_pinyin_address_like_in_the_admin(api, editor):
    body = oral_history_body(title="长津湖战役：冰雪中的坚守")
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 201, response.content
    assert response.json()["meta"]["slug"] == "changjinhu-zhanyi-bingxue-zhong-de-jianshou"
    again = api.post("/api/v3/pages/", body, editor)
    assert again.json()["meta"]["slug"] == "changjinhu-zhanyi-bingxue-zhong-de-jianshou-2"
    # A slug the client chose in Latin letters is kept.
    own = api.post("/api/v3/pages/", oral_history_body(slug="changjin-lake"), editor)
    assert own.json()["meta"]["slug"] == "changjin-lake"


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("30.2", None, "longitude", "经度和纬度需要同时填写或同时留空。"),
        ("95", "120.1", "latitude", "确保该值小于或等于90。"),
    ],
)
def test_a_memorial_facility_needs_both_coordinates_in_range(
    api, editor, latitude, longitude, field, message
):
    """Stations and facilities share one rule: a half-filled or impossible position is
    refused in Chinese, and nothing is written."""
    from wagtail.models import Page

    from honors.memorial.models import MemorialHallPage

    pages = Page.objects.count()
    body = {
        "meta": {
            "type": "memorial.MemorialFacilityPage",
            "parent_id": MemorialHallPage.objects.get().pk,
        },
        "title": "接口录入的纪念设施",
        "kind": "cemetery",
        "location": "青山镇",
        "latitude": latitude,
        "longitude": longitude,
    }
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 422
    assert error_messages(response)[field] == message
    assert Page.objects.count() == pages
