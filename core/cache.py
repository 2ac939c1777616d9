"""A cache for values that never change under their key, read from this process first.

Wagtail keeps image renditions in the cache alias ``renditions``: a card list asks for
one rendition per card, and every ask is a round trip to Redis (a read, then Wagtail
writes the same rendition back). Under a rendition's key (image, focal point, filter)
the rendition only changes when it is deleted and made again, and Wagtail deletes the
key when it deletes the rendition. This backend answers from the process's own memory
first, falls back to the shared cache, and writes to the shared cache only what it did
not already hold. A rendition deleted in another process is forgotten here after
``LOCAL_TIMEOUT`` seconds at the latest.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()


class LocalFirstCache(BaseCache):
    """OPTIONS: ``SHARED`` (the alias behind it, default ``default``), ``LOCAL_TIMEOUT``
    (seconds, default 300) and ``LOCAL_MAX_ENTRIES`` (default 5000)."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS") or {})
        self._shared_alias = options.pop("SHARED", "default")
        local_timeout = options.pop("LOCAL_TIMEOUT", 300)
        max_entries = options.pop("LOCAL_MAX_ENTRIES", 5000)
        super().__init__({**params, "OPTIONS": options})
        self._local = LocMemCache(
            f"local-first:{location}",
            {"TIMEOUT": local_timeout, "OPTIONS": {"MAX_ENTRIES": max_entries}},
        )

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self._local.set(key, value, version=version)
        return value

    def get_many(self, keys, version=None):
        found = self._local.get_many(keys, version)
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._shared.get_many(missing, version)
            if shared:
                self._local.set_many(shared, version=version)
            found.update(shared)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # A key this process holds was read or written already: the value is the same.
        if self._local.has_key(key, version):
            return
        self._shared.set(key, value, timeout, version)
        self._local.set(key, value, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key, value in data.items():
            self.set(key, value, timeout, version)
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version)
        if added:
            self._local.set(key, value, version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version)

    def delete(self, key, version=None):
        self._local.delete(key, version)
        return self._shared.delete(key, version)

    def delete_many(self, keys, version=None):
        self._local.delete_many(keys, version)
        self._shared.delete_many(keys, version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version) or self._shared.has_key(key, version)

    def clear(self):
        # The shared alias holds the rest of the site's cache too: forget only our copies.
        self._local.clear()
