"""服务站: the district's service stations, their honours and rotating station masters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.api_types import PageTitle, RosterDuty, StationHonourPublic, typed
from core.page_cache import published_list
from home.mixins import CaptionedImage, CoverLeadMixin, GeoLocationMixin, SeoMixin
from home.models import BasePage, SectionIndexPage, Street
from home.vocabulary import check_date_range
from search.documents import DocumentFields

from ..geo import order_by_distance, street_reference_point
from .stats import StatsPage

STATION_LEVELS = [("district", "区中心"), ("street", "镇街"), ("community", "村社")]
HONOUR_KINDS = [
    ("national", "全国示范型服务站"),
    ("fengqiao", "省级“枫桥式”服务站"),
    ("red", "红色服务站"),
    ("star", "星级服务站"),
]
STAR_WORDS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


class StationIndexPage(SectionIndexPage):
    """服务站: every station, filterable, sortable by distance from the visitor."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["volunteers.StationPage"]
    max_count = 1

    class Meta:
        verbose_name = "服务站栏目"

    def get_stations(self, level="", honour="", street=""):
        stations = (
            StationPage.objects.child_of(self)
            .live()
            .public()
            .select_related("street", "parent_station")
            .prefetch_related("honours")
            .order_by("path")
        )
        if level:
            stations = stations.filter(level=level)
        if honour:
            stations = stations.filter(honours__kind=honour).distinct()
        if street:
            stations = stations.filter(street__slug=street)
        return stations

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        level = request.GET.get("level", "")
        level = level if level in dict(STATION_LEVELS) else ""
        honour = request.GET.get("honour", "")
        honour = honour if honour in dict(HONOUR_KINDS) else ""
        slug = request.GET.get("street", "")[:40]
        street = Street.objects.filter(slug=slug).first() if slug else None
        street_slug = street.slug if street else ""
        stations = published_list(
            f"stations:{self.pk}:{level}:{honour}:{street_slug}",
            self.get_stations(level, honour, street_slug),
        )
        origin = None
        if street:
            # Manual choice when the browser's location is refused or unavailable.
            origin = street_reference_point(street, StationPage.objects.live())
            if origin:
                stations = order_by_distance(stations, origin)
        context.update(
            stations=stations,
            level=level,
            honour=honour,
            street=street,
            origin=origin,
            levels=STATION_LEVELS,
            honour_kinds=HONOUR_KINDS,
            streets=Street.listed(),
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
            stats_page=StatsPage.linked(),
        )
        return context


