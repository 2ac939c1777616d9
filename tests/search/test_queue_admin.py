"""Superusers see what the search index still owes and can retry it from the admin."""

import pytest
from django.contrib.auth import get_user_model

from search import service
from search.engines.database import DatabaseEngine
from search.models import IndexQueue

from .conftest import new_news

pytestmark = pytest.mark.django_db

QUEUE = "/admin/search_queue/"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def failed_publish(database_engine, news_index, publish, monkeypatch):
    """A story published while the engine refuses writes: it waits in the queue."""

    def broken(self, page_ids, documents):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(DatabaseEngine, "replace", broken)
    page = publish(news_index, new_news("老兵书画展开幕", "老兵书画展在文化馆开幕。"))
    monkeypatch.undo()
    return page


def test_superuser_sees_failed_rows_with_page_reason_and_error(client, failed_publish):
    html = login(client, "admin").get(QUEUE).content.decode()
    assert "搜索索引队列" in html
    assert "老兵书画展开幕" in html and "发布" in html
    assert "磁盘已满" in html
    assert "等待写入 <strong>1</strong> 条，其中 <strong>1</strong> 条写入失败过" in html


def test_dashboard_warns_superusers_while_updates_fail(client, failed_publish):
    html = login(client, "admin").get("/admin/").content.decode()
    assert QUEUE in html  # the settings menu links to the queue
    assert "有 <strong>1</strong> 条索引更新写入失败" in html


def test_retry_button_writes_the_queue_and_says_so(client, failed_publish):
    assert service.search("书画展").total == 0
    response = login(client, "admin").post(QUEUE, follow=True)
    html = response.content.decode()
    assert "已写入 1 条索引更新，队列已清空。" in html
    assert not IndexQueue.objects.exists()
    assert service.search("书画展").hits[0].title == "老兵书画展开幕"
    assert "data-search-queue-failing" not in client.get("/admin/").content.decode()


def test_editors_and_reviewers_cannot_open_the_queue(client):
    for username in ("bianji", "shenhe"):
        login(client, username)
        assert client.get(QUEUE).status_code in (302, 403)
        assert client.post(QUEUE).status_code in (302, 403)
        assert QUEUE not in client.get("/admin/").content.decode()  # no menu entry
