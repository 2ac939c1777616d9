"""最美退役军人 and related honours: one profile page per honoured person or team."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.api_types import GalleryItem, PageLink, PersonPublic, PhotoInfo, TeamMemberPublic, typed
from core.page_cache import published_cached, published_list
from home.blocks import ArticleStreamBlock
from home.mixins import SeoMixin
from home.models import BasePage, SectionIndexPage, Street
from search.documents import DocumentFields, person_roles

from ..filters import FacetedIndexMixin, FacetSpec
from ..forms import HonorProfilePageForm
from .base import PosterMixin


class HonorTitle(models.Model):
    """An honour title editors can extend (最美退役军人, 最美军嫂 …)."""

    name = models.CharField("称号", max_length=40, unique=True)
    slug = models.SlugField("英文标识", max_length=40, unique=True)
    is_team = models.BooleanField(
        "团队称号", default=False, help_text="团队称号的事迹页列出团队成员，而不是一位人物。"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("is_team"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "荣誉称号"
        verbose_name_plural = "荣誉称号"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


HONOUR_LEVELS = [
    ("district", "区级"),
    ("city", "市级"),
    ("province", "省级"),
    ("national", "全国"),
]


class HonorIndexPage(FacetedIndexMixin, SectionIndexPage):
    """最美退役军人: every profile, filterable by title, year, level and street."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["honors.HonorProfilePage"]
    max_count = 1
    page_size = 9

    class Meta:
        verbose_name = "最美退役军人栏目"

    def get_profiles(self):
        return (
            HonorProfilePage.objects.child_of(self)
            .live()
            .public()
            .select_related("honor_title", "person__portrait", "photo", "street")
            .order_by("-year", "honor_title__sort_order", "title")
        )

    def facet_specs(self):
        profiles = self.get_profiles()
        years = sorted(set(profiles.values_list("year", flat=True)), reverse=True)
        return [
            FacetSpec(
                "title",
                "荣誉称号",
                "honor_title__slug",
                list(HonorTitle.objects.values_list("slug", "name")),
            ),
            FacetSpec("year", "年度", "year", [(y, f"{y}年") for y in years]),
            FacetSpec("level", "级别", "level", HONOUR_LEVELS),
            FacetSpec(
                "street", "镇街", "street__slug", list(Street.objects.values_list("slug", "name"))
            ),
        ]

    def listing_items(self):
        return self.get_profiles()


