"""The embedded engine: SQLite FTS5 or PostgreSQL full-text over jieba-segmented columns.

SQLite: an external-content FTS5 table (``unicode61`` tokenizer; the text is already
segmented, so every Chinese word is one token) kept in step by triggers, ranked by
BM25 with the title weighted highest.

The full-text structures themselves (FTS5 table, triggers, tsvector columns, GIN
indexes) are made by ``search/migrations/0002_fulltext.py``.

PostgreSQL: two generated tsvector columns with GIN indexes, ``simple`` configuration.
``body_tsv`` (everything) decides what matches; ranking reads only the small
``head_tsv`` (title, pinyin, summary), and at most ``RANK_CAP`` candidates are ranked, so
a word found in a quarter of 100k documents costs no more than a rare one.
"""

import contextlib
import contextvars
import datetime
import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, Q, TextField, Value, When

from core.page_cache import search_index_changed, search_index_version

from ..documents import DocumentData
from ..models import SearchDocument
from . import FACETS, EngineResult, Filters, ParsedQuery, Suggestion

# Set while a read transaction with ``enable_seqscan = off`` is open (``reading()``).
_reading: contextvars.ContextVar[bool] = contextvars.ContextVar("search_reading", default=False)

TABLE = SearchDocument._meta.db_table
FTS_TABLE = "search_fts"
DISPLAY_COLUMNS = (
    "id",
    "key",
    "page_id",
    "kind",
    "kind_label",
    "title",
    "summary",
    "body",
    "url",
    "image_url",
    "date",
    "year",
    "street",
    "honour",
    "era",
    "tags",
    "seconds",
)
# Read only for the rows a page shows.
LONG_COLUMNS = ("summary", "body")
FILTER_COLUMNS = {
    "kind": "kind",
    "year": "year",
    "street": "street",
    "honour": "honour",
    "era": "era",
}
RANK_CAP = 1000
# A query matching more documents than this is counted (total and facets) on its first
# FACET_CAP matches and shown as "more than": exact counts would read every matching row.
FACET_CAP = 10_000
FACET_LIMIT = 30
SUGGEST_CAP = 200
# Matches of one word read when ranking a relaxed (some-words) query.
RELAX_CAP = 1000
_EPOCH = datetime.date(1900, 1, 1)


def _fts5_phrase(token, prefix=False):
    return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")


def _tsquery_lexeme(token, prefix=False):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


