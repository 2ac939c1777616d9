"""志愿服务与服务站: brigades and activities, service stations, the stats board."""

from .brigades import (
    SPECIALITIES,
    ActivityPage,
    ActivityPhoto,
    BrigadePage,
    BrigadePhoto,
    JoinApplication,
    VolunteerBrand,
    VolunteerIndexPage,
)
from .stations import (
    HONOUR_KINDS,
    STATION_LEVELS,
    StationFeatureImage,
    StationHonour,
    StationIndexPage,
    StationMaster,
    StationPage,
)
from .stats import StatsPage

__all__ = [
    "HONOUR_KINDS",
    "STATION_LEVELS",
    "SPECIALITIES",
    "ActivityPage",
    "ActivityPhoto",
    "BrigadePage",
    "BrigadePhoto",
    "JoinApplication",
    "StationFeatureImage",
    "StationHonour",
    "StationIndexPage",
    "StationMaster",
    "StationPage",
    "StatsPage",
    "VolunteerBrand",
    "VolunteerIndexPage",
]
