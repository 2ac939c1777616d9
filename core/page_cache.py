"""Anonymous page views served from the shared cache, dropped when what they show changes.

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
Every stored copy is keyed by version numbers held in the cache, so a purge is one
increment seen at once by all workers. Publishing or unpublishing a page retires only
the copies that show it (``purge_page``): the page and its sub-paths, the listings above
it, and the pages that link to it (Wagtail's reference index: related stories, page
choosers). A change that every page shows (navigation, site settings, snippets, a page
moved or deleted, a renamed slug) retires the whole site (``purge``).

What every page renders besides its own content (the site and its root, navigation,
footer settings, view restrictions, the campaign banner) is kept per whole-site
version (``versioned``), so a page that is not cached still renders in a few queries.

Numbers that change between publishes (tribute counts, a few a second at Qingming) are
*live fragments*: the stored copy keeps them between two markers, and every copy
served from the cache has them rendered again from the database by the renderer the
owning app registered (one query per kind of fragment, however many on the page,
itself cached until the next tribute: ``live_changed``); the markers are taken out of
what the visitor receives. A visitor without JavaScript
therefore sees the count their own tribute just raised, while the page itself still
comes from the cache. If the database cannot answer, the stored numbers are kept.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models import Model, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token

from .context_processors import ELDER_COOKIE

if TYPE_CHECKING:
    from wagtail.models import Page

T = TypeVar("T")

VERSION_KEY = "pagecache:version"
PATH_PREFIX = "pagecache:pathv:"
TREE_PREFIX = "pagecache:treev:"
LIVE_VERSION_KEY = "pagecache:live"
# Bumped by every publish and unpublish: figures counted over all pages follow it.
PAGES_VERSION_KEY = "pagecache:pages"
# Autoescaping turns "<" into "&lt;", so no visitor's text can ever match the placeholder.
CSRF_PLACEHOLDER = "<!--page-cache-csrf-token-->"
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_CSRF_MARK = "core.page_cache.csrf_placeholder"
# Like the CSRF placeholder, markers start with "<": escaped visitor text never matches.
_LIVE_OPEN = b"<!--live:"
_LIVE = re.compile(rb"<!--live:([a-z-]+):([0-9]+)-->(.*?)<!--/live-->", re.S)
_live_renderers = {}
logger = logging.getLogger("core.page_cache")
# Bumped by every write to a search index: kept search results follow it.
SEARCH_VERSION_KEY = "pagecache:search"
# Search results are also dropped after this long: Elasticsearch shows a write only
# after its next refresh, which may come after the bump.
SEARCH_CACHE_SECONDS = 60
# The version keys every ``_cached`` value depends on, read together once per request.
_DATA_VERSION_KEYS = (VERSION_KEY, PAGES_VERSION_KEY, LIVE_VERSION_KEY, SEARCH_VERSION_KEY)
# Version values read during the current request ({key: value}); None outside requests.
_versions_memo: ContextVar[dict | None] = ContextVar("page_cache_versions", default=None)
# This process's copies of ``_cached`` values. Their keys hold the versions they were
# computed under, and a version is never reused (a missing one starts at a new
# timestamp), so a copy here is exactly the shared one: a page that is not cached reads
# what it shows without a round trip to Redis. The timeout only bounds the memory.
_local = LocMemCache("core.page_cache.local", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 2000}})
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


def current_version() -> int:
    """The whole-site version (also keys the per-version caches of ``versioned``)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump(key):
    memo = _versions_memo.get()
    if memo is not None:
        memo.pop(key, None)
    try:
        try:
            cache.incr(key)
        except ValueError:
            # Missing (never set, or evicted): a value no copy can have been keyed by.
            cache.set(key, time.time_ns(), None)
    except Exception:  # noqa: BLE001 - a cache that cannot answer holds no copies either
        logger.warning("页面缓存：无法更新版本 %s", key, exc_info=True)


def purge(**kwargs: Any) -> None:
    """Retire every cached page (signal receiver)."""
    _bump(VERSION_KEY)


