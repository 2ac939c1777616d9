"""The headless API: Wagtail's v3 API (django-ninja) plus the portal's own routers.

Routers must be added before ``api.urls`` is first read, so every app's router is
attached here, at import time, and urls.py only mounts the result. Error responses
keep Wagtail's RFC 7807 shape but speak Chinese, like the rest of the portal.
"""

import functools
import json
import re

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DataError
from django.http import Http404
from django.shortcuts import render
from ninja.constants import NOT_SET
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.urls import api
from wagtail.models import Page

from core.problems import STATUS_TITLES
from core.problems import problem as _problem
from core.workflow import ReviewRequired
from honors.memorial.api import router as memorial_router
from search.api import router as search_router
from volunteers.api import router as stats_router

from . import api_reads, api_writes, openapi
from .api_preview import router as preview_router
from .api_tokens import (
    PUBLISHES_ON_SAVE,
    ScopedBearerTokenAuth,
    TokenScopeDenied,
    require_scope,
    required_scope,
)

api.title = "青川区退役军人事务局 内容接口"
api.description = (
    "公开读取已发布页面；写入需令牌与对应的 Wagtail 权限。"
    "隐私字段（电话、身份证号、住址）从不出现在公开接口中。"
    "请求与响应示例见项目文档 docs/api.md。"
)


class LocalSwagger(DocsBase):
    """Swagger UI served from static/ (no CDN, no inline script) for the strict CSP."""

    def render_page(self, request, api, **kwargs):
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "portal/api_docs.html", context)


api.docs = LocalSwagger()
api.add_router("/stats/", stats_router)
api.add_router("/memorial/", memorial_router)
api.add_router("/search/", search_router)
api.add_router("/", api_reads.router)
api.add_router("/preview/", preview_router)
api_reads.install_expand(api)
api.add_router("/workflow/", api_writes.workflow_router)
api.add_router("/videos/", api_writes.videos_router)

# Wagtail mounts a snippet router even when no snippet model has API fields: every
# ``{type}`` would be ``const ""``. None is exposed here, so the router goes.
api._router_registrations = [
    registration for registration in api._router_registrations if registration[0] != "/snippets/"
]
api._routers = [(prefix, router) for prefix, router in api._routers if prefix != "/snippets/"]
# Sites are configured in the admin only: through the API one token could take the
# whole portal down by deleting or re-pointing the site.
REMOVED_OPERATIONS = {"sites_create", "sites_update", "sites_delete"}


def _operations(router, inherited_auth=NOT_SET):
    """Every operation of ``router`` and its children, with the auth it will run with."""
    auth = router.auth if router.auth is not NOT_SET else inherited_auth
    for path in list(router.path_operations):
        path_view = router.path_operations[path]
        path_view.operations = [
            operation
            for operation in path_view.operations
            if operation.operation_id not in REMOVED_OPERATIONS
        ]
        if not path_view.operations:
            del router.path_operations[path]
        for operation in path_view.operations:
            own = operation.auth_param
            yield operation, (auth if own is NOT_SET else own)
    for _prefix, child, *_rest in router._routers:
        yield from _operations(child, auth)


def _scoped(auth, operation):
    callbacks = list(auth) if isinstance(auth, list | tuple) else [auth]
    if not any(isinstance(callback, BearerTokenAuth) for callback in callbacks):
        return None
    public = any(isinstance(callback, AllowAnonymous) for callback in callbacks)
    scoped = ScopedBearerTokenAuth(required_scope(operation), public=public)
    return [scoped if isinstance(callback, BearerTokenAuth) else callback for callback in callbacks]


def _guarded(operation, check):
    view = operation.view_func

    @functools.wraps(view)
    def guarded(request, **values):
        check(request, **values)
        return view(request, **values)

    operation.view_func = guarded


def _refuse(message, *loc):
    raise as_validation_error(ValueError(message), message, loc=loc)


def _is_root(page_id):
    return Page.objects.filter(pk=page_id, depth=1).exists()


def _check_copy(request, page_id, **values):
    # Wagtail looks for the root's parent to find a free slug, and there is none.
    if _is_root(page_id):
        _refuse("根页面不能复制，也不能为它创建别名。", "path", "page_id")


def _check_move(request, page_id, data, **values):
    if _is_root(page_id):
        _refuse("根页面不能移动。", "path", "page_id")
    if data.position not in ("first-child", "last-child") and _is_root(data.destination_id):
        _refuse(
            "页面不能与根页面同级；移动到根页面下请把 position 设为 first-child 或 last-child。",
            "body",
            "data",
            "position",
        )


def _check_publish_on_save(request, data, **values):
    meta = getattr(data, "meta", None)
    if getattr(meta, "action", None) == "publish":
        require_scope(request, "publish")


GUARDS = {
    "pages_actions_copy": _check_copy,
    "pages_actions_create_alias": _check_copy,
    "pages_actions_move": _check_move,
    **{operation_id: _check_publish_on_save for operation_id in PUBLISHES_ON_SAVE},
}

SCOPES_BY_OPERATION = {}
for _prefix, _router in api._routers:
    for _operation, _auth in _operations(_router):
        if _auth is not NOT_SET and (_scoped_auth := _scoped(_auth, _operation)):
            _operation.auth_param = _scoped_auth
            _operation._set_auth(_scoped_auth)
            SCOPES_BY_OPERATION[_operation.operation_id] = required_scope(_operation)
        if _operation.operation_id in GUARDS:
            _guarded(_operation, GUARDS[_operation.operation_id])

