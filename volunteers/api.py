"""GET /api/v3/stats/: the 数据看板 figures, counted live from published content."""

from ninja import Router, Schema

from core.page_cache import content_cached

from .stats import collect_stats

router = Router(tags=["数据看板"])


class Figure(Schema):
    key: str
    label: str
    count: int


class StationFigures(Schema):
    total: int
    by_level: list[Figure]
    by_honour: list[Figure]


class BrigadeFigures(Schema):
    total: int
    main: int
    sub: int
    volunteers: int


class YearFigures(Schema):
    year: int
    activities: int
    turnout: int
    hours: float


class ActivityFigures(Schema):
    total: int
    turnout: int
    hours: float
    by_year: list[YearFigures]


class StatsOut(Schema):
    stations: StationFigures
    brigades: BrigadeFigures
    activities: ActivityFigures
    honours: list[Figure]


@router.get("/", response=StatsOut, summary="数据看板", auth=None)
def stats(request):
    """服务站（按层级、荣誉）、志愿服务队与队员、各年度活动与出动人次，以及褒扬纪念的
    人物、口述历史、英烈和网上祭扫数，以及红色教育课与其中的口述片段数（相应栏目存在时）。全部由已发布内容统计，
    任何页面发布、下线或新的祭扫后立即更新。"""
    # The same figures as the board's page, counted once per publish or tribute.
    return content_cached("stats", collect_stats)
