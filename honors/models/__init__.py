"""褒扬纪念: people, 最美 profiles and oral histories."""

from .oral_histories import (
    ERAS,
    OralHistoryChapter,
    OralHistoryIndexPage,
    OralHistoryPage,
    TranscriptSegment,
)
from .people import Person
from .profiles import (
    LEVELS,
    HonorGalleryImage,
    HonorIndexPage,
    HonorProfilePage,
    HonorRelatedStory,
    HonorTeamMember,
    HonorTitle,
)

__all__ = [
    "ERAS",
    "LEVELS",
    "HonorGalleryImage",
    "HonorIndexPage",
    "HonorProfilePage",
    "HonorRelatedStory",
    "HonorTeamMember",
    "HonorTitle",
    "OralHistoryChapter",
    "OralHistoryIndexPage",
    "OralHistoryPage",
    "Person",
    "TranscriptSegment",
]
