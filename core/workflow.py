"""The two-step review (初审 → 终审) cannot be skipped.

Reviewers hold Wagtail's publish permission, which would let them publish straight
from the edit page, even while a page waits in 初审, and one reviewer could approve
both steps. The bureau's rule is two people and no shortcut, so for everyone but
superusers:

- a page under a workflow is never published directly: not from the edit or create
  page, a revision revert, a copy, the bulk action or the API; only the last approval
  publishes;
- whoever approved one step of a review cannot approve another step of the same review.

The menu leaves out what may not be done and says why; the checks below refuse it
anyway for a request made by hand.
"""

from django.core.exceptions import PermissionDenied

# Wagtail imports this module while loading its models (WAGTAIL_FINISH_WORKFLOW_ACTION),
# so models and actions are imported where they are used.

NO_DIRECT_PUBLISH = (
    "本站页面须经“两级审核发布”：请点击“提交审核”，由审核组初审、终审通过后自动发布，不能直接发布。"
)
SAVED_NOT_PUBLISHED = (
    "本站页面须经“两级审核发布”，不能直接发布：本次修改已保存为草稿，请点击“提交审核”。"
)
COPY_AS_DRAFT = "本站页面须经“两级审核发布”：复制出的页面已保存为草稿，请提交审核后再发布。"
SAME_APPROVER = "这次审核的上一步已由您通过，本步须由审核组的另一位成员审核通过。"


class ReviewRequired(PermissionDenied):
    """A refusal whose Chinese message is shown as it is (the API passes it on)."""


def workflow_required(page):
    workflow = page.get_workflow() if page is not None else None
    return bool(workflow and workflow.active)


def may_publish_directly(user, page):
    return bool(user and user.is_superuser) or not workflow_required(page)


def approved_another_step(obj, user, task):
    """Whether ``user`` approved a step other than ``task`` of ``obj``'s current review."""
    from wagtail.models import TaskState

    state = getattr(obj, "current_workflow_state", None)
    if state is None or not user or not user.is_authenticated:
        return False
    return (
        TaskState.objects.filter(
            workflow_state=state, status=TaskState.STATUS_APPROVED, finished_by=user
        )
        .exclude(task_id=task.pk)
        .exists()
    )


def publish_workflow_state(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: the last approval publishes.

    The approvals were the check; the direct-publish rule below must not stop them.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)


def install():
    from wagtail.actions.publish_page_revision import (
        PublishPagePermissionError,
        PublishPageRevisionAction,
    )
    from wagtail.models import GroupApprovalTask, TaskState

    if getattr(PublishPageRevisionAction, "_portal_review_rule", False):
        return

    class DirectPublishRefused(ReviewRequired, PublishPagePermissionError):
        pass

    check = PublishPageRevisionAction.check
    get_actions = GroupApprovalTask.get_actions
    moderatable = GroupApprovalTask.get_task_states_user_can_moderate

    def check_publish(self, skip_permission_checks=False):
        check(self, skip_permission_checks=skip_permission_checks)
        if (
            self.user
            and not skip_permission_checks
            and not may_publish_directly(self.user, self.object)
        ):
            raise DirectPublishRefused(NO_DIRECT_PUBLISH)

    def get_distinct_actions(self, obj, user):
        actions = get_actions(self, obj, user)
        if user.is_superuser or not approved_another_step(obj, user, self):
            return actions
        return [action for action in actions if action[0] != "approve"]

    def get_task_states_for_someone_else(self, user, **kwargs):
        states = moderatable(self, user, **kwargs)
        if user.is_superuser:
            return states
        mine = TaskState.objects.filter(status=TaskState.STATUS_APPROVED, finished_by=user)
        return states.exclude(workflow_state__in=mine.values("workflow_state"))

    PublishPageRevisionAction.check = check_publish
    GroupApprovalTask.get_actions = get_distinct_actions
    GroupApprovalTask.get_task_states_user_can_moderate = get_task_states_for_someone_else
    PublishPageRevisionAction._portal_review_rule = True
