"""Anonymous page views served from the shared cache, dropped when anything is published.

A cached copy is keyed by the full path and the 长辈版 cookie. Only plain anonymous
HTML GETs are stored: a response that sets a cookie, carries a visitor's CSRF token
or a flash message is never cached, so nothing personal is shared. Pages with a form
for visitors (the tribute form on every martyr's page) use ``{% csrf_field %}``: the
stored copy keeps a placeholder that is filled with the visitor's own token on the
way out, so those pages are cached too. The middleware sits just inside Django's CSRF
middleware, which reads the visitor's token cookie before and sets it after.
Publishing, unpublishing, moving or deleting a page bumps a version number held in
the cache, which retires every stored copy at once across all workers.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from .context_processors import ELDER_COOKIE

VERSION_KEY = "pagecache:version"
# Autoescaping turns "<" into "&lt;", so no visitor's text can ever match the placeholder.
CSRF_PLACEHOLDER = "<!--page-cache-csrf-token-->"
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_CSRF_MARK = "portal.page_cache.csrf_placeholder"
SKIP_PREFIXES = (
    "/admin/",
    "/api/",
    "/mode/",
    "/media/",
    "/static/",
    "/documents/",
    "/search/",
    "/memorial/tribute/",
    "/django-admin/",
)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def purge(**kwargs):
    """Retire every cached page (signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def mark_csrf_placeholder(request):
    """Called by ``{% csrf_field %}``: this response holds a placeholder to fill."""
    request.META[_CSRF_MARK] = True


def _fill_csrf(request, content):
    if _CSRF_PLACEHOLDER_BYTES not in content:
        return content
    # get_token() reuses the visitor's cookie or starts one; the CSRF middleware sets it.
    return content.replace(_CSRF_PLACEHOLDER_BYTES, get_token(request).encode())


def _cache_key(request, version):
    elder = "1" if request.COOKIES.get(ELDER_COOKIE) == "1" else "0"
    digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()
    return f"pagecache:{version}:{elder}:{digest}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIP_PREFIXES):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self._filled(request, self.get_response(request))
        key = _cache_key(request, current_version())
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return self._filled(request, response, stored=True)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            cache.set(key, (response.content, list(response.items())), seconds)
            response["X-Page-Cache"] = "miss"
        return self._filled(request, response)

    @staticmethod
    def _filled(request, response, stored=False):
        if (stored or request.META.get(_CSRF_MARK)) and not response.streaming:
            response.content = _fill_csrf(request, response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
