"""A page that is not in the page cache still renders without asking Redis over and over:
the versions it depends on are read once per request, what they key is kept in the
worker's memory, and image renditions are read from there too."""

import pytest
from django.core.cache import caches
from wagtail.images import get_image_model

from core import page_cache

pytestmark = pytest.mark.django_db

LOCAL_FIRST_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {
        "BACKEND": "core.cache.LocalFirstCache",
        "OPTIONS": {"SHARED": "default", "LOCAL_TIMEOUT": 300},
    },
}


@pytest.fixture
def shared_calls(settings, monkeypatch):
    """Every call the worker makes to the shared cache, by method name."""
    settings.CACHES = LOCAL_FIRST_CACHES
    settings.PAGE_CACHE_SECONDS = 0
    calls, inside = [], []
    shared = caches["default"]
    for name in ("get", "get_many", "set", "set_many", "add", "delete", "incr"):
        method = getattr(shared, name)

        def counted(*args, _name=name, _method=method, **kwargs):
            if not inside:  # local memory's get_many calls get: count the outer call
                calls.append(_name)
            inside.append(_name)
            try:
                return _method(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(shared, name, counted)
    return calls


@pytest.mark.parametrize("path", ["/memorial/", "/volunteers/", "/honors/", "/news/"])
def test_a_listing_rendered_afresh_reads_the_shared_cache_once(client, shared_calls, path):
    first = client.get(path)
    assert first.status_code == 200
    shared_calls.clear()
    again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    # One read of the versions; navigation, settings, site, banner and every card's
    # image rendition come from the worker's memory.
    assert shared_calls == ["get_many"]


def test_a_cleared_shared_cache_is_never_answered_from_stale_memory(settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert page_cache.versioned("test-value", lambda: "旧内容") == "旧内容"
    # Redis restarted (it keeps nothing on disk): versions start again, at new values.
    caches["default"].clear()
    assert page_cache.versioned("test-value", lambda: "新内容") == "新内容"


def test_a_change_is_seen_by_the_next_read_in_memory_too(settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert page_cache.versioned("test-value", lambda: "旧内容") == "旧内容"
    page_cache.purge()
    assert page_cache.versioned("test-value", lambda: "新内容") == "新内容"


def test_a_deleted_rendition_is_forgotten_by_the_local_copy(settings, shared_calls):
    image = get_image_model().objects.order_by("pk").first()
    rendition = image.get_rendition("fill-320x240")
    again = get_image_model().objects.get(pk=image.pk).get_rendition("fill-320x240")
    assert again.pk == rendition.pk
    shared_calls.clear()
    # Asking again writes nothing back to the shared cache (Wagtail re-saves each read).
    get_image_model().objects.get(pk=image.pk).get_rendition("fill-320x240")
    assert "set" not in shared_calls
    rendition.delete()
    fresh = get_image_model().objects.get(pk=image.pk).get_rendition("fill-320x240")
    assert fresh.pk != rendition.pk
    assert fresh.file.storage.exists(fresh.file.name)


def test_a_cached_api_answer_costs_one_read_of_the_shared_cache(client, shared_calls, settings):
    from home.models import NewsPage

    settings.PAGE_CACHE_SECONDS = 300
    url = f"/api/v3/pages/{NewsPage.objects.live().order_by('path').first().pk}/"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    shared_calls.clear()
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert shared_calls == ["get_many"]  # the versions; the answer is in the worker's memory
