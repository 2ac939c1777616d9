"""Navigation, breadcrumbs and page-meta helpers for the public templates."""

from types import SimpleNamespace
from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Site

from core import page_cache
from core.routing import route_ancestors

register = template.Library()


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


def _nav_items(root):
    return [
        SimpleNamespace(pk=item.pk, path=item.path, url=item.url, title=item.title)
        for item in root.get_children().live().public().in_menu()
    ]


@register.inclusion_tag("portal/includes/main_nav.html", takes_context=True)
def main_nav(context):
    root = _site_root(context)
    current = context.get("page")
    # Sections are in every page's navigation: publishing one retires the version.
    items = page_cache.versioned(f"nav:{root.pk}", lambda: _nav_items(root)) if root else []
    return {
        "root": root,
        "items": items,
        "current": current,
        "request": context.get("request"),
    }


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context)
    if not page or not root or page.pk == root.pk:
        return {"crumbs": []}
    routed = route_ancestors(context.get("request"), page)
    if routed is not None:
        crumbs = [crumb for crumb in routed if crumb.depth >= root.depth and crumb.live]
    else:
        crumbs = list(page.get_ancestors().filter(depth__gte=root.depth).live())
    return {"crumbs": crumbs, "page": page}


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    if not url:
        return ""
    return request.build_absolute_uri(url) if request else url


@register.filter
def is_active_section(item, current):
    """True when the nav item is the current page or one of its ancestors."""
    if not current or not getattr(current, "path", None):
        return False
    return current.path.startswith(item.path)


@register.simple_tag(takes_context=True)
def csrf_field(context):
    """The CSRF hidden input, left as a placeholder that the page cache fills per visitor.

    With ``{% csrf_token %}`` a page carries one visitor's token and can never be
    cached; with this tag the cached copy holds a placeholder instead, and every
    response, from the cache or not, gets the visitor's own token.
    """
    page_cache.mark_csrf_placeholder(context["request"])
    return mark_safe(  # noqa: S308 - a constant, no visitor input
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{page_cache.CSRF_PLACEHOLDER}">'
    )


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query with ``page`` set to ``number``, for pagination links.

    Echoing the query reads no parameter, so the page cache keeps keying on the
    parameters the page really uses.
    """
    params = [
        (name, value)
        for name, values in page_cache.untracked_lists(context["request"].GET)
        if name != "page"
        for value in values
    ]
    return urlencode([*params, ("page", number)])


@register.simple_tag(takes_context=True)
def slot(context, name):
    """What other apps put in a named place of a template, through the Wagtail hook
    ``template_slot_<name>`` (each function takes the context and returns safe HTML):
    the home page shows the memorial's campaign banner without knowing the memorial."""
    parts = [contribute(context) for contribute in hooks.get_hooks(f"template_slot_{name}")]
    return mark_safe("".join(parts))  # noqa: S308 - each part is rendered by a template


class PublishedFragmentNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a draft shows what it holds now
        keys = ":".join(str(key.resolve(context)) for key in self.keys)
        # Links inside are relative to the request's site (``{% pageurl %}``).
        site = getattr(request, "_wagtail_site", None)
        keys += f":site{site.pk if site else ''}"
        return page_cache.published_cached(
            f"fragment:{self.name}:{keys}", lambda: self.nodelist.render(context)
        )


@register.tag
def published_fragment(parser, token):
    """``{% published_fragment "name" key ... %}…{% endpublished_fragment %}``: the
    enclosed HTML rendered once per published version of the site for each ``key``
    (a card of another page: ``item.pk``). What changes between publishes (live
    tribute counts) stays outside it."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a quoted name and at least one key, e.g. "
            f'{{% {bits[0]} "news-card" item.pk %}}'
        )
    name = bits[1]
    if not (name[0] == name[-1] and name[0] in "\"'"):
        raise template.TemplateSyntaxError(f"{bits[0]}: the name must be quoted")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return PublishedFragmentNode(nodelist, name[1:-1], [parser.compile_filter(b) for b in bits[2:]])
