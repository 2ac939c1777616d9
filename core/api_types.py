"""Real types for the API's computed (property) fields.

Wagtail's v3 schema generator types a plain property as ``Any``, so the OpenAPI
document says nothing about what ``person_info`` or ``transcript`` hold. A property
listed with :func:`typed` carries its shape instead: the generator reads the return
annotation of the field's ``to_representation``, and the response is checked against
it. The shapes below are what the properties return today; a property that starts
returning something else fails the API tests instead of drifting silently.
"""

from datetime import date
from decimal import Decimal
from typing import Any, NotRequired

from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.api import APIField


def typed(name, annotation):
    """``APIField(name)`` whose OpenAPI type is ``annotation`` (read-only)."""

    def to_representation(self, value):
        return value

    to_representation.__annotations__ = {"value": Any, "return": annotation}
    field_class = type(f"{name.title().replace('_', '')}Field", (Field,), {})
    field_class.to_representation = to_representation
    return APIField(name, serializer=field_class(read_only=True))


class PageLink(TypedDict):
    id: int
    title: str
    url: str | None


class PageTitle(TypedDict):
    id: int
    title: str


class ProfileLink(PageLink):
    honor_title: str


class Banner(TypedDict):
    title: str
    link_title: str
    text: str
    url: str | None
    image_url: str | None


class PersonPublic(TypedDict):
    """What the public may know about a person: never phone, ID number or address."""

    id: int
    name: str
    gender: str
    birth_year: int | None
    enlisted_year: int | None
    discharged_year: int | None
    branch: str
    street: str
    community: str
    bio: str
    portrait_url: str | None
    portrait_alt: str


class TeamMemberPublic(TypedDict):
    role: str
    person: PersonPublic


class ImageInfo(TypedDict):
    url: str
    width: int
    height: int


class PhotoInfo(ImageInfo):
    alt: str


class GalleryItem(TypedDict):
    thumbnail_url: str
    url: str
    width: int
    height: int
    caption: str
    alt: str


class VideoInfo(TypedDict):
    url: str
    mime_type: str
    width: int | None
    height: int | None
    duration: float | None
    thumbnail_url: str | None


class Chapter(TypedDict):
    start: float
    title: str


class TranscriptLine(TypedDict):
    number: int
    start: float
    end: float
    speaker: str
    text: str


class TributeKindCount(TypedDict):
    kind: str
    label: str
    count: int


class TributeCounts(TypedDict):
    kinds: list[TributeKindCount]
    total: int


class ActivityFigures(TypedDict):
    activities: int
    turnout: int
    hours: Decimal


class ActivityYear(ActivityFigures):
    year: int


class ActivityMonth(ActivityYear):
    month: int


class ActivityTotals(ActivityFigures):
    by_year: list[ActivityYear]
    by_month: list[ActivityMonth]


class StationHonourPublic(TypedDict):
    kind: str
    title: str
    stars: int | None
    year: int


class RosterDuty(TypedDict):
    """A rotating station master's name and period: nothing else about the person."""

    name: str
    start_date: date
    end_date: date | None
    current: bool


class MaterialPage(TypedDict):
    id: int
    type: str
    title: str
    url: str | None


class Fact(TypedDict):
    label: str
    value: Any


class ClipLine(TypedDict):
    start: float
    end: float
    speaker: str
    text: str


class ClipVideo(VideoInfo):
    clip_url: str


class Material(TypedDict):
    """One item of a lesson pack; the clip fields are there for oral-history clips only."""

    type: str
    type_label: str
    title: str
    note: str
    page: MaterialPage
    url: str | None
    summary: str
    facts: list[Fact]
    image_url: str | None
    image_alt: str
    start: NotRequired[float]
    end: NotRequired[float]
    length: NotRequired[float]
    video: NotRequired[ClipVideo]
    captions_url: NotRequired[str | None]
    interviewee: NotRequired[str]
    transcript: NotRequired[list[ClipLine]]


Figures = dict[str, Any]
