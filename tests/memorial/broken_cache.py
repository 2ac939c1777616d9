"""A cache backend whose every call fails, as Redis does without IGNORE_EXCEPTIONS."""

from django.core.cache.backends.base import BaseCache


class BrokenCache(BaseCache):
    def __init__(self, location=None, params=None):
        super().__init__(params or {})

    def _fail(self, *args, **kwargs):
        raise ConnectionError("缓存服务不可用")

    add = get = set = delete = incr = clear = touch = has_key = _fail
