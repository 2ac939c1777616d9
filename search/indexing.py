"""Keeping the index right: an outbox written with the change, applied after commit.

Publishing, unpublishing, moving, deleting and (un)restricting a page add ``IndexQueue`` rows in the same
transaction as the change. After commit the queue is applied to every engine; a row that
fails keeps its error and attempt count and is retried by ``process_search_queue`` or
with the next change. Nothing here ever raises into the editor's request.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .documents import page_documents, searchable_pages
from .models import IndexQueue

logger = logging.getLogger(__name__)
BATCH_SIZE = 200


def enqueue(page_ids, reason):
    """Queue ``page_ids`` for re-indexing and apply the queue once the transaction commits."""
    page_ids = sorted(set(page_ids))
    if not page_ids:
        return
    IndexQueue.objects.bulk_create([IndexQueue(page_id=pk, reason=reason) for pk in page_ids])
    transaction.on_commit(process_queue_safely)


def _subtree_ids(page):
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def _on_published(sender, instance, **kwargs):
    enqueue([instance.pk], "publish")


def _on_unpublished(sender, instance, **kwargs):
    enqueue(_subtree_ids(instance), "unpublish")


def _on_moved(sender, instance, **kwargs):
    enqueue(_subtree_ids(instance), "move")


def _on_slug_changed(sender, instance, **kwargs):
    enqueue(_subtree_ids(instance), "slug")


def _on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        enqueue([instance.pk], "delete")


def _on_restriction_changed(sender, instance, **kwargs):
    # A restricted page and everything under it leave the index; lifting it brings them back.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # None while the page itself is being deleted
        enqueue(_subtree_ids(page), "restrict")


def connect_signals():
    page_published.connect(_on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="search_page_moved")
    page_slug_changed.connect(_on_slug_changed, dispatch_uid="search_page_slug_changed")
    post_delete.connect(_on_deleted, dispatch_uid="search_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{signal is post_save}",
        )


def documents_for(page_ids):
    """Current documents of ``page_ids``: those of live public pages, none for the rest."""
    documents = []
    for page in searchable_pages().filter(pk__in=page_ids).specific():
        documents.extend(page_documents(page))
    return documents


def apply(page_ids, engines=None):
    """Bring every engine's entries for ``page_ids`` up to date (raises on failure)."""
    from .service import elastic_state, write_engines

    documents = documents_for(page_ids)
    errors = []
    for engine in engines or write_engines():
        if engine.name == "elasticsearch" and not elastic_state.available():
            errors.append("Elasticsearch 暂不可用，稍后重试")
            continue
        try:
            engine.replace(page_ids, documents)
        except Exception as error:
            if engine.name == "elasticsearch":
                elastic_state.failed(error)
            errors.append(f"{engine.name}: {error}")
    if errors:
        raise IndexingError("；".join(errors))


class IndexingError(RuntimeError):
    pass


def process_queue(limit=None):
    """Apply queued rows, oldest first; return (applied, failed) counts."""
    rows = list(IndexQueue.objects.order_by("pk")[: limit or 10_000])
    applied = failed = 0
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        page_ids = sorted({row.page_id for row in batch})
        try:
            apply(page_ids)
        except Exception as error:
            failed += len(batch)
            IndexQueue.objects.filter(pk__in=[row.pk for row in batch]).update(
                last_error=str(error)[:2000], last_attempt_at=timezone.now()
            )
            for row in batch:
                IndexQueue.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
        else:
            applied += len(batch)
            IndexQueue.objects.filter(pk__in=[row.pk for row in batch]).delete()
    return applied, failed


def process_queue_safely():
    """After-commit hook: a search outage must never reach the editor."""
    try:
        process_queue()
    except Exception:
        logger.exception("处理搜索索引队列时出错，条目保留在队列中")


def rebuild(progress=None, engines=None):
    """Re-index every searchable page from scratch; return the number of documents.

    The database engine is refilled in one transaction (readers see the old rows until
    commit); Elasticsearch gets a new versioned index that the alias moves to at the end.
    ``progress(done, total)`` is called as pages are read.
    """
    from .service import write_engines

    pages = searchable_pages()
    total = pages.count()
    # Changes queued from here on may not be in what is read below: keep them queued.
    last_queued = IndexQueue.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    documents = []
    for done, page in enumerate(pages.specific().iterator(chunk_size=200), start=1):
        documents.extend(page_documents(page))
        if progress and (done % 50 == 0 or done == total):
            progress(done, total)
    if progress and not total:
        progress(0, 0)
    for engine in engines or write_engines():
        engine.rebuild(documents)
    IndexQueue.objects.filter(pk__lte=last_queued).delete()
    return len(documents)
