"""The two-step review through the API, with each person's own token and rights.

编辑 bianji writes and submits; 审核 shenhe passes 初审; the same person may not pass
终审, zhongshen does, and only then is the page public, in the API and in HTML.
"""

import pytest

from core.workflow import NO_DIRECT_PUBLISH, SAME_APPROVER
from tests.api_tokens import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(api, editor):
    """A news story bianji wrote through the API: a draft nobody outside sees."""
    from home.models import NewsIndexPage

    body = {
        "meta": {"type": "home.NewsPage", "parent_id": NewsIndexPage.objects.get().pk},
        "title": "接口提交审核的工作动态",
        "slug": "api-review-story",
        "date": "2026-11-28",
        "lead": "区服务中心走进社区宣讲优待政策。",
        "body": [{"type": "paragraph", "value": "<p>宣讲覆盖 12 个社区。</p>"}],
    }
    response = api.post("/api/v3/pages/", body, editor)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def url(page_id, action=""):
    return f"/api/v3/workflow/pages/{page_id}/" + (f"{action}/" if action else "")


def test_a_draft_goes_live_only_after_two_different_reviewers_approve(
    api, client, draft, editor, first_reviewer, final_reviewer
):
    state = api.get(url(draft), editor).json()
    assert state["status"] == "none" and state["actions"] == ["submit"]

    response = api.post(url(draft, "submit"), token=editor)
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["status"] == "in_progress" and state["status_label"] == "审核中"
    assert state["current_step"] == "初审" and state["actions"] == []

    assert api.get(url(draft), first_reviewer).json()["actions"] == ["approve", "reject"]
    response = api.post(url(draft, "approve"), {"comment": "内容属实。"}, first_reviewer)
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["current_step"] == "终审" and state["live"] is False
    assert state["steps"][0]["status_label"] == "已通过"
    assert state["steps"][0]["finished_by"] == "审核老李"
    assert state["steps"][0]["comment"] == "内容属实。"

    # Whoever passed 初审 cannot pass 终审 as well.
    assert api.get(url(draft), first_reviewer).json()["actions"] == ["reject"]
    response = api.post(url(draft, "approve"), {}, first_reviewer)
    assert response.status_code == 403
    assert response.json()["detail"] == SAME_APPROVER
    assert api.get(f"/api/v3/pages/{draft}/").status_code == 404

    response = api.post(url(draft, "approve"), {}, final_reviewer)
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["status"] == "approved" and state["live"] is True
    assert state["status_label"] == "已通过并发布"

    public = api.get(f"/api/v3/pages/{draft}/")
    assert public.status_code == 200 and public.json()["title"] == "接口提交审核的工作动态"
    page = client.get(state["url"])
    assert page.status_code == 200
    assert "宣讲覆盖 12 个社区。" in page.content.decode()


def test_a_step_sent_back_with_a_reason_is_fixed_and_resubmitted(
    api, draft, editor, first_reviewer
):
    api.post(url(draft, "submit"), token=editor)

    response = api.post(url(draft, "reject"), {"comment": "   "}, first_reviewer)
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "退回时请写明要修改的地方。"

    response = api.post(url(draft, "reject"), {"comment": "请补充活动日期。"}, first_reviewer)
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["status"] == "needs_changes" and state["status_label"] == "已退回修改"
    assert state["steps"][-1]["comment"] == "请补充活动日期。"
    assert api.get(url(draft), editor).json()["actions"] == ["submit"]

    response = api.patch(
        f"/api/v3/pages/{draft}/",
        {"meta": {"type": "home.NewsPage"}, "lead": "已补充日期。"},
        editor,
    )
    assert response.status_code == 200, response.content
    response = api.post(url(draft, "submit"), token=editor)
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["current_step"] == "初审"


def test_an_editor_cannot_approve_and_a_reviewer_token_needs_the_publish_scope(
    api, draft, editor, first_reviewer
):
    api.post(url(draft, "submit"), token=editor)

    response = api.post(url(draft, "approve"), {}, editor)
    assert response.status_code == 403
    assert "没有“发布”权限（publish）" in response.json()["detail"]
    response = api.post(url(draft, "approve"), {}, bearer("bianji", "read", "write", "publish"))
    assert response.status_code == 403
    assert response.json()["detail"] == "当前账号不在“初审”的审核组中，不能审核这一步。"
    response = api.post(url(draft, "approve"), {}, bearer("shenhe", "read", "write"))
    assert response.status_code == 403
    assert "没有“发布”权限（publish）" in response.json()["detail"]
    assert api.get(url(draft), first_reviewer).json()["steps"][0]["status"] == "in_progress"


def test_a_reviewer_cannot_publish_directly_even_with_a_publish_token(api, draft, first_reviewer):
    response = api.post(f"/api/v3/pages/{draft}/actions/publish/", {}, first_reviewer)
    assert response.status_code == 403
    assert response.json()["detail"] == NO_DIRECT_PUBLISH
    assert api.get(f"/api/v3/pages/{draft}/").status_code == 404


def test_submitting_twice_or_reviewing_an_unsubmitted_page_is_a_409(
    api, draft, editor, first_reviewer
):
    response = api.post(url(draft, "approve"), {}, first_reviewer)
    assert response.status_code == 409
    assert response.json()["detail"] == "此页面当前不在审核中：请先提交审核。"
    assert api.post(url(draft, "submit"), token=editor).status_code == 200
    response = api.post(url(draft, "submit"), token=editor)
    assert response.status_code == 409
    assert response.json()["detail"] == "此页面已在审核中（当前步骤：初审），不能重复提交。"


def test_review_needs_a_token_and_an_existing_page(api, editor):
    response = api.post(url(1, "submit"))
    assert response.status_code == 401
    assert "接口令牌" in response.json()["detail"]
    response = api.post(url(999999, "submit"), token=editor)
    assert response.status_code == 404
    assert response.json()["detail"] == "页面不存在，或尚未发布。"


def test_a_teacher_cannot_submit_or_see_the_review_of_a_news_story(api, draft):
    teacher = bearer("jiaoshi", "read", "write")
    response = api.post(url(draft, "submit"), token=teacher)
    assert response.status_code == 403
    assert response.json()["detail"] == "当前账号没有提交此页面审核的权限。"
    response = api.get(url(draft), teacher)
    assert response.status_code == 403
    assert response.json()["detail"] == "当前账号无权查看此页面的审核状态。"