def purge_site_when_changed(*models: type[Model]) -> None:
    """Retire every cached page when a row of ``models`` is saved or deleted: records
    shown across the site (contact details, streets, people, campaigns) that change
    without a page being published. Each app lists its own in its signal_handlers.py."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        label = model._meta.label_lower
        post_save.connect(purge, sender=model, dispatch_uid=f"pagecache-{label}")
        post_delete.connect(purge, sender=model, dispatch_uid=f"pagecache-{label}-deleted")


def _path_version_key(path):
    return PATH_PREFIX + hashlib.sha1(path.encode()).hexdigest()


def _tree_version_key(path):
    return TREE_PREFIX + hashlib.sha1(path.encode()).hexdigest()


def _prefixes(path):
    """ "/a/b/c/" -> "/", "/a/", "/a/b/", "/a/b/c/"."""
    parts = path.split("/")[1:-1] if path.endswith("/") else path.split("/")[1:]
    found = ["/"]
    for index in range(1, len(parts) + 1):
        found.append("/" + "/".join(parts[:index]) + "/")
    return found


def purge_paths(paths: Iterable[str] = (), trees: Iterable[str] = ()) -> None:
    """Retire the copies of ``paths`` (any query string), and of everything under ``trees``."""
    for path in set(paths):
        _bump(_path_version_key(path))
    for path in set(trees):
        _bump(_tree_version_key(path))


# Root (1), the site's home (2) and its sections (3) are in every page's navigation.
NAV_DEPTH = 3


def _page_path(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None


def pages_showing(page):
    """Live pages other than ``page``'s own listings whose copies show it (pages that
    link to it, pages of types that declare ``purge_on_publish_of`` its type), or None
    when a snippet or setting links to it: those are shown site-wide."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    referring = set()
    for base_type, object_id in ReferenceIndex.get_references_to(page).values_list(
        "base_content_type_id", "object_id"
    ):
        if base_type != page_type.pk:
            return None
        referring.add(int(object_id))
    label = page.specific_class._meta.label_lower if page.specific_class else ""
    types = [
        ContentType.objects.get_for_model(model)
        for model in apps.get_models()
        if issubclass(model, Page)
        and ({"*", label} & set(getattr(model, "purge_on_publish_of", ())))
    ]
    showing = Page.objects.live().filter(Q(pk__in=referring) | Q(content_type__in=types))
    return showing.exclude(pk=page.pk)


def purge_page(page: Page) -> None:
    """Retire the copies that show ``page`` (published or unpublished just now)."""
    own = _page_path(page) if page.depth > NAV_DEPTH else None
    showing = pages_showing(page) if own is not None else None
    if own is None or showing is None:
        purge()
        return
    listings = [_page_path(ancestor) for ancestor in page.get_ancestors()]
    others = [_page_path(other) for other in showing]
    purge_paths(paths=[path for path in listings + others if path], trees=[own])


def published_changed() -> None:
    """Some page was published or unpublished: retire what is kept per published version
    (figures over all pages, cards, routed pages, page bodies)."""
    _bump(PAGES_VERSION_KEY)


def page_changed(instance: Page, **kwargs: Any) -> None:
    """Signal receiver for page_published / page_unpublished."""
    published_changed()
    purge_page(instance)


def content_version() -> str | None:
    """Changes whenever any page is published or unpublished, or the whole site is
    purged: the key of answers built from all published content (API reads). None when
    the cache cannot answer (nothing is then kept)."""
    found = _data_versions()
    if found is None:
        return None
    return f"{found[VERSION_KEY]}.{found[PAGES_VERSION_KEY]}"


