"""Finding the page for a URL in two queries, however deep it is.

Wagtail walks the tree one level per query (the child by slug, then its specific
form): six to ten queries for an activity four levels down. Every page's address is
stored (``url_path``), so the pages along the path are one query and the page itself
one more, together with the images, people and snippets its template shows; both are
kept until the next publish. Where a page on the way answers the rest of the path itself (a
``RoutablePageMixin`` route such as 志愿服务's 加入我们), Wagtail's walk is used, so
routing is unchanged.
"""

import hashlib

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from .page_cache import published_cached

ANCESTORS_ATTR = "_portal_route_ancestors"


def _routes_itself(page, remaining):
    """Whether ``page`` would answer ``remaining`` itself instead of passing it on."""
    model = page.specific_class
    if model is None:
        return True
    if model.route is Page.route:
        return False
    if model.route is RoutablePageMixin.route:
        try:
            model.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Http404:
            return False
    return True


def _specific(page):
    """The page in its specific form, with what its template shows of its relations
    (``serve_select_related`` on the page type) in the same query."""
    model = page.specific_class
    related = getattr(model, "serve_select_related", ())
    if not related:
        return page.specific
    return model._default_manager.select_related(*related).get(pk=page.pk)


def _pages_at(addresses):
    """``{url_path: page}`` of the pages at ``addresses``, read once per published
    version of the site when every one of them exists."""

    def read():
        return {page.url_path: page for page in Page.objects.filter(url_path__in=addresses)}

    digest = hashlib.sha1("\n".join(addresses).encode()).hexdigest()
    return published_cached(
        f"route:{digest}", read, keep=lambda found: len(found) == len(addresses)
    )


def fast_route(root, request, components):
    """The route for ``components`` below ``root``, or None to let Wagtail walk."""
    base = root.url_path
    candidates = [
        base + "/".join(components[:depth]) + "/" for depth in range(1, len(components) + 1)
    ]
    found = _pages_at(candidates)
    chain = []
    for candidate in candidates:
        page = found.get(candidate)
        if page is None or not page.path.startswith(root.path):
            break
        chain.append(page)
    if not chain or any(
        _routes_itself(page, components[depth + 1 :]) for depth, page in enumerate(chain[:-1])
    ):
        return None
    parent = root
    for page in chain:
        page._cached_parent_obj = parent
        parent = page
    found_page = chain[-1]
    # Kept until the next publish, like the path: routing answers live pages only, and
    # a publish, unpublish or move of any page retires the copy.
    target = published_cached(f"route-page:{found_page.pk}", lambda: _specific(found_page))
    target._cached_parent_obj = chain[-2] if len(chain) > 1 else root
    setattr(request, ANCESTORS_ATTR, [root, *chain[:-1]])
    return target.route(request, components[len(chain) :])


def route_ancestors(request, page):
    """The ancestors met while routing to ``page`` (root first), or None."""
    ancestors = getattr(request, ANCESTORS_ATTR, None)
    if ancestors and page is not None and getattr(request, "_wagtail_route_for_request", None):
        if request._wagtail_route_for_request[0].pk == page.pk:
            return ancestors
    return None
