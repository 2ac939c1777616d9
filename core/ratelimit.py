"""Per-visitor abuse limits, kept in the shared cache (Redis in production).

Visitors are known only by a salted hash of their address: the IP itself is never
stored. A window opens with a visitor's first hit and its counter expires with it.
If the cache is down the limiter lets the visitor through: an outage must never
refuse or lose what a visitor sends, and the database holds everything that matters.
Behind reverse proxies, set TRUSTED_PROXY_COUNT (see ClientAddressMiddleware).
"""

import logging

from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger("core.ratelimit")


def visitor_hash(request, scope):
    """HMAC of the client address with a key derived from SECRET_KEY."""
    address = request.META.get("REMOTE_ADDR", "")
    return salted_hmac(f"portal.visitor.{scope}", address, algorithm="sha256").hexdigest()[:32]


def _hit(key, window):
    """Count one hit in the window and return the count (None if the cache is down)."""
    try:
        try:
            return cache.incr(key)
        except ValueError:
            if cache.add(key, 1, timeout=window):
                return 1
            return cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache failure means "unknown", never "refuse"
        logger.warning("限流计数不可用，已放行（缓存故障）", exc_info=True)
        return None


def within_limit(scope, visitor, limit, window):
    """True while ``visitor`` stays within ``limit`` hits per ``window`` seconds."""
    if limit <= 0:
        return True
    count = _hit(f"rl:{scope}:{visitor}", window)
    return count is None or count <= limit
