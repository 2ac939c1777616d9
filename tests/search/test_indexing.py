"""Keeping the index right: the outbox is written with the change and applied after commit."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from home.models import NewsPage, StandardPage
from search import service
from search.models import IndexQueue, SearchDocument

from .conftest import new_news

pytestmark = pytest.mark.django_db


def test_publishing_queues_in_the_same_transaction_and_applies_after_commit(
    database_engine, news_index, django_capture_on_commit_callbacks
):
    page = new_news("界碑旁的升旗仪式", "边境哨所老兵在界碑旁举行升旗仪式。")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            news_index.add_child(instance=page)
            page.save_revision().publish()
            # Written with the publish, before commit.
            assert IndexQueue.objects.filter(page_id=page.pk, reason="publish").exists()
        assert service.search("界碑").total == 0
    assert callbacks, "the queue is applied on commit"
    for callback in callbacks:
        callback()
    assert not IndexQueue.objects.exists()
    assert service.search("界碑").hits[0].title == "界碑旁的升旗仪式"


def test_unpublish_move_and_delete_update_the_index(
    database_engine, home_page, publish, django_capture_on_commit_callbacks
):
    page = publish(
        home_page, StandardPage(title="海防哨所的新营房", slug="yingfang", lead="新营房落成。")
    )
    assert service.search("新营房").total == 1

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    # Other pages that merely mention 营房 may still answer (relaxed match); this one not.
    assert "海防哨所的新营房" not in [hit.title for hit in service.search("新营房").hits]

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    section = publish(home_page, StandardPage(title="海防专题", slug="haifang", lead="专题页。"))
    with django_capture_on_commit_callbacks(execute=True):
        page.move(section, pos="last-child")
    assert service.search("新营房").hits[0].url == "/haifang/yingfang/"

    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert "海防哨所的新营房" not in [hit.title for hit in service.search("新营房").hits]
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()


def test_failed_changes_stay_queued_and_are_retried(
    settings, news_index, publish, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = ""
    from search.engines.database import DatabaseEngine

    original = DatabaseEngine.replace

    def broken(self, page_ids, documents):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(DatabaseEngine, "replace", broken)
    page = publish(news_index, new_news("老兵书画展开幕", "老兵书画展在文化馆开幕。"))
    assert page.live  # publishing did not fail
    row = IndexQueue.objects.get(page_id=page.pk)
    assert row.attempts == 1 and "磁盘已满" in row.last_error

    call_command("process_search_queue", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.attempts == 2

    monkeypatch.setattr(DatabaseEngine, "replace", original)
    # The next publish retries what is still queued.
    publish(news_index, new_news("老兵合唱团排练", "合唱团每周排练两次。"))
    assert not IndexQueue.objects.exists()
    assert service.search("书画展").total == 1


def test_process_search_queue_reports(database_engine):
    out = io.StringIO()
    call_command("process_search_queue", stdout=out)
    assert "队列为空" in out.getvalue()


def test_rebuild_command_shows_progress_and_rebuilds(database_engine):
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    output = out.getvalue()
    assert "█" in output and "完成" in output
    assert SearchDocument.objects.filter(kind="newspage").count() == NewsPage.objects.live().count()
    assert service.search("招聘会").hits[0].title == "退役军人专场招聘会提供岗位860个"


def test_rebuild_twice_gives_the_same_documents(database_engine):
    call_command("rebuild_search_index", stdout=io.StringIO())
    first = sorted(SearchDocument.objects.values_list("key", "title", "body_seg"))
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert sorted(SearchDocument.objects.values_list("key", "title", "body_seg")) == first


def test_a_page_unpublished_during_a_rebuild_stays_out(
    database_engine, home_page, publish, django_capture_on_commit_callbacks
):
    from search.indexing import rebuild

    page = publish(home_page, StandardPage(title="海岛新码头启用", slug="matou", lead="码头启用。"))
    unpublished = []

    def progress(done, total):
        # An editor unpublishes the page after the rebuild has read it, before it writes.
        if done == total and not unpublished:
            with django_capture_on_commit_callbacks(execute=True):
                page.unpublish()
            unpublished.append(page.pk)

    rebuild(progress=progress)
    assert unpublished
    assert "海岛新码头启用" not in [hit.title for hit in service.search("新码头").hits]
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()
    assert not IndexQueue.objects.exists()
