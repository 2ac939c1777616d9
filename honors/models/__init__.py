"""褒扬纪念: people, 最美 profiles and oral histories."""

from .oral_histories import (
    OralHistoryChapter,
    OralHistoryIndexPage,
    OralHistoryPage,
    TranscriptSegment,
)
from .people import Person
from .profiles import (
    HONOUR_LEVELS,
    HonorGalleryImage,
    HonorIndexPage,
    HonorProfilePage,
    HonorRelatedStory,
    HonorTeamMember,
    HonorTitle,
)

__all__ = [
    "HONOUR_LEVELS",
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
