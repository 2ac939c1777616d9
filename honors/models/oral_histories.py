"""口述历史: filmed interviews with a time-coded transcript that drives captions."""

from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.db import models
from django.http import HttpResponse
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from core.api_types import (
    Chapter,
    ImageInfo,
    PersonPublic,
    ProfileLink,
    TranscriptLine,
    VideoInfo,
    typed,
)
from core.page_cache import published_list
from home.mixins import SeoMixin
from home.models import BasePage, SectionIndexPage, Street
from home.vocabulary import ORAL_HISTORY_ERAS
from search.documents import DocumentFields, transcript_documents
from search.text import surname_tokens

from ..fields import TimecodeField
from ..filters import FacetedIndexMixin, FacetSpec
from ..forms import OralHistoryPageForm
from ..transcripts import build_plain_text, build_webvtt, format_timecode
from .base import PosterMixin


class OralHistoryIndexPage(FacetedIndexMixin, SectionIndexPage):
    """口述历史: every interview, filterable by era and the interviewee's street."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["honors.OralHistoryPage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = "口述历史栏目"

    def get_oral_histories(self):
        return (
            OralHistoryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("video", "poster_image", "interviewee__street")
            .order_by("-recorded_date", "title")
        )

    def facet_specs(self):
        return [
            FacetSpec("era", "年代", "era", ORAL_HISTORY_ERAS),
            FacetSpec(
                "street",
                "镇街",
                "interviewee__street__slug",
                list(Street.objects.values_list("slug", "name")),
            ),
        ]

    def listing_items(self):
        return self.get_oral_histories()


class OralHistoryPage(PosterMixin, BasePage):
    """One interview: the video with captions, and its transcript beside the player."""

    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name="视频",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"type": "video"},
        help_text="上传到本站的视频文件，时长取自视频资料。",
    )
    poster_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面帧",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interviewee = models.ForeignKey(
        "honors.Person",
        verbose_name="讲述人",
        on_delete=models.PROTECT,
        related_name="oral_histories",
    )
    era = models.CharField("年代 / 战役", max_length=20, choices=ORAL_HISTORY_ERAS)
    recorded_date = models.DateField("录制日期")
    recorded_place = models.CharField("录制地点", max_length=80, blank=True)
    summary = models.TextField("内容摘要", max_length=600)

    content_panels = Page.content_panels + [
        FieldPanel("interviewee"),
        FieldRowPanel([FieldPanel("era"), FieldPanel("recorded_date")]),
        FieldPanel("recorded_place"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [MediaChooserPanel("video", media_type="video"), FieldPanel("poster_image")],
            heading="视频",
        ),
        InlinePanel("chapters", heading="章节", label="章节"),
        InlinePanel(
            "segments",
            heading="文字稿（逐段时间码）",
            label="段落",
            help_text="时间填写“分:秒”，如 1:23 或 1:23.5。各段按时间先后排列，不能重叠。",
        ),
    ]
    search_words = "口述历史 视频 老兵讲故事 老兵故事 访谈 讲述"
    search_document = DocumentFields(
        summary="summary",
        image="poster_image",
        person="interviewee",
        date="recorded_date",
        era="era",
        separate=("segments",),
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.RelatedFields("interviewee", [index.SearchField("name")]),
        index.RelatedFields("segments", [index.SearchField("text"), index.SearchField("speaker")]),
        index.FilterField("era"),
        index.FilterField("recorded_date"),
    ]
    api_fields = [
        APIField("era", writable=True),
        typed("era_label", str),
        APIField("recorded_date", writable=True),
        APIField("recorded_place", writable=True),
        APIField("summary", writable=True),
        typed("street_name", str),
        APIField("interviewee", writable=True),
        typed("interviewee_info", PersonPublic),
        APIField("video", writable=True),
        typed("video_info", VideoInfo),
        APIField("poster_image", writable=True),
        typed("poster_info", ImageInfo | None),
        typed("duration", float | None),
        typed("captions_url", str | None),
        typed("transcript_url", str | None),
        APIField("chapters", writable=True),
        typed("chapter_list", list[Chapter]),
        APIField("segments", writable=True),
        typed("transcript", list[TranscriptLine]),
        typed("related_profiles", list[ProfileLink]),
        typed("poster_url", str | None),
        typed("qr_url", str | None),
        *SeoMixin.api_fields,
    ]

    parent_page_types = ["honors.OralHistoryIndexPage"]
    subpage_types = []
    # Lists the profiles of its interviewee (page cache: purge when one is published).
    purge_on_publish_of = ("honors.honorprofilepage",)
    serve_select_related = ("video", "poster_image", "interviewee__portrait", "og_image")
    base_form_class = OralHistoryPageForm

    class Meta:
        verbose_name = "口述历史"
        verbose_name_plural = "口述历史"

    @property
    def era_label(self):
        return self.get_era_display()

    @property
    def street_name(self):
        street = self.interviewee.street if self.interviewee_id else None
        return street.name if street else ""

    @property
    def duration(self):
        """Seconds, from the video record: never typed twice."""
        return self.video.duration if self.video_id and self.video.duration else None

    @property
    def duration_label(self):
        return format_timecode(self.duration) if self.duration else ""

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_poster(self):
        return self.poster_image or (self.interviewee.portrait if self.interviewee_id else None)

    def get_share_image(self):
        return self.og_image or self.get_poster()

    @property
    def poster_info(self):
        image = self.get_poster()
        if not image:
            return None
        rendition = image.get_rendition("fill-1280x720")
        return {"url": rendition.url, "width": rendition.width, "height": rendition.height}

    @property
    def video_info(self):
        video = self.video
        return {
            "url": video.url,
            "mime_type": "video/mp4" if video.file_extension == "mp4" else "",
            "width": video.width,
            "height": video.height,
            "duration": video.duration,
            "thumbnail_url": video.thumbnail.url if video.thumbnail else None,
        }

    @property
    def interviewee_info(self):
        return self.interviewee.public_data()

    @property
    def captions_url(self):
        return self.url + self.reverse_subpage("captions") if self.url else None

    @property
    def transcript_url(self):
        return self.url + self.reverse_subpage("transcript") if self.url else None

    def get_segments(self):
        return list(self.segments.all())

    @property
    def transcript(self):
        return [
            {
                "number": number,
                "start": float(segment.start),
                "end": float(segment.end),
                "speaker": segment.speaker,
                "text": segment.text,
            }
            for number, segment in enumerate(self.get_segments(), start=1)
        ]

    @property
    def chapter_list(self):
        return [{"start": float(c.start), "title": c.title} for c in self.chapters.all()]

    def get_profiles(self):
        from .profiles import HonorProfilePage

        return (
            HonorProfilePage.objects.live()
            .public()
            .filter(
                models.Q(person_id=self.interviewee_id)
                | models.Q(members__person_id=self.interviewee_id)
            )
            .distinct()
            .select_related("honor_title")
        )

    @property
    def related_profiles(self):
        return [
            {"id": p.pk, "title": p.title, "url": p.url, "honor_title": p.honor_title.name}
            for p in self.get_profiles()
        ]

    def start_time(self, request):
        """``?t=SECONDS`` within the video, or None; and a note for the visitor when the
        link asks for a moment past the end (playback then starts from the beginning:
        starting at the very end would only show a finished video)."""
        try:
            start = Decimal(request.GET.get("t", "")).quantize(Decimal("0.001"))
        except (InvalidOperation, ValueError):
            return None, ""
        if not start.is_finite() or start <= 0:
            return None, ""
        if self.duration and start >= Decimal(str(self.duration)):
            return None, (
                f"链接中的起始时间（第 {start.normalize():f} 秒）已超过这段视频的时长"
                f"（{self.duration_label}），已改为从头播放。"
            )
        return start, ""

    @path("captions/", name="captions")
    def captions_view(self, request):
        response = HttpResponse(
            build_webvtt(self.get_segments()), content_type="text/vtt; charset=utf-8"
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response

    @path("transcript/", name="transcript")
    def transcript_view(self, request):
        heading = [
            f"讲述人：{self.interviewee.name}",
            f"年代：{self.era_label}",
            f"录制：{self.recorded_date:%Y年%m月%d日} {self.recorded_place}".rstrip(),
        ]
        if self.duration:
            heading.append(f"时长：{self.duration_label}")
        heading.append(f"网址：{self.get_full_url(request)}")
        text = build_plain_text(self.title, heading, self.get_segments())
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        filename = quote(f"{self.title}-文字稿.txt")
        response["Content-Disposition"] = (
            f"attachment; filename=\"transcript-{self.pk}.txt\"; filename*=UTF-8''{filename}"
        )
        return response

    def search_details(self, doc):
        """One document per transcript moment, and the page is found by every narrator's
        name, not only the interviewee's."""
        moments = self.transcript_moments()
        for _, speaker, _ in moments:
            if surname_tokens(speaker) and len(speaker) <= 3 and speaker not in doc.names:
                if not any(role in speaker for role in ("记者", "主持", "采访", "旁白")):
                    doc.names.append(speaker)
        return transcript_documents(self, doc, moments)

    def transcript_moments(self):
        """``(start seconds, speaker, text)`` of every transcript line that has words."""
        return [
            (int(float(line.start)), strip_tags(line.speaker), strip_tags(line.text))
            for line in self.get_segments()
            if line.start is not None and strip_tags(line.text).strip()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        start_time, start_note = self.start_time(request)
        context.update(
            # Read only when the transcript and chapters are rendered afresh (their HTML
            # is kept per published version; a preview always renders them).
            segments=self.segments.all(),
            chapters=self.chapters.all(),
            start_time=start_time,
            start_note=start_note,
            profiles=published_list(f"profiles-of:{self.interviewee_id}", self.get_profiles()),
        )
        return context


class TranscriptSegment(Orderable):
    """One line of the transcript; also one caption cue."""

    page = ParentalKey(OralHistoryPage, related_name="segments", on_delete=models.CASCADE)
    start = TimecodeField("开始")
    end = TimecodeField("结束")
    speaker = models.CharField("说话人", max_length=40, blank=True)
    text = models.TextField("内容", max_length=1000)

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("speaker")]),
        FieldPanel("text"),
    ]
    api_fields = [
        APIField("start", writable=True),
        APIField("end", writable=True),
        APIField("speaker", writable=True),
        APIField("text", writable=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "文字稿段落"
        verbose_name_plural = "文字稿段落"

    @property
    def start_label(self):
        return format_timecode(self.start)


class OralHistoryChapter(Orderable):
    page = ParentalKey(OralHistoryPage, related_name="chapters", on_delete=models.CASCADE)
    start = TimecodeField("开始")
    title = models.CharField("章节标题", max_length=60)

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("title")])]
    api_fields = [APIField("start", writable=True), APIField("title", writable=True)]

    class Meta(Orderable.Meta):
        verbose_name = "章节"
        verbose_name_plural = "章节"

    @property
    def start_label(self):
        return format_timecode(self.start)
