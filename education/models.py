"""红色教育: lesson packs for schools, built from the portal's own people and stories."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, CharField, Value, When
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import restrictions
from core.api_types import Material, typed
from home.blocks import DocumentBlock
from home.mixins import CoverLeadMixin, SeoMixin
from home.models import BasePage, SectionIndexPage
from honors.filters import FacetedIndexMixin, FacetSpec

from . import materials
from .blocks import ActivitiesBlock, MaterialsBlock
from .permissions import LessonSectionPermissionTester
from .qr import qr_data_uri

GRADE_BANDS = [("primary", "小学"), ("junior", "初中"), ("senior", "高中")]
THEMES = [
    ("korea", "抗美援朝"),
    ("martyrs", "英烈事迹"),
    ("veterans", "最美退役军人"),
    ("volunteering", "志愿服务"),
    ("defence", "国防教育"),
]
# (value, label, upper bound in minutes); the last band has no upper bound.
DURATION_BANDS = [
    ("short", "20 分钟以内（班会、晨会）", 20),
    ("lesson", "1 课时（45 分钟以内）", 45),
    ("double", "2 课时（90 分钟以内）", 90),
    ("long", "半天及以上（研学、参观）", None),
]


def with_duration_band(queryset):
    whens = [
        When(duration_minutes__lte=limit, then=Value(value))
        for value, _, limit in DURATION_BANDS
        if limit is not None
    ]
    return queryset.annotate(
        duration_group=Case(*whens, default=Value(DURATION_BANDS[-1][0]), output_field=CharField())
    )


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class LessonIndexPage(FacetedIndexMixin, SectionIndexPage):
    """红色教育: every lesson pack, filterable by grade band, theme and duration."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["education.LessonPage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = "红色教育栏目"

    def permissions_for_user(self, user):
        return LessonSectionPermissionTester(user, self)

    def get_lessons(self):
        return with_duration_band(
            LessonPage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .order_by("path")
        )

    def facet_specs(self):
        return [
            FacetSpec("grade", "学段", "grade_band", GRADE_BANDS),
            FacetSpec("theme", "主题", "theme", THEMES),
            FacetSpec(
                "duration", "时长", "duration_group", [(v, label) for v, label, _ in DURATION_BANDS]
            ),
        ]

    def listing_items(self):
        return self.get_lessons()


