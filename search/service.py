"""The portal's one search service: the page, the API and anything else call this.

``search()`` returns one result shape whatever the engine: hits with highlighted title
and snippet, facets with counts, total, pagination, suggestions and "did you mean".
The engine is ``elasticsearch`` when ELASTICSEARCH_URL is set, else ``database``; when
Elasticsearch cannot answer, the database engine answers instead (it is always kept up
to date), and the log says so once per outage, not once per request.
"""

import contextlib
import hashlib
import logging
import math
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from core.page_cache import search_cached, search_index_changed
from core.params import positive_int

from . import text
from .engines import FACETS, ParsedQuery, SearchEngine
from .engines.database import DatabaseEngine
from .models import Synonym, table_version

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
MAX_PAGE = 100
PAGE_SIZE = 10
FILTER_PARAMS = {
    "type": "kind",
    "year": "year",
    "street": "street",
    "honour": "honour",
    "era": "era",
}
FACET_LABELS = {
    "kind": "类型",
    "year": "年份",
    "street": "镇街",
    "honour": "荣誉称号",
    "era": "年代",
}
SNIPPET_LENGTH = 120
RETRY_AFTER_SECONDS = 30
# A strict (every word) match with fewer results than this is followed by a relaxed one.
RELAXED_BELOW = 1


class SearchInputError(ValueError):
    """Bad visitor input, with a message fit to show."""


@dataclass
class Hit:
    url: str
    title: str
    title_html: str
    snippet_html: str
    type: str
    type_label: str
    date: str | None
    street: str
    honour: str
    era: str
    image_url: str
    seconds: int | None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str
    total: int
    page: int
    page_size: int
    num_pages: int
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    filters: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    did_you_mean: str | None = None
    # The query was corrected (one wrong character): these are the corrected query's results.
    corrected: str | None = None
    # Fewer than RELAXED_BELOW documents held every word: documents holding some follow.
    relaxed: bool = False
    engine: str = "database"
    fallback: bool = False
    approximate_facets: bool = False
    total_capped: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    def as_dict(self):
        data = asdict(self)
        data["facets"] = {
            name: {"label": FACET_LABELS[name], "values": values}
            for name, values in data["facets"].items()
        }
        return data


# -- engines ------------------------------------------------------------------------


class _EngineState:
    """Circuit breaker for Elasticsearch: after a failure nobody calls it for
    RETRY_AFTER_SECONDS. The open state is kept in the shared cache too, so every
    process stops waiting on a dead cluster, not only the one that found it; the log
    speaks once per outage, not once per request."""

    cache_key = "search:elasticsearch:down-until"

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0

    def available(self):
        if time.monotonic() < self.retry_at:
            return False
        try:
            down_until = cache.get(self.cache_key)
        except Exception:  # the cache being down must not stop search
            down_until = None
        return not down_until or time.time() >= down_until

    def failed(self, error):
        with self.lock:
            self.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            try:
                cache.set(self.cache_key, time.time() + RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS)
            except Exception:
                pass
            if self.down_since is None:
                self.down_since = time.time()
                logger.warning(
                    "Elasticsearch 无法访问（%s），搜索改由数据库引擎回答，索引更新留在队列中。",
                    error,
                )

    def succeeded(self):
        with self.lock:
            if self.down_since is not None:
                logger.warning("Elasticsearch 已恢复，搜索重新由 Elasticsearch 回答。")
            self.down_since = None
            self.retry_at = 0.0
            try:
                cache.delete(self.cache_key)
            except Exception:
                pass


elastic_state = _EngineState()
_database = DatabaseEngine()
_elastic = None


def database_engine() -> SearchEngine:
    return _database


def elastic_engine() -> SearchEngine | None:
    """The Elasticsearch engine when ELASTICSEARCH_URL is set, else None."""
    global _elastic
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    if _elastic is None or _elastic.url != url:
        from .engines.elastic import ElasticEngine

        _elastic = ElasticEngine(url)
    return _elastic


def active_engine_name():
    return "elasticsearch" if elastic_engine() else "database"


def write_engines() -> list[SearchEngine]:
    """Engines an index change must reach: always the database, plus Elasticsearch."""
    engines: list[SearchEngine] = [_database]
    elastic = elastic_engine()
    if elastic is not None:
        engines.append(elastic)
    return engines


# -- synonyms -----------------------------------------------------------------------


_synonyms: dict[str, Any] = {"version": None, "value": []}


# The synonyms' version read at the start of the current search, so one search reads
# it once, however often it parses words.
_searching = threading.local()


