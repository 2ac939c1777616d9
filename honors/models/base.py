"""What every honors page shares: an A4 exhibition poster and a QR code that opens it."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from ..qr import qr_svg


class PosterMixin(RoutablePageMixin):
    """Adds ``poster/`` (printable A4 with a QR code) and ``qr.svg`` to a page.

    Subclasses say what the poster shows through ``poster_image``, ``poster_kicker``
    and ``poster_text``.
    """

    poster_template = "honors/poster.html"

    @path("poster/", name="poster")
    def poster_view(self, request):
        context = self.get_context(request)
        context["qr_svg"] = qr_svg(self.get_full_url(request), title=f"扫码打开：{self.title}")
        context["page_full_url"] = self.get_full_url(request)
        return TemplateResponse(request, self.poster_template, context)

    @path("qr/", name="qr")
    def qr_view(self, request):
        response = HttpResponse(
            qr_svg(self.get_full_url(request), title=self.title),
            content_type="image/svg+xml; charset=utf-8",
        )
        response["Content-Disposition"] = f'inline; filename="qr-{self.pk}.svg"'
        return response

    @property
    def poster_url(self):
        return self.url + self.reverse_subpage("poster") if self.url else None

    @property
    def qr_url(self):
        return self.url + self.reverse_subpage("qr") if self.url else None
