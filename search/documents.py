"""The one place that turns a page into search documents.

Generic extraction reads what every page type declares anyway (title, summary fields,
``search_fields`` including StreamField text, date, street, tags, cover image); the few
type-specific facts (honour title, era, transcript moments, the Person behind a page)
are added by extractors keyed on the model label. Private fields never get in: they are
skipped by name wherever they appear, and Person is read field by field.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from . import text

logger = logging.getLogger(__name__)

# Names of private fields anywhere in the project: never read, never indexed.
PRIVATE_FIELDS = frozenset(
    {
        "phone",
        "mobile",
        "id_number",
        "home_address",
        "contact_phone",
        "emergency_contact",
        "relative_phone",
        "family_contact",
        "family_phone",
        "family_address",
    }
)
# On people and other non-page records these are private too (a station's address is not).
PRIVATE_PERSON_FIELDS = PRIVATE_FIELDS | {"address", "email", "birth_date"}
SUMMARY_FIELDS = ("search_description", "lead", "intro", "summary", "excerpt")
SKIPPED_TYPES = {"home.homepage"}
# Related content indexed as documents of its own (transcript moments).
SEPARATE_FIELDS = {"segments"}
IMAGE_FIELDS = ("cover_image", "photo", "poster_image", "image", "portrait")
DATE_FIELDS = ("date", "event_date", "start_date", "recorded_date", "published_date")
PERSON_FIELDS = ("person", "interviewee", "martyr")
IMAGE_SPEC = "fill-320x240"
# The words visitors use for a kind of page, though its documents rarely say them
# (no martyr's page calls him 烈士; nobody types 口述历史, they type 老兵讲故事).
KIND_WORDS = {
    "memorial.martyrpage": "烈士 英烈 先烈 革命烈士 英雄 献花 网上祭扫",
    "memorial.memorialhallpage": "英烈 烈士 烈士名单 网上祭扫 云祭扫 献花 点烛 鞠躬 留言 祭奠",
    "memorial.memorialfacilitypage": "烈士纪念设施 纪念设施 祭扫 瞻仰 开放时间",
    "honors.oralhistorypage": "口述历史 视频 老兵讲故事 老兵故事 访谈 讲述",
    "honors.honorprofilepage": "事迹 先进人物 典型",
    "volunteers.stationpage": "服务站 退役军人服务站 办事 地址 开放时间",
    "volunteers.brigadepage": "志愿服务队 志愿者 志愿服务 队伍",
    "volunteers.activitypage": "志愿活动 志愿服务 志愿者",
    "education.lessonpage": "红色教育 课程 学习单 课堂",
    "home.newspage": "新闻 工作动态",
}


@dataclass
class DocumentData:
    key: str
    page_id: int
    kind: str
    kind_label: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    image_url: str = ""
    date: datetime.date | None = None
    street: str = ""
    honour: str = ""
    era: str = ""
    tags: list = field(default_factory=list)
    seconds: int | None = None
    names: list = field(default_factory=list)
    year_only: int | None = None
    # What ranks as the title when it differs from the displayed one (transcript moments
    # show their page's title but must not outrank the page itself with it).
    search_title: str | None = None
    # Words ranked like the summary: what visitors call this kind of page, people's roles.
    keywords: list = field(default_factory=list)

    @property
    def year(self):
        return self.date.year if self.date else self.year_only

    def as_row(self):
        """Column values for :class:`search.models.SearchDocument`."""
        title = self.title if self.search_title is None else self.search_title
        head = " ".join([title, *self.names])
        pinyin = text.pinyin_terms(head, names=self.names) if head.strip() else {}
        # Surname and given name as words of their own: 刘老兵, 王烈士, 赵站长.
        name_parts = [part for name in self.names for part in text.surname_tokens(name)]
        head_seg = " ".join(filter(None, [text.segment(head), " ".join(name_parts)]))
        summary_words = [self.summary, *self.tags, *self.keywords]
        if self.seconds is None:  # a transcript moment must not outrank its page
            summary_words += [self.honour, self.era]
        return {
            "page_id": self.page_id,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "title": self.title[:300],
            "summary": self.summary,
            "body": self.body,
            "url": self.url,
            "image_url": self.image_url,
            "date": self.date,
            "year": self.year,
            "street": self.street,
            "honour": self.honour,
            "era": self.era,
            "tags": " ".join(self.tags)[:300],
            "seconds": self.seconds,
            "title_norm": text.normalize(self.title)[:300],
            "title_seg": head_seg,
            "summary_seg": text.segment(" ".join(w for w in summary_words if w)),
            "body_seg": text.segment(" ".join([self.body, self.street, self.honour, self.era])),
            "pinyin": " ".join(pinyin),
        }


def _value(obj, name):
    """A display value: choice label, related object's name, or the plain value."""
    if name in PRIVATE_FIELDS:
        return None
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):
        return display()
    value = getattr(obj, name, None)
    if callable(value) and not hasattr(value, "all"):
        value = value()
    if hasattr(value, "name") and not isinstance(value, str):
        return value.name
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_plain(v) for v in value.values())
    if hasattr(value, "all"):
        return " ".join(str(v) for v in value.all())
    return strip_tags(str(value))


