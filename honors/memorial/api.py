"""网上祭扫 JSON API, mounted at /api/v3/memorial/.

The tribute endpoint is for apps, mini programs and the page's own script: no
authentication, no session and no CSRF cookie (it never reads or sets cookies), and
abuse is limited per visitor instead. A browser page of another site cannot post to it:
an ``Origin`` (or ``Sec-Fetch-Site``) that is neither this site nor in
CSRF_TRUSTED_ORIGINS is refused, while apps, which send no Origin, keep working.
Visitors' text comes back as plain JSON strings; clients must insert it as text, never
as HTML. Every error is problem+json (type/title/status/detail) in Chinese, like the
rest of the API; 429 and 503 say when to retry in ``Retry-After``.
"""

import functools
import json
import logging
from typing import Literal

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from wagtail.api.v3.errors import ProblemDetail

from core.params import MAX_ID, positive_int
from core.problems import problem as portal_problem

from .models import Campaign, MartyrPage, MemorialHallPage
from .models.tributes import counts_dict
from .services import DATABASE_DOWN, MESSAGE_MAX, NICKNAME_MAX, TributeRefused, counts_for, offer

logger = logging.getLogger("honors.memorial")
router = Router(tags=["英烈纪念"])

MAX_BODY = 4096
# A database failover or restart usually completes within this many seconds.
RETRY_AFTER_OUTAGE = 30
UNAVAILABLE_WRITE = (
    "祭扫服务暂时无法连接数据库，本次祭扫没有记录，留言也没有保存。请稍等片刻后再试。"
)
UNAVAILABLE_READ = "暂时无法读取祭扫数据，请稍等片刻后再试。"
CROSS_SITE = (
    "不接受从其他网站页面发来的祭扫。请在本站英烈页面上祭扫；如果您正在本站操作，请刷新页面后重试。"
)


class KindCount(Schema):
    kind: str
    label: str
    count: int


class Counts(Schema):
    kinds: list[KindCount]
    total: int


class TributeIn(Schema):
    martyr: int = Field(ge=1, le=MAX_ID, description="英烈页面的 id（已发布且公开）")
    kind: Literal["flower", "candle", "bow", "toast"] = Field(
        description="flower 献花 / candle 点烛 / bow 鞠躬 / toast 敬酒"
    )
    nickname: str = Field("", max_length=NICKNAME_MAX, description="昵称，可选，仅随留言使用")
    message: str = Field("", max_length=MESSAGE_MAX, description="留言，可选，审核通过后公开")


class TributeOut(Schema):
    notice: str
    martyr: int
    kind: str
    counts: Counts
    message_status: str | None


class MessageOut(Schema):
    nickname: str
    text: str
    created_at: str


class MessagePage(Schema):
    count: int
    page: int
    num_pages: int
    items: list[MessageOut]


class CampaignOut(Schema):
    title: str
    text: str
    start_date: str
    end_date: str
    counts: Counts


ERRORS = {
    400: "请求有误：JSON 无效、祭扫方式不对、留言含有不适宜的内容、只有不可见字符或超长",
    403: "来自其他网站页面的提交（Origin / Sec-Fetch-Site 不是本站，也不在允许列表中）",
    404: "英烈页面不存在、未发布或不公开（设了密码或登录限制）；没有正在进行的活动",
    413: "提交内容超过 4096 字节",
    422: "参数格式不对（如 page 不是整数），errors 逐项列出",
    429: "同一访客祭扫或留言太频繁；Retry-After 为需要等待的秒数",
    503: "数据库暂时不可用，什么也没有保存；Retry-After 为建议等待的秒数",
}
RETRY_AFTER = {"Retry-After": {"description": "建议多少秒后重试", "schema": {"type": "integer"}}}


def documented(*statuses):
    """OpenAPI entries for the problem+json answers an endpoint can give."""
    schema = ProblemDetail.model_json_schema()
    return {
        status: {
            "description": ERRORS[status],
            "content": {"application/problem+json": {"schema": schema}},
            **({"headers": RETRY_AFTER} if status in (429, 503) else {}),
        }
        for status in statuses
    }


def problem(status, detail, retry_after=None):
    """The portal's Chinese problem+json (``core.problems``), with Retry-After when given."""
    response = portal_problem(status, detail)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def database_guard(run):
    """A database outage answers 503 problem+json with Retry-After, not an HTML 500."""

    @functools.wraps(run)
    def guarded(request, *args, **kwargs):
        try:
            return run(request, *args, **kwargs)
        except DATABASE_DOWN:
            logger.exception("网上祭扫接口无法访问数据库")
            write = request.method == "POST"
            detail = UNAVAILABLE_WRITE if write else UNAVAILABLE_READ
            return problem(503, detail, RETRY_AFTER_OUTAGE)

    return guarded


