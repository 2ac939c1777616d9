"""At Qingming martyrs' pages come from the page cache, yet every visitor still gets a
working tribute form of their own and sees approved messages at once."""

import re

import pytest
from django.test import Client

from core.page_cache import CSRF_PLACEHOLDER
from honors.memorial.models import Tribute, TributeMessage
from honors.memorial.moderation import decide

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACTION = re.compile(r'<form method="post" action="([^"]+)" class="tribute-form"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def visit(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
    return response, TOKEN.search(html).group(1)


def form_action(response):
    """Where the page's no-JavaScript tribute form posts."""
    return ACTION.search(response.content.decode()).group(1)


def test_martyr_page_is_cached_and_each_visitor_gets_a_token_of_their_own(martyr):
    first_visitor, second_visitor = Client(), Client()
    first, first_token = visit(first_visitor, martyr.url)
    second, second_token = visit(second_visitor, martyr.url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    # Each visitor is handed a CSRF cookie that their own token matches.
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert first_token != second_token


def test_form_from_a_cached_copy_is_accepted(martyr):
    Client().get(martyr.url)  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page, token = visit(visitor, martyr.url)
    assert page["X-Page-Cache"] == "hit"
    before = Tribute.objects.filter(martyr=martyr, kind="bow").count()
    assert form_action(page) == f"{martyr.url}tribute/"
    response = visitor.post(form_action(page), {"kind": "bow", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Tribute.objects.filter(martyr=martyr, kind="bow").count() == before + 1
    # Back on the page, with a confirmation: not a cached copy, and the count is current.
    back = visitor.get(martyr.url)
    assert "X-Page-Cache" not in back
    html = back.content.decode()
    assert "您已向英烈鞠躬，谢谢您的缅怀。" in html
    assert f'<strong data-count="bow">{before + 1}</strong>' in html


def test_returning_visitor_keeps_their_token_cookie(martyr):
    visitor = Client(enforce_csrf_checks=True)
    first, _ = visit(visitor, martyr.url)
    cookie = first.cookies["csrftoken"].value
    again, token = visit(visitor, martyr.url)
    assert again["X-Page-Cache"] == "hit"
    # Their token cookie is renewed with the same secret, never replaced.
    assert again.cookies["csrftoken"].value == cookie
    response = visitor.post(form_action(again), {"kind": "flower", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_cached_counts_are_reloaded_from_the_api(client, martyr):
    html = client.get(martyr.url).content.decode()
    assert f'data-refresh="/api/v3/memorial/martyrs/{martyr.pk}/counts"' in html


def test_approving_a_message_shows_it_on_the_cached_page(
    client, martyr, django_capture_on_commit_callbacks
):
    message = TributeMessage.objects.create(
        martyr=martyr, text="清明时节，缅怀英雄。", status=TributeMessage.Status.PENDING
    )
    assert "清明时节，缅怀英雄。" not in client.get(martyr.url).content.decode()
    assert client.get(martyr.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        decide(TributeMessage.objects.filter(pk=message.pk), "approve", None)
    assert "清明时节，缅怀英雄。" in client.get(martyr.url).content.decode()


def test_a_message_quoting_the_placeholder_is_shown_as_written(client, martyr):
    TributeMessage.objects.create(
        martyr=martyr, text=f"缅怀{CSRF_PLACEHOLDER}英雄", status=TributeMessage.Status.APPROVED
    )
    html = client.get(martyr.url).content.decode()
    assert "缅怀&lt;!--page-cache-csrf-token--&gt;英雄" in html


def _count(html, scope, kind):
    box = html.split(f'data-tribute-counts="{scope}"', 1)[1]
    return int(re.search(rf'<strong data-count="{kind}">(\d+)</strong>', box).group(1))


def test_visitor_without_javascript_sees_their_tribute_counted_on_their_next_visit(
    martyr, hall, home_page
):
    """The page keeps coming from the cache, but its numbers are current."""
    from honors.memorial.models import Campaign

    Client().get(martyr.url)  # earlier visitors filled the cache
    Client().get(hall.url)
    Client().get("/")
    visitor = Client(enforce_csrf_checks=True)
    page, token = visit(visitor, martyr.url)
    html = page.content.decode()
    before, total_before = _count(html, "martyr", "flower"), _count(html, "martyr", "total")
    campaign = Campaign.objects.active().get()
    campaign_before = campaign.totals()["total"]
    hall_before = hall.tribute_totals["kinds"][0]["count"]

    visitor.post(form_action(page), {"kind": "flower", "csrfmiddlewaretoken": token})
    visitor.get(martyr.url)  # the confirmation, shown once
    # That response expired the messages cookie: a browser drops it, the test client
    # keeps it empty.
    assert visitor.cookies["messages"].value == ""
    del visitor.cookies["messages"]

    again = visitor.get(martyr.url)
    assert again["X-Page-Cache"] == "hit"
    html = again.content.decode()
    assert _count(html, "martyr", "flower") == before + 1
    assert _count(html, "martyr", "total") == total_before + 1
    assert _count(html, "campaign", "total") == campaign_before + 1

    home = visitor.get("/")
    assert home["X-Page-Cache"] == "hit"
    assert _count(home.content.decode(), "campaign", "total") == campaign_before + 1

    listing = visitor.get(hall.url)
    assert listing["X-Page-Cache"] == "hit"
    assert _count(listing.content.decode(), "hall", "flower") == hall_before + 1
    card = listing.content.decode().split(f'href="{martyr.url}"', 1)[1]
    assert re.search(r"祭扫 (\d+) 次", card).group(1) == str(total_before + 1)


def test_cached_numbers_stay_when_the_database_cannot_refresh_them(client):
    from django.db import DatabaseError
    from django.http import HttpResponse

    from core import page_cache

    calls = []

    def unavailable(keys):
        calls.append(keys)
        raise DatabaseError("server closed the connection")

    page_cache.register_live_fragment("test-unavailable", unavailable)
    stored = f"<p>合计 {page_cache.live_fragment('test-unavailable', 7, '41')} 次</p>".encode()
    response = page_cache.PageCacheMiddleware._filled(
        client.get("/").wsgi_request, HttpResponse(stored), stored=True
    )
    assert calls == [[7]]
    assert response.content.decode() == "<p>合计 41 次</p>"


def test_a_cached_martyr_page_costs_two_cache_reads_and_no_query(
    martyr, monkeypatch, django_assert_num_queries
):
    """At Qingming every hit counts: the versions (the live counts' own too) and the
    parameters the page reads in one read, then the copy; the counts come from worker
    memory."""
    from core import page_cache

    visitor = Client()
    visitor.get(martyr.url)
    visitor.get(martyr.url)
    calls = []
    real = page_cache.cache

    class Counting:
        def __getattr__(self, name):
            attribute = getattr(real, name)
            if not callable(attribute):
                return attribute

            def counted(*args, **kwargs):
                calls.append(name)
                return attribute(*args, **kwargs)

            return counted

    monkeypatch.setattr(page_cache, "cache", Counting())
    with django_assert_num_queries(0):
        response = visitor.get(martyr.url)
    assert response["X-Page-Cache"] == "hit"
    assert "网上祭扫" in response.content.decode()
    assert calls == ["get_many", "get"]
