"""Pages rendered afresh reuse what does not change between publishes.

With the page cache off, a listing's cards and a page found by its address are kept
per published version of the site (``{% published_fragment %}``, ``core.routing``).
A publish must still show at once everywhere the page appears, a draft must not,
and the martyr cards' tribute counts stay live.
"""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

from education.models import LessonPage
from home.models import NewsPage
from honors.memorial.models import MartyrPage
from honors.memorial.services import record_tribute
from honors.models import HonorProfilePage, OralHistoryPage
from volunteers.models import ActivityPage, BrigadePage, StationPage

pytestmark = pytest.mark.django_db

# Each kind of card and the listing that shows it: the page's parent.
CARDS = [MartyrPage, HonorProfilePage, OralHistoryPage, NewsPage, LessonPage]
CARDS += [BrigadePage, StationPage, ActivityPage]


def shown_on_parent(client, model):
    """A live page of ``model`` whose card its parent's page shows, and that page's URL."""
    for page in model.objects.live().order_by("path"):
        parent = page.get_parent().specific
        html = client.get(parent.url).content.decode()
        if f'href="{page.url}"' in html:
            return page, parent.url
    raise AssertionError(f"no card of {model.__name__} on its parent's page")


@pytest.mark.parametrize("model", CARDS, ids=lambda model: model.__name__)
def test_a_republished_title_shows_on_the_card_at_once(client, model):
    page, listing = shown_on_parent(client, model)
    assert client.get(listing).content.decode().count(page.title) >= 1

    new_title = f"{page.title}（修订稿）"
    page.title = new_title
    page.save_revision().publish()

    html = client.get(listing).content.decode()
    assert new_title in html
    assert client.get(page.url).content.decode().count(new_title) >= 1


def test_a_saved_draft_changes_neither_the_card_nor_the_page(client):
    page, listing = shown_on_parent(client, NewsPage)
    client.get(page.url)
    draft = NewsPage.objects.get(pk=page.pk)
    draft.title = "尚未发布的草稿标题"
    draft.save_revision()

    assert "尚未发布的草稿标题" not in client.get(listing).content.decode()
    assert "尚未发布的草稿标题" not in client.get(page.url).content.decode()


def test_an_unpublished_page_is_gone_from_its_address_and_its_listing(client):
    page, listing = shown_on_parent(client, HonorProfilePage)
    assert client.get(page.url).status_code == 200

    page.unpublish()

    assert client.get(page.url).status_code == 404
    assert f'href="{page.url}"' not in client.get(listing).content.decode()


def test_a_martyr_card_counts_a_new_tribute_while_the_card_is_kept(client):
    martyr, hall = shown_on_parent(client, MartyrPage)

    def card_total():
        html = client.get(hall).content.decode()
        card = html.split(f'href="{martyr.url}"', 1)[1]
        return int(re.search(r"祭扫 (\d+) 次", card).group(1))

    before = card_total()
    record_tribute(martyr.pk, "flower")
    record_tribute(martyr.pk, "candle")
    assert card_total() == before + 2


def test_a_fragment_needs_a_quoted_name_and_a_key():
    with pytest.raises(TemplateSyntaxError, match="key"):
        Template(
            '{% load portal_tags %}{% published_fragment "card" %}x{% endpublished_fragment %}'
        )
    with pytest.raises(TemplateSyntaxError, match="quoted"):
        Template(
            "{% load portal_tags %}{% published_fragment card 1 %}x{% endpublished_fragment %}"
        )


def test_one_fragment_per_key(client):
    template = Template(
        '{% load portal_tags %}{% published_fragment "t" key %}{{ text }}{% endpublished_fragment %}'
    )
    assert template.render(Context({"key": 1, "text": "甲"})) == "甲"
    assert template.render(Context({"key": 2, "text": "乙"})) == "乙"
    # The same key within one published version: the kept HTML.
    assert template.render(Context({"key": 1, "text": "丙"})) == "甲"


def test_a_preview_shows_the_drafts_own_transcript_team_and_body(client):
    """Previews render what the draft holds, never the kept HTML of the live page."""
    oral = OralHistoryPage.objects.live().order_by("pk").first()
    profile = next(p for p in HonorProfilePage.objects.live() if p.members.exists())
    story = NewsPage.objects.live().order_by("pk").first()
    for page in (oral, profile, story):
        assert client.get(page.url).status_code == 200  # the live page's HTML is kept

    draft = oral.get_latest_revision_as_object()
    segments = list(draft.segments.all())
    segments[0].text = "草稿里改过的文字稿"
    draft.segments = segments
    assert "草稿里改过的文字稿" in draft.make_preview_request().content.decode()

    draft = profile.get_latest_revision_as_object()
    members = list(draft.members.all())
    members[0].role = "草稿里的新分工"
    draft.members = members
    assert "草稿里的新分工" in draft.make_preview_request().content.decode()

    draft = story.get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>草稿里的新正文</p>")]
    assert "草稿里的新正文" in draft.make_preview_request().content.decode()

    # The public pages still show what is published.
    for page, text in ((oral, "草稿里改过的文字稿"), (profile, "草稿里的新分工")):
        assert text not in client.get(page.url).content.decode()
    assert "草稿里的新正文" not in client.get(story.url).content.decode()


@pytest.mark.parametrize("model", [BrigadePage, ActivityPage], ids=lambda m: m.__name__)
def test_a_republished_photo_caption_shows_and_a_preview_shows_the_draft(client, model):
    page = next(p for p in model.objects.live().order_by("pk") if p.photos.exists())
    assert client.get(page.url).status_code == 200  # its photos' HTML is kept

    draft = page.get_latest_revision_as_object()
    photos = list(draft.photos.all())
    photos[0].caption = "草稿里的新图注"
    draft.photos = photos
    assert "草稿里的新图注" in draft.make_preview_request().content.decode()
    assert "草稿里的新图注" not in client.get(page.url).content.decode()

    draft.save_revision().publish()
    assert "草稿里的新图注" in client.get(page.url).content.decode()