api_writes.install(api, SCOPES_BY_OPERATION)

_ninja_schema = api.get_openapi_schema


@functools.wraps(_ninja_schema)
def _documented_schema(*args, **kwargs):
    schema = openapi.document(_ninja_schema(*args, **kwargs), SCOPES_BY_OPERATION)
    return api_reads.document_expand(schema)


api.get_openapi_schema = _documented_schema


TOKEN_NEEDED = "此操作需要有效的接口令牌（Authorization: Bearer …）；令牌可能已过期或已撤销。"


def not_found(request, exc):
    return _problem(404, "页面不存在，或尚未发布。")


def permission_denied(request, exc):
    if isinstance(exc, (TokenScopeDenied, ReviewRequired)):
        return _problem(403, str(exc))
    if not request.user.is_authenticated:
        return _problem(401, TOKEN_NEEDED)
    return _problem(403, "当前账号没有执行此操作的权限。")


# Wagtail's and django-ninja's own messages, as visitors and app developers read them.
ENGLISH_DETAILS = [
    (re.compile(r"^Unauthorized$"), TOKEN_NEEDED),
    (re.compile(r"^Forbidden$"), "当前账号没有执行此操作的权限。"),
    (
        re.compile(r"^limit cannot be higher than (\d+)$"),
        r"每次最多返回 \1 条，limit 不能大于 \1。",
    ),
    (re.compile(r"^offset must be .*$"), "offset 必须是不小于 0 的整数。"),
]


def _chinese(detail):
    for pattern, replacement in ENGLISH_DETAILS:
        if pattern.match(detail):
            return pattern.sub(replacement, detail)
    return detail


def http_error(request, exc):
    return _problem(exc.status_code, _chinese(str(exc)))


VALIDATION_ERRORS = (PydanticValidationError, NinjaValidationError, ValidationError)
_wagtail_validation_handler = api._exception_handlers[NinjaValidationError]


# Field-level messages by pydantic error type; ``{name}`` reads the error's context.
FIELD_MESSAGES = {
    "missing": "缺少此项。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "decimal_parsing": "应为数字。",
    "bool_parsing": "应为 true 或 false。",
    "string_type": "应为文字。",
    "list_type": "应为列表。",
    "dict_type": "应为 JSON 对象。",
    "model_attributes_type": "应为 JSON 对象。",
    "json_invalid": "不是有效的 JSON。",
    "date_parsing": "应为日期，例如 2026-04-05。",
    "date_from_datetime_parsing": "应为日期，例如 2026-04-05。",
    "datetime_parsing": "应为日期时间，例如 2026-04-05T08:00:00+08:00。",
    "datetime_from_date_parsing": "应为日期时间，例如 2026-04-05T08:00:00+08:00。",
    "greater_than_equal": "不能小于 {ge}。",
    "greater_than": "应大于 {gt}。",
    "less_than_equal": "不能大于 {le}。",
    "less_than": "应小于 {lt}。",
    "string_too_short": "至少 {min_length} 个字符。",
    "string_too_long": "最多 {max_length} 个字符。",
    "literal_error": "取值应为以下之一：{expected}。",
    "enum": "取值应为以下之一：{expected}。",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _field_message(error):
    message = error.get("msg", "")
    if CJK.search(message):  # already Chinese (the portal's own form checks)
        return message
    template = FIELD_MESSAGES.get(error.get("type"), "取值不符合要求，请检查后重试。")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return "取值不符合要求，请检查后重试。"


def validation_error(request, exc):
    """Keep Wagtail's field-level ``errors`` (where and which kind), with Chinese messages."""
    errors = json.loads(_wagtail_validation_handler(request, exc).content).get("errors", [])
    for error in errors:
        error["msg"] = _field_message(error)
        # pydantic's context and documentation link are English; the message says it all.
        error.pop("ctx", None)
        error.pop("url", None)
    return _problem(
        422, "提交的内容未通过校验，请按 errors 中列出的字段修改后重试。", errors=errors
    )


def out_of_range(request, exc):
    # A number past what the database stores (offset=9223372036854775808, say).
    return _problem(400, "参数超出允许的范围，请检查数字大小。")


LOOKUP_VALUE = re.compile(r"^Field '(\w+)' expected a number but got")


def lookup_value_error(request, exc):
    """A filter such as ``?user_id=下线`` reaches the database lookup as text: say so."""
    match = LOOKUP_VALUE.match(str(exc))
    if not match:
        raise exc
    parameter = next(
        (key for key in request.GET if key == match[1] or key.startswith(f"{match[1]}_")),
        None,
    ) or next((key for key in request.GET if key.endswith("_id")), match[1])
    return _problem(
        422,
        "提交的内容未通过校验，请按 errors 中列出的字段修改后重试。",
        errors=[{"type": "int_parsing", "loc": ["query", parameter], "msg": "应为整数。"}],
    )


def too_large(request, exc):
    return _problem(413, "提交内容过大。")


api.add_exception_handler(Http404, not_found)
api.add_exception_handler(PermissionDenied, permission_denied)
api.add_exception_handler(HttpError, http_error)
for exc_class in VALIDATION_ERRORS:
    api.add_exception_handler(exc_class, validation_error)
for exc_class in (OverflowError, DataError):
    api.add_exception_handler(exc_class, out_of_range)
api.add_exception_handler(RequestDataTooBig, too_large)
api.add_exception_handler(ValueError, lookup_value_error)

__all__ = ["STATUS_TITLES", "api"]
