"""The two-step review cannot be skipped: 编辑 (bianji) submits, 审核 (shenhe) passes 初审,
another member of 审核 passes 终审, and only then is the page live. Nobody but a
superuser publishes a page directly, and nobody approves both steps."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core import workflow
from home.models import NewsIndexPage, NewsPage

from .api_tokens import bearer

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def second_reviewer():
    """Another member of 审核, created here as staff would add one."""
    reviewer = get_user_model().objects.create_user("shenhe2", password="x", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="审核"))
    return reviewer


def test_demo_has_a_second_reviewer_for_the_final_step():
    assert list(user("zhongshen").groups.values_list("name", flat=True)) == ["审核"]


def news_form(title, slug="review-rules", **actions):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-11-20",
            "lead": "演示导语。",
            "body": streamfield([("paragraph", rich_text("<p>正文内容。</p>"))]),
        }
    )
    data.update(actions)
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def html(response):
    return response.content.decode()


def messages_of(response):
    return [str(message).strip() for message in response.context["messages"]]


@pytest.fixture
def submitted(client):
    """A news story bianji wrote and submitted for review."""
    index = NewsIndexPage.objects.get()
    client.force_login(user("bianji"))
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("home", "newspage", index.pk)),
        news_form("退役军人就业招聘会通知", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="review-rules")
    assert page.current_workflow_task.name == "初审"
    return page


def approve(client, page):
    task_state = page.current_workflow_state.current_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": "同意"},
    )


def test_reviewer_is_offered_approval_not_publishing_during_review(client, submitted):
    client.force_login(user("shenhe"))
    page = html(client.get(edit_url(submitted)))
    assert 'name="action-publish"' not in page
    assert 'data-workflow-action-name="approve"' in page

    client.force_login(user("admin"))
    assert 'name="action-publish"' in html(client.get(edit_url(submitted)))


def test_reviewer_cannot_publish_a_live_page_directly(client):
    page = NewsPage.objects.live().first()
    live_title = page.title
    client.force_login(user("shenhe"))
    assert 'name="action-publish"' not in html(client.get(edit_url(page)))
    add = reverse("wagtailadmin_pages:add", args=("home", "newspage", page.get_parent().pk))
    add_page = html(client.get(add))
    assert 'name="action-submit"' in add_page and 'name="action-publish"' not in add_page

    response = client.post(
        edit_url(page),
        news_form("审核直接发布的尝试", slug=page.slug, **{"action-publish": "action-publish"}),
        follow=True,
    )
    assert workflow.SAVED_NOT_PUBLISHED in messages_of(response)
    page.refresh_from_db()
    assert page.title == live_title
    assert page.get_latest_revision_as_object().title == "审核直接发布的尝试"
    client.logout()
    assert live_title in html(client.get(page.url))


def test_one_reviewer_cannot_pass_both_steps(client, submitted, second_reviewer):
    client.force_login(user("shenhe"))
    assert approve(client, submitted).status_code == 302
    submitted.refresh_from_db()
    assert submitted.current_workflow_task.name == "终审"

    # The same reviewer is told why and offered no approval for 终审.
    response = client.get(edit_url(submitted))
    assert workflow.SAME_APPROVER in messages_of(response)
    assert 'data-workflow-action-name="approve"' not in html(response)
    assert submitted.title not in html(client.get(reverse("wagtailadmin_home")))
    assert approve(client, submitted).status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.current_workflow_task.name == "终审" and not submitted.live

    # A second member of 审核 passes 终审 and the page goes live.
    client.force_login(second_reviewer)
    assert submitted.title in html(client.get(reverse("wagtailadmin_home")))
    assert approve(client, submitted).status_code == 302
    submitted.refresh_from_db()
    assert submitted.live and submitted.current_workflow_state is None
    approvers = TaskState.objects.filter(
        revision__object_id=str(submitted.pk), status="approved"
    ).values_list("task__name", "finished_by__username")
    assert sorted(approvers) == [("初审", "shenhe"), ("终审", "shenhe2")]
    client.logout()
    assert "退役军人就业招聘会通知" in html(client.get(submitted.url))


def test_bulk_publish_is_refused_to_reviewers(client):
    page = NewsPage.objects.live().first()
    page.title = "批量发布的修改"
    page.save_revision(user=user("shenhe"))
    client.force_login(user("shenhe"))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={page.pk}&next=/admin/", follow=True)
    assert workflow.NO_DIRECT_PUBLISH in messages_of(response)
    assert Page.objects.get(pk=page.pk).title != "批量发布的修改"


def test_a_reviewers_copy_starts_as_a_draft(client):
    page = NewsPage.objects.live().first()
    client.force_login(user("shenhe"))
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {
            "new_title": "复制后改了标题的通知",
            "new_slug": "copied-notice",
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
        },
        follow=True,
    )
    assert workflow.COPY_AS_DRAFT in messages_of(response)
    copy = NewsPage.objects.get(slug="copied-notice")
    assert copy.title == "复制后改了标题的通知" and not copy.live


def api_page(action=None):
    index = NewsIndexPage.objects.get()
    return {
        "meta": {"type": "home.StandardPage", "parent_id": index.get_parent().pk}
        | ({"action": action} if action else {}),
        "title": "接口直接发布的尝试",
        "slug": "api-direct-publish",
    }


def test_a_reviewers_publish_token_cannot_skip_the_review(client):
    from home.models import StandardPage

    response = client.post(
        "/api/v3/pages/",
        json.dumps(api_page("publish")),
        content_type="application/json",
        **bearer("shenhe", "read", "write", "publish"),
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert "两级审核发布" in response.json()["detail"]
    assert not StandardPage.objects.filter(slug="api-direct-publish", live=True).exists()

    response = client.post(
        "/api/v3/pages/",
        json.dumps(api_page("publish")),
        content_type="application/json",
        **bearer("admin", "read", "write", "publish"),
    )
    assert response.status_code == 201, response.content
    assert StandardPage.objects.get(slug="api-direct-publish").live
