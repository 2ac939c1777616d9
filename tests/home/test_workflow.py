"""The editorial path: 编辑 writes and submits, 审核 approves twice, the page goes live."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def make_user(username, group):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return make_user("editor-test", "编辑")


@pytest.fixture
def reviewer():
    return make_user("reviewer-test", "审核")


def news_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-11-20",
            "lead": "演示导语。",
            "body": streamfield([("paragraph", rich_text("<p>正文内容。</p>"))]),
        }
    )


def test_site_has_the_two_step_workflow_for_every_page():
    workflow = Workflow.objects.get(name="两级审核发布")
    assert workflow.active
    assert [task.name for task in workflow.tasks] == ["初审", "终审"]
    for task in workflow.tasks:
        assert [group.name for group in task.specific.groups.all()] == ["审核"]
    assert NewsPage.objects.live().first().get_workflow() == workflow


def test_editor_cannot_publish_directly(client, editor):
    index = NewsIndexPage.objects.get()
    client.force_login(editor)
    data = news_form("编辑直接发布的尝试", "try-publish")
    data["action-publish"] = "publish"
    client.post(reverse("wagtailadmin_pages:add", args=("home", "newspage", index.pk)), data)
    page = NewsPage.objects.get(slug="try-publish")
    assert not page.live


def test_editor_submits_reviewer_approves_both_steps_and_page_is_live(client, editor, reviewer):
    index = NewsIndexPage.objects.get()
    client.force_login(editor)
    data = news_form("退役军人服务站开展重阳敬老活动", "chongyang")
    data["action-submit"] = "submit"
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("home", "newspage", index.pk)), data
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="chongyang")
    assert not page.live
    state = page.current_workflow_state
    assert state.status == "in_progress"
    assert client.get(page.url).status_code == 404

    # Each step by a different member of 审核: one person may not approve both.
    second_reviewer = make_user("reviewer-test-2", "审核")
    for expected_task, approver in [("初审", reviewer), ("终审", second_reviewer)]:
        client.force_login(approver)
        task_state = page.current_workflow_state.current_task_state
        assert task_state.task.name == expected_task
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(page.pk, "approve", task_state.pk),
            ),
            {"comment": "同意"},
        )
        assert response.status_code in (200, 302)
        page.refresh_from_db()

    assert page.live
    client.logout()
    assert "退役军人服务站开展重阳敬老活动" in client.get(page.url).content.decode()
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_editor_cannot_approve(client, editor):
    page = NewsPage.objects.live().first()
    page.title = "修改后的标题"
    page.save_revision(user=editor)
    Workflow.objects.get(name="两级审核发布").start(page, editor)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    )
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"


def test_audit_log_is_visible_to_reviewers(client, reviewer):
    page = NewsPage.objects.live().first()
    # Published the way the last approval of a review publishes (a direct publish by a
    # reviewer is refused: tests/test_review_workflow.py).
    revision = page.save_revision(user=reviewer, log_action=True)
    revision.publish(user=reviewer, skip_permission_checks=True)
    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert page.title in html
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200
    assert "reviewer-test" in history.content.decode()


def test_scheduled_publishing_goes_live_when_due():
    index = NewsIndexPage.objects.get()
    page = NewsPage(title="定时发布的通知", slug="scheduled", date=datetime.date(2026, 12, 1))
    index.add_child(instance=page)
    page.unpublish()
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live


def test_revisions_are_kept_and_can_be_reverted():
    page = NewsPage.objects.live().first()
    original = page.title
    page.title = "临时修改"
    page.save_revision().publish()
    assert page.revisions.count() >= 2
    first = page.revisions.order_by("created_at").first()
    first.as_object().save_revision().publish()
    assert Page.objects.get(pk=page.pk).title == original
