"""The moderation queue for visitors' messages (Wagtail admin, group 审核).

Decisions are taken one or many at once and each is written to Wagtail's audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.log_actions import log

from core.page_cache import purge_page
from core.params import positive_int

from .models import MartyrPage, TributeMessage

PERMISSION = "memorial.moderate_tributemessage"
PAGE_SIZE = 50
DECISIONS = {
    "approve": (TributeMessage.Status.APPROVED, "memorial.message.approve", "已通过"),
    "reject": (TributeMessage.Status.REJECTED, "memorial.message.reject", "已设为不通过"),
}


def can_moderate(user):
    return user.is_active and user.has_perm(PERMISSION)


def pending_count():
    return TributeMessage.objects.filter(status=TributeMessage.Status.PENDING).count()


def decide(messages_qs, decision, user):
    """Apply one decision to many messages; every change gets its own audit-log entry."""
    status, action, _ = DECISIONS[decision]
    now = timezone.now()
    changed = 0
    martyrs = set()
    with transaction.atomic():
        for message in messages_qs.select_for_update().exclude(status=status):
            previous = message.status
            message.status = status
            message.decided_at = now
            message.decided_by = user
            message.save(update_fields=["status", "decided_at", "decided_by"])
            log(
                instance=message,
                action=action,
                user=user,
                data={
                    "from": previous,
                    "to": status,
                    "martyr_id": message.martyr_id,
                    "matched_words": message.matched_words,
                },
            )
            changed += 1
            martyrs.add(message.martyr_id)
        if changed:
            # Approved messages appear on (cached) martyr pages; rejected ones leave them.
            pages = list(MartyrPage.objects.filter(pk__in=martyrs))
            transaction.on_commit(lambda: _purge(pages))
    return changed


def _purge(pages):
    for page in pages:
        purge_page(page)


def queue(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _post(request)
    status = request.GET.get("status", TributeMessage.Status.PENDING)
    if status not in TributeMessage.Status.values and status != "all":
        status = TributeMessage.Status.PENDING
    items = TributeMessage.objects.select_related("martyr", "decided_by").order_by(
        "created_at", "pk"
    )
    if status != "all":
        items = items.filter(status=status)
    if status != TributeMessage.Status.PENDING:
        items = items.order_by("-created_at", "-pk")
    martyr = request.GET.get("martyr", "")
    if positive_int(martyr):
        items = items.filter(martyr_id=positive_int(martyr))
    flagged = request.GET.get("flagged", "")
    if flagged == "1":
        items = items.exclude(matched_words=[])
    elif flagged == "0":
        items = items.filter(matched_words=[])
    q = request.GET.get("q", "").strip()[:50]
    if q:
        items = items.filter(text__icontains=q)
    page_obj = Paginator(items, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "memorial/admin/moderation.html",
        {
            "page_obj": page_obj,
            "status": status,
            "statuses": TributeMessage.Status.choices,
            "martyr": martyr,
            "martyrs": MartyrPage.objects.filter(tribute_messages__isnull=False)
            .distinct()
            .order_by("sort_name")
            .only("pk", "title"),
            "flagged": flagged,
            "q": q,
            "pending": pending_count(),
            "header_title": "祭扫留言审核",
            "page_title": "祭扫留言审核",
            "header_icon": "comment",
            "query": _without_page(request.GET),
        },
    )


def _without_page(params):
    params = params.copy()
    params.pop("p", None)
    return params.urlencode()


def _post(request):
    decision = request.POST.get("decision")
    ids = [pk for pk in map(positive_int, request.POST.getlist("ids")) if pk]
    back = request.POST.get("next") or reverse("memorial_moderation:index")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("memorial_moderation:index")
    if decision not in DECISIONS:
        messages.error(request, "请选择“通过”或“不通过”。")
        return redirect(back)
    if not ids:
        messages.error(request, "请先勾选要处理的留言。")
        return redirect(back)
    changed = decide(TributeMessage.objects.filter(pk__in=ids), decision, request.user)
    messages.success(request, f"{changed} 条留言{DECISIONS[decision][2]}。")
    return redirect(back)
