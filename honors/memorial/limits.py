"""The memorial's abuse limits: tributes per minute, messages per 10 minutes.

Counting, hashing and the fail-open rule live in portal.ratelimit.
"""

from django.conf import settings

from portal import ratelimit

TRIBUTE_WINDOW = 60
MESSAGE_WINDOW = 600


def visitor_hash(request):
    return ratelimit.visitor_hash(request, "memorial")


def tribute_allowed(visitor):
    return ratelimit.within_limit(
        "tribute", visitor, settings.MEMORIAL_TRIBUTES_PER_MINUTE, TRIBUTE_WINDOW
    )


def message_allowed(visitor):
    return ratelimit.within_limit(
        "message", visitor, settings.MEMORIAL_MESSAGES_PER_10_MINUTES, MESSAGE_WINDOW
    )


TRIBUTE_LIMIT_NOTICE = (
    "您祭扫得太频繁了：每位访客每分钟最多 {limit} 次。请稍候一分钟再试，感谢您对英烈的缅怀。"
)
MESSAGE_LIMIT_NOTICE = "您留言得太频繁了：每位访客 10 分钟内最多 {limit} 条留言。请稍后再试。"


def tribute_limit_notice():
    return TRIBUTE_LIMIT_NOTICE.format(limit=settings.MEMORIAL_TRIBUTES_PER_MINUTE)


def message_limit_notice():
    return MESSAGE_LIMIT_NOTICE.format(limit=settings.MEMORIAL_MESSAGES_PER_10_MINUTES)