class StationPage(CoverLeadMixin, GeoLocationMixin, BasePage):
    """One service station (三级五有): where it is, when it opens, who is on duty."""

    level = models.CharField("层级", max_length=20, choices=STATION_LEVELS, default="community")
    parent_station = models.ForeignKey(
        "volunteers.StationPage",
        verbose_name="上级服务站",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_stations",
    )
    street = models.ForeignKey(
        "home.Street",
        verbose_name="所在镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stations",
        help_text="区中心可不填。",
    )
    community = models.CharField("所在村社", max_length=40, blank=True)
    address = models.CharField("地址", max_length=120)
    opening_hours = models.CharField("开放时间", max_length=120, blank=True)
    office_phone = models.CharField(
        "对外办公电话", max_length=40, blank=True, help_text="只填对外公开的办公电话。"
    )
    services = models.TextField("服务项目", blank=True, help_text="每行一项。")
    feature_title = models.CharField("一站一特色", max_length=60, blank=True)
    feature_text = models.TextField("特色介绍", max_length=800, blank=True)

    content_panels = Page.content_panels + [
        *CoverLeadMixin.panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("level"),
                        PageChooserPanel("parent_station", "volunteers.StationPage"),
                    ]
                ),
                FieldRowPanel([FieldPanel("street"), FieldPanel("community")]),
                FieldPanel("address"),
                GeoLocationMixin.coordinates_panel,
                FieldRowPanel([FieldPanel("opening_hours"), FieldPanel("office_phone")]),
            ],
            heading="基本信息",
        ),
        FieldPanel("services"),
        MultiFieldPanel(
            [
                FieldPanel("feature_title"),
                FieldPanel("feature_text"),
                InlinePanel("feature_images", label="特色图片"),
            ],
            heading="一站一特色",
        ),
        InlinePanel("honours", label="荣誉"),
        InlinePanel("roster", label="轮值站长"),
    ]
    search_words = "服务站 退役军人服务站 办事 地址 开放时间"
    search_document = DocumentFields(summary="lead", image="cover_image", street="street")
    search_fields = (
        Page.search_fields
        + CoverLeadMixin.search_fields
        + [
            index.SearchField("address"),
            index.SearchField("services"),
            index.SearchField("feature_title"),
            index.SearchField("feature_text"),
            index.FilterField("level"),
        ]
    )
    api_fields = CoverLeadMixin.api_fields + [
        APIField("level", writable=True),
        typed("level_label", str),
        APIField("parent_station", writable=True),
        typed("parent_station_summary", PageTitle | None),
        APIField("street", writable=True),
        typed("street_name", str),
        APIField("community", writable=True),
        APIField("address", writable=True),
        *GeoLocationMixin.api_fields,
        APIField("opening_hours", writable=True),
        APIField("office_phone", writable=True),
        APIField("services", writable=True),
        typed("service_list", list[str]),
        APIField("feature_title", writable=True),
        APIField("feature_text", writable=True),
        APIField("feature_images", writable=True),
        APIField("honours", writable=True),
        typed("honour_list", list[StationHonourPublic]),
        # Written as person ids and dates; read back as names and periods only.
        APIField("roster", writable=True),
        typed("roster_public", list[RosterDuty]),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["volunteers.StationIndexPage"]
    subpage_types = []
    # Lists the activities held here (page cache: purge when one is published).
    purge_on_publish_of = ("volunteers.activitypage",)

    class Meta:
        verbose_name = "服务站"
        verbose_name_plural = "服务站"

    def clean(self):
        super().clean()
        if self.parent_station_id and self.parent_station_id == self.pk:
            raise ValidationError({"parent_station": "上级服务站不能是本站。"})

    @property
    def level_label(self):
        return self.get_level_display()

    @property
    def street_name(self):
        return self.street.name if self.street else ""

    @property
    def service_list(self):
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @property
    def parent_station_summary(self):
        parent = self.parent_station
        if not parent or not parent.live:
            return None
        return {"id": parent.pk, "title": parent.title}

    @property
    def honour_list(self):
        return [
            {"kind": honour.kind, "title": honour.label, "stars": honour.stars, "year": honour.year}
            for honour in self.honours.all()
        ]

    def current_masters(self, today=None):
        today = today or timezone.localdate()
        return [duty for duty in self.roster.all() if duty.is_current(today)]

    @property
    def roster_public(self):
        """Name and period only: the Person record's private fields stay in the admin."""
        today = timezone.localdate()
        return [
            {
                "name": duty.person.name,
                "start_date": duty.start_date,
                "end_date": duty.end_date,
                "current": duty.is_current(today),
            }
            for duty in self.roster.select_related("person")
        ]

    def get_activities(self):
        from .brigades import ActivityPage

        return (
            ActivityPage.objects.live()
            .public()
            .filter(station=self)
            .order_by("-date", "-pk")
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
        )

    def search_details(self, doc):
        """Faceted by the first honour; every honour is searchable, and the station is
        found by the names of its rotating station masters (轮值站长)."""
        honours = [honour.label for honour in self.honours.all()]
        if honours:
            doc.honour = honours[0]
            doc.body = "\n".join([doc.body, *honours, self.get_level_display()])
        masters = [duty.person.name for duty in self.roster.select_related("person")]
        if masters:
            doc.names += masters
            doc.keywords.append("轮值站长 站长")
            doc.body = "\n".join([doc.body, "轮值站长：" + "、".join(masters)])
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context.update(
            today=today,
            roster=[
                (duty, duty.is_current(today)) for duty in self.roster.select_related("person")
            ],
            honours=self.honours.all(),
            feature_images=self.feature_images.select_related("image"),
            # Other pages: read once per published version.
            activities=published_list(f"station-activities:{self.pk}", self.get_activities()[:10]),
            child_stations=published_list(
                f"child-stations:{self.pk}", self.child_stations.live().public().order_by("title")
            ),
        )
        return context


class StationFeatureImage(CaptionedImage):
    page = ParentalKey(StationPage, related_name="feature_images", on_delete=models.CASCADE)


class StationHonour(Orderable):
    """An honour a station was awarded, with the year: 枫桥式, 全国示范型, 星级 …"""

    page = ParentalKey(StationPage, related_name="honours", on_delete=models.CASCADE)
    kind = models.CharField("荣誉", max_length=20, choices=HONOUR_KINDS)
    stars = models.PositiveSmallIntegerField(
        "星级",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="仅星级服务站填写（1—5）。",
    )
    year = models.PositiveSmallIntegerField(
        "授予年份", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("stars"), FieldPanel("year")])]
    api_fields = [
        APIField("kind", writable=True),
        APIField("stars", writable=True),
        APIField("year", writable=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "服务站荣誉"

    def clean(self):
        super().clean()
        if self.kind == "star" and not self.stars:
            raise ValidationError({"stars": "星级服务站请填写星级（1—5）。"})
        if self.kind != "star" and self.stars:
            raise ValidationError({"stars": "只有星级服务站需要填写星级。"})

    @property
    def label(self):
        if self.kind == "star" and self.stars:
            return f"{STAR_WORDS.get(self.stars, self.stars)}星级服务站"
        return self.get_kind_display()


class StationMaster(Orderable):
    """One 轮值站长 turn: a respected veteran on duty at the station for a period."""

    page = ParentalKey(StationPage, related_name="roster", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "honors.Person",
        verbose_name="人物",
        on_delete=models.PROTECT,
        related_name="station_duties",
    )
    start_date = models.DateField("轮值开始")
    end_date = models.DateField("轮值结束", null=True, blank=True, help_text="留空表示至今。")

    panels = [
        FieldPanel("person"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]
    api_fields = [
        APIField("person", writable=True),
        APIField("start_date", writable=True),
        APIField("end_date", writable=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "轮值站长"

    def clean(self):
        super().clean()
        check_date_range(self.start_date, self.end_date, "end_date")

    def is_current(self, today):
        return self.start_date <= today and (self.end_date is None or today <= self.end_date)