def synonym_groups():
    """Synonym rules as (trigger token lists, expansion token lists), reloaded as soon as
    the table changes in any process (its version is read from the database)."""
    version = getattr(_searching, "synonyms_version", None) or table_version(Synonym)
    if _synonyms["version"] != version:
        groups = []
        for synonym in Synonym.objects.all():
            left, right = synonym.rule
            triggers = [m for m in (text.query_tokens(t) for t in left) if m]
            expansions = [m for m in (text.query_tokens(t) for t in right) if m]
            if triggers and expansions and (synonym.one_way or len(triggers) > 1):
                groups.append((triggers, expansions))
        _synonyms["value"], _synonyms["version"] = groups, version
    return _synonyms["value"]


def synonyms_changed(**kwargs):
    from .indexing import enqueue_synonyms

    search_index_changed()  # the database engine reads the list at query time
    enqueue_synonyms()


def push_synonyms(engine=None):
    """Send the synonym list to Elasticsearch; True when it took it."""
    engine = engine or elastic_engine()
    try:
        engine.put_synonyms(synonym_groups())
    except Exception as error:  # the database engine already applies the new list
        elastic_state.failed(error)
        return False
    return True


def reading_changed(sender, instance, **kwargs):
    """Pages whose title or names hold the word are re-indexed with the new reading."""
    from .indexing import enqueue
    from .models import SearchDocument

    page_ids = SearchDocument.objects.filter(title_seg__contains=instance.word[:1]).filter(
        Q(title__contains=instance.word) | Q(title_seg__contains=instance.word)
    )
    enqueue(page_ids.values_list("page_id", flat=True).distinct(), "reading")


# -- queries ------------------------------------------------------------------------