def content_cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()`` over all pages and counts (the stats board), cached until any page
    is published or unpublished, anything is purged, or a tribute is made."""
    return _cached(name, compute, [VERSION_KEY, PAGES_VERSION_KEY, LIVE_VERSION_KEY])


def stored_answer(key: str, seconds: int) -> Any:
    """What ``store_answer`` kept under ``key``, a key that holds the versions the answer
    depends on (so a copy is never stale): from this process's memory first, else from
    the shared cache. None when there is none."""
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _local.set(key, value, seconds)
    return value


def store_answer(key: str, value: Any, seconds: int) -> None:
    cache.set(key, value, seconds)
    _local.set(key, value, seconds)


def published_cached(
    name: str, compute: Callable[[], T], keep: Callable[[T], bool] | None = None
) -> T:
    """``compute()`` over published pages (a listing's filter choices and counts), cached
    until any page is published or unpublished or the whole site is purged. With
    ``keep``, only values it accepts are kept (not the answers to made-up addresses)."""
    return _cached(name, compute, [VERSION_KEY, PAGES_VERSION_KEY], keep=keep)


def published_page(name: str, page: Any) -> Any:
    """``page`` (a paginator page of other pages' cards) with its rows read once per
    published version; ``name`` must hold every choice that selects the rows."""
    page.object_list = published_list(f"{name}:page{page.number}", page.object_list)
    return page


def search_cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()`` over a search index (a query's results), cached until the index
    changes, and for at most SEARCH_CACHE_SECONDS."""
    return _cached(name, compute, [SEARCH_VERSION_KEY], timeout=SEARCH_CACHE_SECONDS)


def search_index_changed() -> None:
    """A search index took a write: retire kept results now, for this transaction's own
    reads, and again at commit, for requests that read the old rows in between."""
    _bump(SEARCH_VERSION_KEY)
    transaction.on_commit(lambda: _bump(SEARCH_VERSION_KEY))


def search_index_version() -> int | None:
    """The search index's version, bumped by every write of either engine (read once
    per request); None when the cache cannot answer."""
    try:
        found = _data_versions()
    except Exception:  # noqa: BLE001 - no cache: the caller reads the table instead
        return None
    return found[SEARCH_VERSION_KEY] if found else None


def published_list(name: str, queryset: QuerySet) -> list:
    """The rows of ``queryset`` (cards of other pages), read once per published version.

    Prefetched image renditions are left out of the kept copy: it would not know the
    renditions made after it, and Wagtail would then ask the database once per card
    until the next publish. Renditions come from the renditions cache instead.
    """
    kept = [
        lookup
        for lookup in queryset._prefetch_related_lookups
        if not str(getattr(lookup, "prefetch_through", lookup)).endswith("renditions")
    ]
    return published_cached(
        name, lambda: list(queryset.prefetch_related(None).prefetch_related(*kept))
    )


def _data_versions():
    """``{key: value}`` of the data version keys, once per request; None when the cache
    cannot answer. A missing key starts at a timestamp, never at a value used before."""
    memo = _versions_memo.get()
    if memo is not None and all(key in memo for key in _DATA_VERSION_KEYS):
        return memo
    found = cache.get_many(_DATA_VERSION_KEYS)
    missing = [key for key in _DATA_VERSION_KEYS if key not in found]
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), None)
        found.update(cache.get_many(missing))
        if any(key not in found for key in _DATA_VERSION_KEYS):
            return None
    if memo is not None:
        memo.update(found)
    return found


