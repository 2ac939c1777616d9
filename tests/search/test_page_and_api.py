"""The search page (plain GET form, works without JavaScript) and the JSON API."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from search import text

pytestmark = pytest.mark.django_db


def test_empty_page_shows_a_labelled_form(client, database_engine):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="search-form" role="search"' in html and 'method="get"' in html
    assert '<label for="search-q">' in html
    assert "<title>站内搜索" in html
    assert 'src="/static/js/search.js"' in html and "<script>" not in html


def test_results_with_highlights_facets_and_filters_in_the_url(client, database_engine):
    html = client.get("/search/", {"q": "老兵"}).content.decode()
    assert re.search(r"找到 \d+ 条与“老兵”相关的结果", html)
    assert "<mark>老兵</mark>" in html
    assert "<mark>退役军人</mark>" in html  # the synonym is highlighted too
    # Facet links keep the query and add the filter.
    link = re.search(r'href="(\?q=[^"]*type=newspage[^"]*)"', html).group(1)
    params = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert params == {"q": ["老兵"], "type": ["newspage"]}

    filtered = client.get("/search/", params).content.decode()
    assert 'aria-current="true">工作动态' in filtered
    assert "已筛选：" in filtered
    assert filtered.count('class="search-hit"') >= 1
    assert "/volunteers/" not in re.sub(r'href="\?[^"]*"', "", filtered.split("search-hits")[1])


def test_pagination_keeps_query_and_filters(client, database_engine):
    html = client.get("/search/", {"q": "老兵", "type": "activitypage"}).content.decode()
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlparse(next_link).query) == {
        "q": ["老兵"],
        "type": ["activitypage"],
        "page": ["2"],
    }
    second = client.get("/search/" + next_link).content.decode()
    assert "第 2 /" in second


def test_visitor_input_is_escaped(client, database_engine):
    html = client.get("/search/", {"q": '<script>alert("x")</script>老兵'}).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_a_mistyped_name_shows_the_corrected_results(client, database_engine):
    html = client.get("/search/", {"q": "刘建果"}).content.decode()
    assert "“刘建果”没有找到内容，已为您显示“<strong>刘建国</strong>”的结果" in html
    assert '<a href="/honors/liu-jianguo/">' in html or "刘建国：老山英雄的茶山路" in html


def test_no_results_suggests_another_query(client, database_engine):
    html = client.get("/search/", {"q": "zhangjianguox"}).content.decode()
    assert "没有找到与“zhangjianguox”相关的内容" in html


def test_no_results_under_a_filter_points_at_the_filter_not_the_spelling(client, database_engine):
    # Unfiltered, 猎狮 (lièshī) finds nothing and the page offers the homophone 烈士.
    unfiltered = client.get("/search/", {"q": "猎狮"}).content.decode()
    assert "您是不是要找" in unfiltered and ">烈士</a>" in unfiltered
    html = client.get("/search/", {"q": "猎狮", "year": "1901"}).content.decode()
    assert "没有找到与“猎狮”相关的内容" in html
    assert "您是不是要找" not in html
    assert "取消筛选条件" in html
    assert 'aria-label="取消筛选 年份：1901"' in html


def test_small_result_counts_and_facets_match_the_full_count(database_engine):
    """Fewer matches than a page: counted from the rows shown, as the full count would."""
    from search import service
    from search.engines.database import DatabaseEngine

    results = service.search("烈士陵园")
    assert 0 < results.total < service.PAGE_SIZE
    engine = DatabaseEngine()
    expression = engine._match_expression(service.parse_query("烈士陵园"))
    with engine.reading():
        facets, total = engine._facets(expression, {})
    assert results.total == total
    shown = {
        name: [(f.value, f.label, f.count) for f in values]
        for name, values in results.facets.items()
    }
    assert shown == {name: facets.get(name, []) for name in shown}


def test_bad_input_gets_a_chinese_message(client, database_engine):
    response = client.get("/search/", {"q": "老兵", "year": "去年"})
    assert response.status_code == 400
    assert "年份应为四位数字" in response.content.decode()
    response = client.get("/search/", {"q": "老" * 101})
    assert response.status_code == 400 and "搜索词太长" in response.content.decode()


def test_api_search_shape(client, database_engine):
    data = client.get("/api/v3/search/", {"q": "志愿服务", "page_size": 5}).json()
    assert data["total"] > 5 and len(data["hits"]) == 5 and data["num_pages"] >= 2
    assert data["engine"] == "database" and data["fallback"] is False
    hit = data["hits"][0]
    assert {"url", "title", "title_html", "snippet_html", "type", "type_label", "date"} <= set(hit)
    assert set(data["facets"]) == {"kind", "year", "street", "honour", "era"}
    assert data["facets"]["kind"]["label"] == "类型"

    filtered = client.get("/api/v3/search/", {"q": "志愿服务", "street": "江滨街道"}).json()
    assert filtered["filters"] == {"street": "江滨街道"}
    assert all(h["street"] == "江滨街道" for h in filtered["hits"])


def test_api_transcript_hit_links_to_the_moment(client, database_engine):
    from honors.models import TranscriptSegment

    segment = TranscriptSegment.objects.filter(start__gt=0, speaker="王德顺").first()
    query = " ".join(text.words(segment.text)[:3])
    data = client.get("/api/v3/search/", {"q": query, "type": "transcript"}).json()
    assert f"?t={int(segment.start)}" in " ".join(h["url"] for h in data["hits"])


def test_api_rejects_bad_input_with_400(client, database_engine):
    for params, message in [
        ({"q": "老兵", "year": "abc"}, "年份"),
        ({"q": "老兵", "page": 0}, "页码"),
        ({"q": "老兵", "page_size": 500}, "每页条数"),
        ({"q": "老" * 101}, "搜索词太长"),
    ]:
        response = client.get("/api/v3/search/", params)
        assert response.status_code == 400, params
        assert message in response.json()["detail"]


def test_api_suggest(client, database_engine):
    titles = [s["title"] for s in client.get("/api/v3/search/suggest", {"q": "防汛"}).json()]
    assert "退役军人志愿服务队开展防汛抢险演练" in titles
    by_initials = client.get("/api/v3/search/suggest", {"q": "zxy"}).json()
    assert by_initials[0]["title"] == "张秀英：一碗热豆浆的拥军情"
    assert client.get("/api/v3/search/suggest", {"q": ""}).json() == []


def test_api_never_exposes_private_fields(client, database_engine):
    from honors.models import Person

    person = Person.objects.exclude(honor_profiles=None).first()
    person.phone, person.id_number, person.home_address = (
        "13800001111",
        "330102194901011111",
        "解放路1号",
    )
    person.save()
    body = client.get("/api/v3/search/", {"q": person.name}).content.decode()
    for secret in ["13800001111", "330102194901011111", "解放路1号"]:
        assert secret not in body
