"""志愿服务: brands, brigades (大队 → 支队) and their activities.

A brigade's figures (activities, turn-outs, hours) are never typed: they are aggregated
from the live ActivityPage rows that name the brigade or one of its sub-brigades.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.api_types import ActivityTotals, PageLink, PageTitle, typed
from core.page_cache import published_cached, published_list, versioned
from home.blocks import ArticleStreamBlock
from home.mixins import CaptionedImage, CoverLeadMixin, SeoMixin
from home.models import BasePage, SectionIndexPage, Street
from search.documents import DocumentFields

from ..totals import activities_of_brigades, live_activities, totals
from .stats import StatsPage

SPECIALITIES = [
    ("rescue", "应急救援"),
    ("anti_fraud", "反诈宣传"),
    ("patrol", "文明巡防"),
    ("event", "赛会服务"),
    ("epidemic", "疫情防控"),
    ("legal", "法律援助"),
    ("mediation", "矛盾调解"),
]


class VolunteerBrand(index.Indexed, models.Model):
    """A district volunteer brand (e.g. 青川老兵) under which brigades serve."""

    name = models.CharField("品牌名称", max_length=30, unique=True)
    slug = models.SlugField("英文标识", max_length=40, unique=True)
    slogan = models.CharField("口号", max_length=60, blank=True)
    description = models.TextField("品牌介绍", max_length=600, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="品牌标识图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("slogan"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        verbose_name = "志愿服务品牌"
        verbose_name_plural = "志愿服务品牌"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def summaries(cls):
        """Each brand with its live brigades and their members, counted by the database."""
        live = Q(brigades__live=True)
        return cls.objects.annotate(
            brigade_count=Count("brigades", filter=live),
            member_total=Sum("brigades__member_count", filter=live),
        ).select_related("logo")


# Root (1), a site's home page (2), the volunteer section (3): parent_page_types fix it.
VOLUNTEER_INDEX_DEPTH = 3


def with_card_relations(brigades):
    """What a brigade card shows, fetched with the list instead of once per card."""
    return brigades.select_related("brand", "street", "cover_image").prefetch_related(
        "cover_image__renditions"
    )


def join_url_for(page):
    """The 加入我们 form of the volunteer section a page belongs to (the section is in
    the navigation: publishing it retires the content version)."""

    def find():
        index = VolunteerIndexPage.objects.ancestor_of(page, inclusive=True).live().first()
        return index.url + index.reverse_subpage("join") if index else ""

    section = page.path[: VOLUNTEER_INDEX_DEPTH * page.steplen]
    return versioned(f"volunteer-join-url:{section}", find) or None


class VolunteerIndexPage(RoutablePageMixin, SectionIndexPage):
    """志愿服务: every brand and brigade, the district's activity totals and 加入我们."""

    join_intro = models.TextField(
        "加入我们说明", max_length=400, blank=True, help_text="显示在报名表上方。"
    )

    content_panels = SectionIndexPage.content_panels + [FieldPanel("join_intro")]
    api_fields = SectionIndexPage.api_fields + [
        APIField("join_intro", writable=True),
        typed("activity_totals", ActivityTotals),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["volunteers.BrigadePage", "volunteers.ActivityPage"]
    max_count = 1

    class Meta:
        verbose_name = "志愿服务栏目"

    def get_brigades(self, speciality="", street=""):
        """The live brigades' cards (read once per published version), filtered here."""
        brigades = published_list(
            f"brigade-cards:{self.pk}",
            with_card_relations(BrigadePage.objects.descendant_of(self).live().public()).order_by(
                "path"
            ),
        )
        return [
            brigade
            for brigade in brigades
            if (not speciality or brigade.speciality == speciality)
            and (not street or (brigade.street is not None and brigade.street.slug == street))
        ]

    @property
    def activity_totals(self):
        return published_cached(f"activity-totals:{self.pk}", lambda: totals(live_activities()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        speciality = request.GET.get("speciality", "")
        speciality = speciality if speciality in dict(SPECIALITIES) else ""
        street = request.GET.get("street", "")[:40]
        context.update(
            speciality=speciality,
            street=street,
            specialities=SPECIALITIES,
            streets=Street.listed(),
            brigades=self.get_brigades(speciality, street),
            brands=published_list("volunteer-brands", VolunteerBrand.summaries()),
            totals=self.activity_totals,
            latest_activities=published_list(
                "latest-activity-cards",
                live_activities()
                .order_by("-date", "-pk")
                .select_related("cover_image")
                .prefetch_related("cover_image__renditions")[:6],
            ),
            join_url=join_url_for(self),
            stats_page=StatsPage.linked(),
        )
        return context

    @path("join/")
    def join(self, request):
        from ..join import join_form  # the form module imports these models

        return join_form(request, self)


class BrigadePage(CoverLeadMixin, BasePage):
    """One brigade: a 大队 directly under the index, or a 支队 under its 大队."""

    brand = models.ForeignKey(
        VolunteerBrand,
        verbose_name="所属品牌",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brigades",
    )
    speciality = models.CharField("服务专长", max_length=20, choices=SPECIALITIES)
    street = models.ForeignKey(
        "home.Street",
        verbose_name="所在镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brigades",
        help_text="全区性的队伍可不填。",
    )
    leader_name = models.CharField(
        "队长", max_length=20, blank=True, help_text="只填公开的姓名，不填电话等个人信息。"
    )
    founded_year = models.PositiveSmallIntegerField(
        "成立年份",
        null=True,
        blank=True,
        validators=[MinValueValidator(1949), MaxValueValidator(2100)],
    )
    member_count = models.PositiveIntegerField(
        "本队队员人数", default=0, help_text="只计本队直属队员，不含下属支队（支队人数自动累加）。"
    )
    how_to_join = models.TextField("如何加入", max_length=400, blank=True)

    content_panels = Page.content_panels + [
        *CoverLeadMixin.panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("brand"), FieldPanel("speciality")]),
                FieldRowPanel([FieldPanel("street"), FieldPanel("leader_name")]),
                FieldRowPanel([FieldPanel("founded_year"), FieldPanel("member_count")]),
            ],
            heading="队伍信息",
        ),
        FieldPanel("how_to_join"),
        InlinePanel("photos", label="队伍照片"),
    ]
    search_words = "志愿服务队 志愿者 志愿服务 队伍"
    search_document = DocumentFields(summary="lead", image="cover_image", street="street")
    search_fields = (
        Page.search_fields
        + CoverLeadMixin.search_fields
        + [
            index.SearchField("leader_name"),
            index.FilterField("speciality"),
        ]
    )
    api_fields = CoverLeadMixin.api_fields + [
        typed("level", str),
        APIField("brand", writable=True),
        typed("brand_name", str),
        APIField("speciality", writable=True),
        typed("speciality_label", str),
        APIField("street", writable=True),
        typed("street_name", str),
        APIField("leader_name", writable=True),
        APIField("founded_year", writable=True),
        APIField("member_count", writable=True),
        typed("total_members", int),
        APIField("how_to_join", writable=True),
        APIField("photos", writable=True),
        typed("activity_totals", ActivityTotals),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["volunteers.VolunteerIndexPage", "volunteers.BrigadePage"]
    subpage_types = ["volunteers.BrigadePage", "volunteers.ActivityPage"]
    serve_select_related = ("brand", "street", "cover_image", "og_image")

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"

    @property
    def is_sub_brigade(self):
        # The parent is the volunteer section (one, under a site's home page: depth 3)
        # or another brigade, so the depth tells without fetching the parent per card.
        return self.depth > VOLUNTEER_INDEX_DEPTH + 1

    @property
    def level(self):
        return "支队" if self.is_sub_brigade else "大队"

    @property
    def brand_name(self):
        return self.brand.name if self.brand else ""

    @property
    def speciality_label(self):
        return self.get_speciality_display()

    @property
    def street_name(self):
        return self.street.name if self.street else "全区"

    def get_sub_brigades(self):
        return with_card_relations(BrigadePage.objects.child_of(self).live().public()).order_by(
            "path"
        )

    def _below(self):
        """``(pk, member_count)`` of every live brigade below this one."""
        if not hasattr(self, "_below_rows"):
            self._below_rows = published_cached(
                f"brigades-below:{self.pk}",
                lambda: list(
                    BrigadePage.objects.descendant_of(self)
                    .live()
                    .values_list("pk", "member_count")
                    .order_by("path")
                ),
            )
        return self._below_rows

    def _unit_ids(self):
        """This brigade and every live brigade below it."""
        return [self.pk, *(pk for pk, _ in self._below())]

    @property
    def total_members(self):
        return self.member_count + sum(members for _, members in self._below())

    def get_activities(self):
        return activities_of_brigades(self._unit_ids())

    @property
    def activity_totals(self):
        return published_cached(f"activity-totals:{self.pk}", lambda: totals(self.get_activities()))

    def search_details(self, doc):
        """A brigade is found by its leader's name (队长)."""
        if self.leader_name:
            doc.names.append(self.leader_name)
            doc.keywords.append("队长")
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other pages' cards: read once per published version.
        context.update(
            sub_brigades=published_list(f"sub-brigades:{self.pk}", self.get_sub_brigades()),
            totals=self.activity_totals,
            activities=published_list(
                f"brigade-activities:{self.pk}",
                self.get_activities()
                .order_by("-date", "-pk")
                .select_related("cover_image", "station")
                .prefetch_related("cover_image__renditions")[:12],
            ),
            photos=self.photos.select_related("image").prefetch_related("image__renditions"),
            join_url=join_url_for(self),
        )
        return context


class BrigadePhoto(CaptionedImage):
    page = ParentalKey(BrigadePage, related_name="photos", on_delete=models.CASCADE)


class ActivityPage(CoverLeadMixin, BasePage):
    """One volunteer activity (志愿活动): the only place turn-outs and hours are typed."""

    date = models.DateField("活动日期", default=timezone.localdate)
    place = models.CharField("活动地点", max_length=120)
    station = models.ForeignKey(
        "volunteers.StationPage",
        verbose_name="所在服务站",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text="活动在服务站举办时选择。",
    )
    brigades = ParentalManyToManyField(
        BrigadePage, verbose_name="参与队伍", related_name="activities"
    )
    turnout = models.PositiveIntegerField(
        "出动人次", validators=[MinValueValidator(1, "出动人次至少为 1。")]
    )
    service_hours = models.DecimalField(
        "服务时长（小时，合计）",
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(0, "服务时长不能为负数。")],
        help_text="本次活动全体志愿者服务时长之和。",
    )
    report = StreamField(ArticleStreamBlock(), verbose_name="活动报道", blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("place")]),
        FieldPanel("station"),
        FieldPanel("brigades", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("turnout"), FieldPanel("service_hours")]),
        *CoverLeadMixin.panels,
        InlinePanel("photos", label="活动照片"),
        FieldPanel("report"),
    ]
    search_words = "志愿活动 志愿服务 志愿者"
    search_document = DocumentFields(summary="lead", image="cover_image", date="date")
    search_fields = (
        Page.search_fields
        + CoverLeadMixin.search_fields
        + [
            index.SearchField("place"),
            index.SearchField("report"),
            index.FilterField("date"),
        ]
    )
    api_fields = CoverLeadMixin.api_fields + [
        APIField("date", writable=True),
        APIField("place", writable=True),
        APIField("station", writable=True),
        typed("station_summary", PageLink | None),
        APIField("brigades", writable=True),
        typed("brigade_summaries", list[PageTitle]),
        APIField("turnout", writable=True),
        APIField("service_hours", writable=True),
        APIField("report", writable=True),
        APIField("photos", writable=True),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["volunteers.VolunteerIndexPage", "volunteers.BrigadePage"]
    subpage_types = []
    serve_select_related = ("cover_image", "station", "og_image")

    class Meta:
        verbose_name = "志愿活动"
        verbose_name_plural = "志愿活动"

    @property
    def station_summary(self):
        station = self.station
        if not station or not station.live:
            return None
        return {"id": station.pk, "title": station.title, "url": station.url}

    @property
    def brigade_summaries(self):
        return [
            {"id": brigade.pk, "title": brigade.title}
            for brigade in self.brigades.all()
            if brigade.live
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            brigade_list=[brigade for brigade in self.brigades.all() if brigade.live],
            photos=self.photos.select_related("image"),
            read_aloud=True,
        )
        return context


class ActivityPhoto(CaptionedImage):
    page = ParentalKey(ActivityPage, related_name="photos", on_delete=models.CASCADE)


class JoinApplication(models.Model):
    """A visitor's 加入我们 application. Staff only: never rendered publicly or in the API."""

    name = models.CharField("姓名", max_length=20)
    phone = models.CharField("联系电话", max_length=20)
    speciality = models.CharField("意向服务专长", max_length=20, choices=SPECIALITIES)
    street = models.ForeignKey(
        "home.Street",
        verbose_name="所在镇街",
        on_delete=models.PROTECT,
        related_name="join_applications",
    )
    consent = models.BooleanField("同意个人信息使用", default=False)
    contacted = models.BooleanField("已联系", default=False)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("speciality"), FieldPanel("street")]),
        FieldPanel("contacted"),
    ]

    class Meta:
        verbose_name = "入队申请"
        verbose_name_plural = "入队申请"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name}（{self.created_at:%Y-%m-%d}）" if self.created_at else self.name
