"""The headless API: Wagtail's v3 API (django-ninja) plus the portal's own routers.

Routers must be added before ``api.urls`` is first read, so every app's router is
attached here, at import time, and urls.py only mounts the result. Error responses
keep Wagtail's RFC 7807 shape but speak Chinese, like the rest of the portal.
"""

import json
import re

from django.core.exceptions import PermissionDenied, ValidationError
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


def validation_error(request, exc):
    """Keep Wagtail's field-level ``errors``, under a Chinese summary."""
    errors = json.loads(_wagtail_validation_handler(request, exc).content).get("errors", [])
    return _problem(
        422, "提交的内容未通过校验，请按 errors 中列出的字段修改后重试。", errors=errors
    )


api.add_exception_handler(Http404, not_found)
api.add_exception_handler(PermissionDenied, permission_denied)
api.add_exception_handler(HttpError, http_error)
for exc_class in VALIDATION_ERRORS:
    api.add_exception_handler(exc_class, validation_error)

__all__ = ["api"]
