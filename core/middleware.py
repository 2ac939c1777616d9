"""Middleware of the portal: input that cannot be answered, security headers, the client
address behind proxies, API errors."""

import ipaddress
import json

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError

from .params import MAX_ID
from .problems import problem

NOT_JSON = object()
MAX_QUERY_VALUE = 500
_JSON_BODY = "_portal_json_body"


def _unstorable(text):
    """NUL (PostgreSQL text cannot hold it) or a lone surrogate (not valid UTF-8)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _json_has_unstorable(data):
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _unstorable(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class _APIBodyRefused(Exception):
    """A form body the API cannot read (too large, malformed)."""


class RequestGuardMiddleware:
    """Refuses, with a Chinese 400, what no page or endpoint can answer: a Host this site
    does not serve, and characters no database column can hold (NUL, lone surrogates)
    anywhere a visitor can put them: path, query, headers, cookies, form fields, JSON.

    Checked once here, first, so every page filter and API parameter is covered, and
    the error page is rendered without reading the bad Host again.
    """

    HOST_MESSAGE = "无法识别请求的网站地址（Host）。请使用本站的正式网址访问。"
    TEXT_MESSAGE = "请求中含有无法处理的字符（如空字符 U+0000），请删除后重新提交。"
    LONG_MESSAGE = f"网址中的查询内容过长（每项最多 {MAX_QUERY_VALUE} 个字符），请缩短后重试。"
    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            return self._refuse(request, self.HOST_MESSAGE, host_ok=False)
        try:
            unstorable = self._has_unstorable_text(request)
        except _APIBodyRefused as refused:
            if isinstance(refused.__cause__, RequestDataTooBig):
                return problem(413, "提交内容过大。")
            return problem(400, "提交的表单格式不正确，无法读取。")
        if unstorable:
            return self._refuse(request, self.TEXT_MESSAGE)
        if any(
            len(value) > MAX_QUERY_VALUE for _key, values in request.GET.lists() for value in values
        ):
            # Search engines build one clause per word: a huge value exhausts the stack.
            return self._refuse(request, self.LONG_MESSAGE)
        body = self._json_body(request)
        if request.path.startswith("/api/") and body is not NOT_JSON and not isinstance(body, dict):
            # Every API body is an object; Wagtail's page schemas crash on anything else.
            return problem(
                422,
                "提交的内容未通过校验，请按 errors 中列出的字段修改后重试。",
                errors=[{"type": "dict_type", "loc": ["body"], "msg": "应为 JSON 对象。"}],
            )
        return self.get_response(request)

    def _has_unstorable_text(self, request):
        if _unstorable(request.path) or any(
            _unstorable(key) or any(_unstorable(value) for value in values)
            for key, values in request.GET.lists()
        ):
            return True
        if any(
            "\x00" in value
            for key, value in request.META.items()
            if key.startswith("HTTP_") and isinstance(value, str)
        ) or any(_unstorable(key + value) for key, value in request.COOKIES.items()):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        if request.content_type in self.FORM_TYPES:
            try:
                return any(
                    _unstorable(key) or any(_unstorable(value) for value in values)
                    for key, values in request.POST.lists()
                )
            except (SuspiciousOperation, MultiPartParserError) as error:
                if not request.path.startswith("/api/"):
                    raise  # Django answers with the Chinese 400 page
                raise _APIBodyRefused(error) from error
        body = self._json_body(request)
        return body is not NOT_JSON and _json_has_unstorable(body)

    @staticmethod
    def _json_body(request):
        """The parsed JSON body, read once per request; NOT_JSON when there is none to check."""
        if hasattr(request, _JSON_BODY):
            return getattr(request, _JSON_BODY)
        setattr(request, _JSON_BODY, NOT_JSON)
        content_type = request.content_type or ""
        if request.method in ("GET", "HEAD", "OPTIONS") or not (
            content_type == "application/json" or content_type.endswith("+json")
        ):
            return NOT_JSON
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return NOT_JSON
        if not 0 < declared <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return NOT_JSON  # the endpoint refuses an oversized body before reading it
        try:
            setattr(request, _JSON_BODY, json.loads(request.body))
        except (ValueError, RecursionError):
            pass  # not JSON: the endpoint answers that itself
        return getattr(request, _JSON_BODY)

    @staticmethod
    def _refuse(request, message, host_ok=True):
        if request.path.startswith("/api/"):
            return problem(400, message)
        from .views import rejected_request

        return rejected_request(request, message, host_ok=host_ok)


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
            admin = request.path.startswith("/admin/")
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
            if len(hops) >= proxies and _is_ip_address(hops[-proxies]):
                request.META["REMOTE_ADDR"] = hops[-proxies]
        return self.get_response(request)


def _is_ip_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class APIProblemMiddleware:
    """Answers under /api/ that no API handler wrote (a path that matches no route, a
    method a route does not take) become Chinese problem+json like every other API error,
    instead of an HTML page or django-ninja's English "Method not allowed"."""

    MESSAGES = {
        404: "没有这个接口地址，请对照 /api/v3/docs/ 检查路径。",
        405: "此接口不支持 {method} 请求。",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offset = request.GET.get("offset", "") if request.path.startswith("/api/") else ""
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_ID:
            # Wagtail bounds offset below only; past the database's integers it fails there.
            return problem(400, "offset 超出允许的范围。")
        response = self.get_response(request)
        if (
            response.status_code in self.MESSAGES
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/")
        ):
            detail = self.MESSAGES[response.status_code]
            answer = problem(response.status_code, detail.format(method=request.method))
            if response.has_header("Allow"):
                answer["Allow"] = response["Allow"]
            return answer
        return response
