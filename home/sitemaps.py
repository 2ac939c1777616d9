"""Where visitors and search engines find every page: an HTML site map and sitemap.xml."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

# A section lists at most this many pages on the HTML site map, then links to the rest.
SECTION_LIMIT = 100
NESTED_LIMIT = 500


class RequestSitemap(Sitemap):
    """sitemap.xml whose addresses use the host and scheme the visitor (or crawler)
    reached the portal by. The Site record's hostname and port are only the default for
    links outside a request (emails, QR posters); behind nginx they are not the public
    address (https, port 443)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if self.request is not None:
            for url in urls:
                parts = urlsplit(url["location"])
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                url["location"] = self.request.build_absolute_uri(path)
        return urls


def site_map_sections(request):
    """The site's sections, each with its pages and their sub-pages, in tree order.

    Queries stay bounded however big a section grows: one for the sections, then one
    for each section's pages and one for its sub-pages, each with a cap.
    """
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    root = site.root_page
    sections = []
    for section in root.get_children().live().public().order_by("path"):
        pages = list(section.get_children().live().public().order_by("path")[: SECTION_LIMIT + 1])
        more = len(pages) > SECTION_LIMIT
        pages = pages[:SECTION_LIMIT]
        nested = {}
        if pages:
            below = (
                Page.objects.descendant_of(section)
                .filter(depth=section.depth + 2)
                .live()
                .public()
                .order_by("path")[:NESTED_LIMIT]
            )
            for child in below:
                nested.setdefault(child.path[: -Page.steplen], []).append(child)
        sections.append(
            {
                "page": section,
                "total": section.get_children().live().public().count() if more else len(pages),
                "more": more,
                "pages": [{"page": page, "children": nested.get(page.path, [])} for page in pages],
            }
        )
    return sections