class LessonPage(RoutablePageMixin, CoverLeadMixin, BasePage):
    """One lesson pack: what pupils should learn, what to watch and read, what to do.

    The material is chosen from the portal (oral-history clips, profiles, martyrs, news,
    stations), so a pack never copies a story; it also prints as a handout and steps
    through full-screen in class.
    """

    grade_band = models.CharField("学段", max_length=10, choices=GRADE_BANDS)
    theme = models.CharField("主题", max_length=20, choices=THEMES)
    duration_minutes = models.PositiveSmallIntegerField(
        "课时长度（分钟）",
        validators=[
            MinValueValidator(5, "课时长度至少 5 分钟。"),
            MaxValueValidator(480, "课时长度不能超过 480 分钟。"),
        ],
    )
    learning_goals = models.TextField("学习目标", max_length=1000, help_text="每行一项。")
    teacher_notes = models.TextField(
        "教师备课提示", max_length=2000, blank=True, help_text="只在课程页显示，不印在学习单上。"
    )
    discussion_questions = models.TextField(
        "讨论问题", max_length=1000, blank=True, help_text="每行一个问题。"
    )
    activities = StreamField(ActivitiesBlock(), verbose_name="课堂活动", blank=True)
    materials = StreamField(MaterialsBlock(), verbose_name="教学素材")
    handouts = StreamField([("document", DocumentBlock())], verbose_name="可下载的讲义", blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel(
            [FieldPanel("grade_band"), FieldPanel("theme"), FieldPanel("duration_minutes")]
        ),
        *CoverLeadMixin.panels,
        MultiFieldPanel(
            [FieldPanel("learning_goals"), FieldPanel("teacher_notes")],
            heading="目标与备课",
        ),
        FieldPanel("materials"),
        FieldPanel("discussion_questions"),
        FieldPanel("activities"),
        FieldPanel("handouts"),
    ]
    search_words = "红色教育 课程 学习单 课堂"
    search_fields = (
        Page.search_fields
        + CoverLeadMixin.search_fields
        + [
            index.SearchField("learning_goals"),
            index.SearchField("discussion_questions"),
            index.SearchField("activities"),
            index.SearchField("search_terms"),
            index.FilterField("grade_band"),
            index.FilterField("theme"),
        ]
    )
    api_fields = [
        APIField("grade_band", writable=True),
        typed("grade_band_label", str),
        APIField("theme", writable=True),
        typed("theme_label", str),
        APIField("duration_minutes", writable=True),
        typed("duration_label", str),
        *CoverLeadMixin.api_fields,
        APIField("learning_goals", writable=True),
        typed("learning_goal_list", list[str]),
        APIField("teacher_notes", writable=True),
        APIField("discussion_questions", writable=True),
        typed("discussion_question_list", list[str]),
        APIField("activities", writable=True),
        APIField("materials", writable=True),
        typed("material_list", list[Material]),
        APIField("handouts", writable=True),
        typed("classroom_url", str | None),
        typed("handout_url", str | None),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["education.LessonIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "红色教育课"
        verbose_name_plural = "红色教育课"

    @property
    def grade_band_label(self):
        return self.get_grade_band_display()

    @property
    def theme_label(self):
        return self.get_theme_display()

    @property
    def duration_label(self):
        return f"{self.duration_minutes} 分钟"

    @property
    def learning_goal_list(self):
        return lines(self.learning_goals)

    @property
    def discussion_question_list(self):
        return lines(self.discussion_questions)

    def get_materials(self):
        if not hasattr(self, "_materials"):
            self._materials = materials.resolve(self.materials)
        return self._materials

    @property
    def material_list(self):
        return [item.as_api() for item in self.get_materials()]

    @property
    def clip_count(self):
        return sum(1 for item in self.get_materials() if item.kind == "clip")

    def search_terms(self):
        """What a teacher types to find a pack besides its own words: audience, grade, theme."""
        return " ".join(["红色教育", "中小学生", "课堂", self.grade_band_label, self.theme_label])

    @property
    def classroom_url(self):
        return self.url + self.reverse_subpage("classroom") if self.url else None

    @property
    def handout_url(self):
        return self.url + self.reverse_subpage("handout") if self.url else None

    def get_meta_description(self):
        return self.search_description or self.lead

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            materials=self.get_materials(),
            goals=self.learning_goal_list,
            questions=self.discussion_question_list,
        )
        return context

    @path("classroom/", name="classroom")
    def classroom_view(self, request):
        """Full screen, large type, one item per step: for the projector or a tablet."""
        return self.render(
            request,
            context_overrides={"steps": self.classroom_steps()},
            template="education/classroom.html",
        )

    @path("handout/", name="handout")
    def handout_view(self, request):
        """An A4 handout to print: goals, each item with a QR code, questions, activities."""
        # Built from the request, so the codes open the host the teacher printed from.
        absolute = request.build_absolute_uri
        page_url = absolute(self.get_url(request))
        qr_items = []
        for item in self.get_materials():
            url = absolute(item.url)
            qr_items.append({"item": item, "url": url, "qr": qr_data_uri(url)})
        return self.render(
            request,
            context_overrides={
                "page_full_url": page_url,
                "page_qr": qr_data_uri(page_url),
                "qr_items": qr_items,
            },
            template="education/handout.html",
        )

    def classroom_steps(self):
        steps = [{"kind": "cover"}]
        steps += [{"kind": "material", "item": item} for item in self.get_materials()]
        steps += [{"kind": "question", "text": q} for q in self.discussion_question_list]
        steps += [{"kind": "activity", "block": block} for block in self.activities]
        steps.append({"kind": "end"})
        for number, step in enumerate(steps, start=1):
            step["number"] = number
        return steps

    @classmethod
    def public_clip_total(cls):
        """Clips visitors can play, on every live pack: for the stats board. Counted from
        the stored clips (one query for their oral histories), as ``clip_count`` would."""
        from honors.models import OralHistoryPage

        times = cls.materials.field.stream_block.child_blocks["clip"].child_blocks
        clips = [
            (
                block["value"].get("oral_history"),
                times["start"].to_python(block["value"].get("start")),
                times["end"].to_python(block["value"].get("end")),
            )
            for lesson in cls.objects.live().public().only("materials")
            for block in lesson.materials.raw_data
            if block["type"] == "clip"
        ]
        playable = {
            page.pk
            for page in OralHistoryPage.objects.live().filter(pk__in={clip[0] for clip in clips})
            if not restrictions.is_restricted(page)
        }
        return sum(
            1
            for page_id, start, end in clips
            if page_id in playable and start is not None and end is not None and end > start
        )
