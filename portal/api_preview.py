"""Preview for decoupled front ends: an editor's draft, readable with a short-lived token.

An editor who may change a page opens ``/admin/api-preview/<id>/`` (the 「前端预览」
item in the page's action menu): the portal signs a token naming that page and its
latest revision, valid for ``API_PREVIEW_SECONDS``. The front end reads
``GET /api/v3/preview/?token=…`` and gets that revision, and only that one; the token
is stateless (signed with SECRET_KEY), so any worker can check it. Public reads
(``/api/v3/pages/…`` without a token) never see drafts, and preview answers are
``private, no-store`` so no cache keeps them.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from ninja import Query, Router
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.api.v3.errors import ProblemDetail
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Page, Revision

from core.problems import problem

SALT = "portal.api-preview"
router = Router(tags=["前端预览"])
BAD_TOKEN = "预览令牌无效或已过期，请在后台重新打开“前端预览”。"


def preview_seconds():
    return int(getattr(settings, "API_PREVIEW_SECONDS", 1800))


def make_token(page):
    revision = page.latest_revision or page.save_revision()
    return signing.dumps({"page": page.pk, "revision": revision.pk}, salt=SALT, compress=True)


def read_token(token):
    """``(page_id, revision_id)`` of a valid token, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=preview_seconds())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    return data.get("page"), data.get("revision")


def admin_preview(request, page_id):
    """Admin view: a token for the page's latest revision, for editors who may change it.
    With API_PREVIEW_CLIENT_URL set, the editor is sent to the front end with it."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    token = make_token(page)
    api_url = (
        request.build_absolute_uri(reverse("wagtailapi_v3:preview_page"))
        + "?"
        + urlencode({"token": token})
    )
    client = getattr(settings, "API_PREVIEW_CLIENT_URL", "")
    if client:
        query = urlencode({"api": request.build_absolute_uri("/api/v3/"), "preview": token})
        return redirect(f"{client}{'&' if '?' in client else '?'}{query}")
    response = JsonResponse(
        {"token": token, "expires_in_seconds": preview_seconds(), "api_url": api_url},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/",
    response={200: PageDetailSchema, 403: ProblemDetail, 404: ProblemDetail},
    url_name="preview_page",
    auth=None,
    summary="预览草稿（凭后台签发的预览令牌）",
    operation_id="preview_page",
)
def preview_page(
    request, token: str = Query(..., max_length=500, description="后台签发的预览令牌")
):
    """返回令牌所指页面的那一版草稿；令牌过期（默认 30 分钟）或无效时返回 403。"""
    found = read_token(token)
    if not found:
        return problem(403, BAD_TOKEN)
    page_id, revision_id = found
    revision = (
        Revision.page_revisions.filter(pk=revision_id, object_id=str(page_id)).first()
        if isinstance(page_id, int) and isinstance(revision_id, int)
        else None
    )
    if revision is None:
        raise Http404
    return revision.as_object()


class PreviewMenuItem(ActionMenuItem):
    """「前端预览」in the page editor: opens the draft in the decoupled front end."""

    label = "前端预览（接口令牌）"
    name = "action-api-preview"
    icon_name = "view"

    def is_shown(self, context):
        page = context.get("page")
        return bool(page and page.pk and context.get("view") == "edit")

    def get_url(self, context):
        return reverse("portal_api_preview", args=[context["page"].pk])
