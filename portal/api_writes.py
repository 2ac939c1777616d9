"""Writes the headless CMS needs beyond Wagtail's page, image and document endpoints.

- ``/workflow/pages/{id}/…``: the two-step review (初审 → 终审) through the API, with the
  token user's real rights. Submitting needs the ``write`` scope; approving or sending
  back a step needs ``publish`` (the last approval publishes). The portal's rules in
  ``core/workflow.py`` hold here too: nobody but a superuser publishes directly, and
  whoever passed one step of a review cannot pass another.
- ``/videos/``: video upload (wagtailmedia has no API of its own), with the admin's
  media form, its collection permissions, and a check that the file is a video.
- A per-token limit on writes (429 with ``Retry-After``), so one runaway script cannot
  flood the editors' review queue.
"""

import functools
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Page, TaskState, WorkflowState

from core.forms import DAMAGED_IMAGE, check_image_decodes
from core.problems import problem
from core.ratelimit import within_limit
from core.workflow import SAME_APPROVER, ReviewRequired, approved_another_step

workflow_router = Router(tags=["workflow"])
videos_router = Router(tags=["videos"])

# ---------------------------------------------------------------------------
# Workflow

STATUS_LABELS = {
    "none": "未提交审核",
    WorkflowState.STATUS_IN_PROGRESS: "审核中",
    WorkflowState.STATUS_NEEDS_CHANGES: "已退回修改",
    WorkflowState.STATUS_APPROVED: "已通过并发布",
    WorkflowState.STATUS_CANCELLED: "已取消",
}
STEP_LABELS = {
    TaskState.STATUS_IN_PROGRESS: "待审核",
    TaskState.STATUS_APPROVED: "已通过",
    TaskState.STATUS_REJECTED: "已退回",
    TaskState.STATUS_SKIPPED: "已跳过",
    TaskState.STATUS_CANCELLED: "已取消",
}
NO_WORKFLOW = "此页面所在栏目没有审核流程：保存即可，发布须由有发布权限的人完成。"
ALREADY_IN_REVIEW = "此页面已在审核中（当前步骤：{step}），不能重复提交。"
NOT_IN_REVIEW = "此页面当前不在审核中：请先提交审核。"
CANNOT_SUBMIT = "当前账号没有提交此页面审核的权限。"
NOT_A_REVIEWER = "当前账号不在“{step}”的审核组中，不能审核这一步。"
CANNOT_VIEW = "当前账号无权查看此页面的审核状态。"
LOCKED = "此页面已被锁定，暂时不能提交审核；请联系锁定页面的人。"


class ReviewStep(Schema):
    step: str = Field(description="审核步骤，如“初审”“终审”")
    status: str
    status_label: str
    finished_by: str | None = Field(None, description="审核人的显示名称")
    finished_at: str | None = None
    comment: str = ""


class ReviewState(Schema):
    page_id: int
    title: str
    workflow: str | None = Field(None, description="审核流程名称")
    status: Literal["none", "in_progress", "needs_changes", "approved", "cancelled"]
    status_label: str
    current_step: str | None = None
    actions: list[Literal["submit", "approve", "reject"]] = Field(
        description="当前令牌用户此刻可以执行的操作"
    )
    steps: list[ReviewStep]
    live: bool = Field(description="页面是否已发布")
    url: str | None = Field(None, description="已发布页面的网址")


class ReviewComment(Schema):
    comment: str = Field("", max_length=2000, description="审核意见")


class RejectComment(Schema):
    comment: str = Field(min_length=1, max_length=2000, description="退回理由：写明要修改什么")


