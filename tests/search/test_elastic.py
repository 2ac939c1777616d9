"""The Elasticsearch engine's mapping, queries and index management, checked without a cluster.

A cluster cannot run on these machines; what is sent to one is checked here, and the
shared contract suite runs against a real cluster wherever ELASTICSEARCH_URL is set.
"""

import datetime

import pytest

from search import service, text
from search.documents import DocumentData
from search.engines import elastic
from search.engines.elastic import PortalDocument, build_search, build_suggest, document_source


def mapping():
    return PortalDocument._index.to_dict()


def test_text_fields_are_presegmented_words_with_a_cjk_subfield():
    properties = mapping()["mappings"]["properties"]
    analysis = mapping()["settings"]["analysis"]
    for name in ("title", "summary", "body"):
        field = properties[name]
        assert field["analyzer"] == "portal_words"
        assert field["search_analyzer"] == "portal_words_search"
        assert field["fields"]["cjk"] == {"type": "text", "analyzer": "cjk"}
    assert analysis["analyzer"]["portal_words"]["tokenizer"] == "whitespace"
    assert analysis["analyzer"]["portal_words_search"]["filter"] == ["lowercase", "portal_synonyms"]


def test_synonyms_are_a_search_time_updateable_synonym_graph():
    synonyms = mapping()["settings"]["analysis"]["filter"]["portal_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert synonyms["updateable"] is True
    assert synonyms["synonyms_set"] == elastic.SYNONYM_SET


def test_facets_pinyin_and_completion_have_their_own_fields():
    properties = mapping()["mappings"]["properties"]
    for name in ("kind", "street", "honour", "era", "tags"):
        assert properties[name]["type"] == "keyword"
    assert properties["year"]["type"] == "integer"
    assert properties["date"]["type"] == "date"
    assert properties["pinyin"]["analyzer"] == "portal_words"
    assert properties["suggest"]["type"] == "completion"
    assert properties["body_text"]["term_vector"] == "with_positions_offsets"


@pytest.mark.django_db  # pinyin reads the editors' name readings
def test_document_source_carries_the_same_words_as_the_database_engine():
    doc = DocumentData(
        key="page:7",
        page_id=7,
        kind="newspage",
        kind_label="工作动态",
        title="张建国讲述守岛往事",
        url="/news/x/",
        summary="退役军人志愿服务队巡查江堤。",
        body="正文",
        date=datetime.date(2025, 5, 4),
        street="江滨街道",
        tags=["志愿服务"],
    )
    source = document_source(doc)
    assert source["title"] == text.segment("张建国讲述守岛往事")
    assert "志愿服务" in source["summary"].split()
    assert "zhangjianguo" in source["pinyin"].split() and "zjg" in source["pinyin"].split()
    assert "zjg" in source["suggest"]["input"]
    assert "讲述守岛往事" in source["suggest"]["input"]
    assert source["year"] == 2025 and source["date"] == "2025-05-04"
    assert source["title_text"] == "张建国讲述守岛往事"


def test_search_body_words_exact_title_phrase_filters_facets_and_highlight():
    parsed = service.parse_query("老兵调解", groups=[])
    body = build_search(parsed, {"kind": "newspage", "year": 2026}, 20, 10).to_dict()
    query = body["query"]["bool"]
    words = query["should"][0]["multi_match"]
    assert words["query"] == "老兵 调解" and words["operator"] == "and"
    assert words["fields"][0] == "title^5"
    assert query["should"][1] == {"term": {"title_norm": {"value": "老兵调解", "boost": 20}}}
    assert query["should"][2]["multi_match"]["type"] == "phrase"
    assert {"term": {"kind": "newspage"}} in query["filter"]
    assert {"term": {"year": 2026}} in query["filter"]
    assert body["from"] == 20 and body["size"] == 10 and body["track_total_hits"] is True
    assert set(body["aggs"]) == {"kind", "year", "street", "honour", "era"}
    highlight = body["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["encoder"] == "html"
    assert set(highlight["fields"]) == {"title_text", "summary_text", "body_text"}


def test_pinyin_query_and_suggester():
    parsed = service.parse_query("zjg", groups=[])
    body = build_search(parsed, {}, 0, 10).to_dict()
    assert {"term": {"pinyin": {"value": "zjg", "boost": 4}}} in body["query"]["bool"]["should"]
    suggest = build_suggest(parsed, 8).to_dict()["suggest"]["titles"]
    assert suggest["prefix"] == "zjg" and suggest["completion"]["field"] == "suggest"


class Recorder:
    """Stands in for the client's index APIs to check the order of an alias swap."""

    def __init__(self, existing):
        self.calls = []
        self.existing = existing
        self.indices = self
        self.synonyms = self

    def put_synonym(self, **kwargs):
        self.calls.append(("put_synonym", kwargs["id"]))

    def create(self, index, **kwargs):
        self.calls.append(("create", index))

    def refresh(self, index):
        self.calls.append(("refresh", index))

    def get_alias(self, name):
        return {index: {} for index in self.existing}

    def update_aliases(self, actions):
        self.calls.append(("update_aliases", actions))

    def delete(self, index, **kwargs):
        self.calls.append(("delete", index))


@pytest.mark.django_db
def test_rebuild_fills_a_new_index_then_swaps_the_alias_atomically(monkeypatch, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    engine = elastic.ElasticEngine(settings.ELASTICSEARCH_URL)
    engine.client = Recorder(existing=["portal-search-old"])
    bulked = []
    monkeypatch.setattr(
        elastic, "bulk", lambda client, actions, **kw: bulked.extend(actions) or (0, [])
    )
    doc = DocumentData(
        key="page:1", page_id=1, kind="newspage", kind_label="工作动态", title="测试", url="/t/"
    )
    name = engine.rebuild([doc])

    calls = engine.client.calls
    assert calls[0] == ("put_synonym", elastic.SYNONYM_SET)
    assert calls[1] == ("create", name) and name.startswith(f"{elastic.ALIAS}-")
    assert bulked and all(action["_index"] == name for action in bulked)
    swap = next(c for c in calls if c[0] == "update_aliases")[1]
    assert swap == [
        {"remove": {"index": "portal-search-old", "alias": elastic.ALIAS}},
        {"add": {"index": name, "alias": elastic.ALIAS}},
    ]
    assert calls.index(("refresh", name)) < calls.index(("update_aliases", swap))
    assert calls[-1] == ("delete", "portal-search-old")


def test_synonym_rules_are_written_segmented():
    engine = elastic.ElasticEngine("http://127.0.0.1:9")
    recorded = {}

    class Synonyms:
        def put_synonym(self, id, synonyms_set):
            recorded[id] = synonyms_set

    engine.client = type("Client", (), {"synonyms": Synonyms()})()
    two_way = [["老兵"], ["退役军人"]]
    engine.put_synonyms(
        [
            (two_way, two_way),
            ([["最美"]], [["最美"], ["最美", "退役军人"]]),
            ([["扫墓"]], [["祭扫"]]),
        ]
    )
    rules = recorded[elastic.SYNONYM_SET]
    assert rules[0]["synonyms"] == "老兵, 退役军人"
    assert rules[1]["synonyms"] == "最美 => 最美, 最美 退役军人"
    # One-way: 扫墓 also finds 祭扫, 祭扫 does not find 扫墓.
    assert rules[2]["synonyms"] == "扫墓 => 扫墓, 祭扫"


def test_cjk_subfields_and_single_characters_are_queried():
    parsed = service.parse_query("兵", groups=[])
    body = build_search(parsed, {}, 0, 10).to_dict()
    should = body["query"]["bool"]["should"]
    assert any(
        "multi_match" in q and q["multi_match"]["fields"] == elastic.CJK_FIELDS for q in should
    )
    # The phrase and highlight fields hold one token per character: 兵 can match them.
    properties = mapping()["mappings"]["properties"]
    assert properties["title_text"]["analyzer"] == "standard"
    assert any(
        "兵"
        == q.get("bool", {})
        .get("must", [{}])[0]
        .get("match_phrase", {})
        .get("title_text", {})
        .get("query")
        for q in should
    )


@pytest.mark.django_db
def test_transcript_moments_do_not_rank_by_their_pages_title():
    moment = DocumentData(
        key="page:9:t1",
        page_id=9,
        kind="transcript",
        kind_label="口述片段",
        title="长津湖的冬天 · 00:12 王德顺",
        url="/o/?t=12",
        body="那年冬天特别冷。",
        search_title="",
        seconds=12,
    )
    source = document_source(moment)
    assert source["title_norm"] == "" and source["title"] == ""
    assert source["suggest"]["input"] == []
    parsed = service.parse_query("长津湖的冬天", groups=[])
    should = build_search(parsed, {}, 0, 10).to_dict()["query"]["bool"]["should"]
    title_phrase = next(q["bool"] for q in should if "bool" in q and "must_not" in q["bool"])
    assert title_phrase["must_not"] == [{"exists": {"field": "seconds"}}]


@pytest.mark.django_db
def test_suggestions_carry_every_narrators_name_and_pinyin():
    names = ["赵德胜", "钱卫民", "孙建华", "李援朝", "周国强", "吴志刚"]
    doc = DocumentData(
        key="page:5",
        page_id=5,
        kind="stationpage",
        kind_label="服务站",
        title="江滨街道退役军人服务站开展老兵政策宣讲和志愿服务活动",
        url="/s/",
        names=names,
    )
    inputs = document_source(doc)["suggest"]["input"]
    for name, spoken in zip(
        names,
        ["zhaodesheng", "qianweimin", "sunjianhua", "liyuanchao", "zhouguoqiang", "wuzhigang"],
        strict=True,
    ):
        assert name in inputs and spoken in inputs, name


def test_relaxed_query_accepts_some_of_the_words():
    parsed = service.parse_query("瞭望塔 天文台", groups=[])
    body = build_search(parsed, {}, 0, 10, relaxed=True).to_dict()
    first = body["query"]["bool"]["should"][0]["bool"]["should"]
    assert len(first) == len(parsed.clauses)
    assert body["query"]["bool"]["minimum_should_match"] == 1
