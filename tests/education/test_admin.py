"""The admin side of packs: clip checks in Chinese, the 教师 group, the review workflow."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from education.models import LessonIndexPage, LessonPage
from home.models import HomePage, NewsPage
from honors.models import HonorProfilePage, OralHistoryPage

from .conftest import make_user

pytestmark = pytest.mark.django_db


def lesson_form(title, slug, clip):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "grade_band": "junior",
            "theme": "korea",
            "duration_minutes": "45",
            "lead": "听老战士讲述。",
            "learning_goals": "了解史实\n体会精神",
            "teacher_notes": "",
            "discussion_questions": "你有什么感受？",
            "materials": streamfield([("clip", clip)]),
            "activities": streamfield([]),
            "handouts": streamfield([]),
        }
    )


def clip(start, end, oral=None):
    oral = oral or OralHistoryPage.objects.get(slug="changjinhu-winter")
    return {"oral_history": oral.pk, "start": start, "end": end, "title": "", "prompt": ""}


def clip_errors(response):
    """The messages the editor sees next to each field of the (first) clip."""
    error = response.context["form"].errors.as_data()["materials"][0]
    struct = error.block_errors[0]
    return {name: " ".join(e.messages) for name, e in struct.block_errors.items()}


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=("education", "lessonpage", section.pk))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("0:40", "0:30", {"end": "结束时间（00:30）必须晚于开始时间（00:40）。"}),
        ("0:40", "0:40", {"end": "结束时间（00:40）必须晚于开始时间（00:40）。"}),
        ("1:20", "1:35", {"end": "结束时间（01:35）超出了视频时长（01:30）。"}),
        ("-5", "0:30", {"start": "开始时间不能为负数。"}),
        (
            "abc",
            "0:30",
            {"start": "时间格式不正确，请填写如 1:23 或 1:23.5（分:秒）或 83.5（秒）。"},
        ),
    ],
)
def test_a_wrong_clip_is_refused_with_a_chinese_message(
    client, section, teacher, start, end, message
):
    client.force_login(teacher)
    response = client.post(
        add_url(section), lesson_form("错误的片段", "bad-clip", clip(start, end))
    )
    assert response.status_code == 200
    assert clip_errors(response) == message
    assert not LessonPage.objects.filter(slug="bad-clip").exists()


def test_a_clip_up_to_the_video_end_is_accepted(client, section, teacher):
    client.force_login(teacher)
    response = client.post(
        add_url(section), lesson_form("到结尾的片段", "to-the-end", clip("1:15", "1:30"))
    )
    assert response.status_code == 302
    page = LessonPage.objects.get(slug="to-the-end")
    value = page.materials[0].value
    assert (value["start"], value["end"]) == (75, 90)


def test_teacher_creates_and_submits_a_pack_that_reviewers_publish(
    client, section, teacher, reviewer
):
    client.force_login(teacher)
    data = lesson_form("长津湖的冬天（教师自编）", "teacher-pack", clip("0:40", "0:56"))
    data["action-submit"] = "submit"
    response = client.post(add_url(section), data)
    assert response.status_code == 302
    page = LessonPage.objects.get(slug="teacher-pack")
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert client.get(page.url).status_code == 404

    # Each step by a different member of 审核: one person may not approve both.
    second_reviewer = make_user("reviewer-test-2", "审核")
    for expected, approver in [("初审", reviewer), ("终审", second_reviewer)]:
        client.force_login(approver)
        task_state = page.current_workflow_state.current_task_state
        assert task_state.task.name == expected
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
            {"comment": "同意"},
        )
        assert response.status_code in (200, 302)
        page.refresh_from_db()
    assert page.live
    client.logout()
    assert "长津湖的冬天（教师自编）" in client.get(page.url).content.decode()


def test_teacher_cannot_publish_directly(client, section, teacher):
    client.force_login(teacher)
    data = lesson_form("直接发布的尝试", "teacher-publish", clip("0:40", "0:56"))
    data["action-publish"] = "publish"
    client.post(add_url(section), data)
    assert not LessonPage.objects.get(slug="teacher-publish").live


def test_teacher_edits_any_pack(client, lesson, teacher):
    client.force_login(teacher)
    edit = reverse("wagtailadmin_pages:edit", args=(lesson.pk,))
    assert client.get(edit).status_code == 200
    assert lesson.permissions_for_user(teacher).can_edit()


def test_teacher_cannot_edit_or_add_anything_else(client, section, teacher):
    client.force_login(teacher)
    others = [
        HomePage.objects.get(),
        section,
        NewsPage.objects.live().first(),
        HonorProfilePage.objects.live().first(),
        OralHistoryPage.objects.live().first(),
    ]
    for page in others:
        assert not page.permissions_for_user(teacher).can_edit(), page
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code in (302, 403), page
    # Adding: only packs, only in the 红色教育 section.
    assert section.permissions_for_user(teacher).can_add_subpage()
    news_index = NewsPage.objects.live().first().get_parent()
    assert not news_index.permissions_for_user(teacher).can_add_subpage()
    response = client.get(
        reverse("wagtailadmin_pages:add", args=("home", "newspage", news_index.pk))
    )
    assert response.status_code in (302, 403)
    assert not section.permissions_for_user(teacher).can_publish()


def test_teacher_admin_shows_only_the_section_to_work_in(client, section, teacher):
    client.force_login(teacher)
    response = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/admin/pages/{section.pk}/")
    assert not teacher.has_perm("honors.change_person")
    assert not teacher.has_perm("memorial.moderate_tributemessage")


def test_a_new_section_is_opened_to_teachers(teacher):
    """The section is usually created by an administrator after migrations ran."""
    section = LessonIndexPage.objects.get()
    home = section.get_parent()
    section.delete()
    new = LessonIndexPage(title="红色教育", slug="education-new")
    home.add_child(instance=new)
    assert Page.objects.get(pk=new.pk).specific.permissions_for_user(teacher).can_add_subpage()