def _display_name(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _latest_state(page):
    return (
        WorkflowState.objects.for_instance(page)
        .select_related("workflow")
        .order_by("-created_at", "-pk")
        .first()
    )


def _actions(page, user, state):
    actions = []
    perms = page.permissions_for_user(user)
    if (state is None or state.status != WorkflowState.STATUS_IN_PROGRESS) and (
        perms.can_edit() and perms.can_submit_for_moderation()
    ):
        actions.append("submit")
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        task_state = state.current_task_state
        if task_state is not None:
            names = {name for name, *_ in task_state.task.specific.get_actions(page, user)}
            actions += [name for name in ("approve", "reject") if name in names]
    return actions


def _describe(page, user):
    page = Page.objects.get(pk=page.pk).specific
    state = _latest_state(page)
    workflow = page.get_workflow()
    steps = []
    current = None
    if state is not None:
        task_states = state.task_states.select_related("task", "finished_by").order_by(
            "started_at", "pk"
        )
        for task_state in task_states:
            comment = task_state.get_comment() if hasattr(task_state, "get_comment") else ""
            steps.append(
                {
                    "step": task_state.task.name,
                    "status": task_state.status,
                    "status_label": STEP_LABELS.get(task_state.status, task_state.status),
                    "finished_by": _display_name(task_state.finished_by),
                    "finished_at": (
                        task_state.finished_at.isoformat() if task_state.finished_at else None
                    ),
                    "comment": comment or "",
                }
            )
        if state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state:
            current = state.current_task_state.task.name
    status = state.status if state is not None else "none"
    return {
        "page_id": page.pk,
        "title": page.title,
        "workflow": (state.workflow.name if state else workflow.name if workflow else None),
        "status": status,
        "status_label": STATUS_LABELS.get(status, status),
        "current_step": current,
        "actions": _actions(page, user, state),
        "steps": steps,
        "live": page.live,
        "url": page.url if page.live else None,
    }


def _page(page_id):
    return get_object_or_404(Page, pk=page_id).specific


def _may_see(page, user, state):
    perms = page.permissions_for_user(user)
    if perms.can_edit() or perms.can_publish():
        return True
    return bool(state and state.current_task_state and _actions(page, user, state))


@workflow_router.get(
    "/pages/{page_id}/",
    response=ReviewState,
    summary="页面的审核状态",
    operation_id="workflow_state",
    auth=BearerTokenAuth(),
)
def review_state(request, page_id: int):
    """页面当前的审核流程、步骤记录（审核人、意见）以及当前令牌用户可以执行的操作。"""
    page = _page(page_id)
    if not _may_see(page, request.user, page.current_workflow_state):
        raise ReviewRequired(CANNOT_VIEW)
    return _describe(page, request.user)


@workflow_router.post(
    "/pages/{page_id}/submit/",
    response=ReviewState,
    summary="提交审核",
    operation_id="workflow_submit",
    auth=BearerTokenAuth(),
)
def submit(request, page_id: int):
    """把页面的最新草稿提交“两级审核发布”；被退回修改的页面再次提交时从退回的那一步继续。"""
    page = _page(page_id)
    user = request.user
    perms = page.permissions_for_user(user)
    if not perms.can_edit():
        raise ReviewRequired(CANNOT_SUBMIT)
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        raise HttpError(409, NO_WORKFLOW)
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        step = state.current_task_state.task.name if state.current_task_state else ""
        raise HttpError(409, ALREADY_IN_REVIEW.format(step=step))
    if not perms.can_submit_for_moderation():
        raise HttpError(409, LOCKED)
    with transaction.atomic():
        if page.get_latest_revision() is None:
            page.save_revision(user=user, log_action=True)
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            workflow.start(page, user)
    return _describe(page, user)


def _moderate(request, page_id, action, comment):
    page = _page(page_id)
    user = request.user
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        raise HttpError(409, NOT_IN_REVIEW)
    task_state = state.current_task_state
    task = task_state.task.specific
    names = {name for name, *_ in task.get_actions(page, user)}
    if action not in names:
        if approved_another_step(page, user, task):
            raise ReviewRequired(SAME_APPROVER)
        raise ReviewRequired(NOT_A_REVIEWER.format(step=task.name))
    with transaction.atomic():
        task.on_action(task_state, user, action, comment=comment)
    return _describe(page, user)


@workflow_router.post(
    "/pages/{page_id}/approve/",
    response=ReviewState,
    summary="审核通过当前步骤",
    operation_id="workflow_approve",
    auth=BearerTokenAuth(),
)
def approve(request, page_id: int, data: ReviewComment):
    """通过当前步骤（可附审核意见）。最后一步通过后页面自动发布。
    同一次审核中已通过上一步的人不能再通过下一步。"""
    return _moderate(request, page_id, "approve", data.comment.strip())


@workflow_router.post(
    "/pages/{page_id}/reject/",
    response=ReviewState,
    summary="退回修改",
    operation_id="workflow_reject",
    auth=BearerTokenAuth(),
)
def reject(request, page_id: int, data: RejectComment):
    """退回当前步骤并写明要修改的地方；编辑修改后再次提交审核。"""
    comment = data.comment.strip()
    if not comment:
        raise NinjaValidationError(
            [
                {
                    "type": "missing",
                    "loc": ["body", "data", "comment"],
                    "msg": "退回时请写明要修改的地方。",
                }
            ]
        )
    return _moderate(request, page_id, "reject", comment)


# ---------------------------------------------------------------------------
# Videos

VIDEO_EXTENSIONS = {"mp4", "m4v", "mov", "webm"}
NOT_A_VIDEO = (
    "视频文件无法识别（或并不是视频）：请上传 MP4、MOV 或 WebM 格式的视频，"
    "用播放器打开确认无误后再上传。"
)


def looks_like_video(file):
    """MP4/MOV carry an ISO-BMFF box (``ftyp``, ``moov``…) at byte 4; WebM starts with
    the EBML magic number. A renamed web page or image is neither."""
    position = file.tell()
    file.seek(0)
    head = file.read(12)
    file.seek(position)
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return True
    return len(head) >= 8 and head[4:8] in {b"ftyp", b"moov", b"mdat", b"wide", b"free"}


class VideoCreated(Schema):
    id: int
    title: str
    type: Literal["video"]
    collection_id: int
    url: str = Field(description="视频文件地址（被已发布页面使用后公开可访问）")
    thumbnail_url: str | None = Field(None, description="封面图地址")
    duration: float | None = Field(None, description="时长（秒）")
    width: int | None = None
    height: int | None = None


def _field_errors(form):
    return [
        {
            "type": "invalid",
            "loc": ["form", "collection_id" if name == "collection" else name],
            "msg": str(message),
        }
        for name, messages in form.errors.items()
        for message in messages
    ]


@videos_router.post(
    "/",
    response={201: VideoCreated},
    summary="上传视频",
    operation_id="videos_create",
    auth=BearerTokenAuth(),
)
def create_video(
    request,
    title: str = Form(..., min_length=1, max_length=255),
    collection_id: int | None = Form(None),
    duration: float | None = Form(None, ge=0, le=86400),
    width: int | None = Form(None, ge=1, le=10000),
    height: int | None = Form(None, ge=1, le=10000),
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja parameter
    thumbnail: UploadedFile | None = File(None),  # noqa: B008 - django-ninja parameter
):
    """上传一段视频（MP4、MOV、WebM），可同时上传封面图；与后台“音视频”库使用同一张表单、
    同样的收藏夹权限。返回新视频的编号与地址，口述历史页面以 video_id 引用它。"""
    from wagtail.permissions import policy_registry
    from wagtailmedia.forms import get_media_form
    from wagtailmedia.models import get_media_model

    Media = get_media_model()
    if not policy_registry.get_by_type(Media).user_has_permission(request.user, "add"):
        raise PermissionDenied
    errors = []
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in VIDEO_EXTENSIONS or not looks_like_video(file):
        errors.append({"type": "invalid", "loc": ["form", "file"], "msg": NOT_A_VIDEO})
    if thumbnail is not None:
        try:
            check_image_decodes(thumbnail)
        except Exception:  # noqa: BLE001 - any decoding failure is the same answer
            errors.append({"type": "invalid", "loc": ["form", "thumbnail"], "msg": DAMAGED_IMAGE})
    if errors:
        raise NinjaValidationError(errors)
    form_class = get_media_form(Media)
    data = {
        "title": title,
        "collection": collection_id,
        "duration": duration if duration is not None else "",
        "width": width or "",
        "height": height or "",
        "tags": "",
    }
    if data["collection"] is None:
        choices = list(form_class(user=request.user).fields["collection"].queryset[:2])
        data["collection"] = choices[0].pk if len(choices) == 1 else ""
    files = {"file": file}
    if thumbnail is not None:
        files["thumbnail"] = thumbnail
    instance = Media(type="video", uploaded_by_user=request.user)
    form = form_class(data=data, files=files, instance=instance, user=request.user)
    if not form.is_valid():
        raise NinjaValidationError(_field_errors(form))
    with transaction.atomic():
        video = form.save()
    return Status(
        201,
        {
            "id": video.pk,
            "title": video.title,
            "type": "video",
            "collection_id": video.collection_id,
            "url": video.url,
            "thumbnail_url": video.thumbnail.url if video.thumbnail else None,
            "duration": video.duration,
            "width": video.width,
            "height": video.height,
        },
    )


# ---------------------------------------------------------------------------
# Rate limit on writes

WRITE_RATE_LIMITED = "接口写入过于频繁：每个令牌每分钟最多 {limit} 次写入，请 {seconds} 秒后再试。"
WINDOW_SECONDS = 60


class WriteRateLimited(Exception):
    def __init__(self, limit):
        super().__init__(WRITE_RATE_LIMITED.format(limit=limit, seconds=WINDOW_SECONDS))


def write_rate_limited(request, exc):
    response = problem(429, str(exc))
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def _token_key(token):
    return getattr(token, "key_hash", None) or str(getattr(token, "pk", ""))


def limit_writes(operation):
    """Count each write a token makes; past the limit the operation is not run."""
    view = operation.view_func

    @functools.wraps(view)
    def limited(request, **values):
        token = getattr(request, "auth", None)
        limit = getattr(settings, "API_WRITES_PER_MINUTE", 600)
        if token is not None and not within_limit(
            "api-write", _token_key(token), limit, WINDOW_SECONDS
        ):
            raise WriteRateLimited(limit)
        return view(request, **values)

    operation.view_func = limited


def install(api, scopes_by_operation):
    """Rate-limit every write operation of ``api`` and answer 429 in Chinese."""
    from .api import _operations

    api.add_exception_handler(WriteRateLimited, write_rate_limited)
    for _prefix, router in api._routers:
        for operation, _auth in _operations(router):
            if scopes_by_operation.get(operation.operation_id, "read") != "read":
                limit_writes(operation)
