"""Keeping the index right: an outbox written with the change, applied after commit.

Publishing, unpublishing, moving, deleting and (un)restricting a page add ``IndexQueue`` rows in the same
transaction as the change. After commit the queue is applied to every engine; a row that
fails keeps its error and attempt count and is retried by ``process_search_queue`` or
with the next change. Nothing here ever raises into the editor's request.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .documents import page_documents, searchable_pages
from .models import IndexQueue

logger = logging.getLogger(__name__)
BATCH_SIZE = 200


NOT_CONFIGURED = (
    "本进程未设置 ELASTICSEARCH_URL：这条更新还没有送达 Elasticsearch，保留在队列中；"
    "在设置了 ELASTICSEARCH_URL 的环境中运行 process_search_queue 即可送达"
)
REBUILD_FENCE = "rebuild"
REBUILD_HOURS = 6
SYNONYMS = "synonyms"
MISSING_MARK = "还没有搜索索引"


def enqueue(page_ids, reason):
    """Queue ``page_ids`` for re-indexing and apply the queue once the transaction commits.

    Each row remembers the engines it must reach, so a process that cannot reach one of
    them (no ELASTICSEARCH_URL, cluster down) keeps the row for that engine."""
    from .service import write_engines

    page_ids = sorted(set(page_ids))
    if not page_ids:
        return
    pending = " ".join(engine.name for engine in write_engines())
    IndexQueue.objects.bulk_create(
        [IndexQueue(page_id=pk, reason=reason, pending=pending) for pk in page_ids]
    )
    transaction.on_commit(process_queue_safely)


def _subtree_ids(page):
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def on_published(sender, instance, **kwargs):
    enqueue([instance.pk], "publish")


def on_unpublished(sender, instance, **kwargs):
    enqueue(_subtree_ids(instance), "unpublish")


def on_moved(sender, instance, **kwargs):
    enqueue(_subtree_ids(instance), "move")


def on_slug_changed(sender, instance, **kwargs):
    enqueue(_subtree_ids(instance), "slug")


def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        enqueue([instance.pk], "delete")


def on_restriction_changed(sender, instance, **kwargs):
    # A restricted page and everything under it leave the index; lifting it brings them back.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # None while the page itself is being deleted
        enqueue(_subtree_ids(page), "restrict")


def documents_for(page_ids):
    """Current documents of ``page_ids``: those of live public pages, none for the rest."""
    documents = []
    for page in searchable_pages().filter(pk__in=page_ids).specific():
        documents.extend(page_documents(page))
    return documents


def _engines(in_request):
    """{name: engine} this process can write to; Elasticsearch with the short timeout
    while an editor waits, the long one in commands."""
    from .service import database_engine, elastic_engine

    engines = {"database": database_engine()}
    elastic = elastic_engine()
    if elastic is not None:
        engines["elasticsearch"] = elastic.for_request() if in_request else elastic.for_command()
    return engines


def apply(page_ids, engines=None, in_request=False):
    """Bring every engine's entries for ``page_ids`` up to date (raises on failure)."""
    delivered, errors = _deliver(page_ids, engines or list(_engines(in_request).values()))
    if errors:
        raise IndexingError("；".join(errors.values()))
    return delivered


def _deliver(page_ids, engines):
    """Write the current documents of ``page_ids`` to ``engines``; return the names of
    the engines that took them and {name: error} for the others."""
    from .service import elastic_state

    documents = documents_for(page_ids)
    delivered, errors = set(), {}
    for engine in engines:
        if engine.name == "elasticsearch" and not elastic_state.available():
            errors[engine.name] = "Elasticsearch 暂不可用（熔断中），稍后由队列重试"
            continue
        try:
            engine.replace(page_ids, documents)
        except Exception as error:
            if engine.name == "elasticsearch":
                from .engines.elastic import IndexMissing

                if not isinstance(error, IndexMissing):
                    elastic_state.failed(error)
            errors[engine.name] = f"{engine.name}: {error}"
        else:
            if engine.name == "elasticsearch":
                elastic_state.succeeded()
            delivered.add(engine.name)
    return delivered, errors


class IndexingError(RuntimeError):
    pass


def _rebuild_fence():
    """The marker of a rebuild in progress; one left by a rebuild that was killed is
    dropped after REBUILD_HOURS so the queue does not keep rows for ever."""
    fences = IndexQueue.objects.filter(reason=REBUILD_FENCE)
    fences.filter(created_at__lt=timezone.now() - datetime.timedelta(hours=REBUILD_HOURS)).delete()
    return fences.order_by("pk").first()


