"""Accepting a tribute: the one write path shared by the no-JS form and the JSON API.

A tribute is one INSERT plus two counter upserts (``count = count + 1`` in SQL, never
read-modify-write in Python) committed together, so no update is lost however many
visitors pay tribute at the same moment: on PostgreSQL a tribute without a message is
one statement (one round trip), otherwise one transaction. Counter rows are always
taken in the same order (total, then day), so concurrent tributes cannot deadlock.
"""

import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page

from . import limits, sensitive
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
NICKNAME_MAX = 20
MESSAGE_MAX = 300


class TributeRefused(Exception):
    """Why a tribute was not accepted, in words a visitor understands."""

    def __init__(self, status, notice):
        super().__init__(notice)
        self.status = status
        self.notice = notice


@dataclass
class Accepted:
    martyr_id: int
    kind: str
    message: TributeMessage | None
    counts: dict

    @property
    def notice(self):
        text = f"您已向英烈{TributeKind(self.kind).label}，谢谢您的缅怀。"
        if self.message:
            text += "您的留言已提交，审核通过后将在页面展示。"
        return text


def clean_text(value, limit, label):
    """Plain text only: control characters dropped (PostgreSQL refuses NUL), length capped."""
    if not isinstance(value, str):
        raise TributeRefused(400, f"{label}格式不正确。")
    # Cs: lone surrogates ("\ud800" in JSON) cannot be stored as UTF-8.
    text = "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()
    if len(text) > limit:
        raise TributeRefused(400, f"{label}最多 {limit} 个字，当前 {len(text)} 个字。")
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


def record_tribute(martyr_id, kind, visitor="", nickname="", text="", matched=()):
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
    return tribute, message


def _fast_sql():
    """PostgreSQL: the live check, the INSERT and both counter upserts in ONE statement
    (one round trip, atomic on its own). It returns the martyr's counts after the
    tribute, or no row when the martyr is not a live page. Counter rows are taken in
    a fixed order (total, then day) by every caller."""
    q = connection.ops.quote_name
    return f"""
WITH live AS (
  SELECT id FROM {q(Page._meta.db_table)}
  WHERE id = %(martyr)s AND live AND content_type_id = %(content_type)s
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


_FAST_SQL = []


def record_tribute_fast(martyr_id, kind, visitor=""):
    """One-statement tribute for PostgreSQL; returns the counts, or None if not live."""
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
    return counts_dict(dict(rows)) if rows else None


def counts_for(martyr_id):
    rows = TributeCount.objects.filter(martyr_id=martyr_id).values_list("kind", "count")
    return counts_dict(dict(rows))


def martyr_is_live(martyr_id):
    content_type = ContentType.objects.get_for_model(MartyrPage)
    return Page.objects.filter(pk=martyr_id, live=True, content_type=content_type).exists()


def offer(request, martyr_id, kind, nickname="", message="", honeypot=""):
    """Validate, rate-limit, screen and record a visitor's tribute; raise TributeRefused."""
    if honeypot:
        raise TributeRefused(400, "提交未被接受。如果您是正常访问，请刷新页面后重试。")
    if kind not in TributeKind.values:
        raise TributeRefused(400, "请选择祭扫方式：献花、点烛、鞠躬或敬酒。")
    nickname = clean_text(nickname or "", NICKNAME_MAX, "昵称")
    text = clean_text(message or "", MESSAGE_MAX, "留言")
    if nickname and not text:
        nickname = ""
    visitor = limits.visitor_hash(request)
    if not limits.tribute_allowed(visitor):
        raise TributeRefused(429, limits.tribute_limit_notice())
    if not isinstance(martyr_id, int) or isinstance(martyr_id, bool) or not 0 < martyr_id < 2**31:
        raise TributeRefused(404, NOT_FOUND)
    if not text and connection.vendor == "postgresql":
        counts = record_tribute_fast(martyr_id, kind, visitor)
        if counts is None:
            raise TributeRefused(404, NOT_FOUND)
        return Accepted(martyr_id=martyr_id, kind=kind, message=None, counts=counts)
    if not martyr_is_live(martyr_id):
        raise TributeRefused(404, NOT_FOUND)
    matched = []
    if text:
        if not limits.message_allowed(visitor):
            raise TributeRefused(429, limits.message_limit_notice())
        screening = sensitive.screen(nickname, text)
        if screening.rejected:
            raise TributeRefused(
                400,
                "您的留言含有不适宜发布的内容，未能提交，本次祭扫也未记录。请修改留言后重试。",
            )
        matched = screening.matched
    _, stored = record_tribute(martyr_id, kind, visitor, nickname, text, matched)
    return Accepted(martyr_id=martyr_id, kind=kind, message=stored, counts=counts_for(martyr_id))


def reconcile(dry_run=False):
    """Rebuild every counter from the tribute rows; return how many rows were wrong.

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
