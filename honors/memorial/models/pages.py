"""The memorial's pages: the hall (英烈纪念馆), one page per martyr, and facilities."""

import calendar

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from pypinyin import lazy_pinyin
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.api_types import TributeCounts, typed
from core.page_cache import live_cached, published_cached, published_list, published_page
from core.params import page_of, positive_int
from home.blocks import ArticleStreamBlock
from home.mixins import GeoLocationMixin, SeoMixin
from home.models import BasePage, SectionIndexPage
from home.vocabulary import GENDERS, MARTYR_ERAS
from search.documents import DocumentFields

from ...panels import private_fields_panel
from ..blocks import PhotosBlock, SourcesBlock
from .tributes import TributeCount, TributeMessage, counts_dict

TRIBUTE_API = "/api/v3/memorial/tributes"


def partial_date_text(year, month, day):
    """'1951年', '1951年3月' or '1951年3月5日': records often keep only the year."""
    if not year:
        return ""
    text = f"{year}年"
    if month:
        text += f"{month}月"
        if day:
            text += f"{day}日"
    return text


def partial_date_iso(year, month, day):
    """ISO 8601 with reduced precision: '1951', '1951-03' or '1951-03-05'."""
    if not year:
        return None
    text = f"{year:04d}"
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


def clean_partial_date(prefix, year, month, day):
    errors = {}
    if day and not month:
        errors[f"{prefix}_day"] = "填写了日，请同时填写月。"
    if (month or day) and not year:
        errors[f"{prefix}_year"] = "填写了月或日，请同时填写年份。"
    if month and not 1 <= month <= 12:
        errors[f"{prefix}_month"] = "月份应在 1 到 12 之间。"
    elif year and month and day and day > calendar.monthrange(year, month)[1]:
        errors[f"{prefix}_day"] = f"{year}年{month}月没有{day}日。"
    return errors