def parse_query(query, groups=None):
    """Normalise, segment and expand a query; raise SearchInputError when unusable.

    Question and filler words are dropped (怎么献花 → 献花); each remaining word becomes
    a clause whose alternatives are its synonyms and what the one-way rules add."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchInputError(f"搜索词太长，请控制在 {MAX_QUERY_LENGTH} 个字以内。")
    normalized = text.normalize(query).strip()
    tokens = text.query_tokens(query)
    groups = synonym_groups() if groups is None else groups
    clauses = []
    position = 0
    while position < len(tokens):
        best = None
        for triggers, expansions in groups:
            for member in triggers:
                if tokens[position : position + len(member)] == member and (
                    best is None or len(member) > len(best[0])
                ):
                    best = (member, expansions)
        if best:
            match, expansions = best
            clauses.append([match] + [m for m in expansions if m != match])
            position += len(match)
        else:
            token = tokens[position]
            parts = list(text.decompose(token))
            clauses.append([[token], parts] if parts else [[token]])
            position += 1
    content = [c for c in clauses if not (len(c) == 1 and c[0][0] in text.STOP_WORDS)]
    if content and len(content) < len(clauses):
        clauses = content
        # What is left is what the visitor looks for: 离我最近的服务站 asks for 服务站.
        normalized = "".join(token for clause in clauses for token in clause[0])
    clauses = _merge_same_meaning(clauses)
    pinyin = text.pinyin_key(query) if text.is_pinyin_query(query) else ""
    if len(pinyin) < 2:
        pinyin = ""
    return ParsedQuery(raw=query, normalized=normalized, clauses=clauses, pinyin=pinyin)


def _merge_same_meaning(clauses):
    """Two words of the query that are synonyms of each other ask for one thing."""
    merged = []
    for clause in clauses:
        if any(clause[0] in other for other in merged):
            continue
        merged.append(clause)
    return merged


def clean_filters(params):
    """The facet filters from request parameters (``type``, ``year`` …), validated."""
    filters = {}
    for param, name in FILTER_PARAMS.items():
        value = (params.get(param) or "").strip()[:60]
        if not value:
            continue
        if name == "year":
            value = positive_int(value, maximum=2200)
            if not value or value < 1900:
                raise SearchInputError("年份应为四位数字，例如 2026。")
        filters[name] = value
    return filters


def _clean_page(page):
    try:
        page = 1 if page in (None, "") else int(page)
    except (TypeError, ValueError):
        raise SearchInputError("页码应为正整数。") from None
    if page < 1:
        raise SearchInputError("页码应为正整数。")
    return min(page, MAX_PAGE)


def _run(method, *args):
    """Run ``method`` on the active engine, falling back to the database engine."""
    engine = elastic_engine()
    if engine and elastic_state.available():
        try:
            result = getattr(engine, method)(*args)
        except Exception as error:
            elastic_state.failed(error)
        else:
            elastic_state.succeeded()
            return result, engine.name, False
    fallback = engine is not None
    return getattr(_database, method)(*args), _database.name, fallback


def _hit(row, parsed, overrides=None):
    terms = parsed.highlight_terms
    if parsed.pinyin:
        spoken = text.pinyin_terms(row["title"], overrides=overrides)
        exact = spoken.get(parsed.pinyin)
        terms |= {exact} if exact else {s for k, s in spoken.items() if k.startswith(parsed.pinyin)}
    body = row["body"] or row["summary"] or ""
    snippet_source = row["summary"] if row["summary"] and not row["seconds"] else body
    if terms and body and not any(t in text.normalize(snippet_source) for t in terms):
        snippet_source = body
    title_html = text.highlight(row["title"], terms)
    snippet_html = text.highlight(snippet_source, terms, length=SNIPPET_LENGTH)
    engine_highlight = row.get("highlight")
    if engine_highlight:  # Elasticsearch's own highlights (HTML-encoded, <mark> tags)
        title_html = engine_highlight["title"] or title_html
        snippet_html = engine_highlight["snippet"] or snippet_html
    return Hit(
        url=row["url"],
        title=row["title"],
        title_html=title_html,
        snippet_html=snippet_html,
        type=row["kind"],
        type_label=row["kind_label"],
        date=row["date"].isoformat() if row["date"] else None,
        street=row["street"],
        honour=row["honour"],
        era=row["era"],
        image_url=row["image_url"],
        seconds=row["seconds"],
    )


def search(query, filters=None, page=1, page_size=PAGE_SIZE):
    """Search the portal. ``filters`` maps facet names (kind, year, …) to one value each.

    Every word must match first; a query that finds nothing is corrected when one
    character looks mistyped (烈土陵园 → 烈士陵园); when the strict match still finds
    little, documents holding most of the words follow, marked as such.

    Results are kept until a search index or the synonyms change (at most a minute):
    the same words asked again, by anyone, cost no query."""
    filters = filters or {}
    page = _clean_page(page)
    # Answers of the fallback engine are kept apart from Elasticsearch's own.
    engine = (active_engine_name(), elastic_engine() is not None and elastic_state.available())
    # The synonyms' own version, read from the database: an edit saved by another
    # process (which no signal reaches here) applies to the very next search.
    synonyms = table_version(Synonym)
    wanted = repr((query, sorted(filters.items()), page, page_size, engine, synonyms))
    digest = hashlib.sha1(wanted.encode()).hexdigest()
    _searching.synonyms_version = synonyms
    try:
        return search_cached(f"search:{digest}", lambda: _search(query, filters, page, page_size))
    finally:
        _searching.synonyms_version = None


def _search(query, filters, page, page_size):
    # Answered by the database engine, every read shares one transaction (PostgreSQL).
    reading = _database.reading if elastic_engine() is None else contextlib.nullcontext
    with reading():
        return _search_in(query, filters, page, page_size)


def _search_in(query, filters, page, page_size):
    parsed = parse_query(query)
    results = SearchResults(
        query=parsed.raw,
        total=0,
        page=page,
        page_size=page_size,
        num_pages=0,
        filters={name: str(value) for name, value in filters.items()},
        engine=active_engine_name(),
    )
    if not parsed:
        return results
    offset = (page - 1) * page_size
    found, engine_name, fallback = _run("search", parsed, filters, offset, page_size)
    if not found.total and not parsed.pinyin:
        corrected = correct_typos(parsed)
        if corrected:
            corrected_parsed = parse_query(corrected)
            again, engine_name, fallback = _run(
                "search", corrected_parsed, filters, offset, page_size
            )
            if again.total:
                found, parsed, results.corrected = again, corrected_parsed, corrected
    if found.total < RELAXED_BELOW and len(parsed.clauses) > 1:
        found, engine_name, fallback = _with_relaxed(found, parsed, filters, offset, page_size)
        results.relaxed = found.relaxed
    results.engine, results.fallback = engine_name, fallback
    results.total = found.total
    results.approximate_facets = found.approximate_facets
    results.total_capped = found.total_capped
    results.num_pages = max(1, math.ceil(found.total / page_size)) if found.total else 0
    overrides = text.reading_overrides() if parsed.pinyin else None
    results.hits = [_hit(row, parsed, overrides) for row in found.rows]
    results.facets = {
        name: [
            FacetValue(
                value=str(value),
                label=str(label),
                count=count,
                selected=str(filters.get(name, "")) == str(value),
            )
            for value, label, count in found.facets.get(name, [])
        ]
        for name in FACETS
    }
    # With filters chosen the words did match (facets offer only values with results):
    # the page suggests removing a filter instead of another spelling.
    if not found.total and not filters:
        results.did_you_mean = did_you_mean(parsed)
        if results.did_you_mean:
            results.suggestions = [s["title"] for s in suggest(results.did_you_mean, limit=5)]
    return results


def _with_relaxed(strict, parsed, filters, offset, limit):
    """The strict hits, then the relaxed ones not among them (one list, paged together)."""
    relaxed, engine_name, fallback = _run("search_relaxed", parsed, filters, 0, offset + limit + 10)
    strict_keys = {row["key"] for row in strict.rows}
    extra_all, extra_total = relaxed.rows, relaxed.total
    if strict.total:
        # The strict hits all fit on the first page (fewer than RELAXED_BELOW).
        strict_all, _, _ = _run("search", parsed, filters, 0, RELAXED_BELOW)
        strict_keys = {row["key"] for row in strict_all.rows}
        extra_all = [row for row in relaxed.rows if row["key"] not in strict_keys]
        extra_total = max(0, relaxed.total - len(strict_keys))
        combined = strict_all.rows + extra_all
    else:
        combined = extra_all
    strict.rows = combined[offset : offset + limit]
    strict.total = len(strict_keys) + extra_total if strict.total else relaxed.total
    if not strict.facets or not any(strict.facets.values()):
        strict.facets = relaxed.facets
    strict.relaxed = bool(extra_all)
    return strict, engine_name, fallback


_SIMILAR_INITIALS = {"zh": "z", "ch": "c", "sh": "s", "l": "n"}


def _sound(syllable):
    """A syllable with the distinctions many speakers do not make (zh/z, n/l, ing/in) removed."""
    for initial, plain in _SIMILAR_INITIALS.items():
        if syllable.startswith(initial):
            syllable = plain + syllable[len(initial) :]
            break
    return syllable.replace("ng", "n")


def correct_typos(parsed):
    """The query with mistyped words replaced by the index word one character away
    (烈土陵园 → 烈士陵园, 服务占 → 服务站, 英列 → 英烈), or None.

    Longer words are tried first; a two-character word is corrected only to one that
    sounds alike, a longer one to any, sounding alike first, then the most common."""
    query = "".join(text.content_tokens(text.query_tokens(parsed.raw)))
    if len(query) < 2:
        return None
    vocabulary = _database.vocabulary()
    if not vocabulary:
        return None
    keys = _vocabulary_keys(vocabulary)
    known = set(vocabulary) | text.STOP_WORDS
    fixed, changed, position = [], False, 0
    while position < len(query):
        replacement = None
        for size in (4, 3, 2):
            word = query[position : position + size]
            if len(word) < size or word in known or len(word) < 2:
                continue
            candidates = {c for key in text.one_edit_keys(word) for c in keys.get(key, ())}
            best = _best_candidate(word, candidates, vocabulary, strict_sound=size == 2)
            if best:
                replacement = (word, best)
                break
        if replacement:
            fixed.append(replacement[1])
            position += len(replacement[0])
            changed = True
        else:
            fixed.append(query[position])
            position += 1
    return "".join(fixed) if changed else None


def _best_candidate(word, candidates, vocabulary, strict_sound):
    # Sounds compared with the dictionary's readings: editors' name readings (a query
    # each time they are looked up) change no typo's sound.
    spoken = text.char_pinyin(word, overrides={})
    ranked = []
    for candidate in candidates:
        at = next(i for i in range(len(word)) if word[i] != candidate[i])
        other = text.char_pinyin(candidate, overrides={})
        alike = _sound(spoken[at]) == _sound(other[at]) and spoken[at] != ""
        if strict_sound and not alike:
            continue
        ranked.append((-alike, -vocabulary[candidate], candidate))
    return min(ranked)[2] if ranked else None


_keys_memo: dict[str, Any] = {"of": None, "keys": {}}


def _vocabulary_keys(vocabulary):
    if _keys_memo["of"] is not vocabulary:
        keys = {}
        for word in vocabulary:
            if 2 <= len(word) <= 4:
                for key in text.one_edit_keys(word):
                    keys.setdefault(key, []).append(word)
        _keys_memo["of"], _keys_memo["keys"] = vocabulary, keys
    return _keys_memo["keys"]


def suggest(query, limit=8):
    """Titles for the search box as the visitor types (pinyin and initials too)."""
    try:
        parsed = parse_query(query)
    except SearchInputError:
        return []
    if not parsed:
        return []
    found, _, _ = _run("suggest", parsed, limit)
    return found


def did_you_mean(parsed):
    """A better query for one that found nothing: a homophone title word, or the query
    without the words nothing contains."""
    if not parsed.pinyin and parsed.tokens:
        key = text.query_pinyin(parsed.normalized)
        if len(key) >= 2:
            for title in _database.titles_with_pinyin(key):
                source = text.pinyin_terms(title).get(key)
                if source and source != parsed.normalized:
                    return source
        known = [t for t in parsed.tokens if _database.has_token(t)]
        if len("".join(known)) >= 2 and len(known) < len(parsed.tokens):
            return "".join(known)
    if parsed.pinyin:
        for title in _database.titles_with_pinyin(parsed.pinyin):
            source = text.pinyin_terms(title).get(parsed.pinyin)
            if source:
                return source
    return None