def _field_texts(obj, fields, skip=()):
    """Text of declared SearchFields (StreamFields give their searchable content),
    following RelatedFields; private and skipped names are never read."""
    private = PRIVATE_FIELDS if isinstance(obj, Page) else PRIVATE_PERSON_FIELDS
    for search_field in fields:
        name = search_field.field_name
        if name in skip or name in private or name == "title":
            continue
        try:
            if isinstance(search_field, index.RelatedFields):
                related = getattr(obj, name, None)
                if related is None:
                    continue
                items = related.all() if hasattr(related, "all") else [related]
                for item in items:
                    yield from _field_texts(item, search_field.fields)
            elif isinstance(search_field, index.SearchField):
                yield _plain(search_field.get_value(obj))
        except Exception:  # a broken property must not stop indexing the rest
            logger.exception("无法读取 %s.%s 的搜索内容", obj._meta.label, name)


def _searchable_text(page, skip):
    parts = _field_texts(page, page.get_search_fields(), skip)
    return "\n".join(dict.fromkeys(p for p in parts if p.strip()))


def _date(page):
    for name in DATE_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, datetime.datetime):
            return timezone.localdate(value)
        if isinstance(value, datetime.date):
            return value
    return None


def _year(page):
    year = getattr(page, "year", None)
    return year if isinstance(year, int) and 1900 < year < 2200 else None


def _image_url(page):
    for name in IMAGE_FIELDS:
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            try:
                return image.get_rendition(IMAGE_SPEC).url
            except Exception:  # a missing file must not keep the page out of search
                logger.warning("无法生成 %s 的搜索缩略图", page._meta.label)
                return ""
    person = _person(page)
    if person is not None and getattr(person, "portrait", None) is not None:
        try:
            return person.portrait.get_rendition(IMAGE_SPEC).url
        except Exception:
            return ""
    return ""


def _person(page):
    for name in PERSON_FIELDS:
        person = getattr(page, name, None)
        if person is not None and hasattr(person, "name"):
            return person
    return None


def _tags(page):
    tags = getattr(page, "tags", None)
    if tags is None or not hasattr(tags, "all"):
        return []
    return [tag.name for tag in tags.all()]


def person_roles(person):
    """What visitors call this person besides the name (刘老兵: a veteran)."""
    served = any(getattr(person, f, None) for f in ("enlisted_year", "discharged_year", "branch"))
    return ["老兵", "退役军人"] if served else []


def _person_facts(person):
    """Public facts of a Person record, read field by field (never the private ones)."""
    parts = [person.name]
    for name in ("community", "bio"):
        value = getattr(person, name, "")
        if value:
            parts.append(str(value))
    branch = person.get_branch_display() if getattr(person, "branch", "") else ""
    if branch:
        parts.append(branch)
    return parts


def page_documents(page):
    """All search documents for one live page (empty for types that are not searched)."""
    page = page.specific
    label = page._meta.label_lower
    if label in SKIPPED_TYPES:
        return []
    summary_name = next((n for n in SUMMARY_FIELDS if getattr(page, n, "")), None)
    summary = str(getattr(page, summary_name)) if summary_name else ""
    url = page.get_url() or page.url_path
    doc = DocumentData(
        key=f"page:{page.pk}",
        page_id=page.pk,
        kind=page._meta.model_name,
        kind_label=str(page._meta.verbose_name),
        title=page.title,
        url=url,
        summary=summary,
        body=_searchable_text(page, skip={summary_name, *SEPARATE_FIELDS}),
        image_url=_image_url(page),
        date=_date(page),
        year_only=_year(page),
        street=_plain(_value(page, "street")) if hasattr(page, "street") else "",
        tags=_tags(page),
    )
    doc.keywords.append(KIND_WORDS.get(label, ""))
    person = _person(page)
    if person is not None:
        doc.names.append(person.name)
        doc.keywords += person_roles(person)
        facts = [fact for fact in _person_facts(person) if fact not in doc.body]
        doc.body = "\n".join([doc.body, *facts])
        if not doc.street and getattr(person, "street", None):
            doc.street = person.street.name
    for name in ("honor_title", "honour_title", "honor"):
        if getattr(page, name, None):
            doc.honour = _plain(_value(page, name))
            break
    if getattr(page, "era", None):
        doc.era = _plain(_value(page, "era"))
    extra = EXTRACTORS.get(label)
    documents = [doc]
    if extra:
        documents.extend(extra(page, doc) or [])
    return documents