def process_queue(limit=None, in_request=False):
    """Apply queued rows, oldest first; return (applied, failed) counts.

    A row leaves the queue once every engine it names has taken it. While a rebuild is
    running, rows are applied but kept, so the rebuild applies them again after writing
    what it read (a page unpublished meanwhile must not come back)."""
    from .service import elastic_engine

    engines = _engines(in_request)
    fence = _rebuild_fence()
    if fence is None:  # rows a crashed rebuild kept after applying them
        IndexQueue.objects.filter(pending="").exclude(reason=REBUILD_FENCE).delete()
    applied, failed = _push_synonyms(engines)
    rows = list(
        IndexQueue.objects.exclude(reason__in=[REBUILD_FENCE, SYNONYMS]).order_by("pk")[
            : limit or 10_000
        ]
    )
    for start in range(0, len(rows), BATCH_SIZE):
        batch = [row for row in rows[start : start + BATCH_SIZE] if row.pending.split()]
        if not batch:
            continue
        page_ids = sorted({row.page_id for row in batch})
        wanted = {name for row in batch for name in row.pending.split()}
        available = [engines[name] for name in sorted(wanted) if name in engines]
        delivered, errors = _deliver(page_ids, available)
        if "elasticsearch" in wanted and elastic_engine() is None:
            errors["elasticsearch"] = NOT_CONFIGURED
        if not in_request and MISSING_MARK in errors.get("elasticsearch", ""):
            # A new cluster: build its index whole, which covers these rows too.
            rebuild(engines=[engines["elasticsearch"]])
            return process_queue(limit=limit)
        now = timezone.now()
        done, kept = [], []
        for row in batch:
            left = [name for name in row.pending.split() if name not in delivered]
            if not left and not (fence and row.pk > fence.pk):
                done.append(row.pk)
                applied += 1
                continue
            row.pending = " ".join(left)
            if left:
                failed += 1
                row.attempts += 1
                row.last_error = "；".join(errors.get(name, "") for name in left)[:2000]
                row.last_attempt_at = now
            else:
                applied += 1
            kept.append(row)
        # Two statements per batch, however many rows failed (an outage fails them all).
        IndexQueue.objects.filter(pk__in=done).delete()
        IndexQueue.objects.bulk_update(
            kept, ["pending", "attempts", "last_error", "last_attempt_at"]
        )
    return applied, failed


def enqueue_synonyms():
    """Remember that Elasticsearch must get the synonym list; sent at once when it
    answers, else by the next ``process_search_queue``."""
    from .service import elastic_engine

    if elastic_engine() is None:
        return
    if not IndexQueue.objects.filter(reason=SYNONYMS).exists():
        IndexQueue.objects.create(page_id=0, reason=SYNONYMS, pending="elasticsearch")
    transaction.on_commit(process_queue_safely)


def _push_synonyms(engines):
    from .service import elastic_state, push_synonyms

    row = IndexQueue.objects.filter(reason=SYNONYMS).first()
    if row is None:
        return 0, 0
    engine = engines.get("elasticsearch")
    error = NOT_CONFIGURED if engine is None else ""
    if engine is not None and elastic_state.available() and push_synonyms(engine):
        row.delete()
        return 1, 0
    row.attempts += 1
    row.last_error = error or "Elasticsearch 暂不可用，同义词表稍后重试"
    row.last_attempt_at = timezone.now()
    row.save(update_fields=["attempts", "last_error", "last_attempt_at"])
    return 0, 1


def process_queue_safely():
    """After-commit hook: a search outage must never reach the editor (short timeouts,
    the circuit breaker, and whatever fails stays queued)."""
    try:
        process_queue(in_request=True)
    except Exception:
        logger.exception("处理搜索索引队列时出错，条目保留在队列中")


def rebuild(progress=None, engines=None):
    """Re-index every searchable page from scratch; return the number of documents.

    The database engine is refilled in one transaction (readers see the old rows until
    commit); Elasticsearch gets a new versioned index that the alias moves to at the end.
    Changes made while the pages are read are applied again afterwards.
    ``progress(done, total)`` is called as pages are read.
    """
    engines = engines or list(_engines(in_request=False).values())
    fence = IndexQueue.objects.create(page_id=0, reason=REBUILD_FENCE, pending="")
    try:
        pages = searchable_pages()
        total = pages.count()
        documents = []
        for done, page in enumerate(pages.specific().iterator(chunk_size=200), start=1):
            documents.extend(page_documents(page))
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
        if progress and not total:
            progress(0, 0)
        for engine in engines:
            engine.rebuild(documents)
        rebuilt = {engine.name for engine in engines}
        # What changed while the pages were read, applied on top of what was read.
        later = IndexQueue.objects.filter(pk__gt=fence.pk).exclude(reason=REBUILD_FENCE)
        changed = sorted(set(later.values_list("page_id", flat=True)))
        delivered = _deliver(changed, engines)[0] if changed else rebuilt
        for row in IndexQueue.objects.exclude(reason__in=[REBUILD_FENCE, SYNONYMS]):
            covered = rebuilt if row.pk < fence.pk else delivered
            left = [name for name in row.pending.split() if name not in covered]
            if left:
                if left != row.pending.split():
                    row.pending = " ".join(left)
                    row.save(update_fields=["pending"])
            else:
                row.delete()
    finally:
        IndexQueue.objects.filter(pk=fence.pk).delete()
    return len(documents)
