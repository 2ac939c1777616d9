"""Accepting a tribute: the one write path shared by the no-JS form and the JSON API.

A tribute is one INSERT plus two counter upserts (``count = count + 1`` in SQL, never
read-modify-write in Python) committed together, so no update is lost however many
visitors pay tribute at the same moment: on PostgreSQL a tribute without a message is
one statement (one round trip), otherwise one transaction. Counter rows are always
taken in the same order (total, then day), so concurrent tributes cannot deadlock.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from core import page_cache
from core import text as visitor_text

from . import limits, privacy, sensitive
from .models import (
    MartyrPage,
    Tribute,
    TributeCount,
    TributeDailyCount,
    TributeKind,
    TributeMessage,
)
from .models.tributes import counts_dict

NOT_FOUND = "找不到这位英烈的纪念页面，可能已调整，请返回英烈纪念馆查找。"
REJECTED = "您的留言含有不适宜发布的内容，未能提交，本次祭扫也未记录。请修改留言后重试。"
NICKNAME_MAX = 20
MESSAGE_MAX = 300
# What the database driver raises when the server is down, restarting or unreachable.
DATABASE_DOWN = (OperationalError, InterfaceError)


# {"kinds": [{"kind", "label", "count"}, …], "total": n}: what pages and the API show.
Counts = dict[str, Any]


class TributeRefused(Exception):
    """Why a tribute was not accepted, in words a visitor understands."""

    def __init__(self, status: int, notice: str, retry_after: int | None = None) -> None:
        super().__init__(notice)
        self.status = status
        self.notice = notice
        self.retry_after = retry_after


@dataclass
class Accepted:
    martyr_id: int
    kind: str
    message: TributeMessage | None
    counts: Counts

    @property
    def notice(self) -> str:
        text = f"您已向英烈{TributeKind(self.kind).label}，谢谢您的缅怀。"
        if self.message:
            text += "您的留言已提交，审核通过后将在页面展示。"
        return text


def clean_text(value: str, limit: int, label: str, multiline: bool = False) -> str:
    """Plain text as core.text cleans it (no controls, NUL, format or filler
    characters), length capped; text that shows nothing at all is refused."""
    if not isinstance(value, str):
        raise TributeRefused(400, f"{label}格式不正确。")
    if len(value) > 4 * limit:  # mostly invisible padding: not worth cleaning
        raise TributeRefused(400, f"{label}最多 {limit} 个字。")
    text = visitor_text.clean(value, multiline=multiline)
    if len(text) > limit:
        raise TributeRefused(400, f"{label}最多 {limit} 个字，当前 {len(text)} 个字。")
    if value.strip() and not visitor_text.has_visible(text):
        raise TributeRefused(400, f"{label}只有空格或看不见的字符，请填写文字，或者留空。")
    return text


def _counter_sql(model, key_columns):
    table = connection.ops.quote_name(model._meta.db_table)
    count = connection.ops.quote_name("count")
    columns = ", ".join(key_columns + ["count"])
    marks = ", ".join(["%s"] * len(key_columns))
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}, 1) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {count} = {table}.{count} + 1"
    )


def record_tribute(
    martyr_id: int,
    kind: str,
    visitor: str = "",
    nickname: str = "",
    text: str = "",
    matched: Iterable[str] = (),
) -> tuple[Tribute, TributeMessage | None]:
    """Store one tribute (and its message, if any) with its counters, atomically."""
    now = timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        tribute = Tribute.objects.create(
            martyr_id=martyr_id, kind=kind, day=day, created_at=now, visitor=visitor
        )
        message = None
        if text:
            message = TributeMessage.objects.create(
                martyr_id=martyr_id,
                tribute=tribute,
                nickname=nickname,
                text=text,
                matched_words=list(matched),
                created_at=now,
                visitor=visitor,
            )
        # Counters last: their row locks are then held only until the commit.
        with connection.cursor() as cursor:
            cursor.execute(_counter_sql(TributeCount, ["martyr_id", "kind"]), [martyr_id, kind])
            cursor.execute(
                _counter_sql(TributeDailyCount, ["day", "martyr_id", "kind"]),
                [day, martyr_id, kind],
            )
    _counts_changed()
    return tribute, message


def _counts_changed():
    """Live count fragments of cached pages are rendered afresh: now for this visitor's
    next view, and after the commit for anyone who read the counts in between."""
    page_cache.live_changed()
    transaction.on_commit(page_cache.live_changed)


def _fast_sql():
    """PostgreSQL: the live-and-public check, the INSERT and both counter upserts in ONE
    statement (one round trip, atomic on its own). It returns the martyr's counts after
    the tribute, or no row when the martyr is not a live page open to everyone (a
    password or login restriction on the page or an ancestor closes it, as
    ``PageQuerySet.public`` does). Counter rows are taken in a fixed order (total,
    then day) by every caller."""
    q = connection.ops.quote_name
    page = q(Page._meta.db_table)
    return f"""
