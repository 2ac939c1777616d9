"""The headless API: Wagtail's v3 API (django-ninja) plus the portal's own routers.

Routers must be added before ``api.urls`` is first read, so every app's router is
attached here, at import time, and urls.py only mounts the result. Error responses
keep Wagtail's RFC 7807 shape but speak Chinese, like the rest of the portal.
"""

import json
import re

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DataError
from django.http import Http404
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api

from honors.memorial.api import router as memorial_router
from search.api import router as search_router
from volunteers.api import router as stats_router

api.title = "青川区退役军人事务局 内容接口"
api.description = (
    "公开读取已发布页面；写入需令牌与对应的 Wagtail 权限。"
    "隐私字段（电话、身份证号、住址）从不出现在公开接口中。"
)

api.add_router("/stats/", stats_router)
api.add_router("/memorial/", memorial_router)
api.add_router("/search/", search_router)

STATUS_TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "没有权限",
    404: "未找到",
    405: "不支持该请求方法",
    409: "内容冲突",
    413: "提交内容过大",
    422: "提交内容不符合要求",
    429: "请求过于频繁",
}


def _problem(status, detail, **extra):
    return problem_response(
        status=status, title=STATUS_TITLES.get(status, "请求失败"), detail=detail, **extra
    )


def not_found(request, exc):
    return _problem(404, "页面不存在，或尚未发布。")


def permission_denied(request, exc):
    if not request.user.is_authenticated:
        return _problem(401, "此操作需要有效的接口令牌（Authorization: Bearer …）。")
    return _problem(403, "当前账号没有执行此操作的权限。")


# Wagtail's and django-ninja's own messages, as visitors and app developers read them.
ENGLISH_DETAILS = [
    (re.compile(r"^Unauthorized$"), "此操作需要有效的接口令牌（Authorization: Bearer …）。"),
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

__all__ = ["api"]
