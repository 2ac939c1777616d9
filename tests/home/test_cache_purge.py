"""Publishing retires only the cached copies that show the page.

A visitor of a martyr's page keeps getting the cached copy while the news desk
publishes; the news listing, the home page and the pages that link to the story show
the change at once. Changes every page shows (contact details, navigation) still
retire every copy.
"""

import re

import pytest

from home.models import BureauContact, NewsIndexPage, NewsPage
from honors.memorial.models import MartyrPage
from honors.models import HonorProfilePage, HonorRelatedStory, OralHistoryPage
from volunteers.models import ActivityPage, StatsPage

pytestmark = pytest.mark.django_db

NEW_TITLE = "退役军人服务中心开展政策宣讲进社区活动（更新）"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def page_text(response):
    """The page as every visitor sees it: each one's own CSRF token left out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def cached(client, url):
    """The page twice: the second view must come from the cache, unchanged."""
    first = client.get(url)
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert page_text(second) == page_text(first)
    return second


def latest_story():
    return NewsPage.objects.live().order_by("-date", "-pk").first()


def test_publishing_a_story_keeps_martyr_and_profile_pages_cached(client):
    martyr = MartyrPage.objects.live().order_by("path").first()
    story = latest_story()
    unrelated = HonorProfilePage.objects.live().exclude(related_stories__story=story).first()
    before_martyr = cached(client, martyr.url)
    before_profile = cached(client, unrelated.url)
    cached(client, "/news/")
    cached(client, "/")

    story.title = NEW_TITLE
    story.save_revision().publish()

    martyr_view = client.get(martyr.url)
    assert martyr_view["X-Page-Cache"] == "hit"
    assert page_text(martyr_view) == page_text(before_martyr)
    profile_view = client.get(unrelated.url)
    assert profile_view["X-Page-Cache"] == "hit"
    assert page_text(profile_view) == page_text(before_profile)
    for url in ("/news/", "/", story.url):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert NEW_TITLE in response.content.decode(), url


def test_a_profile_that_links_the_story_shows_its_new_title(client):
    link = HonorRelatedStory.objects.filter(page__live=True, story__live=True).first()
    profile = link.page
    cached(client, profile.url)
    story = link.story.specific
    story.title = NEW_TITLE
    story.save_revision().publish()
    response = client.get(profile.url)
    assert response["X-Page-Cache"] == "miss"
    assert NEW_TITLE in response.content.decode()


def test_a_new_story_appears_on_the_listing_and_home_at_once(client):
    cached(client, "/news/")
    cached(client, "/")
    martyr = MartyrPage.objects.live().order_by("path").first()
    cached(client, martyr.url)
    index = NewsIndexPage.objects.live().first()
    story = NewsPage(
        title="新发布：双拥共建签约仪式举行", slug="purge-new-story", lead="签约仪式。"
    )
    story.date = latest_story().date
    index.add_child(instance=story)
    story.save_revision().publish()

    assert "新发布：双拥共建签约仪式举行" in client.get("/news/").content.decode()
    assert "新发布：双拥共建签约仪式举行" in client.get("/").content.decode()
    assert client.get(martyr.url)["X-Page-Cache"] == "hit"


def test_unpublishing_a_story_leaves_listings_but_not_martyr_pages(client):
    story = latest_story()
    martyr = MartyrPage.objects.live().order_by("path").first()
    assert story.title in cached(client, "/news/").content.decode()
    cached(client, martyr.url)
    story.unpublish()
    assert story.title not in client.get("/news/").content.decode()
    assert client.get(story.url).status_code == 404
    assert client.get(martyr.url)["X-Page-Cache"] == "hit"


def test_an_oral_history_publish_reaches_the_profiles_of_its_speaker(client):
    """Profiles list the oral histories of their people by query, not by link."""
    story = OralHistoryPage.objects.live().exclude(interviewee=None).first()
    profile = HonorProfilePage.objects.live().filter(person=story.interviewee).first()
    if profile is None:
        profile = HonorProfilePage.objects.live().filter(members__person=story.interviewee).first()
    assert profile is not None, "演示内容里应有讲述人的最美人物页"
    cached(client, profile.url)
    story.title = "口述历史：标题已更新"
    story.save_revision().publish()
    assert "口述历史：标题已更新" in client.get(profile.url).content.decode()


def test_the_stats_board_counts_a_newly_published_activity(client):
    stats = StatsPage.objects.live().first().url
    html = cached(client, stats).content.decode()
    activity = ActivityPage.objects.live().order_by("path").first()
    activity.unpublish()
    response = client.get(stats)
    assert response["X-Page-Cache"] == "miss"
    assert response.content.decode() != html


def test_contact_details_and_navigation_retire_every_copy(client):
    martyr = MartyrPage.objects.live().order_by("path").first()
    cached(client, martyr.url)
    contact = BureauContact.objects.first()
    contact.office_hours = "周一至周五 8:30—17:30（更新）"
    contact.save()
    response = client.get(martyr.url)
    assert response["X-Page-Cache"] == "miss"
    assert "周一至周五 8:30—17:30（更新）" in response.content.decode()

    cached(client, martyr.url)
    section = NewsIndexPage.objects.live().first()
    section.title = "工作动态（导航已更新）"
    section.save_revision().publish()
    response = client.get(martyr.url)
    assert response["X-Page-Cache"] == "miss"
    assert "工作动态（导航已更新）" in response.content.decode()


def test_a_renamed_volunteer_brand_shows_at_once(client):
    from volunteers.models import VolunteerBrand

    brand = VolunteerBrand.objects.filter(brigades__live=True).distinct().first()
    assert brand.name in cached(client, "/volunteers/").content.decode()
    brand.name = "钱潮老兵志愿服务品牌（更名）"
    brand.save()
    assert "钱潮老兵志愿服务品牌（更名）" in client.get("/volunteers/").content.decode()


def test_a_new_story_updates_the_tag_list_and_the_count_of_the_listing(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the listing is rendered afresh each time
    index = NewsIndexPage.objects.live().first()
    before = client.get("/news/").context["page_obj"].paginator.count
    assert "新标签甲" not in client.get("/news/").context["tags"]
    story = NewsPage(title="新标签的稿件", slug="tagged-new-story", lead="稿件。")
    story.date = latest_story().date
    index.add_child(instance=story)
    story.tags.add("新标签甲")
    story.save_revision().publish()
    response = client.get("/news/")
    assert response.context["page_obj"].paginator.count == before + 1
    assert "新标签甲" in response.context["tags"]
    assert "新标签的稿件" in client.get("/news/?tag=新标签甲").content.decode()


def test_facet_counts_follow_a_publish_and_an_unpublish(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    profile = HonorProfilePage.objects.live().order_by("path").first()
    url = f"/honors/?year={profile.year}"

    def year_count():
        facets = client.get("/honors/").context["facets"]
        year = next(f for f in facets if f.param == "year")
        return next((o.count for o in year.options if o.value == str(profile.year)), 0)

    before = year_count()
    listed = client.get(url).context["result_count"]
    profile.unpublish()
    assert year_count() == before - 1
    assert client.get(url).context["result_count"] == listed - 1
    assert profile.title not in client.get(url).content.decode()


def test_the_memorial_hall_filters_follow_a_publish(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    martyr = MartyrPage.objects.live().exclude(hometown="").order_by("path").first()
    before = client.get("/memorial/").context["page_obj"].paginator.count
    martyr.hometown = "新填写的籍贯乡"
    martyr.save_revision().publish()
    response = client.get("/memorial/")
    assert "新填写的籍贯乡" in response.context["hometowns"]
    martyr.unpublish()
    assert client.get("/memorial/").context["page_obj"].paginator.count == before - 1


def test_volunteer_totals_count_a_newly_published_activity(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    activity = ActivityPage.objects.live().order_by("path").first()
    before = client.get("/volunteers/").context["totals"]["activities"]
    activity.unpublish()
    after = client.get("/volunteers/").context["totals"]["activities"]
    assert after == before - 1
