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


def test_queue_drains_once_the_outage_is_over(elasticsearch_down, news_index, publish, settings):
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
    assert IndexQueue.objects.filter(page_id=page.pk).exists()
    settings.ELASTICSEARCH_URL = ""  # back to the embedded engine only
    out = io.StringIO()
    call_command("process_search_queue", stdout=out)
    assert "成功 1 条" in out.getvalue()
    assert not IndexQueue.objects.exists()


def test_synonym_edits_do_not_fail_while_elasticsearch_is_down(elasticsearch_down):
    from search.models import Synonym

    Synonym.objects.create(terms="戍边，守边")
    assert service.parse_query("戍边").clauses == [[["戍边"], ["守边"]]]
