"""The no-JavaScript tribute form: POST, then back to the martyr's page with a notice."""

import logging

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render

from core.params import positive_int
from core.text import clean

from .api import RETRY_AFTER_OUTAGE
from .models import MartyrPage, MemorialHallPage
from .services import DATABASE_DOWN, MESSAGE_MAX, NICKNAME_MAX, TributeRefused, offer

logger = logging.getLogger("honors.memorial")


def tribute_form(request, martyr_id):
    try:
        return _tribute_form(request, martyr_id)
    except DATABASE_DOWN:
        logger.exception("祭扫表单无法访问数据库")
        return _unavailable(request, martyr_id)


def _tribute_form(request, martyr_id):
    martyr = (
        MartyrPage.objects.live().filter(pk=martyr_id).first() if positive_int(martyr_id) else None
    )
    if request.method != "POST":
        # Reloading the address a refused form was sent to: back to the page it came from.
        hall = MemorialHallPage.objects.live().first()
        target = martyr.url if martyr else (hall.url if hall else "/")
        return HttpResponseRedirect(target)
    try:
        accepted = offer(
            request,
            martyr_id=martyr_id,
            kind=request.POST.get("kind", ""),
            nickname=request.POST.get("nickname", ""),
            message=request.POST.get("message", ""),
            honeypot=request.POST.get("website", ""),
            unlocked=True,
        )
    except TributeRefused as refusal:
        hall = MemorialHallPage.objects.live().first()
        response = render(
            request,
            "memorial/tribute_refused.html",
            {
                "notice": refusal.notice,
                "status": refusal.status,
                "martyr": martyr,
                "hall": hall,
                **_typed(request),
            },
            status=refusal.status,
        )
        if refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response
    messages.success(request, accepted.notice)
    return HttpResponseRedirect(f"{martyr.url}#tribute")


def _typed(request):
    """What the visitor typed, to give back: as it would be stored, never longer."""
    return {
        "nickname": clean(request.POST.get("nickname", "")[: NICKNAME_MAX * 4])[:NICKNAME_MAX],
        "message_text": clean(request.POST.get("message", "")[: MESSAGE_MAX * 4], True)[
            :MESSAGE_MAX
        ],
    }


def _unavailable(request, martyr_id):
    """A page that needs no database: what happened, and the visitor's own words back in
    a form that sends them again."""
    response = render(
        request,
        "memorial/tribute_unavailable.html",
        {
            "action": request.path,
            "kind": request.POST.get("kind", ""),
            **_typed(request),
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response