WITH live AS (
  SELECT p.id FROM {page} p
  WHERE p.id = %(martyr)s AND p.live AND p.content_type_id = %(content_type)s
  AND NOT EXISTS (
    SELECT 1 FROM {q(PageViewRestriction._meta.db_table)} r
    JOIN {page} rp ON rp.id = r.page_id
    WHERE starts_with(p.path, rp.path)
  )
), tribute AS (
  INSERT INTO {q(Tribute._meta.db_table)} (martyr_id, kind, day, created_at, visitor)
  SELECT id, %(kind)s, %(day)s, %(now)s, %(visitor)s FROM live RETURNING martyr_id
), total AS (
  INSERT INTO {q(TributeCount._meta.db_table)} AS c (martyr_id, kind, count)
  SELECT martyr_id, %(kind)s, 1 FROM tribute
  ON CONFLICT (martyr_id, kind) DO UPDATE SET count = c.count + 1
  RETURNING kind, count
), daily AS (
  INSERT INTO {q(TributeDailyCount._meta.db_table)} AS d (day, martyr_id, kind, count)
  SELECT %(day)s, martyr_id, %(kind)s, 1 FROM tribute
  ON CONFLICT (day, martyr_id, kind) DO UPDATE SET count = d.count + 1
  RETURNING 1
)
SELECT kind, count FROM total
UNION ALL
SELECT kind, count FROM {q(TributeCount._meta.db_table)}
WHERE martyr_id = %(martyr)s AND kind <> %(kind)s AND EXISTS (SELECT 1 FROM daily)
"""


_FAST_SQL: list[str] = []


def record_tribute_fast(martyr_id: int, kind: str, visitor: str = "") -> Counts | None:
    """One-statement tribute for PostgreSQL; returns the counts, or None if the martyr's
    page is not live and public."""
    if not _FAST_SQL:
        _FAST_SQL.append(_fast_sql())
    now = timezone.now()
    params = {
        "martyr": martyr_id,
        "content_type": ContentType.objects.get_for_model(MartyrPage).pk,
        "kind": kind,
        "day": timezone.localdate(now),
        "now": now,
        "visitor": visitor,
    }
    with connection.cursor() as cursor:
        cursor.execute(_FAST_SQL[0], params)
        rows = cursor.fetchall()
    if rows:
        _counts_changed()
    return counts_dict(dict(rows)) if rows else None


def counts_for(martyr_id: int) -> Counts:
    rows = TributeCount.objects.filter(martyr_id=martyr_id).values_list("kind", "count")
    return counts_dict(dict(rows))


def martyr_accepts(martyr_id: int, request: HttpRequest | None = None) -> bool:
    """Whether the martyr's page takes tributes: live and open to everyone. Given the
    HTML form's ``request``, a page behind a password or login restriction that this
    visitor has passed takes them too; the API reads no session, so it never does."""
    content_type = ContentType.objects.get_for_model(MartyrPage)
    pages = Page.objects.filter(pk=martyr_id, live=True, content_type=content_type)
    if pages.public().exists():
        return True
    page = pages.first() if request is not None else None
    return page is not None and all(
        restriction.accept_request(request) for restriction in page.get_view_restrictions()
    )


def offer(
    request: HttpRequest,
    martyr_id: int,
    kind: str,
    nickname: str = "",
    message: str = "",
    honeypot: str = "",
    unlocked: bool = False,
) -> Accepted:
    """Validate, rate-limit, screen and record a visitor's tribute; raise TributeRefused.

    ``unlocked``: the request comes from the HTML form, whose session may show that the
    visitor passed the page's view restriction (see ``martyr_accepts``). A database
    outage propagates (DATABASE_DOWN) with nothing stored and the limits given back.
    """
    if honeypot:
        raise TributeRefused(400, "提交未被接受。如果您是正常访问，请刷新页面后重试。")
    if kind not in TributeKind.values:
        raise TributeRefused(400, "请选择祭扫方式：献花、点烛、鞠躬或敬酒。")
    name = clean_text(nickname or "", NICKNAME_MAX, "昵称")
    text = clean_text(message or "", MESSAGE_MAX, "留言", multiline=True)
    if name and not text:
        name = ""
    visitor = limits.visitor_hash(request)
    if not limits.tribute_allowed(visitor):
        raise TributeRefused(
            429, limits.tribute_limit_notice(), limits.tribute_retry_after(visitor)
        )
    try:
        return _accept(request, martyr_id, kind, name, text, visitor, unlocked, (nickname, message))
    except DATABASE_DOWN:
        limits.give_back("tribute", visitor)
        raise


def _accept(request, martyr_id, kind, name, text, visitor, unlocked, raw):
    if not isinstance(martyr_id, int) or isinstance(martyr_id, bool) or not 0 < martyr_id < 2**31:
        raise TributeRefused(404, NOT_FOUND)
    if not text and connection.vendor == "postgresql":
        counts = record_tribute_fast(martyr_id, kind, visitor)
        if counts is not None:
            return Accepted(martyr_id=martyr_id, kind=kind, message=None, counts=counts)
    if not martyr_accepts(martyr_id, request if unlocked else None):
        raise TributeRefused(404, NOT_FOUND)
    matched = []
    if text:
        # The raw input: a right-to-left override cleaned away still shows what it hid.
        screening = sensitive.screen(*raw)
        if screening.rejected:
            raise TributeRefused(400, REJECTED)
        # Counted only now, so a visitor who rewords a refused message is not locked out.
        if not limits.message_allowed(visitor):
            raise TributeRefused(
                429, limits.message_limit_notice(), limits.message_retry_after(visitor)
            )
        matched = sorted(set(screening.matched) | set(privacy.labels(name, text)))
    try:
        _, stored = record_tribute(martyr_id, kind, visitor, name, text, matched)
    except DATABASE_DOWN:
        if text:
            limits.give_back("message", visitor)
        raise
    return Accepted(martyr_id=martyr_id, kind=kind, message=stored, counts=counts_for(martyr_id))


def reconcile(dry_run: bool = False) -> dict[str, int]:
    """Rebuild every counter from the tribute rows; return how many counter rows were
    wrong, for the totals and for the daily figures.

    Tribute inserts are blocked while it runs (a table lock on PostgreSQL, the write
    lock on SQLite), so counters and rows describe the same moment.
    """
    fixed = {"totals": 0, "daily": 0}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(Tribute._meta.db_table)} IN SHARE MODE"
                )
        fixed["totals"] = _rebuild(
            TributeCount,
            Tribute.objects.values("martyr_id", "kind").annotate(n=Count("pk")),
            ("martyr_id", "kind"),
            dry_run,
        )
        fixed["daily"] = _rebuild(
            TributeDailyCount,
            Tribute.objects.values("day", "martyr_id", "kind").annotate(n=Count("pk")),
            ("day", "martyr_id", "kind"),
            dry_run,
        )
        if dry_run:
            transaction.set_rollback(True)
    return fixed


def _rebuild(model, truth_rows, keys, dry_run):
    truth = {tuple(row[k] for k in keys): row["n"] for row in truth_rows.order_by()}
    current = {
        tuple(row[k] for k in keys): (row["pk"], row["count"])
        for row in model.objects.values("pk", "count", *keys)
    }
    wrong = 0
    for key, (pk, count) in current.items():
        expected = truth.get(key, 0)
        if count != expected:
            wrong += 1
            if not dry_run:
                if expected:
                    model.objects.filter(pk=pk).update(count=expected)
                else:
                    model.objects.filter(pk=pk).delete()
    missing = [key for key in truth if key not in current]
    wrong += len(missing)
    if missing and not dry_run:
        model.objects.bulk_create(
            [model(**dict(zip(keys, key, strict=True)), count=truth[key]) for key in missing],
            batch_size=1000,
        )
    return wrong