def _clock(seconds):
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def _segment_items(page):
    """(start seconds, speaker, text) for each transcript segment, whatever its storage."""
    for name in ("transcript", "segments", "transcript_segments"):
        source = getattr(page, name, None)
        if source is None:
            continue
        items = source.all() if hasattr(source, "all") else source
        for item in items:
            value = getattr(item, "value", item)
            get = value.get if isinstance(value, dict) or hasattr(value, "get") else None

            def read(key, value=value, get=get):
                return get(key) if get else getattr(value, key, None)

            start = read("start") if read("start") is not None else read("start_seconds")
            body = read("text") or ""
            if start is None or not str(body).strip():
                continue
            yield int(start), _plain(read("speaker")), _plain(body)
        return


def transcript_documents(page, doc):
    """One document per transcript moment; its hit opens the page at ``?t=<start>``."""
    documents = []
    for number, (start, speaker, body) in enumerate(_segment_items(page), start=1):
        heading = f"{page.title} · {_clock(start)}"
        if speaker:
            heading += f" {speaker}"
        documents.append(
            DocumentData(
                key=f"page:{page.pk}:t{number}",
                page_id=page.pk,
                kind="transcript",
                kind_label="口述片段",
                title=heading,
                url=f"{doc.url}?t={start}",
                summary="",
                body=f"{speaker}：{body}" if speaker else body,
                search_title="",
                image_url=doc.image_url,
                date=doc.date,
                street=doc.street,
                honour=doc.honour,
                era=doc.era,
                year_only=doc.year_only,
                seconds=start,
            )
        )
    return documents


def martyr_details(page, doc):
    """Martyrs are faceted by the year of sacrifice; the title is the martyr's name."""
    if page.death_year:
        doc.year_only = page.death_year
    doc.names.append(page.title)
    return []


def station_details(page, doc):
    """Stations are faceted by their first honour; every honour is searchable, and the
    station is found by the names of its rotating station masters (轮值站长)."""
    honours = [honour.label for honour in page.honours.all()]
    if honours:
        doc.honour = honours[0]
        doc.body = "\n".join([doc.body, *honours, page.get_level_display()])
    masters = [duty.person.name for duty in page.roster.select_related("person")]
    if masters:
        doc.names += masters
        doc.keywords.append("轮值站长 站长")
        doc.body = "\n".join([doc.body, "轮值站长：" + "、".join(masters)])
    return []


def profile_details(page, doc):
    """A team's profile is found by the names and roles of its members."""
    members = list(page.members.select_related("person"))
    for member in members:
        doc.names.append(member.person.name)
        doc.keywords += [member.role, *person_roles(member.person)]
    if members:
        doc.body = "\n".join([doc.body, "团队成员：" + "、".join(m.person.name for m in members)])
    return []


def brigade_details(page, doc):
    """A brigade is found by its leader's name (队长)."""
    if page.leader_name:
        doc.names.append(page.leader_name)
        doc.keywords.append("队长")
    return []


def oral_history_details(page, doc):
    """The page is found by every narrator's name, not only the interviewee's."""
    moments = transcript_documents(page, doc)
    for _, speaker, _ in _segment_items(page):
        if text.surname_tokens(speaker) and len(speaker) <= 3 and speaker not in doc.names:
            if not any(role in speaker for role in ("记者", "主持", "采访", "旁白")):
                doc.names.append(speaker)
    return moments


EXTRACTORS = {
    "honors.oralhistorypage": oral_history_details,
    "honors.honorprofilepage": profile_details,
    "memorial.martyrpage": martyr_details,
    "volunteers.stationpage": station_details,
    "volunteers.brigadepage": brigade_details,
}


def searchable_pages():
    """Every page visitors may find: live, public, of a searched type."""
    return Page.objects.live().public().filter(depth__gt=1).order_by("path")
