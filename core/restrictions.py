"""Which pages sit under a password or login restriction, read once per content version.

Wagtail asks the database on every ``PageQuerySet.public()`` (each listing, each card
list) and on every page view (``get_view_restrictions``). Restrictions change rarely
and saving or deleting one retires the content version (``portal.apps``), so the
restricted paths are kept in the cache and both questions become free.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from .page_cache import versioned


def restricted_pages():
    """``[(path, depth), …]`` of the pages that carry a restriction."""
    return versioned(
        "restricted-pages",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )


def is_restricted(page):
    return any(page.path.startswith(path) for path, _ in restricted_pages())


def _private_q(queryset):
    q = Q()
    for path, depth in restricted_pages():
        q |= Q(path__startswith=path) & Q(depth__gte=depth)
    # Match no page when no section is private (as Wagtail does).
    return q if q else Q(pk__in=[])


def install():
    PageQuerySet.private_q = _private_q
