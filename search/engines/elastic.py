"""The Elasticsearch engine (production, scale-out), built with elasticsearch-dsl.

Text is segmented by jieba in Python, exactly as for the database engine, and indexed
with a whitespace analyzer, so both engines see the same words and no plugin is needed.
Each segmented field has a ``cjk`` (bigram) sub-field for recall on words jieba does not
know; the original text is kept in ``*_text`` fields (cjk-analysed) for phrase recall and
highlighting. Synonyms are applied at search time by an updateable ``synonym_graph``
filter reading a synonyms set, so editing the list needs no reindex. Pinyin and initials
(computed with pypinyin) live in their own field and feed the completion suggester.

The index is versioned (``<alias>-<timestamp>``) behind an alias; a rebuild fills a new
index and swaps the alias atomically, then drops the old one.
"""

import datetime
import logging
import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import (
    Completion,
    Date,
    Document,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from core.page_cache import search_index_changed

from .. import text
from ..documents import DocumentData
from . import FACETS, EngineResult, Filters, ParsedQuery, Suggestion

# The service logs an outage once; the transport's per-request warnings would repeat it.
logging.getLogger("elastic_transport").setLevel(logging.ERROR)

ALIAS = getattr(settings, "ELASTICSEARCH_INDEX", "portal-search")
SYNONYM_SET = f"{ALIAS}-synonyms"
FACET_SIZE = 30
SUGGEST_INPUTS = 60
# Seconds to wait for the cluster: a visitor's search, an index change made while an
# editor waits (the queue retries it later), and the queue command or a rebuild.
SEARCH_TIMEOUT = 1.5
REQUEST_INDEX_TIMEOUT = 0.5
COMMAND_TIMEOUT = 30


def synonym_rule(triggers, expansions):
    """Solr-format rule: ``a, b`` for a two-way group, ``a => a, c`` for a one-way one
    (the typed word kept, as the database engine keeps it)."""
    left = [" ".join(member) for member in triggers]
    if triggers == expansions:
        return ", ".join(left)
    right = left + [" ".join(m) for m in expansions if m not in triggers]
    return f"{', '.join(left)} => {', '.join(right)}"


class IndexMissing(RuntimeError):
    """The cluster has no index yet: it must be built whole, not from one page."""


synonyms = token_filter(
    "portal_synonyms", type="synonym_graph", synonyms_set=SYNONYM_SET, updateable=True
)
words_index = analyzer("portal_words", tokenizer="whitespace", filter=["lowercase"])
words_search = analyzer(
    "portal_words_search", tokenizer="whitespace", filter=["lowercase", synonyms]
)
suggest_analyzer = analyzer("portal_suggest", tokenizer="keyword", filter=["lowercase"])


def words_field(**kwargs):
    """A jieba-segmented text field with a cjk bigram sub-field."""
    return Text(
        analyzer=words_index,
        search_analyzer=words_search,
        fields={"cjk": Text(analyzer="cjk")},
        **kwargs,
    )


def display_field():
    """The original text, one token per Chinese character (the standard analyzer), so a
    phrase of any length, a single character included, matches and is highlighted."""
    return Text(analyzer="standard", term_vector="with_positions_offsets")


class PortalDocument(Document):
    key = Keyword()
    page_id = Integer()
    kind = Keyword()
    kind_label = Keyword()
    title = words_field()
    summary = words_field()
    body = words_field()
    pinyin = Text(analyzer=words_index)
    title_text = display_field()
    summary_text = display_field()
    body_text = display_field()
    title_norm = Keyword()
    url = Keyword(index=False)
    image_url = Keyword(index=False)
    date = Date()
    year = Integer()
    street = Keyword()
    honour = Keyword()
    era = Keyword()
    tags = Keyword()
    seconds = Integer()
    suggest = Completion(analyzer=suggest_analyzer, preserve_separators=False)

    class Index:
        name = ALIAS
        settings = {"number_of_shards": 1, "max_result_window": 10_000}


def document_source(doc):
    """The Elasticsearch source for one DocumentData (same text the database engine gets)."""
    row = doc.as_row()
    title_words = text.words(doc.title)
    names = [text.normalize(name) for name in doc.names]
    # Names and their pinyin first: a station is suggested for each station master.
    spoken = [
        key
        for name in names
        for key, source in text.pinyin_terms(name, names=[name]).items()
        if source == name
    ]
    inputs = [text.normalize(doc.title), *names, *spoken, *row["pinyin"].split()]
    # Suggest from any word of the title, not only its first characters.
    inputs += ["".join(title_words[i:]) for i in range(1, len(title_words))]
    inputs = list(dict.fromkeys(i for i in inputs if i))
    # A transcript moment shows its page's title but must not rank by it.
    title_norm = row["title_norm"] if doc.search_title is None else text.normalize(doc.search_title)
    return {
        "key": doc.key,
        "page_id": doc.page_id,
        "kind": doc.kind,
        "kind_label": doc.kind_label,
        "title": row["title_seg"],
        "summary": row["summary_seg"],
        "body": row["body_seg"],
        "pinyin": row["pinyin"],
        "title_text": doc.title,
        "summary_text": doc.summary,
        "body_text": doc.body,
        "title_norm": title_norm,
        "url": doc.url,
        "image_url": doc.image_url,
        "date": doc.date.isoformat() if doc.date else None,
        "year": doc.year,
        "street": doc.street or None,
        "honour": doc.honour or None,
        "era": doc.era or None,
        "tags": doc.tags,
        "seconds": doc.seconds,
        # Transcript moments are found by search, not suggested while typing.
        "suggest": {"input": [] if doc.seconds is not None else inputs[:SUGGEST_INPUTS]},
    }


WORD_FIELDS = ["title^5", "summary^2", "body"]
CJK_FIELDS = ["title.cjk^2", "summary.cjk", "body.cjk^0.5"]


def _clause(clause):
    """One word of the query: any of its alternatives (synonyms, its parts) matches."""
    alternatives = [
        Q(
            "multi_match",
            query=" ".join(alt),
            fields=WORD_FIELDS,
            type="cross_fields",
            operator="and",
        )
        for alt in clause
    ]
    return alternatives[0] if len(alternatives) == 1 else Q("bool", should=alternatives)


def build_search(parsed, filters, offset, limit, relaxed=False):
    """The Search for a parsed query: words (synonyms applied by the cluster too), the
    ``cjk`` bigram sub-fields for words jieba splits differently, exact title (with
    synonyms), phrase recall on the original text, pinyin; facets as aggregations;
    <mark> highlights. ``relaxed``: any of the words, ranked by how many and which."""
    words = " ".join(parsed.tokens)
    content = "".join(parsed.tokens)
    should = []
    if words:
        if relaxed:
            should.append(Q("bool", should=[_clause(c) for c in parsed.clauses]))
            should.append(Q("multi_match", query=content, fields=CJK_FIELDS, boost=0.3))
        elif all(len(clause) == 1 for clause in parsed.clauses):
            should.append(
                Q(
                    "multi_match",
                    query=words,
                    fields=WORD_FIELDS,
                    type="cross_fields",
                    operator="and",
                )
            )
        else:
            should.append(Q("bool", must=[_clause(c) for c in parsed.clauses]))
        should.append(Q("term", title_norm={"value": parsed.normalized, "boost": 20}))
        if not relaxed:
            should.append(
                Q(
                    "multi_match",
                    query=parsed.normalized,
                    fields=["summary_text", "body_text"],
                    type="phrase",
                    boost=0.5,
                )
            )
            should.append(
                Q(
                    "bool",
                    must=[Q("match_phrase", title_text={"query": parsed.normalized})],
                    must_not=[Q("exists", field="seconds")],
                    boost=1.5,
                )
            )
            should.append(
                Q("multi_match", query=content, fields=CJK_FIELDS, operator="and", boost=0.5)
            )
        others = sorted(parsed.title_variants - {parsed.normalized})
        if others:
            should.append(Q("terms", title_norm=others, boost=20))
    if parsed.pinyin:
        should += [
            Q("term", pinyin={"value": parsed.pinyin, "boost": 4}),
            Q("prefix", pinyin={"value": parsed.pinyin, "boost": 2}),
        ]
    search = Search(index=ALIAS).query(
        Q(
            "bool",
            should=should,
            minimum_should_match=1,
            filter=[Q("term", **{name: value}) for name, value in filters.items()],
        )
    )
    search = search.extra(track_total_hits=True, from_=offset, size=limit)
    search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}}, "key")
    for name in FACETS:
        bucket = search.aggs.bucket(name, "terms", field=name, size=FACET_SIZE)
        if name == "kind":
            bucket.bucket("label", "terms", field="kind_label", size=1)
    terms = sorted(parsed.highlight_terms, key=len, reverse=True)
    highlight_query = Q(
        "bool",
        should=[
            Q(
                "multi_match",
                query=term,
                fields=["title_text", "summary_text", "body_text"],
                type="phrase",
            )
            for term in terms
        ]
        or [Q("match_none")],
    )
    search = search.highlight_options(
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",
        type="fvh",
        highlight_query=highlight_query.to_dict(),
    )
    search = search.highlight("title_text", number_of_fragments=0)
    search = search.highlight(
        "summary_text", "body_text", fragment_size=120, number_of_fragments=1, no_match_size=120
    )
    return search


