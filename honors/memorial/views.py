"""The no-JavaScript tribute form: POST, then back to the martyr's page with a notice."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render

from portal.params import positive_int

from .models import MartyrPage, MemorialHallPage
from .tributes import TributeRefused, offer


def tribute_form(request, martyr_id):
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
        )
    except TributeRefused as refusal:
        hall = MemorialHallPage.objects.live().first()
        return render(
            request,
            "memorial/tribute_refused.html",
            {
                "notice": refusal.notice,
                "status": refusal.status,
                "martyr": martyr,
                "hall": hall,
                "message_text": request.POST.get("message", "")[:300],
                "nickname": request.POST.get("nickname", "")[:20],
            },
            status=refusal.status,
        )
    messages.success(request, accepted.notice)
    return HttpResponseRedirect(f"{martyr.url}#tribute")
