"""Page rules and what visitors see on profiles and oral histories (demo content)."""

import re

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, NewsIndexPage, StandardPage
from honors.models import (
    HonorIndexPage,
    HonorProfilePage,
    OralHistoryIndexPage,
    OralHistoryPage,
)


class PageTreeRules(WagtailPageTestCase):
    def test_index_pages_live_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, HonorIndexPage)
        self.assertCanCreateAt(HomePage, OralHistoryIndexPage)
        self.assertCanNotCreateAt(StandardPage, HonorIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, OralHistoryIndexPage)

    def test_profiles_and_oral_histories_only_in_their_section(self):
        self.assertAllowedSubpageTypes(HonorIndexPage, {HonorProfilePage})
        self.assertAllowedSubpageTypes(OralHistoryIndexPage, {OralHistoryPage})
        self.assertAllowedParentPageTypes(HonorProfilePage, {HonorIndexPage})
        self.assertAllowedParentPageTypes(OralHistoryPage, {OralHistoryIndexPage})
        self.assertAllowedSubpageTypes(HonorProfilePage, set())
        self.assertAllowedSubpageTypes(OralHistoryPage, set())
        self.assertCanNotCreateAt(HomePage, HonorProfilePage)
        self.assertCanNotCreateAt(OralHistoryIndexPage, HonorProfilePage)

    def test_one_section_of_each(self):
        self.assertFalse(HonorIndexPage.can_create_at(HomePage.objects.get()))
        self.assertFalse(OralHistoryIndexPage.can_create_at(HomePage.objects.get()))

    def test_every_demo_page_and_route_renders(self):
        for page in HonorProfilePage.objects.live():
            self.assertPageIsRenderable(page)
            self.assertPageIsRenderable(page, route_path="/poster/")
        for page in OralHistoryPage.objects.live():
            self.assertPageIsRenderable(page)
            self.assertPageIsRenderable(page, route_path="/poster/")
            self.assertPageIsRenderable(page, route_path="/captions/")
            self.assertPageIsRenderable(page, route_path="/transcript/")


@pytest.fixture
def oral_history(db):
    return OralHistoryPage.objects.live().get(slug="changjinhu-winter")


@pytest.fixture
def profile(db):
    return HonorProfilePage.objects.live().get(slug="wang-deshun")


def test_demo_has_enough_content(db):
    profiles = HonorProfilePage.objects.live()
    assert profiles.count() >= 12
    assert profiles.values("honor_title").distinct().count() >= 5
    assert profiles.values("year").distinct().count() >= 3
    assert profiles.values("street").distinct().count() >= 4
    assert profiles.filter(honor_title__is_team=True, members__isnull=False).exists()
    histories = OralHistoryPage.objects.live()
    assert histories.count() >= 6
    for page in histories:
        assert page.segments.count() >= 20
        assert page.video.file.size < 200 * 1024
        assert page.duration and page.duration > page.segments.last().end


def test_sections_are_in_the_menu_with_a_description(db):
    for model in (HonorIndexPage, OralHistoryIndexPage):
        index = model.objects.get()
        assert index.show_in_menus and index.search_description
        assert index.get_parent().specific_class is HomePage


def test_profile_shows_citation_facts_and_oral_history(client, profile):
    html = client.get(profile.url).content.decode()
    assert "<h1>王德顺：长津湖走出来的老战士</h1>" in html
    assert profile.citation in html
    assert "2024年度 · 市级" in html and "最美退役军人" in html
    assert "服役时间</dt><dd>1950—1956</dd>" in html
    # His oral history is found through the shared Person record, not typed twice.
    assert 'href="/oral-history/changjinhu-winter/"' in html
    assert f'href="{profile.url}poster/"' in html
    assert 'alt="王德顺：长津湖走出来的老战士的照片"' in html


def test_team_profile_lists_its_members(client, db):
    team = HonorProfilePage.objects.get(slug="qingshan-rescue-team")
    html = client.get(team.url).content.decode()
    assert "团队成员（4 人）" in html
    for name, role in [("冯亚军", "队长"), ("蒋明", "水上救援组组长")]:
        assert re.search(rf"{name}</span>\s*<span class=\"honors-member-role\">{role}", html)
    assert "人物档案" not in html


def test_oral_history_player_has_captions_and_a_linkable_transcript(client, oral_history):
    html = client.get(oral_history.url).content.decode()
    video = re.search(r"<video[^>]*>.*?</video>", html, re.S).group(0)
    assert f'src="{oral_history.video.url}"' in video
    assert (
        f'<track kind="captions" srclang="zh" label="中文字幕" src="{oral_history.url}captions/" default>'
        in video
    )
    segments = list(oral_history.segments.all())
    lines = re.findall(r'<li class="honors-segment" id="seg-(\d+)" data-start="([\d.]+)"', html)
    assert len(lines) == len(segments)
    assert lines[1] == ("2", "4")
    # Without JavaScript each line is a link that starts the video at that moment.
    assert 'href="?t=4#seg-2"' in html
    assert segments[1].text in html
    assert f'href="{oral_history.url}transcript/" download' in html


def test_t_parameter_starts_playback_there(client, oral_history):
    html = client.get(oral_history.url + "?t=24").content.decode()
    assert f'<source src="{oral_history.video.url}#t=24.000"' in html
    assert 'data-start="24.000"' in html
    for bad in ("-5", "abc", "99999", "nan", "inf"):
        html = client.get(oral_history.url, {"t": bad}).content.decode()
        assert "#t=" not in html and 'data-start="' not in html.split("<video", 1)[1].split(">")[0]


def test_captions_are_webvtt_from_the_segments(client, oral_history):
    from honors.transcripts import parse_webvtt

    response = client.get(oral_history.url + "captions/")
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    cues = parse_webvtt(response.content.decode())
    segments = list(oral_history.segments.all())
    assert [(c.start, c.end, c.speaker, c.text) for c in cues] == [
        (s.start, s.end, s.speaker, s.text) for s in segments
    ]


def test_transcript_downloads_as_plain_text(client, oral_history):
    response = client.get(oral_history.url + "transcript/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("长津湖的冬天\n")
    assert "讲述人：王德顺" in text
    assert "[00:04] 王德顺：1950年11月，我们部队从安东过的鸭绿江，那年我刚满十九岁。" in text
    assert text.count("\n[") == oral_history.segments.count()


def test_captions_escape_what_editors_type(client, oral_history):
    segment = oral_history.segments.first()
    segment.text = "零下<30>度 & 风 --> 雪"
    segment.save()
    body = client.get(oral_history.url + "captions/").content.decode()
    assert "零下&lt;30&gt;度 &amp; 风 --&gt; 雪" in body
    html = client.get(oral_history.url).content.decode()
    assert "零下&lt;30&gt;度 &amp; 风 --&gt; 雪" in html


def test_draft_pages_are_not_public(client, profile):
    profile.unpublish()
    assert client.get(profile.url).status_code == 404
    index_html = client.get(HonorIndexPage.objects.get().url + "?title=veteran").content.decode()
    assert profile.title not in index_html


def test_editing_a_person_refreshes_cached_pages(client, profile, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert "1950—1956" in client.get(profile.url).content.decode()
    person = profile.person
    person.discharged_year = 1957
    person.save()
    assert "1950—1957" in client.get(profile.url).content.decode()
