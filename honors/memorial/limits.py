"""The memorial's abuse limits: tributes per minute, messages per 10 minutes.

Counting, hashing and the fail-open rule live in core.ratelimit. A hit taken for a
tribute that the database then failed to store is given back, so a visitor who tries
again after an outage is not locked out for tributes that were never recorded.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from core import ratelimit

logger = logging.getLogger("core.ratelimit")

WINDOWS = {"tribute": 60, "message": 600}
TRIBUTE_WINDOW = WINDOWS["tribute"]
MESSAGE_WINDOW = WINDOWS["message"]


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


def _key(scope, visitor):
    return f"rl:{scope}:{visitor}"  # the key core.ratelimit counts under


def retry_after(scope, visitor):
    """Seconds until the visitor's window closes: the counter's remaining lifetime where
    the cache can tell it (Redis), else the whole window."""
    window = WINDOWS[scope]
    try:
        left = cache.ttl(_key(scope, visitor)) if hasattr(cache, "ttl") else None
    except Exception:  # noqa: BLE001 - a cache fault only makes the hint less precise
        left = None
    return left if isinstance(left, int) and 0 < left <= window else window


def tribute_retry_after(visitor):
    return retry_after("tribute", visitor)


def message_retry_after(visitor):
    return retry_after("message", visitor)


def give_back(scope, visitor):
    """Undo one hit of ``scope`` (the tribute it counted was not stored)."""
    try:
        cache.decr(_key(scope, visitor))
    except Exception:  # noqa: BLE001 - an expired window or a cache fault: nothing to undo
        logger.info("限流计数未能退回（窗口已过期或缓存不可用）")


TRIBUTE_LIMIT_NOTICE = (
    "您祭扫得太频繁了：每位访客每分钟最多 {limit} 次。请稍候一分钟再试，感谢您对英烈的缅怀。"
)
MESSAGE_LIMIT_NOTICE = "您留言得太频繁了：每位访客 10 分钟内最多 {limit} 条留言。请稍后再试。"


def tribute_limit_notice():
    return TRIBUTE_LIMIT_NOTICE.format(limit=settings.MEMORIAL_TRIBUTES_PER_MINUTE)


def message_limit_notice():
    return MESSAGE_LIMIT_NOTICE.format(limit=settings.MEMORIAL_MESSAGES_PER_10_MINUTES)
