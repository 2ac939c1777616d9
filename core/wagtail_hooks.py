"""Admin: the two-step review cannot be skipped (see workflow.py)."""

from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages

from . import workflow


@hooks.register("construct_page_action_menu")
def no_direct_publish_under_review(menu_items, request, context):
    """The review cannot be skipped: 发布 is left out where the page needs the review."""
    page = context.get("page") or context.get("parent_page")
    if not workflow.may_publish_directly(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _keep_as_draft(request, page):
    """A hand-made 发布 request is saved as a draft instead, and the editor is told why."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return
    if workflow.may_publish_directly(request.user, page):
        return
    data = request.POST.copy()
    del data["action-publish"]
    request.POST = data
    messages.warning(request, workflow.SAVED_NOT_PUBLISHED)


@hooks.register("before_edit_page")
def review_rules_on_edit(request, page):
    _keep_as_draft(request, page)
    task = page.current_workflow_task
    if (
        request.method == "GET"
        and task
        and not request.user.is_superuser
        and workflow.approved_another_step(page, request.user, task)
    ):
        messages.info(request, workflow.SAME_APPROVER)


@hooks.register("before_create_page")
def review_rules_on_create(request, parent_page, page_class):
    _keep_as_draft(request, parent_page)


@hooks.register("before_copy_page")
def copies_start_as_drafts(request, page):
    """A copy may get a new title: it goes through review like any new page."""
    if request.method != "POST" or not request.POST.get("publish_copies"):
        return
    if workflow.may_publish_directly(request.user, page):
        return
    data = request.POST.copy()
    del data["publish_copies"]
    request.POST = data
    messages.warning(request, workflow.COPY_AS_DRAFT)


@hooks.register("before_bulk_action")
def no_bulk_publish_under_review(request, action_type, objects, action_class_instance):
    if action_type != "publish" or request.method != "POST":
        return None
    if all(workflow.may_publish_directly(request.user, page) for page in objects):
        return None
    messages.error(request, workflow.NO_DIRECT_PUBLISH)
    return redirect(action_class_instance.next_url or "wagtailadmin_home")
