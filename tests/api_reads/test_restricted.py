"""Pages under a view restriction stay out of the public API, from the first answer after
the restriction is added (the API reads restrictions from the cache, like the HTML side).
A visitor whose session passed the page's password reads it, as with Wagtail's own API."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from home.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db

NOT_FOUND = "页面不存在，或尚未发布。"


def detail(client, page):
    return client.get(f"/api/v3/pages/{page.pk}/")


def listed_ids(client):
    response = client.get("/api/v3/pages/", {"type": "home.NewsPage", "limit": 20})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def assert_hidden(client, page):
    response = detail(client, page)
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_FOUND
    assert page.pk not in listed_ids(client)


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "qingming"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
    ids=["password", "login"],
)
def test_a_page_is_hidden_from_the_first_answer_after_its_restriction(client, restriction):
    story = NewsPage.objects.live().order_by("path").first()
    # Read before: the restrictions, the page's type and its parent are all cached now.
    assert detail(client, story).status_code == 200
    assert story.pk in listed_ids(client)
    restricted = PageViewRestriction.objects.create(page=story, **restriction)
    assert_hidden(client, story)
    restricted.delete()
    assert detail(client, story).json()["title"] == story.title
    assert story.pk in listed_ids(client)


def test_a_restricted_section_hides_every_page_below_it(client):
    index = NewsIndexPage.objects.get()
    story = NewsPage.objects.live().child_of(index).first()
    assert detail(client, story).status_code == 200
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert detail(client, index).status_code == 404
    assert_hidden(client, story)


def test_a_visitor_who_entered_the_password_reads_the_page(client):
    story = NewsPage.objects.live().order_by("path").first()
    assert detail(client, story).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="qingming"
    )
    visitor = Client()
    assert detail(visitor, story).status_code == 404
    visitor.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/",
        {"password": "qingming", "return_url": story.url},
    )
    response = detail(visitor, story)
    assert response.status_code == 200
    assert response.json()["title"] == story.title
    # Read with a session: kept by nobody else.
    assert response["Cache-Control"] == "private, no-store"
    assert_hidden(client, story)


def test_a_page_unpublished_after_it_was_read_is_gone(client):
    story = NewsPage.objects.live().order_by("path").first()
    assert detail(client, story).status_code == 200
    story.unpublish()
    response = detail(client, story)
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_FOUND