class HonorProfilePage(PosterMixin, BasePage):
    """One honoured person or team: citation, story, photos and their oral histories.

    Personal facts live on the linked Person; a team profile lists its members instead.
    """

    person = models.ForeignKey(
        "honors.Person",
        verbose_name="人物",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honor_profiles",
        help_text="个人称号必填；团队称号留空，在下方添加团队成员。",
    )
    honor_title = models.ForeignKey(
        HonorTitle, verbose_name="荣誉称号", on_delete=models.PROTECT, related_name="profiles"
    )
    level = models.CharField("级别", max_length=20, choices=HONOUR_LEVELS, default="district")
    year = models.PositiveSmallIntegerField("年度")
    street = models.ForeignKey(
        "home.Street",
        verbose_name="推荐镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honor_profiles",
        help_text="推荐本称号的镇街；个人称号不填时取人物所在镇街。",
    )
    citation = models.TextField("推荐语", max_length=400)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="主图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="不填则使用人物肖像；团队请上传合影。",
    )
    story = StreamField(ArticleStreamBlock(), verbose_name="事迹", blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("honor_title"),
                FieldRowPanel([FieldPanel("level"), FieldPanel("year")]),
                FieldPanel("street"),
            ],
            heading="称号",
        ),
        FieldPanel("person"),
        InlinePanel("members", heading="团队成员", label="成员"),
        FieldPanel("citation"),
        FieldPanel("photo"),
        FieldPanel("story"),
        InlinePanel("gallery_images", heading="图集", label="图片"),
        InlinePanel("related_stories", heading="相关报道", label="报道"),
    ]
    search_words = "事迹 先进人物 典型"
    search_document = DocumentFields(
        summary="citation",
        image="photo",
        person="person",
        year="year",
        street="street",
        honour="honor_title",
    )
    search_fields = Page.search_fields + [
        index.SearchField("citation"),
        index.SearchField("story"),
        index.RelatedFields("person", [index.SearchField("name"), index.SearchField("bio")]),
        index.RelatedFields("honor_title", [index.SearchField("name")]),
        index.FilterField("year"),
        index.FilterField("level"),
        index.FilterField("street"),
        index.FilterField("honor_title"),
    ]
    api_fields = [
        APIField("honor_title", writable=True),
        typed("honor_title_name", str),
        typed("is_team", bool),
        APIField("level", writable=True),
        typed("level_label", str),
        APIField("year", writable=True),
        APIField("street", writable=True),
        typed("street_name", str),
        APIField("person", writable=True),
        APIField("members", writable=True),
        APIField("citation", writable=True),
        typed("person_info", PersonPublic | None),
        typed("members_info", list[TeamMemberPublic]),
        APIField("photo", writable=True),
        typed("photo_info", PhotoInfo | None),
        APIField("story", writable=True),
        APIField("gallery_images", writable=True),
        typed("gallery", list[GalleryItem]),
        APIField("related_stories", writable=True),
        typed("related_oral_histories", list[PageLink]),
        typed("related_story_links", list[PageLink]),
        typed("poster_url", str | None),
        typed("qr_url", str | None),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["honors.HonorIndexPage"]
    subpage_types = []
    # Lists oral histories of its people (page cache: purge when one is published).
    purge_on_publish_of = ("honors.oralhistorypage",)
    serve_select_related = (
        "person__portrait",
        "person__street",
        "photo",
        "honor_title",
        "street",
        "og_image",
    )
    base_form_class = HonorProfilePageForm

    class Meta:
        verbose_name = "最美人物事迹"
        verbose_name_plural = "最美人物事迹"

    def clean(self):
        super().clean()
        if not self.honor_title_id:
            return
        if self.honor_title.is_team and self.person_id:
            raise ValidationError({"person": "团队称号不关联单个人物，请在“团队成员”中添加成员。"})
        if not self.honor_title.is_team and not self.person_id:
            raise ValidationError({"person": f"“{self.honor_title.name}”是个人称号，请选择人物。"})

    def save(self, *args, **kwargs):
        if not self.street_id and self.person_id:
            self.street_id = self.person.street_id
        super().save(*args, **kwargs)

    @property
    def is_team(self):
        return self.honor_title.is_team

    @property
    def honor_title_name(self):
        return self.honor_title.name

    @property
    def level_label(self):
        return self.get_level_display()

    @property
    def street_name(self):
        return self.street.name if self.street else ""

    @property
    def display_image(self):
        return self.photo or (self.person.portrait if self.person else None)

    @property
    def display_image_alt(self):
        return f"{self.title}的照片" if self.display_image else ""

    def get_meta_description(self):
        return self.search_description or self.citation

    def get_share_image(self):
        return self.og_image or self.display_image

    @property
    def person_info(self):
        return self.person.public_data() if self.person else None

    def get_members(self):
        if not hasattr(self, "_members"):
            self._members = list(self.members.select_related("person__portrait", "person__street"))
        return self._members

    @property
    def members_info(self):
        return [{"role": m.role, "person": m.person.public_data()} for m in self.get_members()]

    @property
    def photo_info(self):
        image = self.display_image
        if not image:
            return None
        rendition = image.get_rendition("fill-600x800")
        return {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": self.display_image_alt,
        }

    @property
    def gallery(self):
        items = []
        for item in self.gallery_images.select_related("image"):
            thumb = item.image.get_rendition("fill-480x320")
            large = item.image.get_rendition("max-1200x1200")
            items.append(
                {
                    "thumbnail_url": thumb.url,
                    "url": large.url,
                    "width": large.width,
                    "height": large.height,
                    "caption": item.caption,
                    "alt": item.alt_text,
                }
            )
        return items

    def get_people_ids(self):
        ids = [m.person_id for m in self.get_members()]
        if self.person_id:
            ids.append(self.person_id)
        return ids

    def get_oral_histories(self, people=None):
        from .oral_histories import OralHistoryPage

        return (
            OralHistoryPage.objects.live()
            .public()
            .filter(interviewee_id__in=self.get_people_ids() if people is None else people)
            .select_related("poster_image", "video", "interviewee__portrait", "interviewee__street")
            .prefetch_related("poster_image__renditions", "interviewee__portrait__renditions")
            .order_by("-recorded_date")
        )

    @property
    def related_oral_histories(self):
        # Keyed by the people (a draft's own team gets its own list): the same list the
        # page keeps per published version.
        people = self.get_people_ids()
        pages = published_list(
            f"oral-histories-of:{','.join(map(str, people))}", self.get_oral_histories(people)
        )
        return [{"id": page.pk, "title": page.title, "url": page.url} for page in pages]

    def get_related_stories(self):
        ids = [link.story_id for link in self.related_stories.all() if link.story_id]

        def live_in_order():
            # Titles and addresses only: specific classes without their own fields' query.
            found = {
                page.pk: page
                for page in Page.objects.live().filter(pk__in=ids).specific(defer=True)
            }
            return [found[pk] for pk in ids if pk in found]

        return (
            published_cached(f"live-pages:{','.join(map(str, ids))}", live_in_order) if ids else []
        )

    @property
    def related_story_links(self):
        return [{"id": p.pk, "title": p.title, "url": p.url} for p in self.get_related_stories()]

    def search_details(self, doc):
        """A team's profile is found by the names and roles of its members."""
        members = list(self.members.select_related("person"))
        for member in members:
            doc.names.append(member.person.name)
            doc.keywords += [member.role, *person_roles(member.person)]
        if members:
            names = "、".join(member.person.name for member in members)
            doc.body = "\n".join([doc.body, "团队成员：" + names])
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            people = self.get_people_ids()  # the draft's own team
        else:
            people = published_cached(f"profile-people:{self.pk}", self.get_people_ids)
        context.update(
            # Read only when the team and gallery are rendered afresh (their HTML is
            # kept per published version; a preview always renders them).
            members=self.members.select_related("person__portrait", "person__street"),
            oral_histories=published_list(
                f"oral-histories-of:{','.join(map(str, people))}", self.get_oral_histories(people)
            ),
            related_stories=self.get_related_stories(),
            gallery_images=self.gallery_images.select_related("image").prefetch_related(
                "image__renditions"
            ),
            read_aloud=True,
        )
        return context


class HonorTeamMember(Orderable):
    page = ParentalKey(HonorProfilePage, related_name="members", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "honors.Person", verbose_name="人物", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("团队职务", max_length=40, blank=True)

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("role")])]
    api_fields = [APIField("person", writable=True), APIField("role", writable=True)]

    class Meta(Orderable.Meta):
        verbose_name = "团队成员"


class HonorGalleryImage(Orderable):
    page = ParentalKey(HonorProfilePage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="图片", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField("替代文字", max_length=200, help_text="为视障读者描述图片内容。")
    caption = models.CharField("图注", max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]
    api_fields = [
        APIField("image", writable=True),
        APIField("alt_text", writable=True),
        APIField("caption", writable=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "图集图片"


class HonorRelatedStory(Orderable):
    page = ParentalKey(HonorProfilePage, related_name="related_stories", on_delete=models.CASCADE)
    story = models.ForeignKey(
        "wagtailcore.Page", verbose_name="报道", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("story", ["home.NewsPage", "home.StandardPage"])]
    api_fields = [APIField("story", writable=True)]

    class Meta(Orderable.Meta):
        verbose_name = "相关报道"
