"""Security headers that Django does not set by itself."""

from django.conf import settings


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
