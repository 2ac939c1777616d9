"""数据看板: the district's figures, derived live from the content itself."""

from core.api_types import Figures, typed
from core.page_cache import content_cached, versioned
from home.models import SectionIndexPage

from ..stats import bar_rows, collect_stats


class StatsPage(SectionIndexPage):
    """One page of figures and charts; nothing on it is typed, everything is counted."""

    api_fields = SectionIndexPage.api_fields + [typed("figures", Figures)]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    # Its figures count every kind of page: any publish changes them.
    purge_on_publish_of = ("*",)

    class Meta:
        verbose_name = "数据看板"

    @classmethod
    def linked(cls):
        """The board the volunteer and station sections link to (it is in the
        navigation: publishing it retires the content version)."""
        return versioned("stats-page", lambda: cls.objects.live().public().first() or False) or None

    @property
    def figures(self):
        return collect_stats()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Fourteen aggregates over the whole site: counted once per publish or tribute.
        stats = content_cached("stats", collect_stats)
        by_year = stats["activities"]["by_year"]
        context.update(
            stats=stats,
            charts=[
                {
                    "id": "chart-level",
                    "title": "各层级服务站数量",
                    "unit": "个",
                    "rows": bar_rows(
                        (r["label"], r["count"]) for r in stats["stations"]["by_level"]
                    ),
                },
                {
                    "id": "chart-honour",
                    "title": "获得各类荣誉的服务站",
                    "unit": "个",
                    "rows": bar_rows(
                        (r["label"], r["count"]) for r in stats["stations"]["by_honour"]
                    ),
                },
                {
                    "id": "chart-activities",
                    "title": "各年度志愿活动场次",
                    "unit": "场",
                    "rows": bar_rows((f"{r['year']}年", r["activities"]) for r in by_year),
                },
                {
                    "id": "chart-turnout",
                    "title": "各年度出动人次",
                    "unit": "人次",
                    "rows": bar_rows((f"{r['year']}年", r["turnout"]) for r in by_year),
                },
            ],
        )
        return context
