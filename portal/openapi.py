"""The OpenAPI document tells every answer an operation can give.

django-ninja lists only the success of each operation. The portal also answers, the
same way everywhere: 400 for input no endpoint can take (NUL bytes, a bad Host, a
number past the database's range), 401/403 for tokens, 404 for ids, 413 for bodies
too large, 422 for field errors; all as problem+json. Those are added here, with the
token scope each operation needs.
"""

from .api_tokens import SCOPES

PROBLEM = {
    "title": "ProblemDetail",
    "type": "object",
    "description": "RFC 7807 错误说明，detail 为中文；422 的 errors 逐项列出出错的位置（loc）与说明（msg）。",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
ERRORS = {
    400: "请求有误：含有无法处理的字符（如空字符）、Host 无效或数字超出范围。",
    401: "需要有效的接口令牌（未提供、已过期或已撤销）。",
    403: "令牌的权限范围或其用户的后台权限不允许此操作。",
    404: "要找的对象（或筛选条件所指的页面、站点、语言）不存在、未发布或无权查看。",
    409: "与页面当前的审核状态冲突（如已在审核中、不在审核中、栏目没有审核流程）。",
    413: "提交内容过大。",
    422: "参数或提交内容未通过校验，errors 列出每一处。",
    429: "写入过于频繁：每个令牌每分钟的写入次数有上限，Retry-After 给出等待秒数。",
}
TOKEN = "ScopedBearerTokenAuth"
PORTAL_APPS = {"home", "honors", "memorial", "volunteers", "education"}
WAGTAIL_TAGS = {"pages", "redirects", "images", "documents", "sites"}
EXTRA = {"pages_find": {302: "找到的页面：Location 指向其详情地址。"}}
CONFLICTS = {"workflow_submit", "workflow_approve", "workflow_reject"}


def _problem_response(description):
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
        },
    }


def _statuses(operation, optional_token, scope=None):
    statuses = [400]
    token_required = bool(operation.get("security")) and not optional_token
    if token_required:
        statuses += [401, 403]
    parameters = operation.get("parameters", [])
    places = {parameter["in"] for parameter in parameters}
    # Wagtail's filters look objects up too (child_of, site, locale…).
    looks_up = "path" in places or (
        "query" in places and WAGTAIL_TAGS & set(operation.get("tags", []))
    )
    if looks_up or "requestBody" in operation:
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [413, 422]
    elif parameters:
        statuses.append(422)
    if operation.get("operationId") in CONFLICTS:
        statuses.append(409)
    if token_required and scope not in (None, "read"):
        statuses.append(429)
    return statuses


def _choice_fields():
    """``{(model name, field name): ([(value, label), …], blank)}`` of the choice fields."""
    from django.apps import apps

    fields = {}
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.choices and not field.name.startswith("_"):
                choices = [(value, str(label)) for value, label in field.flatchoices]
                fields[(model._meta.object_name, field.name)] = (choices, field.blank)
    return fields


def _add_enums(components):
    """A choice field (era, level, kind…) lists its values and what they mean."""
    for (model_name, field_name), (choices, blank) in _choice_fields().items():
        for suffix in ("Schema", "CreateSchema", "PatchSchema"):
            properties = components.get(f"{model_name}{suffix}", {}).get("properties", {})
            spec = properties.get(field_name)
            if spec is None:
                continue
            target = next(
                (option for option in spec.get("anyOf", []) if option.get("type") == "string"),
                spec,
            )
            if target.get("type") != "string":
                continue
            target["enum"] = [value for value, _ in choices] + ([""] if blank else [])
            meanings = "；".join(f"`{value}` {label}" for value, label in choices)
            spec["description"] = (spec.get("description", "") + f" 取值：{meanings}。").strip()


def document(schema, scopes_by_operation):
    """Complete ``schema`` in place: error answers, optional tokens, token scopes."""
    components = schema.setdefault("components", {})
    _add_enums(components.get("schemas", {}))
    components.setdefault("schemas", {})["ProblemDetail"] = PROBLEM
    schemes = components.get("securitySchemes", {})
    schemes.pop("AllowAnonymous", None)
    if TOKEN in schemes:
        schemes[TOKEN]["description"] = (
            "接口令牌：Authorization: Bearer <令牌>。令牌带权限范围与到期时间，"
            "由管理员在后台“设置 → 接口令牌”或 manage.py api_tokens create 创建。"
        )
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            security = operation.get("security")
            optional_token = bool(security) and any("AllowAnonymous" in s for s in security)
            if optional_token:
                # Anyone may call it; a token only shows more (drafts).
                operation["security"] = [{TOKEN: []}, {}]
            responses = operation.setdefault("responses", {})
            scope = scopes_by_operation.get(operation.get("operationId"))
            for status in _statuses(operation, optional_token, scope):
                if status not in responses and str(status) not in responses:
                    responses[status] = _problem_response(ERRORS[status])
            for status, description in EXTRA.get(operation.get("operationId"), {}).items():
                responses.setdefault(status, {"description": description})
            if security and scope:
                operation["description"] = (
                    operation.get("description", "")
                    + f"\n\n令牌需要的权限范围：`{scope}`（{SCOPES[scope]}）。"
                ).strip()
    return schema
