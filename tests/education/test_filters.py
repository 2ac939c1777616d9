"""The 红色教育 list: filters by grade band, theme and duration, with counts."""

import re
from collections import Counter

import pytest

from education.models import DURATION_BANDS, LessonPage


def facet_counts(html, param):
    return {
        value: int(count)
        for value, count in re.findall(
            rf'data-facet="{param}" data-value="([^"]+)"[^>]*>[^<]*<span class="honors-count"[^>]*>(\d+)</span>',
            html,
        )
    }


def card_titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def band(minutes):
    return next(v for v, _, limit in DURATION_BANDS if limit is None or minutes <= limit)


@pytest.fixture
def lessons(db):
    return list(LessonPage.objects.live())


def test_every_pack_is_listed_with_counts_per_value(client, section, lessons):
    html = client.get(section.url).content.decode()
    assert len(lessons) >= 6
    assert sorted(card_titles(html)) == sorted(p.title for p in lessons)
    assert facet_counts(html, "grade") == Counter(p.grade_band for p in lessons)
    assert facet_counts(html, "theme") == Counter(p.theme for p in lessons)
    assert facet_counts(html, "duration") == Counter(band(p.duration_minutes) for p in lessons)
    assert f"共 <strong>{len(lessons)}</strong> 套课程" in html


def test_filtering_by_grade_narrows_the_list_and_the_other_counts(client, section, lessons):
    html = client.get(section.url, {"grade": "junior"}).content.decode()
    junior = [p for p in lessons if p.grade_band == "junior"]
    assert junior
    assert sorted(card_titles(html)) == sorted(p.title for p in junior)
    assert facet_counts(html, "theme") == Counter(p.theme for p in junior)
    # The grade facet still counts every grade, so other choices stay visible.
    assert facet_counts(html, "grade") == Counter(p.grade_band for p in lessons)
    assert "取消筛选 学段：初中" in html


def test_theme_and_duration_combine(client, section, lessons):
    html = client.get(section.url, {"theme": "korea", "duration": "lesson"}).content.decode()
    expected = [p for p in lessons if p.theme == "korea" and 20 < p.duration_minutes <= 45]
    assert expected
    assert sorted(card_titles(html)) == sorted(p.title for p in expected)
    assert f"共 <strong>{len(expected)}</strong>" in html


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(20, "short"), (21, "lesson"), (45, "lesson"), (46, "double"), (90, "double"), (91, "long")],
)
def test_duration_bands_put_each_length_where_teachers_expect(section, lesson, minutes, expected):
    LessonPage.objects.filter(pk=lesson.pk).update(duration_minutes=minutes)
    found = section.get_lessons().filter(duration_group=expected)
    assert lesson.pk in found.values_list("pk", flat=True)


def test_unknown_filter_values_show_everything(client, section, lessons):
    response = client.get(section.url, {"grade": "<script>", "duration": "forever"})
    assert response.status_code == 200
    html = response.content.decode()
    assert len(card_titles(html)) == len(lessons)
    assert "<script>" not in html.split("<main", 1)[1]
