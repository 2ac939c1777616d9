"""The contract every search engine keeps, whatever stores the index.

Runs on the database engine (SQLite by default; PostgreSQL with DATABASE_URL set) and on
Elasticsearch where ELASTICSEARCH_URL is set; otherwise that half is skipped with the reason.
"""

import datetime

import pytest

from home.models import NewsPage
from search import service, text
from search.models import SearchDocument, Synonym

pytestmark = pytest.mark.django_db


def news(title, lead="", body="", date="2026-03-01", tags=()):
    page = NewsPage(
        title=title,
        slug=f"contract-{abs(hash(title)) % 10**8}",
        lead=lead,
        date=datetime.date.fromisoformat(date),
        body=[("paragraph", f"<p>{body}</p>")] if body else [],
    )
    return page


def titles(results):
    return [hit.title for hit in results.hits]


@pytest.fixture
def contract_pages(engine, news_index, publish):
    pages = {
        "exact": publish(news_index, news("光荣牌悬挂工作", lead="为烈属和军属家庭悬挂光荣牌。")),
        "mentions": publish(
            news_index,
            news(
                "区里部署年度重点任务",
                lead="光荣牌悬挂工作是今年的重点，光荣牌悬挂工作要做细做实。",
                body="各镇街要把光荣牌悬挂工作落实到每一户。",
            ),
        ),
        "sentence": publish(
            news_index,
            news(
                "江堤边的红马甲",
                lead="一支由退役军人组成的志愿服务队每周在江堤巡查。",
                date="2025-07-02",
            ),
        ),
        "person": publish(
            news_index,
            news("张建国讲述守岛往事", lead="老战士回忆守岛的十年。", date="2025-05-04"),
        ),
        "escape": publish(
            news_index,
            news(
                "网站防护说明",
                lead="页面中出现的 <b>粗体</b> 与 <script>alert(1)</script> 都只是文字。",
            ),
        ),
        "lookout": publish(news_index, news("山顶瞭望塔修缮完工", lead="瞭望塔重新向公众开放。")),
    }
    return pages


def test_exact_title_ranks_first(contract_pages):
    results = service.search("光荣牌悬挂工作")
    assert results.total >= 2
    assert results.hits[0].title == "光荣牌悬挂工作"
    assert "区里部署年度重点任务" in titles(results)


def test_chinese_words_inside_sentences_are_found(contract_pages):
    only_contract = {"kind": "newspage", "year": 2025}
    for query in ["志愿服务", "退役军人", "退役", "江堤", "巡查"]:
        found = service.search(query, filters=only_contract)
        assert "江堤边的红马甲" in titles(found), query


def test_traditional_characters_find_simplified_content(contract_pages):
    found = service.search("志願服務隊", filters={"kind": "newspage", "year": 2025})
    assert "江堤边的红马甲" in titles(found)


def test_facets_count_and_filter(contract_pages):
    results = service.search("光荣牌悬挂工作")
    kinds = {facet.value: facet for facet in results.facets["kind"]}
    assert kinds["newspage"].label == "工作动态"
    assert kinds["newspage"].count == results.total
    years = {facet.value: facet.count for facet in results.facets["year"]}
    assert years["2026"] >= 2

    filtered = service.search("志愿服务", filters={"year": 2025}, page_size=50)
    assert "江堤边的红马甲" in titles(filtered)
    assert all(hit.date is None or hit.date.startswith("2025") for hit in filtered.hits)
    assert [f.value for f in filtered.facets["year"]] == ["2025"]
    assert filtered.facets["year"][0].selected


def test_highlights_mark_the_words_and_escape_the_rest(contract_pages):
    hit = next(
        h for h in service.search("志愿服务", page_size=50).hits if h.title == "江堤边的红马甲"
    )
    assert "<mark>志愿服务</mark>" in hit.snippet_html

    hit = service.search("粗体").hits[0]
    assert "<mark>粗体</mark>" in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<script" not in hit.snippet_html and "<b>" not in hit.snippet_html


def test_query_text_never_becomes_markup(contract_pages):
    results = service.search('<img src=x onerror="alert(1)">光荣牌')
    # The page about 光荣牌 is found (so the check below has something to check) …
    assert "光荣牌悬挂工作" in titles(results)
    for hit in results.hits:
        # … and no part of the typed markup comes back as markup.
        assert "<img" not in hit.title_html + hit.snippet_html
        assert "onerror" not in hit.title_html + hit.snippet_html


def test_pinyin_and_initials_find_a_name(contract_pages):
    for query in ["zhangjianguo", "zjg", "Zhang Jianguo"]:
        results = service.search(query)
        assert results.hits and results.hits[0].title == "张建国讲述守岛往事", query
    assert "<mark>张建国</mark>" in service.search("zjg").hits[0].title_html


