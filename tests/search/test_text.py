"""The shared Chinese text handling: one segmenter for both sides, pinyin, highlighting."""

import pytest

from search import text

# Pinyin reads the editors' name readings (search.models.NameReading).
pytestmark = pytest.mark.django_db


def test_query_words_are_always_index_words():
    sentence = "青川老兵志愿服务队在江堤开展防汛抢险演练，退役军人事务局到场指导。"
    indexed = set(text.index_tokens(sentence))
    for query in ["志愿服务", "志愿服务队", "退役军人", "退役", "防汛", "演练", "事务局", "老兵"]:
        assert set(text.query_tokens(query)) <= indexed, query


def test_unknown_names_split_the_same_way_in_text_and_query():
    assert set(text.query_tokens("张建国")) <= set(text.index_tokens("老战士张建国讲述守岛往事"))


def test_normalize_handles_traditional_full_width_and_case():
    assert text.normalize("退役軍人誌願服務") == "退役军人志愿服务"
    assert text.normalize("ＺＪＧ２０２６") == "zjg2026"


def test_pinyin_terms_cover_full_and_initials():
    terms = text.pinyin_terms("张建国讲述守岛往事")
    assert terms["zhangjianguo"] == "张建国"
    assert terms["zjg"] == "张建国"
    assert (
        text.is_pinyin_query("Zhang Jianguo") and text.pinyin_key("Zhang Jianguo") == "zhangjianguo"
    )
    assert not text.is_pinyin_query("张建国")


def test_highlight_marks_terms_and_escapes_everything_else():
    html = text.highlight('<b>老兵</b> & "退役军人"', {"老兵", "退役军人"})
    assert html == "&lt;b&gt;<mark>老兵</mark>&lt;/b&gt; &amp; &quot;<mark>退役军人</mark>&quot;"


def test_highlight_window_centres_on_the_first_match():
    body = "前言" * 100 + "防汛抢险" + "后记" * 100
    snippet = text.highlight(body, {"防汛"}, length=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>防汛</mark>" in snippet and len(snippet) < 80


def test_polyphonic_characters_are_read_in_context():
    assert text.pinyin_terms("长津湖的冬天")["changjinhu"] == "长津湖"
    assert "zhangjinhu" not in text.pinyin_terms("长津湖的冬天")
    # A name's first character is read as a surname: 曾 is zeng, not ceng.
    assert text.pinyin_terms("曾忠良", names=["曾忠良"])["zengzhongliang"] == "曾忠良"
    assert text.pinyin_terms("韩长城", names=["韩长城"])["hanchangcheng"] == "韩长城"


def test_question_words_are_stop_words_and_compounds_split():
    tokens = text.query_tokens("离我最近的服务站")
    assert text.content_tokens(tokens) == ["服务站"]
    assert text.decompose("立功喜报") == ("立功", "喜报")
