"""Campaigns (清明祭英烈, 烈士纪念日): a title and a date range set by editors."""

from django.db import models
from django.db.models import Sum
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from home.vocabulary import check_date_range

from .tributes import TributeDailyCount, counts_dict


class CampaignQuerySet(models.QuerySet):
    def active(self, day=None):
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day, end_date__gte=day).order_by("-start_date", "-pk")


class Campaign(models.Model):
    """While a campaign is active, the home page and every martyr page show its banner and
    live totals. Totals are derived from the daily counters within its dates."""

    title = models.CharField("活动名称", max_length=60)
    text = models.CharField("活动说明", max_length=160, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="参与入口页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="一般选择“英烈纪念馆”。",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("link_page"),
    ]

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "祭扫活动"
        verbose_name_plural = "祭扫活动"
        ordering = ["-start_date"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_date_range(self.start_date, self.end_date, "end_date")

    @property
    def is_active(self):
        return self.start_date <= timezone.localdate() <= self.end_date

    def totals(self):
        """Tributes per kind and in all within the campaign's dates (both days included)."""
        rows = (
            TributeDailyCount.objects.filter(day__gte=self.start_date, day__lte=self.end_date)
            .values("kind")
            .annotate(n=Sum("count"))
        )
        return counts_dict({row["kind"]: row["n"] for row in rows})
