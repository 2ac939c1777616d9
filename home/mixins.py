"""Concerns shared by many page types, each written once with its own panels."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from core.api_types import typed
from search.documents import DocumentFields


class SeoMixin(models.Model):
    """Meta description and share image for search engines and WeChat/Open Graph cards."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="分享图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="分享到微信等平台时显示；不填则使用封面图。",
    )

    promote_panels_extra = [FieldPanel("og_image")]
    api_fields = [APIField("og_image", writable=True)]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or getattr(self, "lead", "") or ""

    def get_share_image(self):
        return self.og_image or getattr(self, "cover_image", None)


class CoverLeadMixin(models.Model):
    """A cover image and a lead paragraph: what lists, cards and shares show."""

    lead = models.TextField("导语", max_length=400, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("lead"), FieldPanel("cover_image")],
            heading="导语与封面",
        )
    ]
    search_fields = [index.SearchField("lead")]
    search_document = DocumentFields(summary="lead", image="cover_image")
    api_fields = [
        APIField("lead", writable=True),
        APIField("cover_image", writable=True),
        typed("cover_image_url", str | None),
        typed("cover_image_alt", str),
    ]

    class Meta:
        abstract = True

    @property
    def cover_image_url(self):
        if not self.cover_image:
            return None
        return self.cover_image.get_rendition("fill-1200x675").url

    @property
    def cover_image_alt(self):
        return self.cover_image.default_alt_text if self.cover_image else ""


class GeoLocationMixin(models.Model):
    """A place on the map (service stations, memorial facilities): both coordinates or
    neither, so a half-filled pair never puts a pin in the sea."""

    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    coordinates_panel = FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])
    api_fields = [APIField("latitude", writable=True), APIField("longitude", writable=True)]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": "经度和纬度需要同时填写或同时留空。"})


class CaptionedImage(Orderable):
    """A photo in a page's ordered set, with a short caption (stations, brigades, activities)."""

    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField("说明", max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
    api_fields = [APIField("image", writable=True), APIField("caption", writable=True)]

    class Meta(Orderable.Meta):
        abstract = True
