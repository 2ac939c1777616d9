"""The one place that turns a page into search documents.

Every page type says what its document is made of; nothing here knows another app's
field names. On the page type:

- ``search_document = DocumentFields(...)``: which of its fields hold its summary,
  thumbnail, date, street, honour, era and tags, and the Person it is about (names,
  pinyin, public facts, the portrait when the page has no picture of its own);
- ``search_fields`` (Wagtail's own declaration, StreamField text included): the body;
- ``search_words``: the words visitors use for this kind of page, though its documents
  rarely say them (no martyr's page calls him 烈士);
- ``search_details(doc)``: facts added to the page's document, returning extra documents
  (an oral history's transcript moments);
- ``in_portal_search = False`` keeps a type out of search (the home page).

Private fields never get in: they are skipped by name wherever they appear, and Person
is read field by field.
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
IMAGE_SPEC = "fill-320x240"


@dataclass(frozen=True)
class DocumentFields:
    """Which of a page type's fields make its search document (and its API card), as the
    page type declares them in ``search_document``. An empty name is not read."""

    # Its own short text; a filled-in search description comes first.
    summary: str = ""
    # Its picture for thumbnails; without one, the person's portrait.
    image: str = ""
    # The Person the page is about: names, pinyin, public facts, street, portrait.
    person: str = ""
    date: str = ""
    # A year without a date (the year of a profile's honour).
    year: str = ""
    street: str = ""
    honour: str = ""
    era: str = ""
    tags: str = ""
    # Related rows indexed as documents of their own (transcript lines), not in the body.
    separate: tuple[str, ...] = ()


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


def _date(page, name):
    value = getattr(page, name, None) if name else None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    if isinstance(value, datetime.date):
        return value
    return None


def _year(page, name):
    year = getattr(page, name, None) if name else None
    return year if isinstance(year, int) and 1900 < year < 2200 else None


def _rendition_url(image, page):
    try:
        return image.get_rendition(IMAGE_SPEC).url
    except Exception:  # a missing file must not keep the page out of search
        logger.warning("无法生成 %s 的搜索缩略图", page._meta.label)
        return ""


def _image_url(page, fields, person):
    image = getattr(page, fields.image, None) if fields.image else None
    if image is not None:
        return _rendition_url(image, page)
    if person is not None and getattr(person, "portrait", None) is not None:
        return _rendition_url(person.portrait, page)
    return ""


def _person(page, name):
    person = getattr(page, name, None) if name else None
    return person if person is not None and hasattr(person, "name") else None


def _tags(page, name):
    tags = getattr(page, name, None) if name else None
    if tags is None or not hasattr(tags, "all"):
        return []
    return [tag.name for tag in tags.all()]


def _display(page, name):
    """A field's display text (choice label, related name), or "" when not declared."""
    return _plain(_value(page, name)) if name and getattr(page, name, None) else ""


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
    if not getattr(page, "in_portal_search", True):
        return []
    fields = getattr(page, "search_document", None) or DocumentFields()
    summary_name = next(
        (n for n in ("search_description", fields.summary) if n and getattr(page, n, "")), None
    )
    summary = str(getattr(page, summary_name)) if summary_name else ""
    url = page.get_url() or page.url_path
    person = _person(page, fields.person)
    doc = DocumentData(
        key=f"page:{page.pk}",
        page_id=page.pk,
        kind=page._meta.model_name,
        kind_label=str(page._meta.verbose_name),
        title=page.title,
        url=url,
        summary=summary,
        body=_searchable_text(page, skip={summary_name, *fields.separate}),
        image_url=_image_url(page, fields, person),
        date=_date(page, fields.date),
        year_only=_year(page, fields.year),
        street=_display(page, fields.street),
        honour=_display(page, fields.honour),
        era=_display(page, fields.era),
        tags=_tags(page, fields.tags),
    )
    doc.keywords.append(getattr(page, "search_words", ""))
    if person is not None:
        doc.names.append(person.name)
        doc.keywords += person_roles(person)
        facts = [fact for fact in _person_facts(person) if fact not in doc.body]
        doc.body = "\n".join([doc.body, *facts])
        if not doc.street and getattr(person, "street", None):
            doc.street = person.street.name
    documents = [doc]
    details = getattr(page, "search_details", None)
    if details is not None:
        documents.extend(details(doc) or [])
    return documents


def _clock(seconds):
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def transcript_documents(page, doc, moments):
    """One document per transcript moment, ``(start seconds, speaker, text)``; its hit
    opens the page at ``?t=<start>``."""
    documents = []
    for number, (start, speaker, body) in enumerate(moments, start=1):
        speaker, body = _plain(speaker), _plain(body)
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


def searchable_pages():
    """Every page visitors may find: live, public, of a searched type."""
    return Page.objects.live().public().filter(depth__gt=1).order_by("path")
