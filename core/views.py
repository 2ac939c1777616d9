"""Site-wide views that are not pages: elder-mode switch and error pages."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .context_processors import ELDER_COOKIE

ONE_YEAR = 60 * 60 * 24 * 365


@require_GET
def elder_mode(request):
    """Switch 长辈版 on or off without JavaScript and go back to the page."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax")
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def _error(request, status, heading, text):
    try:
        host = request.get_host()
    except DisallowedHost:
        # The site layout reads the Host (canonical link, site settings): use the bare page.
        return _bare_error(request, status, heading, text)
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={host}):
        back = ""
    context = {"heading": heading, "text": text, "back": back}
    return render(request, "error.html", context, status=status)


def _bare_error(request, status, heading, text):
    return render(request, "error_bare.html", {"heading": heading, "text": text}, status=status)


def bad_request(request, exception=None):
    """Also what a visitor sees when a form submission is far too large."""
    return _error(
        request, 400, "提交的内容有误", "提交的内容过大或格式不正确，请返回上一页检查后重新提交。"
    )


def rejected_request(request, text, host_ok=True):
    """What RequestGuardMiddleware answers to a page request it refuses."""
    if not host_ok:
        return _bare_error(request, 400, "无法访问此地址", text)
    return _error(request, 400, "提交的内容有误", text)


def permission_denied(request, exception=None):
    return _error(
        request, 403, "没有访问权限", "您没有查看此页面的权限。如需帮助，请拨打办公电话咨询。"
    )


def csrf_failure(request, reason=""):
    """A stale page or blocked cookies: say how to fix it, not why Django refused."""
    return _error(
        request,
        403,
        "页面已过期，请刷新后重试",
        "为保护您的提交，本站需要浏览器允许 Cookie。请刷新页面后重新提交；"
        "如仍不成功，请确认浏览器没有禁用 Cookie。",
    )


def server_error(request):
    return _bare_error(
        request,
        500,
        "服务暂时不可用",
        "服务器出现了问题，我们正在处理。请稍后刷新页面，或拨打办公电话咨询。",
    )
