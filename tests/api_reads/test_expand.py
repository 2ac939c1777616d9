"""A front end gets a page with its breadcrumbs, menu and children in one request."""

import pytest
from wagtail.models import Page, PageViewRestriction

from honors.models import HonorIndexPage, HonorProfilePage

from .conftest import assert_private_values_absent

pytestmark = pytest.mark.django_db
EXPAND_ALL = "breadcrumbs,navigation,children"


def detail(client, page, **params):
    return client.get(f"/api/v3/pages/{page.pk}/", params)


def test_profile_with_breadcrumbs_and_navigation(client):
    profile = HonorProfilePage.objects.live().get(slug="wang-deshun")
    response = detail(client, profile, expand="breadcrumbs,navigation")
    assert response.status_code == 200
    data = response.json()
    # The page itself is still all there, as without expand.
    assert data["title"] == profile.title and data["citation"] == profile.citation
    assert data["expanded"]["breadcrumbs"] == [
        {"id": profile.get_parent().pk, "title": "最美退役军人", "url": "/honors/"},
        {"id": profile.pk, "title": profile.title, "url": profile.url},
    ]
    navigation = data["expanded"]["navigation"]
    home = Page.objects.get(depth=2)
    menu = home.get_children().live().public().in_menu()
    assert [item["title"] for item in navigation] == [page.title for page in menu]
    assert {"title": "最美退役军人", "url": "/honors/"}.items() <= navigation[3].items()
    assert "children" not in data["expanded"]


def test_section_children_are_published_public_cards(client):
    index = HonorIndexPage.objects.live().get()
    hidden, restricted = HonorProfilePage.objects.live().child_of(index).order_by("path")[:2]
    hidden.unpublish()
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    response = detail(client, index, expand="children")
    assert response.status_code == 200
    children = response.json()["expanded"]["children"]
    visible = HonorProfilePage.objects.live().public().child_of(index)
    assert children["count"] == visible.count()
    ids = {card["id"] for card in children["items"]}
    assert hidden.pk not in ids and restricted.pk not in ids
    card = children["items"][0]
    profile = HonorProfilePage.objects.get(pk=card["id"])
    assert profile.display_image is not None
    assert card["type"] == "honors.HonorProfilePage"
    assert card["summary"] == profile.citation
    assert card["url"] == profile.url
    assert card["detail_url"] == f"/api/v3/pages/{profile.pk}/"
    assert card["image"]["alt"] == f"{profile.title}的照片"
    assert card["image"]["url"].startswith("/media/images/")
    assert client.get(card["image"]["url"]).status_code == 200


def test_expansions_repeat_or_combine_the_same_way(client):
    index = HonorIndexPage.objects.live().get()
    combined = detail(client, index, expand=EXPAND_ALL).json()["expanded"]
    repeated = client.get(
        f"/api/v3/pages/{index.pk}/?expand=children&expand=breadcrumbs&expand=navigation"
    ).json()["expanded"]
    assert combined == repeated
    assert set(combined) == {"breadcrumbs", "navigation", "children"}


@pytest.mark.parametrize(
    "value", ["comments", "children,owner", "../../etc", "面包屑", "children;drop", "x" * 400]
)
def test_unknown_expansions_are_refused_in_chinese(client, value):
    index = HonorIndexPage.objects.live().get()
    response = detail(client, index, expand=value)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "提交内容不符合要求"
    assert problem["errors"][0]["loc"] == ["query", "expand"]
    assert "breadcrumbs、navigation、children" in problem["errors"][0]["msg"]


def test_nul_in_expand_is_refused_in_chinese(client):
    index = HonorIndexPage.objects.live().get()
    response = client.get(f"/api/v3/pages/{index.pk}/?expand=children%00")
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]


def test_expanded_output_holds_no_private_data(client, private_values):
    for page in Page.objects.live().public().filter(depth__gte=2).specific():
        response = detail(client, page, expand=EXPAND_ALL)
        assert response.status_code == 200, page.url
        assert_private_values_absent(response.content.decode(), private_values)


def test_unpublished_page_is_not_expanded(client):
    profile = HonorProfilePage.objects.live().first()
    profile.unpublish()
    response = detail(client, profile, expand=EXPAND_ALL)
    assert response.status_code == 404
    assert "expanded" not in response.json()