def build_suggest(parsed, limit):
    prefix = parsed.pinyin or parsed.normalized
    search = Search(index=ALIAS).extra(size=0, _source=["title_text", "url", "kind_label"])
    return search.suggest(
        "titles",
        prefix,
        completion={"field": "suggest", "size": limit, "skip_duplicates": True},
    )


class ElasticEngine:
    name = "elasticsearch"

    def __init__(self, url):
        self.url = url
        self.client = Elasticsearch(
            url, request_timeout=SEARCH_TIMEOUT, max_retries=0, retry_on_timeout=False
        )

    def for_request(self):
        """This engine with the short timeout used while an editor waits."""
        return _Timed(self, REQUEST_INDEX_TIMEOUT)

    def for_command(self):
        return _Timed(self, COMMAND_TIMEOUT)

    # -- writing -------------------------------------------------------------------

    def put_synonyms(self, groups):
        rules = [
            {"id": f"group-{n}", "synonyms": synonym_rule(triggers, expansions)}
            for n, (triggers, expansions) in enumerate(groups)
        ] or [{"id": "none", "synonyms": "退役军人 => 退役军人"}]
        self.client.synonyms.put_synonym(id=SYNONYM_SET, synonyms_set=rules)

    def _actions(self, documents, index=ALIAS):
        for doc in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": doc.key,
                "_source": document_source(doc),
            }

    def ensure_index(self):
        """A cluster without the index gets it whole (from ``process_search_queue`` or
        ``rebuild_search_index``), never as an empty index holding one page."""
        if not self.client.indices.exists_alias(name=ALIAS):
            raise IndexMissing(
                "Elasticsearch 中还没有搜索索引：运行 manage.py process_search_queue 或 "
                "rebuild_search_index 建立完整索引"
            )

    def replace(self, page_ids: Iterable[int], documents: Sequence[DocumentData]) -> None:
        self.ensure_index()
        bulk(self.client, self._actions(documents), refresh="wait_for")
        keep = [doc.key for doc in documents]
        self.client.delete_by_query(
            index=ALIAS,
            query={
                "bool": {
                    "filter": [{"terms": {"page_id": list(page_ids)}}],
                    "must_not": [{"ids": {"values": keep}}],
                }
            },
            refresh=True,
            conflicts="proceed",
        )
        search_index_changed()

    def rebuild(self, documents: Iterable[DocumentData]) -> str:
        """Fill a new versioned index, then point the alias at it in one atomic step."""
        from ..service import synonym_groups

        self.put_synonyms(synonym_groups())
        name = f"{ALIAS}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000:03d}"
        PortalDocument._index.clone(name=name).create(using=self.client)
        bulk(self.client, self._actions(documents, index=name), chunk_size=500)
        self.client.indices.refresh(index=name)
        try:
            old = list(self.client.indices.get_alias(name=ALIAS))
        except NotFoundError:
            old = []
        actions = [{"remove": {"index": index, "alias": ALIAS}} for index in old]
        actions.append({"add": {"index": name, "alias": ALIAS}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        search_index_changed()
        return name

    # -- reading -------------------------------------------------------------------

    def search(
        self, parsed: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> EngineResult:
        return self._execute(build_search(parsed, filters, offset, limit))

    def search_relaxed(
        self, parsed: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> EngineResult:
        result = self._execute(build_search(parsed, filters, offset, limit, relaxed=True))
        result.relaxed = True
        return result

    def _execute(self, search):
        response = search.using(self.client).execute()
        rows = []
        for hit in response.hits:
            source = hit.to_dict()
            highlight = getattr(hit.meta, "highlight", None)
            rows.append(
                {
                    "key": source["key"],
                    "page_id": source["page_id"],
                    "kind": source["kind"],
                    "kind_label": source["kind_label"],
                    "title": source["title_text"],
                    "summary": source.get("summary_text") or "",
                    "body": source.get("body_text") or "",
                    "url": source["url"],
                    "image_url": source.get("image_url") or "",
                    "date": _date(source.get("date")),
                    "year": source.get("year"),
                    "street": source.get("street") or "",
                    "honour": source.get("honour") or "",
                    "era": source.get("era") or "",
                    "tags": " ".join(source.get("tags") or []),
                    "seconds": source.get("seconds"),
                    "highlight": _highlight(highlight),
                }
            )
        facets = {}
        for name in FACETS:
            buckets = getattr(response.aggregations, name).buckets
            facets[name] = [
                (
                    bucket.key,
                    bucket.label.buckets[0].key
                    if name == "kind" and bucket.label.buckets
                    else bucket.key,
                    bucket.doc_count,
                )
                for bucket in buckets
            ]
        return EngineResult(response.hits.total.value, rows, facets)

    def suggest(self, parsed: ParsedQuery, limit: int) -> list[Suggestion]:
        response = build_suggest(parsed, limit).using(self.client).execute()
        return [
            {
                "title": option._source.title_text,
                "url": option._source.url,
                "type": option._source.kind_label,
            }
            for option in response.suggest.titles[0].options
        ]


class _Timed:
    """The engine with another request timeout for the calls made through it."""

    def __init__(self, engine, timeout):
        self._engine = engine
        self._client = engine.client.options(request_timeout=timeout)

    def __getattr__(self, name):
        attribute = getattr(type(self._engine), name)
        if callable(attribute):
            return lambda *args, **kwargs: attribute(self, *args, **kwargs)
        return getattr(self._engine, name)

    @property
    def client(self):
        return self._client

    @property
    def name(self):
        return self._engine.name


def _date(value):
    return datetime.date.fromisoformat(value[:10]) if value else None


def _highlight(highlight):
    if not highlight:
        return None
    fragments = highlight.to_dict()
    candidates = fragments.get("summary_text", []) + fragments.get("body_text", [])
    snippet = next((f for f in candidates if "<mark>" in f), candidates[0] if candidates else "")
    title = (fragments.get("title_text") or [""])[0]
    return {"title": title, "snippet": snippet}
