"""Packs in the API, in search and on the stats board."""

import pytest

from education.models import LessonPage
from search import service
from volunteers.models import StatsPage

pytestmark = pytest.mark.django_db


def test_api_gives_every_field_and_clips_with_their_range_and_media(client, lesson):
    response = client.get(f"/api/v3/pages/{lesson.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["type"] == "education.LessonPage"
    assert (data["grade_band"], data["grade_band_label"]) == ("junior", "初中")
    assert (data["theme"], data["theme_label"]) == ("korea", "抗美援朝")
    assert data["duration_minutes"] == 45
    assert data["learning_goal_list"] == lesson.learning_goal_list
    assert data["discussion_question_list"] == lesson.discussion_question_list
    assert data["teacher_notes"] == lesson.teacher_notes
    assert [a["value"]["title"] for a in data["activities"]] == ["口述史料摘录", "课后采访"]
    assert data["handouts"][0]["value"]["url"].startswith("/documents/")
    assert data["classroom_url"] == f"{lesson.url}classroom/"
    assert data["handout_url"] == f"{lesson.url}handout/"
    kinds = [item["type"] for item in data["material_list"]]
    assert kinds == ["clip", "profile", "martyr", "visit"]
    clip = data["material_list"][0]
    assert (clip["start"], clip["end"], clip["length"]) == (28.0, 60.0, 32.0)
    assert clip["video"]["url"] == "/media/media/oral-history-2.mp4"
    assert clip["video"]["clip_url"] == "/media/media/oral-history-2.mp4#t=28,60"
    assert clip["video"]["mime_type"] == "video/mp4"
    assert clip["captions_url"] == "/oral-history/shangganling-tunnel/captions/"
    assert clip["page"]["url"] == "/oral-history/shangganling-tunnel/"
    assert clip["transcript"], "the clip's transcript lines"
    assert all(line["end"] > 28 and line["start"] < 60 for line in clip["transcript"])
    assert clip["transcript"][0]["text"] == "又黑又挤，空气不流通，点一根蜡烛都点不着。"
    martyr = data["material_list"][2]
    assert martyr["title"] == "吴云山 烈士"
    assert {"label": "籍贯", "value": "江澜市青川区和平街道"} in martyr["facts"]


def test_api_lists_packs_by_type(client):
    response = client.get("/api/v3/pages/?type=education.LessonPage&limit=20")
    assert response.status_code == 200
    assert response.json()["count"] == LessonPage.objects.live().count() >= 6


def test_api_refuses_a_half_filled_pack_in_chinese(client, section, teacher):
    from portal.api_tokens import create_token, default_expiry

    _, token = create_token(
        user=teacher, name="测试", scopes={"read", "write"}, expires_at=default_expiry()
    )
    response = client.post(
        "/api/v3/pages/",
        {"meta": {"type": "education.LessonPage", "parent_id": section.pk}, "title": "接口新建"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422, response.content
    # Every field of a pack is writable through the API: each missing one is named.
    missing = {error["loc"][-1]: error["msg"] for error in response.json()["errors"]}
    assert missing["grade_band"] == "缺少此项。" and missing["theme"] == "缺少此项。"
    assert not LessonPage.objects.filter(title="接口新建").exists()


@pytest.mark.parametrize("query", ["红色教育", "中小学生", "初中 抗美援朝"])
def test_search_finds_packs(client, query):
    results = service.search(query)
    packs = [hit for hit in results.hits if hit.type == "lessonpage"]
    assert packs, [hit.title for hit in results.hits]
    assert all(hit.type_label == "红色教育课" for hit in packs)
    html = client.get("/search/", {"q": query}).content.decode()
    assert packs[0].title in html.replace("<mark>", "").replace("</mark>", "")


def test_search_finds_a_pack_by_its_goals_and_questions(client):
    results = service.search("一壶水", filters={"kind": "lessonpage"})
    assert [hit.title for hit in results.hits] == ["上甘岭的一壶水"]


def test_unpublished_pack_leaves_search_and_the_stats_board(
    client, lesson, django_capture_on_commit_callbacks
):
    def board():
        stats = client.get("/api/v3/stats/").json()
        return {f["key"]: f["count"] for f in stats["honours"]}

    before = board()
    live = LessonPage.objects.live()
    assert before["lessons"] == live.count()
    assert before["lesson_clips"] == sum(p.clip_count for p in live) >= 6
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    after = board()
    assert after["lessons"] == before["lessons"] - 1
    assert after["lesson_clips"] == before["lesson_clips"] - 1
    titles = [hit.title for hit in service.search("上甘岭").hits]
    assert "上甘岭的一壶水" not in titles


def test_stats_page_shows_packs_and_clips(client):
    html = client.get(StatsPage.objects.live().get().url).content.decode()
    live = LessonPage.objects.live()
    assert f'data-stat="lessons">{live.count()}<span class="vol-unit">套</span>' in html
    clips = sum(p.clip_count for p in live)
    assert f'data-stat="lesson_clips">{clips}<span class="vol-unit">段</span>' in html


def test_the_stats_api_counts_a_tribute_made_after_it_was_read(client):
    from honors.memorial.models import MartyrPage
    from honors.memorial.services import record_tribute

    def tributes():
        figures = client.get("/api/v3/stats/").json()["honours"]
        return next(f["count"] for f in figures if f["key"] == "tributes")

    before = tributes()
    assert tributes() == before  # answered again from the kept figures
    record_tribute(MartyrPage.objects.live().first().pk, "bow")
    assert tributes() == before + 1
