from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import media, views
from home.sitemaps import RequestSitemap
from home.views import site_map

from .api import api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("mode/elder/", views.elder_mode, name="elder_mode"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": RequestSitemap}}),
    path("sitemap/", site_map, name="site_map"),
    path("search/", include("search.urls")),
    path("memorial/", include("honors.memorial.urls")),
]

# Uploaded media is served by the app (with Range, so videos can seek) unless a
# front proxy takes over /media/.
urlpatterns += [path("media/<path:path>", media.serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