def _cached(name, compute, version_keys, timeout=None, keep=None):
    """``compute()`` kept under the current values of ``version_keys``. A cache that
    cannot answer only costs the computation: pages and tributes still work."""
    try:
        found = _data_versions()
        if found is None:
            return compute()
        versions = ".".join(str(found[key]) for key in version_keys)
        key = f"pagecache:data:{versions}:{name}"
        value = _local.get(key)
        if value is None:
            value = cache.get(key)
            if value is not None:
                _local.set(key, value, timeout or DEFAULT_TIMEOUT)
    except Exception:  # noqa: BLE001 - any cache fault: compute as if nothing were cached
        logger.warning("页面缓存：缓存不可用，直接计算 %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        if keep is not None and not keep(value):
            return value
        try:
            cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 60)
            _local.set(key, value, timeout or DEFAULT_TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.warning("页面缓存：无法保存 %s", name, exc_info=True)
    return value


def _request_versions(request):
    """``(versions, parameters)``: the versions a copy of this path depends on and the
    query parameters the path is known to read (None when not yet known), read in one
    round trip together with the data versions the page (or the live parts of its copy)
    will read next. A hit then costs one more read: the copy itself."""
    keys = [VERSION_KEY, _path_version_key(request.path)]
    keys += [_tree_version_key(prefix) for prefix in _prefixes(request.path)]
    params_key = _params_key(request)
    found = cache.get_many(
        keys + [key for key in _DATA_VERSION_KEYS if key not in keys] + [params_key]
    )
    memo = _versions_memo.get()
    if memo is not None and all(key in found for key in _DATA_VERSION_KEYS):
        memo.update({key: found[key] for key in _DATA_VERSION_KEYS})
    if VERSION_KEY not in found:
        found[VERSION_KEY] = current_version()
    return ".".join(str(found.get(key, 0)) for key in keys), found.get(params_key)


def versioned(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, cached until the next whole-site purge (navigation, settings)."""
    return _cached(name, compute, [VERSION_KEY], timeout=3600)


def attach_site(request):
    """Wagtail's site for the request, with its root page in its specific form, read
    once per content version instead of two queries on every request."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site or False

    request._wagtail_site = versioned(f"site:{hostname}:{port}", find) or None


def install():
    """Whoever asks Wagtail for the request's site (routing, settings, page URLs) gets
    the cached one; requests that never ask (media, static files) touch nothing."""
    from wagtail.models import Site

    find_for_request = Site.find_for_request

    def cached_find_for_request(request):
        if request is not None and not hasattr(request, "_wagtail_site"):
            attach_site(request)
        return find_for_request(request)

    Site.find_for_request = staticmethod(cached_find_for_request)
    # Page URLs built without a request read the site root paths from the cache each
    # time (several times a page): keep them with the other per-version values.
    root_paths = Site.get_site_root_paths
    Site.get_site_root_paths = staticmethod(lambda: versioned("site-root-paths", root_paths))


def live_cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()`` (a live count), cached until the next ``live_changed``."""
    return _cached(name, compute, [LIVE_VERSION_KEY])


def live_changed() -> None:
    """Counts behind live fragments changed (a tribute): render them afresh."""
    _bump(LIVE_VERSION_KEY)


def mark_csrf_placeholder(request):
    """Called by ``{% csrf_field %}``: this response holds a placeholder to fill."""
    request.META[_CSRF_MARK] = True


def register_live_fragment(name: str, render_many: Callable[[list[int]], dict[int, str]]) -> None:
    """``render_many(keys)`` returns ``{key: html}`` for the fragments ``name`` on a page."""
    _live_renderers[name] = render_many


def live_fragment(name: str, key: int, html: str) -> str:
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
            fresh[name] = _rendered_live(name, keys, render_many)
        except DatabaseError:
            logger.warning("页面缓存：无法刷新 %s，沿用缓存中的内容", name, exc_info=True)
            fresh[name] = {}

    def replace(match):
        html = fresh[match.group(1).decode()].get(int(match.group(2)))
        return match.group(3) if html is None else html.encode()

    return _LIVE.sub(replace, content)


def _rendered_live(name, keys, render_many):
    """The fragments, rendered once per tribute however many visitors ask in between."""
    if not render_many:
        return {}
    digest = hashlib.sha1(repr(keys).encode()).hexdigest()
    return live_cached(f"fragment:{name}:{digest}", lambda: render_many(keys))


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


def _params_key(request):
    # Not versioned: the parameters a path reads only grow (the set is merged), and the
    # copies themselves are keyed by the versions.
    return f"pagecache:params:{_path_digest(request)}"


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
        token = _versions_memo.set({})
        try:
            return self._respond(request)
        finally:
            _versions_memo.reset(token)

    def _respond(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self._filled(request, self.get_response(request))
        version, known = _request_versions(request)
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
                cache.set(_params_key(request), params, seconds)
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
