"""Views that are not pages: the visitors' site map."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .sitemaps import site_map_sections


@require_safe
def site_map(request):
    """网站地图: every section and page, for visitors (sitemap.xml is for search engines)."""
    return render(request, "home/site_map.html", {"sections": site_map_sections(request)})
