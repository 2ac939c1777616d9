"""The indexing queue in the admin: what waits, why it failed, and a button to retry.

Only superusers see it: a failing queue is an operations matter (Elasticsearch down,
disk full), not an editorial one. Editors' publishing never waits on it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page

from . import service
from .indexing import process_queue
from .models import IndexQueue

SHOWN = 200


def can_see(user):
    return user.is_active and user.is_superuser


def summary():
    """Rows waiting, rows that have failed at least once, and the oldest row's time."""
    return IndexQueue.objects.aggregate(
        waiting=Count("pk"), failing=Count("pk", filter=Q(attempts__gt=0)), oldest=Min("created_at")
    )


def queue(request):
    if not can_see(request.user):
        raise PermissionDenied
    if request.method == "POST":
        applied, failed = process_queue()
        if failed:
            messages.error(request, f"已写入 {applied} 条，仍有 {failed} 条失败，错误原因见下表。")
        elif applied:
            messages.success(request, f"已写入 {applied} 条索引更新，队列已清空。")
        else:
            messages.success(request, "队列是空的，没有需要写入的更新。")
        return redirect(reverse("search_queue:index"))
    rows = list(IndexQueue.objects.order_by("pk")[:SHOWN])
    titles = dict(
        Page.objects.filter(pk__in={row.page_id for row in rows}).values_list("pk", "title")
    )
    for row in rows:
        row.page_title = titles.get(row.page_id, "")
    elastic = service.elastic_engine()
    return TemplateResponse(
        request,
        "search/admin/queue.html",
        {
            "rows": rows,
            "shown": SHOWN,
            **summary(),
            "engine": "Elasticsearch" if elastic else "数据库（内置）",
            "elastic_down_since": service.elastic_state.down_since if elastic else None,
            "header_title": "搜索索引队列",
            "page_title": "搜索索引队列",
            "header_icon": "search",
        },
    )
