"""What a lesson pack links to, resolved once for the page, classroom, handout and API.

Only live, public pages get through, and each kind shows public fields only: a Person's
or a martyr's family's private fields are never read here.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from wagtail.models import Page

from core import restrictions
from core.page_cache import published_cached
from honors.transcripts import format_timecode

KIND_LABELS = {
    "clip": "口述历史片段",
    "profile": "最美人物",
    "martyr": "英烈事迹",
    "story": "新闻报道",
    "visit": "实地参观",
}


@dataclass
class Material:
    kind: str
    page: Page
    note: str = ""
    clip_title: str = ""
    start: Decimal | None = None
    end: Decimal | None = None
    segments: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def title(self):
        if self.kind == "clip":
            return self.clip_title or f"{self.page.title}（片段）"
        if self.kind == "martyr":
            return f"{self.page.title} 烈士"
        return self.page.title

    @property
    def url(self):
        """Where the item lives on the portal; a clip opens its oral history at the start."""
        if self.kind == "clip":
            return f"{self.page.url}?t={self.start.normalize():f}"
        return self.page.url

    @property
    def summary(self):
        page = self.page
        return {
            "clip": lambda: page.summary,
            "profile": lambda: page.citation,
            "martyr": lambda: page.lead,
            "story": lambda: page.lead,
            "visit": lambda: page.lead,
        }[self.kind]()

    @property
    def facts(self):
        """Short public facts as (label, value) pairs."""
        page = self.page
        if self.kind == "clip":
            return [
                ("讲述人", page.interviewee.name),
                ("片段", f"{self.start_label}—{self.end_label}（{self.length_label}）"),
                ("年代", page.era_label),
            ]
        if self.kind == "profile":
            return [("称号", f"{page.year}年度{page.get_level_display()}{page.honor_title.name}")]
        if self.kind == "martyr":
            facts = [("生卒", f"{page.birth_date_text or '不详'}—{page.death_date_text or '不详'}")]
            if page.hometown:
                facts.append(("籍贯", page.hometown))
            if page.era:
                facts.append(("时期", page.era_label))
            return facts
        if self.kind == "story":
            return [("日期", f"{page.date:%Y年%m月%d日}")]
        if page._meta.label == "volunteers.StationPage":
            facts = [("地址", page.address)]
            if page.opening_hours:
                facts.append(("开放时间", page.opening_hours))
            return facts
        facts = [("地址", page.location)]
        if page.visiting_hours:
            facts.append(("开放时间", page.visiting_hours))
        return facts

    @property
    def image(self):
        page = self.page
        return {
            "clip": lambda: page.get_poster(),
            "profile": lambda: page.display_image,
            "martyr": lambda: page.portrait,
            "story": lambda: page.cover_image,
            "visit": lambda: getattr(page, "cover_image", None),
        }[self.kind]()

    @property
    def image_alt(self):
        if self.kind == "profile":
            return self.page.display_image_alt
        if self.kind == "martyr":
            return f"{self.page.title}烈士遗像"
        return ""

    # Clips only -------------------------------------------------------------------

    @property
    def start_label(self):
        return format_timecode(self.start)

    @property
    def end_label(self):
        return format_timecode(self.end)

    @property
    def length_label(self):
        seconds = int((self.end - self.start).to_integral_value())
        minutes, seconds = divmod(seconds, 60)
        return f"{minutes} 分 {seconds} 秒" if minutes else f"{seconds} 秒"

    @property
    def video(self):
        return self.page.video

    @property
    def video_src(self):
        """The video with a media fragment, so a browser without our script still stops
        at the clip's end."""
        return f"{self.video.url}#t={self.start.normalize():f},{self.end.normalize():f}"

    def as_api(self):
        page = self.page
        data = {
            "type": self.kind,
            "type_label": self.kind_label,
            "title": self.title,
            "note": self.note,
            "page": {
                "id": page.pk,
                "type": page._meta.label,
                "title": page.title,
                "url": page.url,
            },
            "url": self.url,
            "summary": self.summary,
            "facts": [{"label": label, "value": value} for label, value in self.facts],
            "image_url": self.image.get_rendition("fill-480x360").url if self.image else None,
            "image_alt": self.image_alt,
        }
        if self.kind == "clip":
            data.update(
                start=float(self.start),
                end=float(self.end),
                length=float(self.end - self.start),
                video={**page.video_info, "clip_url": self.video_src},
                captions_url=page.captions_url,
                interviewee=page.interviewee.name,
                transcript=[
                    {
                        "start": float(s.start),
                        "end": float(s.end),
                        "speaker": s.speaker,
                        "text": s.text,
                    }
                    for s in self.segments
                ],
            )
        return data


# What each kind of material shows of its page, fetched with the page.
RELATED = {
    "clip": ("poster_image", "video", "interviewee__portrait"),
    "profile": ("photo", "person__portrait", "honor_title"),
    "martyr": ("portrait",),
    "story": ("cover_image",),
}
PAGE_FIELD = {"clip": "oral_history"}


def _chosen_pages(stream):
    """The pages the blocks choose, in specific form: one query per kind of material,
    once per published version of the site."""
    kinds = {}
    for block in stream.raw_data:
        page_id = block["value"].get(PAGE_FIELD.get(block["type"], "page"))
        if page_id:
            kinds.setdefault(block["type"], set()).add(page_id)
    chosen = sorted((kind, sorted(ids)) for kind, ids in kinds.items())
    digest = hashlib.sha1(repr(chosen).encode()).hexdigest()
    return published_cached(f"materials:{digest}", lambda: _read_pages(stream, kinds))


def _read_pages(stream, kinds):
    pages = {}
    for kind, ids in kinds.items():
        model = (
            stream.stream_block.child_blocks[kind]
            .child_blocks[PAGE_FIELD.get(kind, "page")]
            .target_model
        )
        found = model.objects.filter(pk__in=ids)
        if kind in RELATED:
            found = found.select_related(*RELATED[kind])
        else:
            found = found.specific()
        if kind == "clip":
            found = found.prefetch_related("segments")
        pages.update((page.pk, page) for page in found)
    return {
        pk: page for pk, page in pages.items() if page.live and not restrictions.is_restricted(page)
    }


def resolve(stream):
    """The pack's materials in the teacher's order, skipping what visitors may not see."""
    pages = _chosen_pages(stream)
    times = stream.stream_block.child_blocks["clip"].child_blocks
    materials = []
    for block in stream.raw_data:
        kind, value = block["type"], block["value"]
        page = pages.get(value.get(PAGE_FIELD.get(kind, "page")))
        if page is None:
            continue
        if kind == "clip":
            start = times["start"].to_python(value.get("start"))
            end = times["end"].to_python(value.get("end"))
            if start is None or end is None or end <= start:
                continue
            materials.append(
                Material(
                    kind="clip",
                    page=page,
                    note=value.get("prompt") or "",
                    clip_title=value.get("title") or "",
                    start=start,
                    end=end,
                    segments=[s for s in page.segments.all() if s.end > start and s.start < end],
                )
            )
        else:
            materials.append(Material(kind=kind, page=page, note=value.get("note") or ""))
    return materials
