"""Elasticsearch configured but unreachable (a closed local port): nothing visible breaks."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command

from home.models import NewsPage
from search import service
from search.models import IndexQueue

from .conftest import new_news
from .fake_es import BlackHole, FakeElasticsearch

pytestmark = pytest.mark.django_db


def warnings_about_elasticsearch(caplog):
    return [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and "Elasticsearch" in r.getMessage()
    ]


def test_search_page_and_api_answer_from_the_database(elasticsearch_down, client, caplog):
    caplog.set_level(logging.INFO)
    page = client.get("/search/", {"q": "招聘会"})
    assert page.status_code == 200
    assert 'href="/news/news-2026-10-28/"' in page.content.decode()

    api = client.get("/api/v3/search/", {"q": "招聘会"})
    assert api.status_code == 200
    data = api.json()
    assert data["engine"] == "database" and data["fallback"] is True
    assert data["hits"][0]["title"] == "退役军人专场招聘会提供岗位860个"

    suggest = client.get("/api/v3/search/suggest", {"q": "招聘"})
    assert suggest.status_code == 200 and suggest.json()


def test_the_log_says_it_once_not_per_request(elasticsearch_down, client, caplog):
    caplog.set_level(logging.DEBUG)
    for query in ["老兵", "服务站", "烈士", "志愿服务", "zjg"]:
        assert client.get("/search/", {"q": query}).status_code == 200
        assert client.get("/api/v3/search/", {"q": query}).status_code == 200
    records = warnings_about_elasticsearch(caplog)
    assert len(records) == 1
    assert "数据库引擎" in records[0].getMessage()
    # Nothing else (the transport's own retries) repeats it at warning level.
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


def test_publishing_works_and_the_queue_holds_the_change(
    elasticsearch_down, news_index, publish, caplog
):
    page = publish(news_index, new_news("江畔老兵义诊", "义诊活动服务老兵两百余人。"))
    assert page.live
    row = IndexQueue.objects.get(page_id=page.pk)
    assert row.attempts == 1 and row.last_error
    # Visitors already find it: the database engine was updated and answers.
    assert service.search("义诊").hits[0].title == "江畔老兵义诊"

    # The command retries (still down: the row stays, with one more attempt) …
    service.elastic_state.succeeded()
    call_command("process_search_queue", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.attempts == 2 and "elasticsearch" in row.last_error.lower()


def test_queue_keeps_what_elasticsearch_never_received(
    elasticsearch_down, news_index, publish, settings
):
    """Run without ELASTICSEARCH_URL, the command used to drop rows Elasticsearch never
    got; now it keeps them, says why, and delivers them once Elasticsearch is back."""
    page = publish(
        news_index,
        NewsPage(
            title="老兵理发队进社区",
            slug="lifa",
            lead="理发队每月进社区。",
            date=datetime.date(2026, 3, 4),
            body=[],
        ),
    )
    assert IndexQueue.objects.get(page_id=page.pk).pending == "elasticsearch"
    settings.ELASTICSEARCH_URL = ""  # a cron job started without the variable
    out = io.StringIO()
    call_command("process_search_queue", stdout=out)
    assert "成功 0 条，失败 1 条" in out.getvalue()
    assert "未设置 ELASTICSEARCH_URL" in out.getvalue()
    row = IndexQueue.objects.get(page_id=page.pk)
    assert row.pending == "elasticsearch" and "未设置 ELASTICSEARCH_URL" in row.last_error

    with FakeElasticsearch() as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        service.elastic_state.succeeded()  # the breaker's pause is over
        out = io.StringIO()
        call_command("process_search_queue", stdout=out)
        assert "成功 1 条" in out.getvalue()
        assert "老兵理发队进社区" in cluster.titles()
    assert not IndexQueue.objects.exists()


def test_black_holed_cluster_never_holds_up_publishing(news_index, publish, settings):
    """A cluster that accepts connections and never answers: the first change waits
    only the short indexing timeout, then the breaker stops every later change (and
    every process, through the shared cache) from calling it at all."""
    with BlackHole() as hole:
        settings.ELASTICSEARCH_URL = hole.url
        first = publish(news_index, new_news("江畔老兵义诊", "义诊活动服务老兵两百余人。"))
        assert first.live
        calls_after_first = len(hole.accepted)
        assert calls_after_first == 1
        second = publish(news_index, new_news("老兵书法展开幕", "书法展展出作品八十幅。"))
        assert second.live
        assert len(hole.accepted) == calls_after_first  # the breaker is open
        service.elastic_state.retry_at = 0  # another process: only the shared cache knows
        assert not service.elastic_state.available()
        # Visitors find both already (the database engine answers meanwhile).
        assert service.search("义诊").hits[0].title == "江畔老兵义诊"
        assert service.search("书法展").hits[0].title == "老兵书法展开幕"
        rows = IndexQueue.objects.filter(page_id__in=[first.pk, second.pk])
        assert sorted(row.pending for row in rows) == ["elasticsearch", "elasticsearch"]

    with FakeElasticsearch() as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        service.elastic_state.succeeded()
        call_command("process_search_queue", stdout=io.StringIO())
        assert {"江畔老兵义诊", "老兵书法展开幕"} <= set(cluster.titles())
    assert not IndexQueue.objects.exists()


def test_a_new_cluster_gets_the_whole_index_not_one_page(news_index, publish, settings):
    """The first change sent to a cluster without the index used to create an empty
    index holding one page, which then answered every search with nothing."""
    with FakeElasticsearch(index_exists=False) as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        page = publish(news_index, new_news("老兵义务植树", "植树活动。"))
        assert ("PUT", "/portal-search") not in cluster.requests
        assert not cluster.documents  # nothing half-built
        assert IndexQueue.objects.get(page_id=page.pk).pending == "elasticsearch"
        call_command("process_search_queue", stdout=io.StringIO())
        titles = cluster.titles()
        assert "老兵义务植树" in titles and "英烈纪念馆" in titles and len(titles) > 100
    assert not IndexQueue.objects.exists()


def test_a_synonym_saved_while_elasticsearch_is_down_reaches_it_later(
    elasticsearch_down, settings, django_capture_on_commit_callbacks
):
    from search.models import Synonym

    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms="戍边，守边")
    assert IndexQueue.objects.get(reason="synonyms").pending == "elasticsearch"
    with FakeElasticsearch() as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        service.elastic_state.succeeded()
        call_command("process_search_queue", stdout=io.StringIO())
        rules = [rule["synonyms"] for rule in cluster.synonym_sets["portal-search-synonyms"]]
        assert "戍边, 守边" in rules
    assert not IndexQueue.objects.exists()


def test_synonym_edits_do_not_fail_while_elasticsearch_is_down(elasticsearch_down):
    from search.models import Synonym

    Synonym.objects.create(terms="戍边，守边")
    assert service.parse_query("戍边").clauses == [[["戍边"], ["守边"]]]
