"""The portal's skeleton: home page, plain pages and the bureau's news (工作动态)."""

import hashlib

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from core.api_types import Banner, typed
from core.page_cache import published_cached, published_list, published_page
from core.routing import fast_route
from search.documents import DocumentFields

from .blocks import ArticleStreamBlock
from .mixins import CoverLeadMixin, SeoMixin
from .vocabulary import check_date_range


class BasePage(SeoMixin, Page):
    """Every public page type derives from this so SEO panels are declared once."""

    promote_panels = Page.promote_panels + SeoMixin.promote_panels_extra
    # How the portal's search reads a page type (search/documents.py): the fields its
    # document is made of, the words visitors use for it though its text rarely says
    # them (烈士 on a martyr's page), and whether it is searched at all.
    # ``search_details(doc)`` may add type-specific facts.
    search_document = DocumentFields()
    search_words = ""
    in_portal_search = True

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail asks on every view (two queries); the pages under a restriction are
        known per content version (saving a restriction retires it: portal.apps)."""
        from core.restrictions import is_restricted

        if self.alias_of_id or is_restricted(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


class SectionIndexPage(BasePage):
    """A section's landing page (栏目首页): a short intro above what the section lists."""

    intro = models.TextField("简介", max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    search_document = DocumentFields(summary="intro")
    api_fields = [APIField("intro", writable=True), *SeoMixin.api_fields]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The portal's front door: a campaign banner slot, section entry points, latest news."""

    in_portal_search = False
    search_document = DocumentFields(summary="intro")

    intro = models.TextField("欢迎语", max_length=300, blank=True)
    banner_title = models.CharField("专题横幅标题", max_length=60, blank=True)
    banner_text = models.CharField("专题横幅说明", max_length=160, blank=True)
    banner_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="专题横幅链接",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="专题横幅图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner_start = models.DateField("横幅开始日期", null=True, blank=True)
    banner_end = models.DateField("横幅结束日期", null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("banner_title"),
                FieldPanel("banner_text"),
                FieldPanel("banner_link"),
                FieldPanel("banner_image"),
                FieldRowPanel([FieldPanel("banner_start"), FieldPanel("banner_end")]),
            ],
            heading="专题横幅（如清明祭英烈）",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro", writable=True),
        *SeoMixin.api_fields,
        typed("banner", Banner | None),
        *(
            APIField(name, writable=True)
            for name in (
                "banner_title",
                "banner_text",
                "banner_link",
                "banner_image",
                "banner_start",
                "banner_end",
            )
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def route(self, request, path_components):
        if path_components:
            found = fast_route(self, request, path_components)
            if found is not None:
                return found
        return super().route(request, path_components)

    def clean(self):
        super().clean()
        check_date_range(self.banner_start, self.banner_end, "banner_end")

    @property
    def banner(self):
        """The banner to show today, or None outside its dates (its link and image read
        once a day per published version)."""
        if not self.banner_title:
            return None
        today = timezone.localdate()
        # Keyed by the fields too: a preview of a draft shows the draft's banner.
        fields = (
            self.banner_title,
            self.banner_text,
            self.banner_link_id,
            self.banner_image_id,
            self.banner_start,
            self.banner_end,
        )
        digest = hashlib.sha1(repr(fields).encode()).hexdigest()
        return published_cached(f"home-banner:{today}:{digest}", lambda: self._banner(today))

    def _banner(self, today):
        if self.banner_start and today < self.banner_start:
            return None
        if self.banner_end and today > self.banner_end:
            return None
        link = self.banner_link if self.banner_link and self.banner_link.live else None
        return {
            "title": self.banner_title,
            "link_title": link.title if link else "",
            "text": self.banner_text,
            "url": link.url if link else None,
            "image_url": (
                self.banner_image.get_rendition("fill-1200x400").url if self.banner_image else None
            ),
        }

    def get_sections(self):
        return self.get_children().live().public().in_menu()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = published_cached(
            f"home-sections:{self.pk}", lambda: list(self.get_sections())
        )
        context["latest_news"] = published_list(
            "home-latest-news",
            NewsPage.objects.live()
            .public()
            .order_by("-date", "-pk")
            .select_related("cover_image")[:6],
        )
        return context


class StandardPage(CoverLeadMixin, BasePage):
    """A plain content page: 机构职能, 联系我们, 办事指南 and the like."""

    body = StreamField(ArticleStreamBlock(), verbose_name="正文", blank=True)

    content_panels = Page.content_panels + CoverLeadMixin.panels + [FieldPanel("body")]
    search_fields = Page.search_fields + CoverLeadMixin.search_fields + [index.SearchField("body")]
    api_fields = CoverLeadMixin.api_fields + [APIField("body", writable=True)] + SeoMixin.api_fields

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = "普通页面"


class NewsIndexPage(SectionIndexPage):
    """工作动态: the bureau's news, newest first, filterable by tag."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    page_size = 10

    class Meta:
        verbose_name = "工作动态栏目"

    def get_news(self, tag=None):
        news = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-pk")
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
        )
        if tag:
            news = news.filter(tags__name=tag)
        return news

    def tags_and_count(self):
        """The tags in use and the number of stories, once per published version."""

        def compute():
            tags = (
                NewsPageTag.objects.filter(content_object__in=self.get_news())
                .values_list("tag__name", flat=True)
                .distinct()
                .order_by("tag__name")
            )
            return list(tags), self.get_news().count()

        return published_cached(f"news-tags:{self.pk}", compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()[:50]
        tags, count = self.tags_and_count()
        paginator = Paginator(self.get_news(tag), self.page_size)
        if not tag:
            paginator.count = count
        page_obj = paginator.get_page(request.GET.get("page"))
        if not tag or tag in tags:  # made-up tags are not kept
            page_obj = published_page(f"news:{self.pk}:{tag}", page_obj)
        context.update(page_obj=page_obj, tag=tag, tags=tags)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(CoverLeadMixin, BasePage):
    """One news story or work report (工作动态)."""

    date = models.DateField("发布日期", default=timezone.localdate)
    tags = ClusterTaggableManager("标签", through=NewsPageTag, blank=True)
    body = StreamField(ArticleStreamBlock(), verbose_name="正文")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("tags")]),
        *CoverLeadMixin.panels,
        FieldPanel("body"),
    ]
    search_words = "新闻 工作动态"
    search_document = DocumentFields(summary="lead", image="cover_image", date="date", tags="tags")
    search_fields = (
        Page.search_fields
        + CoverLeadMixin.search_fields
        + [
            index.SearchField("body"),
            index.FilterField("date"),
        ]
    )
    api_fields = [
        APIField("date", writable=True),
        APIField("tags", writable=True),
        typed("tag_names", list[str]),
        *CoverLeadMixin.api_fields,
        APIField("body", writable=True),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    serve_select_related = ("cover_image", "og_image")

    class Meta:
        verbose_name = "工作动态"
        verbose_name_plural = "工作动态"

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["read_aloud"] = True
        return context


class Street(models.Model):
    """A street or town (镇街) of the district: the one list every filter by street uses."""

    name = models.CharField("名称", max_length=30, unique=True)
    slug = models.SlugField("英文标识", max_length=40, unique=True)
    kind = models.CharField(
        "类型", max_length=10, choices=[("street", "街道"), ("town", "镇")], default="street"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "镇街"
        verbose_name_plural = "镇街"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def listed(cls):
        """Every street in order, for filters (saving one retires the content version)."""
        from core.page_cache import versioned

        return versioned("streets", lambda: list(cls.objects.all()))


@register_setting(icon="site")
class BureauContact(BaseSiteSetting):
    """The bureau's public contact details shown in every page footer."""

    name = models.CharField("机构名称", max_length=60, default="青川区退役军人事务局")
    address = models.CharField("办公地址", max_length=120, blank=True)
    office_phone = models.CharField(
        "对外办公电话", max_length=40, blank=True, help_text="仅填写对外公开的办公电话。"
    )
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=80, blank=True)
    icp_number = models.CharField("ICP 备案号", max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("office_phone"),
        FieldPanel("email"),
        FieldPanel("office_hours"),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = "机构联系信息"

    @classmethod
    def for_request(cls, request):
        """Every public page's footer: read once per content version, not per request
        (saving it retires the version: portal.apps)."""
        from core.page_cache import versioned

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            setattr(
                request,
                attr_name,
                versioned(f"bureau-contact:{site.pk}", lambda: cls.for_site(site)),
            )
        return getattr(request, attr_name)
