"""The 审核 group moderates visitors' messages in the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from honors.memorial.models import SensitiveWord, TributeMessage

from .conftest import post_tribute

pytestmark = pytest.mark.django_db

QUEUE = "/admin/memorial_moderation/"


@pytest.fixture
def moderator(client):
    user = get_user_model().objects.get(username="shenhe")
    client.force_login(user)
    return user


def pending_ids():
    return list(
        TributeMessage.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True)
    )


def test_queue_lists_pending_with_martyr_and_matched_words(client, martyr, moderator):
    post_tribute(client, martyr.pk, message="请加 微信领取纪念章")
    page = client.get(QUEUE).content.decode()
    assert "请加 微信领取纪念章" in page
    assert martyr.title in page
    assert '<span class="w-status w-status--label">加微信</span>' in page
    assert f"待审核 <strong data-memorial-pending>{len(pending_ids())}</strong> 条" in page
    approved = TributeMessage.objects.filter(status="approved").first()
    assert approved.text not in page


def test_queue_filters(client, martyr, other_martyr, moderator):
    post_tribute(client, martyr.pk, message="第一位英烈的留言")
    post_tribute(client, other_martyr.pk, message="第二位英烈的留言，加微信")
    page = client.get(QUEUE, {"martyr": martyr.pk}).content.decode()
    assert "第一位英烈的留言" in page and "第二位英烈的留言" not in page
    page = client.get(QUEUE, {"flagged": "1"}).content.decode()
    assert "第二位英烈的留言" in page and "第一位英烈的留言" not in page
    page = client.get(QUEUE, {"q": "第一位"}).content.decode()
    assert "第一位英烈的留言" in page and "第二位英烈的留言" not in page
    rejected = TributeMessage.objects.filter(status="rejected").first()
    assert rejected.text in client.get(QUEUE, {"status": "rejected"}).content.decode()


def test_bulk_approve_publishes_messages_and_logs_each_decision(client, martyr, moderator):
    post_tribute(client, martyr.pk, message="愿英雄安息")
    post_tribute(client, martyr.pk, message="山河无恙，告慰英灵")
    ids = list(
        TributeMessage.objects.filter(text__in=["愿英雄安息", "山河无恙，告慰英灵"]).values_list(
            "pk", flat=True
        )
    )
    response = client.post(QUEUE, {"ids": ids, "decision": "approve"}, follow=True)
    assert "2 条留言已通过" in response.content.decode()
    for message in TributeMessage.objects.filter(pk__in=ids):
        assert message.status == "approved"
        assert message.decided_by == moderator and message.decided_at
        entry = ModelLogEntry.objects.for_instance(message).get()
        assert entry.action == "memorial.message.approve"
        assert entry.user == moderator
        assert entry.data["from"] == "pending" and entry.data["to"] == "approved"
    client.logout()
    page = client.get(martyr.url).content.decode()
    assert "愿英雄安息" in page and "山河无恙，告慰英灵" in page


def test_reject_one_keeps_it_hidden_and_logged(client, martyr, moderator):
    post_tribute(client, martyr.pk, message="与缅怀无关的内容")
    message = TributeMessage.objects.get(text="与缅怀无关的内容")
    response = client.post(QUEUE, {"ids": [message.pk], "decision": "reject"}, follow=True)
    assert "1 条留言已设为不通过" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "rejected"
    assert ModelLogEntry.objects.for_instance(message).get().action == "memorial.message.reject"
    client.logout()
    assert "与缅怀无关的内容" not in client.get(martyr.url).content.decode()


def test_audit_log_is_readable_in_admin_reports(client, martyr, moderator):
    post_tribute(client, martyr.pk, message="记录在案")
    message = TributeMessage.objects.get(text="记录在案")
    client.post(QUEUE, {"ids": [message.pk], "decision": "approve"})
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "留言审核通过" in page


def test_decision_without_selection_or_action_changes_nothing(client, moderator):
    before = pending_ids()
    response = client.post(QUEUE, {"decision": "approve"}, follow=True)
    assert "请先勾选要处理的留言" in response.content.decode()
    response = client.post(QUEUE, {"ids": before, "decision": "delete"}, follow=True)
    assert "请选择“通过”或“不通过”" in response.content.decode()
    assert pending_ids() == before


def test_editors_and_visitors_cannot_moderate(client):
    editor = get_user_model().objects.get(username="bianji")
    client.force_login(editor)
    before = pending_ids()
    # Wagtail answers a permission error by sending the user back to the dashboard.
    response = client.get(QUEUE, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "data-memorial-pending" not in response.content.decode()
    response = client.post(QUEUE, {"ids": before, "decision": "approve"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert pending_ids() == before
    assert "留言审核" not in client.get("/admin/").content.decode()
    client.logout()
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_menu_item_and_dashboard_panel_for_moderators(client, moderator):
    page = client.get("/admin/").content.decode()
    assert "留言审核" in page
    assert "待审核的祭扫留言" in page
    assert f"有 <strong>{len(pending_ids())}</strong> 条祭扫留言等待审核" in page


def test_sensitive_words_and_campaigns_are_editable_by_moderators(client, moderator, martyr):
    assert client.get("/admin/snippets/memorial/sensitiveword/").status_code == 200
    response = client.post(
        "/admin/snippets/memorial/sensitiveword/add/",
        {"word": "测试词", "action": "reject", "note": "审核组添加"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/snippets/memorial/sensitiveword/"
    word = SensitiveWord.objects.get(word="测试词")
    assert (word.action, word.note) == ("reject", "审核组添加")
    # It screens at once: a visitor's message with the new word is refused.
    assert post_tribute(client, martyr.pk, message="含有测试词的留言").status_code == 400
    assert client.get("/admin/snippets/memorial/campaign/").status_code == 200
    assert moderator.has_perm("memorial.view_martyr_family")


def test_editors_cannot_add_sensitive_words(client):
    client.force_login(get_user_model().objects.get(username="bianji"))
    response = client.post(
        "/admin/snippets/memorial/sensitiveword/add/",
        {"word": "编辑加的词", "action": "reject", "note": ""},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not SensitiveWord.objects.filter(word="编辑加的词").exists()