def _allowed_origin(origin):
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        scheme, _, host = trusted.partition("://")
        if origin == trusted or (
            host.startswith("*.")
            and origin.startswith(f"{scheme}://")
            and origin.endswith(host[1:])
        ):
            return True
    return False


def cross_site(request):
    """True when a browser sent this request from a page of another site.

    Browsers send Origin with every cross-origin POST (and Sec-Fetch-Site with it);
    apps and mini programs send neither, and are let through like before.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site", "") in ("cross-site", "same-site")
    if origin == f"{request.scheme}://{request.get_host()}":
        return False
    return not _allowed_origin(origin)


@router.post(
    "/tributes",
    response={201: TributeOut},
    auth=None,
    summary="献花、点烛、鞠躬或敬酒（可附留言）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": TributeIn.json_schema()}},
        },
        "responses": documented(400, 403, 404, 413, 429, 503),
    },
)
@decorate_view(database_guard)
def offer_tribute(request):
    """Parsed by hand so every refusal is a plain Chinese sentence in ``detail``."""
    if cross_site(request):
        return problem(403, CROSS_SITE)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isascii() or not declared.isdigit() or int(declared) > MAX_BODY:
        return problem(413, "提交内容过长，留言最多 300 个字。")
    if len(request.body) > MAX_BODY:
        return problem(413, "提交内容过长，留言最多 300 个字。")
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return problem(400, "提交内容不是有效的 JSON。")
    if not isinstance(data, dict):
        return problem(400, "提交内容应为 JSON 对象。")
    try:
        accepted = offer(
            request,
            martyr_id=data.get("martyr"),
            kind=data.get("kind"),
            nickname=data.get("nickname") or "",
            message=data.get("message") or "",
            honeypot=data.get("website") or "",
        )
    except TributeRefused as refusal:
        return problem(refusal.status, refusal.notice, refusal.retry_after)
    # The busiest write path: the body already has TributeOut's shape, so it is sent as
    # is instead of being validated again.
    return JsonResponse(
        {
            "notice": accepted.notice,
            "martyr": accepted.martyr_id,
            "kind": accepted.kind,
            "counts": accepted.counts,
            "message_status": accepted.message.status if accepted.message else None,
        },
        status=201,
    )


def _live_martyr(martyr_id):
    if not positive_int(martyr_id):
        raise Http404
    return get_object_or_404(MartyrPage.objects.live().public(), pk=martyr_id)


@router.get(
    "/martyrs/{martyr_id}/counts",
    response=Counts,
    auth=None,
    summary="祭扫计数",
    openapi_extra={"responses": documented(404, 503)},
)
@decorate_view(database_guard)
def martyr_counts(request, martyr_id: int):
    _live_martyr(martyr_id)
    return counts_for(martyr_id)


@router.get(
    "/totals",
    response=Counts,
    auth=None,
    summary="英烈纪念馆累计祭扫计数",
    openapi_extra={"responses": documented(503)},
)
@decorate_view(database_guard)
def hall_totals(request):
    hall = MemorialHallPage.objects.live().first()
    return hall.tribute_totals if hall else counts_dict({})


@router.get(
    "/martyrs/{martyr_id}/messages",
    response=MessagePage,
    auth=None,
    summary="已审核通过的留言（最新在前；电话、身份证号等已隐去）",
    openapi_extra={"responses": documented(404, 422, 503)},
)
@decorate_view(database_guard)
def martyr_messages(request, martyr_id: int, page: int = 1):
    martyr = _live_martyr(martyr_id)
    paginator = Paginator(
        martyr.get_approved_messages().only("nickname", "text", "created_at"),
        MartyrPage.messages_per_page,
    )
    try:
        page_obj = paginator.page(page)
    except (EmptyPage, PageNotAnInteger):
        page_obj = paginator.page(paginator.num_pages)
    return {
        "count": paginator.count,
        "page": page_obj.number,
        "num_pages": paginator.num_pages,
        "items": [
            {
                "nickname": item.display_name,
                "text": item.public_text,
                "created_at": item.created_at.isoformat(),
            }
            for item in page_obj
        ],
    }


@router.get(
    "/campaigns/active",
    response={200: CampaignOut},
    auth=None,
    summary="正在进行的祭扫活动及其实时总数",
    openapi_extra={"responses": documented(404, 503)},
)
@decorate_view(database_guard)
def active_campaign(request):
    campaign = Campaign.objects.active().first()
    if not campaign:
        return problem(404, "当前没有正在进行的祭扫活动。")
    return {
        "title": campaign.title,
        "text": campaign.text,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat(),
        "counts": campaign.totals(),
    }