class DatabaseEngine:
    """Search over the ``SearchDocument`` table with the database's own full-text index."""

    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # -- writing -------------------------------------------------------------------

    def replace(self, page_ids: Iterable[int], documents: Sequence[DocumentData]) -> None:
        """Make the stored documents of ``page_ids`` exactly ``documents``."""
        with transaction.atomic():
            SearchDocument.objects.filter(page_id__in=page_ids).delete()
            SearchDocument.objects.bulk_create(
                [SearchDocument(key=doc.key, **doc.as_row()) for doc in documents],
                batch_size=500,
            )
        search_index_changed()

    def delete_pages(self, page_ids):
        SearchDocument.objects.filter(page_id__in=page_ids).delete()
        search_index_changed()

    def clear(self):
        SearchDocument.objects.all().delete()
        search_index_changed()

    def count(self):
        return SearchDocument.objects.count()

    # -- query building ------------------------------------------------------------

    def _match_expression(self, parsed, prefix_last=False, head_only=False):
        """The engine's full-text expression for ``parsed`` (None when it has no terms)."""
        sqlite = self.vendor == "sqlite"
        lexeme = _fts5_phrase if sqlite else _tsquery_lexeme
        and_, or_ = (" AND ", " OR ") if sqlite else (" & ", " | ")
        groups = []
        for position, clause in enumerate(parsed.clauses):
            last = prefix_last and position == len(parsed.clauses) - 1
            alternatives = []
            for alternative in clause:
                parts = [
                    lexeme(token, prefix=last and i == len(alternative) - 1)
                    for i, token in enumerate(alternative)
                ]
                alternatives.append("(" + and_.join(parts) + ")")
            groups.append("(" + or_.join(alternatives) + ")")
        expression = and_.join(groups)
        if parsed.pinyin:
            pinyin = lexeme(parsed.pinyin, prefix=True)
            if sqlite:
                pinyin = "pinyin : " + pinyin
            expression = f"({expression}){or_}{pinyin}" if expression else pinyin
        if not expression:
            return None
        if sqlite and head_only:
            expression = "{title_seg summary_seg pinyin} : (" + expression + ")"
        return expression

    def _from_where(self, expression, filters, head_only=False):
        """FROM/WHERE clause (aliasing the document table ``d``) and its parameters."""
        if self.vendor == "sqlite":
            sql = f"FROM {FTS_TABLE} JOIN {TABLE} d ON d.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s"
        else:
            column = "head_tsv" if head_only else "body_tsv"
            sql = f"FROM {TABLE} d WHERE d.{column} @@ to_tsquery('simple', %s)"
        params = [expression]
        for name, value in filters.items():
            if value in (None, ""):
                continue
            sql += f" AND d.{FILTER_COLUMNS[name]} = %s"
            params.append(value)
        return sql, params

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _rows(self, ids):
        if not ids:
            return []
        by_id = {
            row["id"]: row
            for row in SearchDocument.objects.filter(id__in=ids).values(*DISPLAY_COLUMNS)
        }
        return [by_id[i] for i in ids if i in by_id]

    # -- reading -------------------------------------------------------------------

    def search(
        self, parsed: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> EngineResult:
        expression = self._match_expression(parsed)
        if expression is None:
            return EngineResult(0, [], {})
        with self._index_scans():
            ids = self._ranked_ids(expression, filters, parsed, offset, limit)
            if offset == 0 and len(ids) < limit:
                # Every match is on this first page (the title matches are among the
                # body matches): count and facet them from the rows shown.
                rows = self._rows(ids)
                return EngineResult(len(rows), rows, _facets_of(rows))
            facets, total = self._facets(expression, filters)
        # Past FACET_CAP matches the count stops, like Elasticsearch's default
        # track_total_hits: "more than 10,000" is all a visitor needs to know.
        capped = total >= FACET_CAP
        return EngineResult(
            total, self._rows(ids), facets, approximate_facets=capped, total_capped=capped
        )

    @contextlib.contextmanager
    def _index_scans(self):
        """On PostgreSQL, read through the GIN indexes: the tsvectors are large, so a
        bitmap over the index is always cheaper than a scan that detoasts every one.
        SQLite has no such setting: no transaction is opened for it. Inside ``reading()``
        the setting is already made."""
        if self.vendor != "postgresql" or _reading.get():
            yield
            return
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            token = _reading.set(True)
            try:
                yield
            finally:
                _reading.reset(token)

    def reading(self):
        """Every read of one search (results, typo check, "did you mean") in a single
        transaction that sets ``enable_seqscan`` once, instead of one per read."""
        return self._index_scans()

    def _rank_sql(self):
        if self.vendor == "sqlite":
            return f"-bm25({FTS_TABLE}, 10.0, 3.0, 1.0, 6.0)"
        # Normalised by log length, like BM25 on SQLite: a short matching title wins.
        return "ts_rank(d.head_tsv, to_tsquery('simple', %s), 1)"

    def _ranked_ids(self, expression, filters, parsed, offset, limit):
        """Matches in title/summary/pinyin ranked (at most RANK_CAP of them, plus an exact
        title), then matches in the body only, newest first among at most RANK_CAP more.

        Among the ranked, an exact title comes first, then titles holding every word the
        visitor typed (before titles found only through a synonym)."""
        title = parsed.normalized
        variants = sorted(parsed.title_variants)
        typed = parsed.tokens
        rank = self._rank_sql()
        rank_params = [] if self.vendor == "sqlite" else [expression]
        head_where, head_params = self._from_where(expression, filters, head_only=True)
        head = self._fetch(
            f"SELECT d.id, {rank}, d.title_norm = %s, d.date, d.title_norm {head_where} LIMIT %s",
            [*rank_params, title, *head_params, RANK_CAP],
        )
        # An exact title, as typed or with a synonym (最美退伍军人 → 最美退役军人).
        head = [(i, r, bool(e) or t in variants, d, t) for i, r, e, d, t in head]
        exact_ids = {row[0] for row in head if row[2]}
        placeholders = ", ".join(["%s"] * len(variants))
        exact = self._fetch(
            f"SELECT d.id, {rank}, 1, d.date, d.title_norm {head_where} "
            f"AND d.title_norm IN ({placeholders})",
            [*rank_params, *head_params, *variants],
        )
        head += [row for row in exact if row[0] not in exact_ids]
        head.sort(
            key=lambda row: (
                -bool(row[2]),
                -all(token in row[4] for token in typed),
                # Among titles holding every word, the one closest to the query first.
                -round(len(title) / max(len(row[4]), 1), 1)
                if all(token in row[4] for token in typed)
                else 0,
                -float(row[1]),
                -(row[3] or _EPOCH).toordinal(),
                row[0],
            )
        )
        head_ids = [row[0] for row in head]
        ids = head_ids[offset : offset + limit]
        if len(ids) < limit:
            body_where, body_params = self._from_where(expression, filters)
            exclude = ""
            if head_ids:
                exclude = f" AND d.id NOT IN ({', '.join(['%s'] * len(head_ids))})"
            rows = self._fetch(
                f"SELECT id FROM (SELECT d.id, d.date {body_where}{exclude} LIMIT %s) candidates "
                f"ORDER BY date DESC, id LIMIT %s OFFSET %s",
                [
                    *body_params,
                    *head_ids,
                    RANK_CAP + offset + limit,
                    limit - len(ids),
                    max(0, offset - len(head_ids)),
                ],
            )
            ids += [row[0] for row in rows]
        return ids

    def _facets(self, expression, filters):
        """Facet counts, from one grouped pass over (at most FACET_CAP of) the matches."""
        where, params = self._from_where(expression, filters)
        rows = self._fetch(
            f"""SELECT kind, kind_label, year, street, honour, era, count(*) FROM (
                    SELECT d.kind, d.kind_label, d.year, d.street, d.honour, d.era {where}
                    LIMIT %s) matches
                GROUP BY kind, kind_label, year, street, honour, era""",
            [*params, FACET_CAP],
        )
        counts = {name: {} for name in FACETS}
        labels = {}
        counted = 0
        for kind, kind_label, year, street, honour, era, count in rows:
            counted += count
            labels[kind] = kind_label
            for name, value in zip(FACETS, (kind, year, street, honour, era), strict=True):
                if value in (None, ""):
                    continue
                counts[name][value] = counts[name].get(value, 0) + count
        return _facet_lists(counts, labels), counted

    def search_relaxed(
        self, parsed: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> EngineResult:
        """Documents matching some of the query's words, best first: each word counts by
        how rare it is (idf over at most RELAX_CAP matches), double in title or summary,
        more again in the title itself."""
        scores: dict[int, float] = {}
        rows_by_id: dict[int, datetime.date | None] = {}
        clauses = [c for c in parsed.clauses if len("".join(c[0])) > 1] or parsed.clauses
        with self._index_scans():
            for clause in clauses:
                single = ParsedQuery(raw="", normalized="", clauses=[clause])
                body, head = self._relaxed_matches(single, filters)
                if not body:
                    continue
                idf = math.log(1 + RELAX_CAP / len(body))
                words = {"".join(alternative) for alternative in clause}
                for doc_id, date in body:
                    title = head.get(doc_id)
                    weight = 1.0
                    if title is not None:
                        weight = 3.0 if any(w in title for w in words) else 2.0
                    scores[doc_id] = scores.get(doc_id, 0.0) + idf * weight
                    rows_by_id[doc_id] = date
        ranked = sorted(
            scores,
            key=lambda i: (-round(scores[i], 6), -(rows_by_id[i] or _EPOCH).toordinal(), i),
        )
        counted = ranked[: FACET_CAP // 10]
        rows, facets = self._rows_and_facets(ranked[offset : offset + limit], counted)
        return EngineResult(
            len(ranked), rows, facets, approximate_facets=len(ranked) > len(counted)
        )

    def _relaxed_matches(self, single, filters):
        """``([(id, date)], {id: title})`` for one word: the documents it matches, and
        which of those have it in their title or summary (PostgreSQL: in one read)."""
        where, params = self._from_where(self._match_expression(single), filters)
        head_expression = self._match_expression(single, head_only=True)
        if self.vendor == "postgresql":
            rows = self._fetch(
                "SELECT d.id, d.date, CASE WHEN d.head_tsv @@ to_tsquery('simple', %s) "
                f"THEN d.title_norm END {where} LIMIT %s",
                [head_expression, *params, RELAX_CAP],
            )
            return [(i, date) for i, date, _ in rows], {
                i: title for i, _, title in rows if title is not None
            }
        body = self._fetch(f"SELECT d.id, d.date {where} LIMIT %s", [*params, RELAX_CAP])
        if not body:
            return body, {}
        head_where, head_params = self._from_where(head_expression, filters, head_only=True)
        head = self._fetch(
            f"SELECT d.id, d.title_norm {head_where} LIMIT %s", [*head_params, RELAX_CAP]
        )
        return body, dict(head)

    def _rows_and_facets(self, shown, counted):
        """The rows of ``shown`` and facet counts over ``counted``, in one read when
        ``counted`` is short enough for one ``IN`` list: the long texts (summary, body)
        are read for the rows shown only."""
        if len(counted) > 500:
            return self._rows(shown), self._facet_counts(counted)
        visible = Q(id__in=shown)
        long_texts = {
            f"shown_{name}": Case(
                When(visible, then=F(name)), default=Value(""), output_field=TextField()
            )
            for name in LONG_COLUMNS
        }
        columns = [c for c in DISPLAY_COLUMNS if c not in LONG_COLUMNS]
        found = {
            row["id"]: row
            for row in SearchDocument.objects.filter(id__in=[*counted, *shown]).values(
                *columns, **long_texts
            )
        }
        for row in found.values():
            for name in LONG_COLUMNS:
                row[name] = row.pop(f"shown_{name}")
        facets = _facets_of([found[i] for i in counted if i in found])
        return [found[i] for i in shown if i in found], facets

    def _facet_counts(self, ids):
        rows = []
        for start in range(0, len(ids), 500):
            rows += SearchDocument.objects.filter(id__in=ids[start : start + 500]).values(
                "kind", "kind_label", "year", "street", "honour", "era"
            )
        return _facets_of(rows)

    def vocabulary(self):
        """{word: number of documents} over the titles and summaries of pages, for typo
        correction; read again only when the documents change."""
        version = self._version()
        if self._vocabulary[0] != version:
            counts = {}
            rows = SearchDocument.objects.filter(seconds__isnull=True).values_list(
                "title_seg", "summary_seg"
            )
            for title_seg, summary_seg in rows.iterator(chunk_size=2000):
                for word in set(f"{title_seg} {summary_seg}".split()):
                    if len(word) >= 2 and not word.isascii():
                        counts[word] = counts.get(word, 0) + 1
            self._vocabulary = (version, counts)
        return self._vocabulary[1]

    _vocabulary: tuple[Any, dict[str, Any]] = (None, {})

    def _version(self):
        from django.db.models import Count, Max

        # Every write bumps the search index version; without a cache, every change
        # deletes and re-inserts rows: a new highest id, or fewer rows.
        version = search_index_version()
        if version is not None:
            return ("index", version)
        row = SearchDocument.objects.aggregate(n=Count("pk"), top=Max("pk"))
        return (row["n"], row["top"])

    def suggest(self, parsed: ParsedQuery, limit: int) -> list[Suggestion]:
        """Titles whose words start like the query (the last word may be unfinished),
        best first among the first SUGGEST_CAP candidates."""
        expression = self._match_expression(parsed, prefix_last=True)
        if expression is None:
            return []
        word = parsed.normalized
        if not parsed.pinyin and 2 <= len(word) <= 10 and not word.isascii() and " " not in word:
            # An unfinished word as the start of an indexed word: 长津 → 长津湖, 刘建 → 刘建国.
            lexeme = _fts5_phrase if self.vendor == "sqlite" else _tsquery_lexeme
            joiner = " OR " if self.vendor == "sqlite" else " | "
            expression = f"({expression}){joiner}{lexeme(word, prefix=True)}"
        if self.vendor == "sqlite":
            expression = "{title_seg summary_seg pinyin} : (" + expression + ")"
        where, params = self._from_where(expression, {}, head_only=True)
        rank = self._rank_sql()
        rank_params = [] if self.vendor == "sqlite" else [expression]
        with self._index_scans():
            rows = self._fetch(
                f"""SELECT title, url, kind_label FROM (
                        SELECT d.id, d.title, d.url, d.kind_label, {rank} AS score
                        {where} AND d.seconds IS NULL LIMIT %s) candidates
                    ORDER BY score DESC, id LIMIT %s""",
                [*rank_params, *params, SUGGEST_CAP, limit],
            )
        return [{"title": t, "url": u, "type": k} for t, u, k in rows]

    def titles_with_pinyin(self, key, limit=20):
        """Titles whose pinyin contains ``key`` exactly (for 'did you mean')."""
        parsed_expr = _fts5_phrase(key) if self.vendor == "sqlite" else _tsquery_lexeme(key)
        if self.vendor == "sqlite":
            parsed_expr = "pinyin : " + parsed_expr
        where, params = self._from_where(parsed_expr, {}, head_only=True)
        with self._index_scans():
            rows = self._fetch(f"SELECT d.title {where} LIMIT %s", [*params, limit])
        return [row[0] for row in rows]

    def has_token(self, token):
        expression = _fts5_phrase(token) if self.vendor == "sqlite" else _tsquery_lexeme(token)
        where, params = self._from_where(expression, {})
        with self._index_scans():
            return bool(self._fetch(f"SELECT 1 {where} LIMIT 1", params))

    def rebuild(self, documents: Iterable[DocumentData]) -> None:
        with transaction.atomic():
            self.clear()
            SearchDocument.objects.bulk_create(
                [SearchDocument(key=doc.key, **doc.as_row()) for doc in documents],
                batch_size=500,
            )
        search_index_changed()


def _facets_of(rows):
    """Facet counts over document rows (dicts with the facet columns)."""
    counts: dict[str, dict] = {name: {} for name in FACETS}
    labels = {}
    for row in rows:
        labels[row["kind"]] = row["kind_label"]
        for name in FACETS:
            value = row[name]
            if value not in (None, ""):
                counts[name][value] = counts[name].get(value, 0) + 1
    return _facet_lists(counts, labels)


def _facet_lists(counts, labels):
    """``{facet: [(value, label, count), ...]}``: years newest first, the rest by count."""
    facets = {}
    for name, values in counts.items():
        items = [
            (str(v), labels.get(v, str(v)) if name == "kind" else str(v), c)
            for v, c in values.items()
        ]
        if name == "year":
            items.sort(key=lambda item: -int(item[0]))
        else:
            items.sort(key=lambda item: (-item[2], item[0]))
        facets[name] = items[:FACET_LIMIT]
    return facets
