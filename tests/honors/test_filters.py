"""Index pages: filters with counts per value, kept in the URL, paginated."""

import re
from collections import Counter

import pytest

from honors.models import HonorIndexPage, HonorProfilePage, OralHistoryIndexPage, OralHistoryPage


def facet_counts(html, param):
    """{value: count} as the visitor sees it next to each filter link."""
    return {
        value: int(count)
        for value, count in re.findall(
            rf'data-facet="{param}" data-value="([^"]+)"[^>]*>[^<]*<span class="honors-count"[^>]*>(\d+)</span>',
            html,
        )
    }


def card_titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def index(db):
    return HonorIndexPage.objects.get()


@pytest.fixture
def profiles(db):
    return list(HonorProfilePage.objects.live().select_related("honor_title", "street"))


def test_counts_per_value_match_the_profiles(client, index, profiles):
    html = client.get(index.url).content.decode()
    assert facet_counts(html, "title") == Counter(p.honor_title.slug for p in profiles)
    assert facet_counts(html, "year") == Counter(str(p.year) for p in profiles)
    assert facet_counts(html, "level") == Counter(p.level for p in profiles)
    assert facet_counts(html, "street") == Counter(p.street.slug for p in profiles)
    assert f"共 <strong>{len(profiles)}</strong>" in html


def test_filtering_narrows_results_and_the_other_counts(client, index, profiles):
    html = client.get(index.url, {"title": "veteran", "year": "2026"}).content.decode()
    expected = [p for p in profiles if p.honor_title.slug == "veteran" and p.year == 2026]
    assert sorted(card_titles(html)) == sorted(p.title for p in expected)
    assert f"共 <strong>{len(expected)}</strong>" in html
    # Each facet counts what a click would give, given the other active filters.
    veterans = [p for p in profiles if p.honor_title.slug == "veteran"]
    assert facet_counts(html, "year") == Counter(str(p.year) for p in veterans)
    in_2026 = [p for p in profiles if p.year == 2026]
    assert facet_counts(html, "title") == Counter(p.honor_title.slug for p in in_2026)
    assert facet_counts(html, "level") == Counter(p.level for p in expected)
    # Links keep the other filters in the URL; the active one is marked.
    assert 'href="?title=veteran&amp;year=2025"' in html
    assert re.search(r'data-facet="year" data-value="2026" aria-current="true"', html)
    assert "取消筛选 荣誉称号：最美退役军人" in html


def test_filter_by_street_and_level(client, index, profiles):
    html = client.get(index.url, {"street": "qingshan", "level": "province"}).content.decode()
    expected = {p.title for p in profiles if p.street.slug == "qingshan" and p.level == "province"}
    assert expected and set(card_titles(html)) == expected


def test_unknown_filter_values_are_ignored(client, index, profiles):
    html = client.get(index.url, {"title": "<script>", "year": "1900"}).content.decode()
    assert f"共 <strong>{len(profiles)}</strong>" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_no_results_offers_the_way_back(client, index):
    html = client.get(index.url, {"title": "team", "year": "2023"}).content.decode()
    assert "没有符合条件的人物" in html


def test_pagination_keeps_the_filters(client, index, profiles, monkeypatch):
    first = client.get(index.url).content.decode()
    assert len(card_titles(first)) == index.page_size
    assert 'href="?page=2"' in first
    second = client.get(index.url, {"page": 2}).content.decode()
    assert len(card_titles(first)) + len(card_titles(second)) == len(profiles)
    assert not set(card_titles(first)) & set(card_titles(second))
    monkeypatch.setattr(HonorIndexPage, "page_size", 3)
    filtered = client.get(index.url, {"level": "district", "page": "1"}).content.decode()
    assert len(card_titles(filtered)) == 3
    assert 'href="?level=district&amp;page=2"' in filtered
    # A page number past the end shows the last page instead of an error.
    assert client.get(index.url, {"page": 99}).status_code == 200


def test_oral_history_filters_by_era_and_street(client, db):
    index = OralHistoryIndexPage.objects.get()
    pages = list(OralHistoryPage.objects.live().select_related("interviewee__street"))
    html = client.get(index.url).content.decode()
    assert facet_counts(html, "era") == Counter(p.era for p in pages)
    assert facet_counts(html, "street") == Counter(p.interviewee.street.slug for p in pages)
    html = client.get(index.url, {"era": "korea"}).content.decode()
    korea = {p.title for p in pages if p.era == "korea"}
    assert len(korea) >= 2 and set(card_titles(html)) == korea
    html = client.get(index.url, {"era": "korea", "street": "heping"}).content.decode()
    assert card_titles(html) == ["上甘岭的坑道"]
