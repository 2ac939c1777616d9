"""Chinese RFC 7807 ``application/problem+json`` answers, shared by the API's exception
handlers and the middleware that answers for it before a route is reached."""

from wagtail.api.v3.errors import problem_response

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
    503: "服务暂时不可用",
}


def problem(status, detail, **extra):
    return problem_response(
        status=status, title=STATUS_TITLES.get(status, "请求失败"), detail=detail, **extra
    )