class MemorialHallPage(SectionIndexPage):
    """英烈纪念馆: every martyr of the district, searchable and filterable, with tributes."""

    search_words = "英烈 烈士 烈士名单 网上祭扫 云祭扫 献花 点烛 鞠躬 留言 祭奠"
    api_fields = SectionIndexPage.api_fields + [typed("tribute_totals", TributeCounts)]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["memorial.MartyrPage", "memorial.MemorialFacilityPage"]
    max_count = 1
    page_size = 24
    SORTS = {"name": "按姓名", "tributes": "按祭扫数"}

    class Meta:
        verbose_name = "英烈纪念馆"

    def get_martyrs(self):
        return MartyrPage.objects.child_of(self).live().public()

    @property
    def tribute_totals(self):
        return live_cached(f"hall-totals:{self.pk}", self._tribute_totals)

    def _tribute_totals(self):
        rows = (
            TributeCount.objects.filter(martyr__in=self.get_martyrs().values("pk"))
            .values("kind")
            .annotate(n=Sum("count"))
        )
        return counts_dict({row["kind"]: row["n"] for row in rows})

    CARD_DEFERRED = ("deeds", "sources", "family_contact", "family_phone", "family_address")

    def filter_martyrs(self, params):
        """Apply the visitor's search, filters and sort; returns (queryset, chosen)."""
        chosen = {
            "q": params.get("q", "").strip()[:40],
            "hometown": params.get("hometown", "").strip()[:60],
            "unit": params.get("unit", "").strip()[:80],
            "era": params.get("era", "") if params.get("era") in dict(MARTYR_ERAS) else "",
            "resting": params.get("resting", "").strip()[:12],
            "sort": params.get("sort") if params.get("sort") in self.SORTS else "name",
        }
        total = Coalesce(
            Subquery(
                TributeCount.objects.filter(martyr=OuterRef("pk"))
                .values("martyr")
                .annotate(n=Sum("count"))
                .values("n")
            ),
            Value(0),
        )
        # Cards show neither the long texts nor the family's private contact details.
        martyrs = (
            self.get_martyrs()
            .select_related("portrait")
            .defer(*self.CARD_DEFERRED)
            .annotate(tribute_total=total)
        )
        if chosen["q"]:
            martyrs = martyrs.filter(title__icontains=chosen["q"])
        if chosen["hometown"]:
            martyrs = martyrs.filter(hometown=chosen["hometown"])
        if chosen["unit"]:
            martyrs = martyrs.filter(unit=chosen["unit"])
        if chosen["era"]:
            martyrs = martyrs.filter(era=chosen["era"])
        resting = positive_int(chosen["resting"])
        if resting:
            martyrs = martyrs.filter(resting_place_id=resting)
        if chosen["sort"] == "tributes":
            martyrs = martyrs.order_by("-tribute_total", "sort_name", "pk")
        else:
            martyrs = martyrs.order_by("sort_name", "pk")
        return martyrs, chosen

    def filter_choices(self):
        """The filter form's choices and the number of martyrs, read once per published
        version of the site."""

        def compute():
            everyone = self.get_martyrs()
            return {
                "hometowns": list(
                    everyone.exclude(hometown="")
                    .order_by("hometown")
                    .values_list("hometown", flat=True)
                    .distinct()
                ),
                "units": list(
                    everyone.exclude(unit="")
                    .order_by("unit")
                    .values_list("unit", flat=True)
                    .distinct()
                ),
                "facilities": list(MemorialFacilityPage.objects.child_of(self).live().public()),
                "count": everyone.count(),
            }

        return published_cached(f"hall-choices:{self.pk}", compute)

    @staticmethod
    def _keeps_rows(chosen, choices):
        """Whether this page of the listing may be kept per published version: sorted
        by name (the tribute ranking moves with every tribute), no free-text search, and
        only filter values the form offers (so the kept pages are few)."""
        return (
            chosen["sort"] == "name"
            and not chosen["q"]
            and (not chosen["hometown"] or chosen["hometown"] in choices["hometowns"])
            and (not chosen["unit"] or chosen["unit"] in choices["units"])
            and (
                not chosen["resting"]
                or chosen["resting"] in {str(f.pk) for f in choices["facilities"]}
            )
        )

    @staticmethod
    def _live_totals(pks):
        """{martyr id: tributes in all} for ``pks``, kept until the next tribute."""

        def compute():
            rows = (
                TributeCount.objects.filter(martyr_id__in=pks)
                .values("martyr_id")
                .annotate(n=Sum("count"))
                .values_list("martyr_id", "n")
            )
            return dict(rows)

        return live_cached(f"card-totals:{','.join(map(str, pks))}", compute) if pks else {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        martyrs, chosen = self.filter_martyrs(request.GET)
        filtered = any(chosen[key] for key in ("q", "hometown", "unit", "era", "resting"))
        choices = self.filter_choices()
        paginator = Paginator(martyrs, self.page_size)
        if not filtered:
            paginator.count = choices["count"]
        page_obj = paginator.get_page(request.GET.get("page"))
        if self._keeps_rows(chosen, choices):
            page_obj = published_page(
                "hall:{}:{hometown}:{unit}:{era}:{resting}".format(self.pk, **chosen), page_obj
            )
            totals = self._live_totals([martyr.pk for martyr in page_obj.object_list])
            for martyr in page_obj.object_list:
                martyr.tribute_total = totals.get(martyr.pk, 0)
        context.update(
            page_obj=page_obj,
            chosen=chosen,
            filtered=filtered,
            sorts=self.SORTS,
            eras=MARTYR_ERAS,
            hometowns=choices["hometowns"],
            units=choices["units"],
            facilities=choices["facilities"],
            totals=self.tribute_totals,
        )
        return context


class MemorialFacilityPage(GeoLocationMixin, BasePage):
    """烈士纪念设施: a cemetery, tower, square or hall where martyrs rest or are remembered."""

    KINDS = [
        ("cemetery", "烈士陵园"),
        ("monument", "纪念碑（塔）"),
        ("square", "纪念广场"),
        ("hall", "纪念馆"),
    ]

    kind = models.CharField("设施类型", max_length=20, choices=KINDS, default="cemetery")
    lead = models.TextField("简介", max_length=400, blank=True)
    location = models.CharField("地址", max_length=120, help_text="设施的公开地址。")
    street = models.ForeignKey(
        "home.Street",
        verbose_name="所在镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memorial_facilities",
    )
    visiting_hours = models.CharField("开放时间", max_length=120, blank=True)
    history = StreamField(ArticleStreamBlock(), verbose_name="历史沿革", blank=True)
    photos = StreamField(PhotosBlock(), verbose_name="照片", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldPanel("street"),
                GeoLocationMixin.coordinates_panel,
                FieldPanel("visiting_hours"),
            ],
            heading="位置与开放时间",
        ),
        FieldPanel("history"),
        FieldPanel("photos"),
    ]
    search_words = "烈士纪念设施 纪念设施 祭扫 瞻仰 开放时间"
    search_document = DocumentFields(summary="lead", street="street")
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("location"),
        index.SearchField("history"),
        index.FilterField("street_id"),
    ]
    api_fields = [
        APIField("kind", writable=True),
        APIField("lead", writable=True),
        APIField("location", writable=True),
        APIField("street", writable=True),
        *GeoLocationMixin.api_fields,
        APIField("visiting_hours", writable=True),
        APIField("history", writable=True),
        APIField("photos", writable=True),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["memorial.MemorialHallPage"]
    subpage_types = []
    # Lists the martyrs resting here (page cache: purge it when one is published).
    purge_on_publish_of = ("memorial.martyrpage",)

    class Meta:
        verbose_name = "烈士纪念设施"
        verbose_name_plural = "烈士纪念设施"

    def get_resting_martyrs(self):
        return (
            MartyrPage.objects.live()
            .public()
            .filter(resting_place=self)
            .select_related("portrait")
            .order_by("sort_name", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["martyrs"] = published_list(
            f"resting-martyrs:{self.pk}", self.get_resting_martyrs()
        )
        return context


class MartyrPage(RoutablePageMixin, BasePage):
    """One martyr (烈士): the record, the deeds, and where visitors pay tribute.

    The tribute form posts to the page's own ``tribute/`` route, as the honours pages
    answer ``poster/``.
    """

    gender = models.CharField("性别", max_length=10, choices=GENDERS, blank=True)
    birth_year = models.PositiveSmallIntegerField("出生年", null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField("出生月", null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField("出生日", null=True, blank=True)
    death_year = models.PositiveSmallIntegerField("牺牲年", null=True, blank=True)
    death_month = models.PositiveSmallIntegerField("牺牲月", null=True, blank=True)
    death_day = models.PositiveSmallIntegerField("牺牲日", null=True, blank=True)
    hometown = models.CharField("籍贯", max_length=60, blank=True)
    street = models.ForeignKey(
        "home.Street",
        verbose_name="籍贯所在镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="martyrs",
        help_text="籍贯在本区时选择，用于按镇街统计。",
    )
    unit = models.CharField("生前所在部队", max_length=80, blank=True)
    era = models.CharField("时期", max_length=20, choices=MARTYR_ERAS, blank=True)
    place_of_sacrifice = models.CharField("牺牲地点", max_length=80, blank=True)
    resting_place = models.ForeignKey(
        "memorial.MemorialFacilityPage",
        verbose_name="安葬地",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="martyrs",
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="遗像",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.TextField("生平简介", max_length=400, blank=True)
    deeds = StreamField(ArticleStreamBlock(), verbose_name="英雄事迹", blank=True)
    sources = StreamField(SourcesBlock(), verbose_name="史料来源", blank=True)
    # Private: staff only, never in public HTML, the public API or the search index.
    family_contact = models.CharField("亲属联系人（保密）", max_length=40, blank=True)
    family_phone = models.CharField("亲属电话（保密）", max_length=30, blank=True)
    family_address = models.CharField("亲属住址（保密）", max_length=200, blank=True)
    # Pinyin of the name, so the hall lists martyrs in the order Chinese readers expect.
    sort_name = models.CharField(max_length=200, editable=False, db_index=True, default="")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("gender"), FieldPanel("era")]),
        FieldPanel("portrait"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("birth_year"), FieldPanel("birth_month"), FieldPanel("birth_day")]
                ),
                FieldRowPanel(
                    [FieldPanel("death_year"), FieldPanel("death_month"), FieldPanel("death_day")]
                ),
            ],
            heading="生卒日期（史料只记年份或年月时，月、日留空）",
        ),
        FieldRowPanel([FieldPanel("hometown"), FieldPanel("street")]),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("place_of_sacrifice"), FieldPanel("resting_place")]),
        FieldPanel("lead"),
        FieldPanel("deeds"),
        FieldPanel("sources"),
        private_fields_panel(
            ["family_contact", "family_phone", "family_address"],
            heading="亲属联系方式（保密，仅工作人员可见）",
            permission="memorial.view_martyr_family",
        ),
    ]
    search_words = "烈士 英烈 先烈 革命烈士 英雄 献花 网上祭扫"
    search_document = DocumentFields(summary="lead", image="portrait", street="street", era="era")
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("hometown"),
        index.SearchField("unit"),
        index.SearchField("place_of_sacrifice"),
        index.SearchField("deeds"),
        index.AutocompleteField("title"),
        index.FilterField("era"),
        index.FilterField("street_id"),
        index.FilterField("resting_place_id"),
    ]
    # The family's contact details are never API fields: not readable, not writable.
    api_fields = [
        APIField("gender", writable=True),
        APIField("birth_year", writable=True),
        APIField("birth_month", writable=True),
        APIField("birth_day", writable=True),
        APIField("death_year", writable=True),
        APIField("death_month", writable=True),
        APIField("death_day", writable=True),
        typed("birth_date", str | None),
        typed("birth_date_text", str),
        typed("death_date", str | None),
        typed("death_date_text", str),
        APIField("hometown", writable=True),
        APIField("street", writable=True),
        APIField("unit", writable=True),
        APIField("era", writable=True),
        typed("era_label", str),
        APIField("place_of_sacrifice", writable=True),
        APIField("resting_place", writable=True),
        typed("resting_place_name", str),
        APIField("portrait", writable=True),
        typed("portrait_url", str | None),
        APIField("lead", writable=True),
        APIField("deeds", writable=True),
        APIField("sources", writable=True),
        typed("tribute_counts", TributeCounts),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["memorial.MemorialHallPage"]
    subpage_types = []
    serve_select_related = ("portrait", "resting_place", "street", "og_image")
    messages_per_page = 10

    class Meta:
        verbose_name = "英烈"
        verbose_name_plural = "英烈"
        permissions = [("view_martyr_family", "查看和编辑英烈亲属联系方式")]

    def clean(self):
        super().clean()
        errors = {}
        errors.update(
            clean_partial_date("birth", self.birth_year, self.birth_month, self.birth_day)
        )
        errors.update(
            clean_partial_date("death", self.death_year, self.death_month, self.death_day)
        )
        if not errors and self.birth_year and self.death_year and self.death_year < self.birth_year:
            errors["death_year"] = "牺牲年份不能早于出生年份。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.sort_name = "".join(lazy_pinyin(self.title or ""))[:200]
        return super().save(*args, **kwargs)

    @property
    def name(self):
        return self.title

    @property
    def birth_date_text(self):
        return partial_date_text(self.birth_year, self.birth_month, self.birth_day)

    @property
    def death_date_text(self):
        return partial_date_text(self.death_year, self.death_month, self.death_day)

    @property
    def birth_date(self):
        return partial_date_iso(self.birth_year, self.birth_month, self.birth_day)

    @property
    def death_date(self):
        return partial_date_iso(self.death_year, self.death_month, self.death_day)

    @property
    def resting_place_name(self):
        return self.resting_place.title if self.resting_place_id else ""

    @property
    def era_label(self):
        return self.get_era_display()

    @property
    def portrait_url(self):
        return self.portrait.get_rendition("fill-480x600").url if self.portrait else None

    @property
    def tribute_counts(self):
        rows = TributeCount.objects.filter(martyr=self).values_list("kind", "count")
        return counts_dict(dict(rows))

    def get_approved_messages(self):
        return TributeMessage.objects.filter(
            martyr=self, status=TributeMessage.Status.APPROVED
        ).order_by("-created_at", "-pk")

    def search_details(self, doc):
        """Martyrs are faceted by the year of sacrifice; the title is the martyr's name."""
        if self.death_year:
            doc.year_only = self.death_year
        doc.names.append(self.title)
        return []

    @path("tribute/", name="tribute")
    def tribute_route(self, request):
        """The no-JavaScript tribute form's POST; reloaded, it goes back to the page."""
        from ..views import tribute_form  # the views read these models

        return tribute_form(request, self.pk)

    @property
    def tribute_url(self):
        return self.url + self.reverse_subpage("tribute") if self.url else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj = page_of(
            self.get_approved_messages(), self.messages_per_page, request.GET.get("page")
        )
        context.update(
            page_obj=page_obj,
            counts=self.tribute_counts,
            # The page may come from the page cache: the script reloads live counts here.
            counts_api=f"/api/v3/memorial/martyrs/{self.pk}/counts",
            # The API serves public pages only; behind a password or login the form posts.
            tribute_api=None if self.get_view_restrictions().exists() else TRIBUTE_API,
        )
        return context
