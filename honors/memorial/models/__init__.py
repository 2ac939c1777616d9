"""英烈纪念: martyrs' pages, memorial facilities, visitor tributes and their moderation."""

from .campaigns import Campaign
from .pages import MartyrPage, MemorialFacilityPage, MemorialHallPage
from .tributes import (
    SensitiveWord,
    Tribute,
    TributeCount,
    TributeDailyCount,
    TributeKind,
    TributeMessage,
)

__all__ = [
    "Campaign",
    "MartyrPage",
    "MemorialFacilityPage",
    "MemorialHallPage",
    "SensitiveWord",
    "Tribute",
    "TributeCount",
    "TributeDailyCount",
    "TributeKind",
    "TributeMessage",
]
