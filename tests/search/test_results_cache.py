"""The same words asked again are answered from kept results, until the index changes.

A visitor who searched a moment before a story was published must find it on the next
search; an unpublished page must drop out; a synonym saved in the admin applies at once.
"""

import pytest

from search import service
from search.models import Synonym

from .conftest import new_news

pytestmark = pytest.mark.django_db

WORD = "鹭岛守望者"


def titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.context["results"].hits


def test_a_story_published_after_a_search_is_found_by_the_same_search(
    client, database_engine, news_index, publish
):
    assert service.search(WORD).total == 0
    assert service.search(WORD).total == 0  # kept

    page = publish(news_index, new_news(f"{WORD}志愿队巡江纪实", "沿江巡查，守护群众安全。"))

    found = service.search(WORD)
    assert [hit.url for hit in found.hits] == [page.url]
    assert any(hit.title == page.title for hit in titles(client, WORD))


def test_an_unpublished_story_drops_out_of_kept_results(
    client, database_engine, news_index, publish, django_capture_on_commit_callbacks
):
    page = publish(news_index, new_news(f"{WORD}宣讲团进校园", "老兵走进课堂讲述战斗故事。"))
    assert service.search(WORD).total == 1

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert service.search(WORD).total == 0
    assert titles(client, WORD) == []


def test_a_new_synonym_applies_to_a_search_made_just_before(
    database_engine, news_index, publish, django_capture_on_commit_callbacks
):
    publish(news_index, new_news(f"{WORD}巡江纪实", "沿江巡查。"))
    assert service.search("白鹭哨兵").total == 0

    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms=f"白鹭哨兵 => {WORD}")

    assert service.search("白鹭哨兵").total == 1


def test_filters_and_pages_are_kept_apart(database_engine):
    first = service.search("老兵", page=1)
    second = service.search("老兵", page=2)
    assert first.page == 1 and second.page == 2
    assert {hit.url for hit in first.hits}.isdisjoint({hit.url for hit in second.hits})
    narrowed = service.search("老兵", filters={"kind": "newspage"})
    assert narrowed.total < first.total
    assert {hit.type for hit in narrowed.hits} == {"newspage"}
