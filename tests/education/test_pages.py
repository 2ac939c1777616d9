"""A pack as a teacher opens it: the page, the classroom view and the printable handout."""

import html as html_lib
import re

import pytest
from wagtail.models import PageViewRestriction

from education.qr import qr_data_uri
from honors.models import OralHistoryPage

pytestmark = pytest.mark.django_db


def main_of(response):
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def clip_block(lesson):
    return next(block.value for block in lesson.materials if block.block_type == "clip")


def test_pack_shows_goals_materials_questions_and_activities(client, lesson):
    response = client.get(lesson.url)
    assert response.status_code == 200
    page = main_of(response)
    for goal in lesson.learning_goal_list:
        assert f"<li>{goal}</li>" in page
    for question in lesson.discussion_question_list:
        assert html_lib.escape(question) in page
    assert "口述史料摘录" in page and "课后采访" in page
    titles = re.findall(r'class="edu-material-title">([^<]+)<', page)
    assert titles == ["坑道里的一壶水", "陈桂林：坑道里的通信兵", "吴云山 烈士", "青川区烈士陵园"]
    assert f'href="{lesson.classroom_url}"' in page and f'href="{lesson.handout_url}"' in page
    assert "《上甘岭的一壶水》教学设计（演示）" in page


def test_a_clip_plays_its_range_with_its_own_transcript_lines(client, lesson):
    clip = clip_block(lesson)
    oral = clip["oral_history"].specific
    page = main_of(client.get(lesson.url))
    start, end = f"{clip['start'].normalize():f}", f"{clip['end'].normalize():f}"
    assert f'data-clip-start="{start}" data-clip-end="{end}"' in page
    # Without script the media fragment still makes the browser stop at the end.
    assert f'<source src="{oral.video.url}#t={start},{end}" type="video/mp4">' in page
    assert f'src="{oral.captions_url}"' in page
    inside = [s for s in oral.segments.all() if s.end > clip["start"] and s.start < clip["end"]]
    outside = [s for s in oral.segments.all() if s not in inside]
    assert inside and outside
    shown = re.findall(r'<li class="edu-clip-line"[^>]*>(.*?)</li>', page, re.S)
    assert len(shown) == len(inside)
    for segment, line in zip(inside, shown, strict=True):
        assert html_lib.escape(segment.text) in line
    for segment in outside:
        assert html_lib.escape(segment.text) not in page


def test_unpublished_or_restricted_material_disappears(client, lesson):
    clip = clip_block(lesson)
    oral = clip["oral_history"].specific

    def titles():
        return re.findall(r'class="edu-material-title">([^<]+)<', main_of(client.get(lesson.url)))

    assert titles()[0] == "坑道里的一壶水"
    oral.unpublish()
    assert titles() == ["陈桂林：坑道里的通信兵", "吴云山 烈士", "青川区烈士陵园"]
    martyr = next(b.value["page"] for b in lesson.materials if b.block_type == "martyr")
    PageViewRestriction.objects.create(page=martyr, restriction_type="login")
    assert titles() == ["陈桂林：坑道里的通信兵", "青川区烈士陵园"]


def test_classroom_mode_lists_every_step_in_order_without_site_navigation(client, lesson):
    response = client.get(lesson.classroom_url)
    assert response.status_code == 200
    body = response.content.decode()
    steps = re.findall(r'<section class="edu-step edu-step-(\w+)" id="step-(\d+)"', body)
    kinds = [kind for kind, _ in steps]
    materials = lesson.get_materials()
    questions = lesson.discussion_question_list
    assert kinds == (
        ["cover"]
        + ["material"] * len(materials)
        + ["question"] * len(questions)
        + ["activity"] * len(lesson.activities)
        + ["end"]
    )
    assert [int(n) for _, n in steps] == list(range(1, len(steps) + 1))
    # Each step carries its counter, so the order is plain even without script.
    assert f"第 1 / {len(steps)} 步" in body and f"第 {len(steps)} / {len(steps)} 步" in body
    assert "主导航" not in body and "site-footer" not in body
    assert 'data-clip-start="28"' in body


def test_handout_has_a_qr_code_to_each_item_with_absolute_urls(client, lesson, settings):
    # Built from the request: a school reaching the portal by another name gets its codes.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "school.example.cn"]
    response = client.get(lesson.handout_url, HTTP_HOST="school.example.cn")
    assert response.status_code == 200
    page = main_of(response)
    codes = re.findall(
        r'<img class="edu-handout-qr" src="([^"]+)" alt="二维码：([^"]+)"[^>]*data-qr-url="([^"]+)"',
        page,
    )
    materials = lesson.get_materials()
    assert len(codes) == len(materials) == 4
    for (src, title, url), item in zip(codes, materials, strict=True):
        assert title == item.title
        assert url == f"http://school.example.cn{html_lib.unescape(item.url)}"
        assert src == qr_data_uri(url)
    assert codes[0][2] == "http://school.example.cn/oral-history/shangganling-tunnel/?t=28"
    pack_qr = qr_data_uri(f"http://school.example.cn{lesson.url}")
    assert f'src="{pack_qr}"' in page
    # The handout is for pupils: the teacher's preparation notes stay off it.
    assert lesson.teacher_notes not in page


def test_nothing_private_of_any_person_reaches_packs(client, lesson):
    from honors.memorial.models import MartyrPage
    from honors.models import Person

    secrets = set()
    for person in Person.objects.all():
        secrets |= {person.phone, person.id_number, person.home_address}
    for martyr in MartyrPage.objects.all():
        secrets |= {martyr.family_contact, martyr.family_phone, martyr.family_address}
    secrets.discard("")
    assert len(secrets) > 30
    from education.models import LessonPage

    packs = list(LessonPage.objects.live())
    assert len(packs) >= 6
    for pack in packs:
        for url in (pack.url, pack.classroom_url, pack.handout_url, f"/api/v3/pages/{pack.pk}/"):
            text = client.get(url).content.decode()
            leaked = [secret for secret in secrets if secret in text]
            assert leaked == [], (url, leaked)


def test_a_clip_links_to_its_oral_history_at_the_clip_start(client, lesson):
    page = main_of(client.get(lesson.url))
    oral = OralHistoryPage.objects.get(slug="shangganling-tunnel")
    assert f'href="{oral.url}?t=28"' in page
