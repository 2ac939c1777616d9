"""Which pages sit under a password or login restriction, read once per content version.

Wagtail asks the database on every ``PageQuerySet.public()`` (each listing, each card
list), on every page view (``get_view_restrictions``) and on every anonymous read of
its API (``get_public_pages_queryset`` loads each restriction to ask whether the
visitor's session passed it). Restrictions change rarely and saving or deleting one
retires the content version (``core.signal_handlers``), so the restrictions are kept
in the cache and these questions become free.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from .page_cache import versioned

# Kinds an anonymous visitor never passes (Wagtail's ``accept_request`` for a user who
# is not logged in: no login, no groups, not a superuser).
_NEVER_ANONYMOUS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def view_restrictions():
    """``[(id, restriction_type, path, depth), …]`` of every page view restriction."""
    return versioned(
        "page-view-restrictions",
        lambda: list(
            PageViewRestriction.objects.values_list(
                "id", "restriction_type", "page__path", "page__depth"
            )
        ),
    )


def restricted_pages():
    """``[(path, depth), …]`` of the pages that carry a restriction."""
    return [(path, depth) for _, _, path, depth in view_restrictions()]


def is_restricted(page):
    return any(page.path.startswith(path) for path, _ in restricted_pages())


def _private_q(queryset):
    q = Q()
    for path, depth in restricted_pages():
        q |= Q(path__startswith=path) & Q(depth__gte=depth)
    # Match no page when no section is private (as Wagtail does).
    return q if q else Q(pk__in=[])


def _closed_to(request):
    """``Q`` of the pages an anonymous visitor may not read: under a restriction the
    session has not passed (a password entered on the page's form passes it)."""
    q, passed = Q(), None
    for restriction_id, kind, path, depth in view_restrictions():
        if kind == BaseViewRestriction.PASSWORD:
            if passed is None:
                key = PageViewRestriction.passed_view_restrictions_session_key
                passed = request.session.get(key, [])
            if restriction_id in passed:
                continue
        elif kind not in _NEVER_ANONYMOUS:
            continue
        q |= Q(path__startswith=path) & Q(depth__gte=depth)
    return q


def public_pages_queryset(request, model=Page):
    """Wagtail's ``get_public_pages_queryset`` (the anonymous API's pages), with the
    restrictions from the cache instead of one query (or more) per request."""
    from wagtail.api.querysets import get_public_pages_queryset
    from wagtail.api.validators import SiteFilterValidator

    if request.user.is_authenticated:
        return get_public_pages_queryset(request, model)

    queryset = model._default_manager.all().live()
    closed = _closed_to(request)
    if closed:
        queryset = queryset.exclude(closed)
    asked = request.GET.get("site")
    # Without ?site= the validator would only ask for the request's site (cached).
    site = (
        SiteFilterValidator(site=asked, request=request).site_obj
        if asked
        else Site.find_for_request(request)
    )
    if not site:
        return queryset.none()
    base_queryset = queryset
    queryset = base_queryset.descendant_of(site.root_page, inclusive=True)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for translation in site.root_page.get_translations():
            queryset |= base_queryset.descendant_of(translation, inclusive=True)
    return queryset


def install():
    from wagtail.api.v3 import querysets as api_querysets

    PageQuerySet.private_q = _private_q
    # The v3 API (public detail, lists, filters) asks through this name.
    api_querysets.get_public_pages_queryset = public_pages_queryset
