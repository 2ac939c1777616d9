"""HTTP hygiene of API reads: shared cache, validators, Cache-Control and CORS.

Anonymous reads of published content (pages, cards, navigation, stations) are kept in
the same versioned cache as the HTML pages (``core.page_cache``): publishing,
unpublishing, moving or deleting a page retires every stored answer at once. A stored
answer is served before sessions, authentication or the API are touched.

Every public read carries an ``ETag`` (a hash of the body) and ``Last-Modified`` (when
that answer was made; a publish makes a new one), and answers ``304 Not Modified`` to a
matching ``If-None-Match`` or a not-older ``If-Modified-Since``. Anonymous answers may
be kept by browsers and CDNs for ``API_CACHE_MAX_AGE`` seconds; anything read with a
token or a session is ``private, no-store``.

CORS: only origins listed in ``API_CORS_ALLOWED_ORIGINS`` (environment variable, comma
separated) get ``Access-Control-Allow-Origin``, echoed back with ``Vary: Origin``.
Credentials are never allowed across origins (tokens travel in ``Authorization``,
which is an allowed request header), so a wildcard never meets credentials.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date, parse_http_date_safe

from core.page_cache import content_version, store_answer, stored_answer
from core.problems import problem

from .api_reads import add_expansions

API_PREFIX = "/api/v3/"
# Published content only: counts, search and statistics change without a publish.
CACHEABLE_PREFIXES = tuple(
    API_PREFIX + part for part in ("pages/", "cards/", "navigation/", "stations/", "sites/")
)
JSON_TYPES = ("application/json", "application/geo+json")
STORED_HEADERS = ("Content-Type", "Content-Language")
ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, If-Modified-Since, Accept"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Location"
PREFLIGHT_MAX_AGE = "600"
ORIGIN_REFUSED = "此网站（{origin}）不在本站接口的跨域允许列表中，浏览器不能从该网站调用接口。"


def _allowed_origins():
    return getattr(settings, "API_CORS_ALLOWED_ORIGINS", [])


def _is_anonymous(request):
    return "HTTP_AUTHORIZATION" not in request.META and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _key(request, version):
    digest = hashlib.sha1(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"apicache:{version}:{digest}"


def _etag(content):
    return '"' + hashlib.sha1(content).hexdigest()[:32] + '"'


def _not_modified(request, etag, modified):
    inm = request.META.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        tags = [tag.strip().removeprefix("W/") for tag in inm.split(",")]
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(modified) <= since


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").split(";")[0] in JSON_TYPES
        and not response.cookies
    )


class APIHttpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        origin = request.META.get("HTTP_ORIGIN")
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return self._preflight(origin)
        response = self._answer(request)
        return self._cors(response, origin)

    def _answer(self, request):
        public_read = (
            request.method in ("GET", "HEAD")
            and request.path.startswith(CACHEABLE_PREFIXES)
            and _is_anonymous(request)
        )
        if not public_read:
            response = add_expansions(request, self.get_response(request))
            if request.method in ("GET", "HEAD"):
                response["Cache-Control"] = "private, no-store"
                _vary(response, "Authorization", "Cookie")
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        version = content_version() if seconds else None
        key = _key(request, version) if version else None
        stored = stored_answer(key, seconds) if key else None
        if stored is not None:
            content, headers, etag, modified = stored
            if _not_modified(request, etag, modified):
                response = HttpResponse(status=304)
            else:
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
            response["X-Page-Cache"] = "hit"
            return self._public(response, etag, modified)
        response = add_expansions(request, self.get_response(request))
        if not _cacheable_response(response):
            if response.status_code < 400:
                response["Cache-Control"] = "private, no-store"
            return response
        etag, modified = _etag(response.content), int(time.time())
        if key:
            headers = [(name, response[name]) for name in STORED_HEADERS if name in response]
            store_answer(key, (response.content, headers, etag, modified), seconds)
            response["X-Page-Cache"] = "miss"
        if _not_modified(request, etag, modified):
            response = HttpResponse(status=304)
        return self._public(response, etag, modified)

    @staticmethod
    def _public(response, etag, modified):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        max_age = int(getattr(settings, "API_CACHE_MAX_AGE", 60))
        response["Cache-Control"] = f"public, max-age={max_age}"
        _vary(response, "Authorization", "Cookie")
        return response

    @staticmethod
    def _preflight(origin):
        if not origin or (origin not in _allowed_origins() and "*" not in _allowed_origins()):
            return problem(403, ORIGIN_REFUSED.format(origin=origin or "未知"))
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        _vary(response, "Origin")
        return response

    @staticmethod
    def _cors(response, origin):
        _vary(response, "Origin")
        if origin and (origin in _allowed_origins() or "*" in _allowed_origins()):
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response


def _vary(response, *names):
    present = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    for name in names:
        if name.lower() not in (v.lower() for v in present):
            present.append(name)
    response["Vary"] = ", ".join(present)
