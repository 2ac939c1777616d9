"""Middleware of the portal: security headers, the client address behind proxies, API errors."""

from django.conf import settings
from django.http import JsonResponse

from .params import MAX_ID


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response.

    The public site gets a strict policy (no inline script or style, nothing from
    elsewhere); Wagtail's admin needs inline code, so it gets a looser one.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = settings.CONTENT_SECURITY_POLICY
        self.admin_policy = settings.CONTENT_SECURITY_POLICY_ADMIN

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(("/admin/", "/api/v3/docs"))
            response["Content-Security-Policy"] = self.admin_policy if admin else self.public_policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


class ClientAddressMiddleware:
    """Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, REMOTE_ADDR becomes the visitor's
    address taken from X-Forwarded-For, so rate limits and login lock-outs apply per
    visitor rather than to the proxy.

    Each proxy appends the address it received the request from; the visitor is the
    entry that many places from the right. Anything further left was sent by the
    client and could be forged, so it is never used. With no proxies configured (the
    default) the header is ignored entirely.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxies = settings.TRUSTED_PROXY_COUNT
        if proxies:
            hops = [
                part.strip()
                for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if part.strip()
            ]
            if len(hops) >= proxies:
                request.META["REMOTE_ADDR"] = hops[-proxies]
        return self.get_response(request)


class APIProblemMiddleware:
    """Answers under /api/ that no API handler wrote (a path that matches no route, a
    method a route does not take) become Chinese problem+json like every other API error,
    instead of an HTML page or django-ninja's English "Method not allowed"."""

    MESSAGES = {
        404: ("未找到", "没有这个接口地址，请对照 /api/v3/docs/ 检查路径。"),
        405: ("不支持该请求方法", "此接口不支持 {method} 请求。"),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offset = request.GET.get("offset", "") if request.path.startswith("/api/") else ""
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_ID:
            # Wagtail bounds offset below only; past the database's integers it fails there.
            return self._problem(400, "请求有误", "offset 超出允许的范围。")
        response = self.get_response(request)
        if (
            response.status_code in self.MESSAGES
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/")
        ):
            title, detail = self.MESSAGES[response.status_code]
            problem = self._problem(
                response.status_code, title, detail.format(method=request.method)
            )
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response

    @staticmethod
    def _problem(status, title, detail):
        return JsonResponse(
            {"type": "about:blank", "title": title, "status": status, "detail": detail},
            status=status,
            content_type="application/problem+json",
            json_dumps_params={"ensure_ascii": False},
        )
