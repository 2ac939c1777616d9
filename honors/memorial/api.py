"""网上祭扫 JSON API, mounted at /api/v3/memorial/.

The tribute endpoint is for apps, mini programs and the page's own script: no
authentication, no session and no CSRF cookie (it never reads or sets cookies), and
abuse is limited per visitor instead. Visitors' text comes back as plain JSON strings;
clients must insert it as text, never as HTML.
"""

import json

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from portal.params import positive_int

from .models import Campaign, MartyrPage, MemorialHallPage
from .models.tributes import counts_dict
from .tributes import TributeRefused, counts_for, offer

router = Router(tags=["英烈纪念"])

MAX_BODY = 4096


class KindCount(Schema):
    kind: str
    label: str
    count: int


class Counts(Schema):
    kinds: list[KindCount]
    total: int


class TributeIn(Schema):
    martyr: int
    kind: str
    nickname: str = ""
    message: str = ""


class TributeOut(Schema):
    notice: str
    martyr: int
    kind: str
    counts: Counts
    message_status: str | None


class Problem(Schema):
    detail: str


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


def _problem(status, detail):
    return Status(status, {"detail": detail})


@router.post(
    "/tributes",
    response={201: TributeOut, 400: Problem, 404: Problem, 413: Problem, 429: Problem},
    auth=None,
    summary="献花、点烛、鞠躬或敬酒（可附留言）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": TributeIn.json_schema()}},
        }
    },
)
def offer_tribute(request):
    """Parsed by hand so every refusal is a plain Chinese sentence in ``detail``."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isascii() or not declared.isdigit() or int(declared) > MAX_BODY:
        return _problem(413, "提交内容过长，留言最多 300 个字。")
    if len(request.body) > MAX_BODY:
        return _problem(413, "提交内容过长，留言最多 300 个字。")
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _problem(400, "提交内容不是有效的 JSON。")
    if not isinstance(data, dict):
        return _problem(400, "提交内容应为 JSON 对象。")
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
        return _problem(refusal.status, refusal.notice)
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


@router.get("/martyrs/{martyr_id}/counts", response=Counts, auth=None, summary="祭扫计数")
def martyr_counts(request, martyr_id: int):
    _live_martyr(martyr_id)
    return counts_for(martyr_id)


@router.get("/totals", response=Counts, auth=None, summary="英烈纪念馆累计祭扫计数")
def hall_totals(request):
    hall = MemorialHallPage.objects.live().first()
    return hall.tribute_totals if hall else counts_dict({})


@router.get(
    "/martyrs/{martyr_id}/messages",
    response=MessagePage,
    auth=None,
    summary="已审核通过的留言（最新在前）",
)
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
                "text": item.text,
                "created_at": item.created_at.isoformat(),
            }
            for item in page_obj
        ],
    }


@router.get(
    "/campaigns/active",
    response={200: CampaignOut, 404: Problem},
    auth=None,
    summary="正在进行的祭扫活动及其实时总数",
)
def active_campaign(request):
    campaign = Campaign.objects.active().first()
    if not campaign:
        return _problem(404, "当前没有正在进行的祭扫活动。")
    return Status(
        200,
        {
            "title": campaign.title,
            "text": campaign.text,
            "start_date": campaign.start_date.isoformat(),
            "end_date": campaign.end_date.isoformat(),
            "counts": campaign.totals(),
        },
    )
