"""Anonymous page views served from the shared cache, dropped when anything is published.

A cached copy is keyed by the path, the 长辈版 cookie and the query parameters the page
reads. Which parameters a page reads is learnt while it renders (``request.GET`` notes
every name asked for) and kept per path; ``?utm=1``, ``?utm=2``… then share one copy
instead of filling the cache. A copy is only stored from a request that carried no
parameter the page ignores, so no stray parameter is ever echoed into another
visitor's page (pagination links, the 长辈版 switch). Only plain anonymous
HTML GETs are stored: a response that sets a cookie, carries a visitor's CSRF token
or a flash message is never cached, so nothing personal is shared. Pages with a form
for visitors (the tribute form on every martyr's page) use ``{% csrf_field %}``: the
stored copy keeps a placeholder that is filled with the visitor's own token on the
way out, so those pages are cached too. The middleware sits just inside Django's CSRF
middleware, which reads the visitor's token cookie before and sets it after.
Publishing, unpublishing, moving or deleting a page bumps a version number held in
the cache, which retires every stored copy at once across all workers.

Numbers that change between publishes (tribute counts, a few a second at Qingming) are
*live fragments*: the stored copy keeps them between two markers, and every copy
served from the cache has them rendered again from the database by the renderer the
owning app registered (one query per kind of fragment, however many on the page);
the markers are taken out of what the visitor receives. A visitor without JavaScript
therefore sees the count their own tribute just raised, while the page itself still
comes from the cache. If the database cannot answer, the stored numbers are kept.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token

from .context_processors import ELDER_COOKIE

VERSION_KEY = "pagecache:version"
# Autoescaping turns "<" into "&lt;", so no visitor's text can ever match the placeholder.
CSRF_PLACEHOLDER = "<!--page-cache-csrf-token-->"
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_CSRF_MARK = "portal.page_cache.csrf_placeholder"
# Like the CSRF placeholder, markers start with "<": escaped visitor text never matches.
_LIVE_OPEN = b"<!--live:"
_LIVE = re.compile(rb"<!--live:([a-z-]+):([0-9]+)-->(.*?)<!--/live-->", re.S)
_live_renderers = {}
logger = logging.getLogger("portal.page_cache")
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


def register_live_fragment(name, render_many):
    """``render_many(keys)`` returns ``{key: html}`` for the fragments ``name`` on a page."""
    _live_renderers[name] = render_many


def live_fragment(name, key, html):
    """``html`` (already rendered, safe) marked to be rendered afresh on cached copies."""
    return f"<!--live:{name}:{int(key)}-->{html}<!--/live-->"


def _fill_live(content):
    """Every live fragment rendered afresh (markers removed); stored html where it fails."""
    found = list(_LIVE.finditer(content))
    if not found:
        return content
    fresh = {}
    for name in {match.group(1).decode() for match in found}:
        render_many = _live_renderers.get(name)
        keys = sorted({int(m.group(2)) for m in found if m.group(1).decode() == name})
        try:
            fresh[name] = render_many(keys) if render_many else {}
        except DatabaseError:
            logger.warning("页面缓存：无法刷新 %s，沿用缓存中的内容", name, exc_info=True)
            fresh[name] = {}

    def replace(match):
        html = fresh[match.group(1).decode()].get(int(match.group(2)))
        return match.group(3) if html is None else html.encode()

    return _LIVE.sub(replace, content)


def _fill_csrf(request, content):
    if _CSRF_PLACEHOLDER_BYTES not in content:
        return content
    # get_token() reuses the visitor's cookie or starts one; the CSRF middleware sets it.
    return content.replace(_CSRF_PLACEHOLDER_BYTES, get_token(request).encode())


class ReadTrackingQueryDict(QueryDict):
    """``request.GET`` that remembers which names the page asked for.

    Asking for one name (``get``, ``[]``, ``getlist``, ``in``) marks it as read; walking
    all of them (``items``, ``urlencode``, ``copy``…) marks every name, since the page
    may then depend on any of them. Templates that only echo the query into links use
    ``untracked_lists`` instead.
    """

    def __init__(self, query_string):
        self.read = set()
        super().__init__(query_string)
        self.read = set()  # parsing looked names up too
        self.read_all = False

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def _walk(self, method, *args, **kwargs):
        self.read_all = True
        return getattr(super(), method)(*args, **kwargs)

    def __iter__(self):
        return self._walk("__iter__")

    def keys(self):
        return self._walk("keys")

    def values(self):
        return self._walk("values")

    def items(self):
        return self._walk("items")

    def lists(self):
        return self._walk("lists")

    def dict(self):
        return self._walk("dict")

    def urlencode(self, safe=None):
        return self._walk("urlencode", safe)

    def copy(self):
        return self._walk("copy")

    def __copy__(self):
        return self._walk("__copy__")

    def __deepcopy__(self, memo):
        return self._walk("__deepcopy__", memo)


def untracked_lists(query):
    """``(name, values)`` pairs of a query, for echoing it into links."""
    return list(dict.items(query))


def _path_digest(request):
    return hashlib.sha1(request.path.encode()).hexdigest()


def _params_key(request, version):
    return f"pagecache:{version}:params:{_path_digest(request)}"


def _cache_key(request, version, params):
    elder = "1" if request.COOKIES.get(ELDER_COOKIE) == "1" else "0"
    query = request.GET
    chosen = [(name, dict.get(query, name, [])) for name in sorted(params)]
    digest = hashlib.sha1(repr((request.path, chosen)).encode()).hexdigest()
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
        version = current_version()
        known = cache.get(_params_key(request, version))
        if known is not None:
            stored = cache.get(_cache_key(request, version, known))
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return self._filled(request, response, stored=True)
        request.GET = tracked = ReadTrackingQueryDict(request.META.get("QUERY_STRING", ""))
        response = self.get_response(request)
        if _cacheable_response(request, response) and not tracked.read_all:
            params = frozenset(tracked.read) | (known or frozenset())
            if params != known:
                cache.set(_params_key(request, version), params, seconds)
            if set(dict.keys(tracked)) <= params:
                cache.set(
                    _cache_key(request, version, params),
                    (response.content, list(response.items())),
                    seconds,
                )
                response["X-Page-Cache"] = "miss"
        return self._filled(request, response)

    @staticmethod
    def _filled(request, response, stored=False):
        if response.streaming:
            return response
        content = original = response.content
        if stored:
            content = _fill_live(content)
        if stored or request.META.get(_CSRF_MARK):
            content = _fill_csrf(request, content)
        if _LIVE_OPEN in content:
            # A fresh render: only the stored copy needs the markers.
            content = _LIVE.sub(rb"\3", content)
        if content is not original:
            response.content = content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