def test_suggestions_as_you_type(contract_pages):
    assert "光荣牌悬挂工作" in [s["title"] for s in service.suggest("光荣")]
    assert "张建国讲述守岛往事" in [s["title"] for s in service.suggest("zhangj")]


def test_synonyms_apply_at_query_time(contract_pages):
    # 老兵 ↔ 退役军人 ships with the demo; the page only says 退役军人.
    assert Synonym.objects.filter(terms__contains="老兵").exists()
    found = service.search("老兵", filters={"kind": "newspage", "year": 2025})
    assert "江堤边的红马甲" in titles(found)

    assert service.search("烽火台").total == 0
    Synonym.objects.create(terms="烽火台，瞭望塔")
    assert titles(service.search("烽火台")) == ["山顶瞭望塔修缮完工"]


def test_transcript_moments_link_to_their_time(engine):
    from honors.models import TranscriptSegment

    segment = (
        TranscriptSegment.objects.filter(page__live=True, start__gt=0)
        .exclude(text="")
        .order_by("pk")
        .first()
    )
    assert segment is not None, "演示内容应包含口述历史文字稿"
    query = " ".join(text.words(segment.text)[:4])
    results = service.search(query, page_size=50)
    urls = [hit.url for hit in results.hits]
    assert f"{segment.page.url}?t={int(segment.start)}" in urls
    moment = results.hits[urls.index(f"{segment.page.url}?t={int(segment.start)}")]
    assert moment.type == "transcript" and moment.seconds == int(segment.start)


def test_unpublished_and_draft_pages_are_never_returned(contract_pages, news_index, publish):
    page = contract_pages["lookout"]
    assert service.search("瞭望塔").total == 1
    from django.db import transaction

    with transaction.atomic():
        page.unpublish()
    from search.indexing import process_queue

    process_queue()
    assert service.search("瞭望塔").total == 0

    draft = news("草稿里的观星台", lead="观星台尚未发布。")
    news_index.add_child(instance=draft)
    draft.save_revision()
    process_queue()
    assert service.search("观星台").total == 0


def test_private_fields_are_never_indexed(engine, django_capture_on_commit_callbacks):
    from honors.memorial.models import MartyrPage
    from honors.models import HonorProfilePage, OralHistoryPage
    from search.indexing import rebuild

    profile = HonorProfilePage.objects.live().exclude(person=None).first()
    story = OralHistoryPage.objects.live().first()
    secrets = {
        "phone": "13912345678",
        "id_number": "330102195001011234",
        "home_address": "幸福里巷九十九号",
    }
    for person in {profile.person, story.interviewee}:
        for name, value in secrets.items():
            setattr(person, name, value)
        person.save()
    martyr = MartyrPage.objects.live().first()
    martyr.family_contact, martyr.family_phone = "烈属联系人甲", "13912345678"
    martyr.family_address = "幸福里巷九十九号"
    martyr.save()
    rebuild()

    for value in secrets.values():
        assert service.search(value).total == 0, value
    assert service.search("烈属联系人甲").total == 0
    for value in ["13912345678", "330102195001011234", "幸福里巷", "烈属联系人甲"]:
        assert not SearchDocument.objects.filter(body__contains=value).exists()
        assert not SearchDocument.objects.filter(summary__contains=value).exists()
        assert not SearchDocument.objects.filter(body_seg__contains=value).exists()
    # The person's public name still finds the profile.
    assert profile.title in titles(service.search(profile.person.name, page_size=50))


def test_a_one_character_typo_is_corrected(contract_pages):
    results = service.search("张建果")
    assert results.corrected == "张建国"
    assert results.hits[0].title == "张建国讲述守岛往事"


def test_a_mistyped_word_next_to_a_right_one_still_finds_the_page(contract_pages):
    # 瞭望 is right, 搭 is not: the relaxed match finds the page by the right word.
    results = service.search("瞭望搭")
    assert titles(results)[0] == "山顶瞭望塔修缮完工"


def test_question_words_and_colloquial_rules(contract_pages):
    Synonym.objects.create(terms="红背心 => 红马甲")
    assert titles(service.search("怎么找江堤边的红马甲"))[0] == "江堤边的红马甲"
    assert titles(service.search("红背心"))[0] == "江堤边的红马甲"
    # One-way: 红马甲 does not start finding 红背心.
    assert (
        service.parse_query("红马甲").clauses == [[["红马甲"]]]
        or ["红背心"] not in service.parse_query("红马甲").clauses[0]
    )


def test_relaxed_match_when_not_every_word_matches(contract_pages):
    results = service.search("瞭望塔 天文台")
    assert results.relaxed
    assert titles(results)[0] == "山顶瞭望塔修缮完工"
