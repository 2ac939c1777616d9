"""Tributes (网上祭扫), their counters, visitors' messages and the sensitive-word list.

A tribute row is the record; the counter rows are derived from the rows and updated in
the same transaction (see ``honors.memorial.tributes``), so counts stay exact under
concurrency and can always be rebuilt (``manage.py reconcile_tribute_counts``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from core.text import clean

from .. import privacy
from ..sensitive import normalise


class TributeKind(models.TextChoices):
    FLOWER = "flower", "献花"
    CANDLE = "candle", "点烛"
    BOW = "bow", "鞠躬"
    TOAST = "toast", "敬酒"


def counts_dict(by_kind):
    """Every kind in display order with its count, plus the total."""
    kinds = [
        {"kind": value, "label": label, "count": int(by_kind.get(value) or 0)}
        for value, label in TributeKind.choices
    ]
    return {"kinds": kinds, "total": sum(item["count"] for item in kinds)}


class Tribute(models.Model):
    """One visitor's tribute to one martyr. Insert-only: never edited, never re-counted."""

    martyr = models.ForeignKey(
        "memorial.MartyrPage",
        verbose_name="英烈",
        on_delete=models.CASCADE,
        related_name="tributes",
    )
    kind = models.CharField("祭扫方式", max_length=10, choices=TributeKind.choices)
    # The local calendar day, kept so daily counters can be rebuilt from rows alone.
    day = models.DateField("日期")
    created_at = models.DateTimeField("时间", default=timezone.now)
    # HMAC of the visitor's IP address: enough to limit abuse, useless to identify anyone.
    visitor = models.CharField("访客标识（散列）", max_length=32, blank=True)

    class Meta:
        verbose_name = "祭扫记录"
        verbose_name_plural = "祭扫记录"

    def __str__(self):
        return f"{self.get_kind_display()} · {self.martyr_id}"


class TributeCount(models.Model):
    """Running total of one kind of tribute for one martyr (derived from Tribute rows)."""

    martyr = models.ForeignKey(
        "memorial.MartyrPage", on_delete=models.CASCADE, related_name="tribute_count_rows"
    )
    kind = models.CharField(max_length=10, choices=TributeKind.choices)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "祭扫计数"
        verbose_name_plural = "祭扫计数"
        constraints = [
            models.UniqueConstraint(fields=["martyr", "kind"], name="memorial_count_martyr_kind")
        ]

    def __str__(self):
        return f"{self.martyr_id} {self.get_kind_display()} {self.count}"


class TributeDailyCount(models.Model):
    """Tributes per martyr, kind and day: campaign totals sum these (a few rows per day
    and martyr), never the millions of tribute rows themselves."""

    day = models.DateField()
    martyr = models.ForeignKey(
        "memorial.MartyrPage", on_delete=models.CASCADE, related_name="tribute_daily_counts"
    )
    kind = models.CharField(max_length=10, choices=TributeKind.choices)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "每日祭扫计数"
        verbose_name_plural = "每日祭扫计数"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "martyr", "kind"], name="memorial_daily_day_martyr_kind"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.martyr_id} {self.get_kind_display()} {self.count}"


class TributeMessage(models.Model):
    """A visitor's message (留言) to a martyr. Shown only after a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    martyr = models.ForeignKey(
        "memorial.MartyrPage",
        verbose_name="英烈",
        on_delete=models.CASCADE,
        related_name="tribute_messages",
    )
    tribute = models.OneToOneField(
        Tribute,
        verbose_name="随同的祭扫",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="message",
    )
    nickname = models.CharField("昵称", max_length=20, blank=True)
    text = models.TextField("留言", max_length=300)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    matched_words = models.JSONField("命中的敏感词", default=list, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    visitor = models.CharField("访客标识（散列）", max_length=32, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "祭扫留言"
        verbose_name_plural = "祭扫留言"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["martyr", "status", "-created_at"], name="memorial_msg_martyr_status"
            )
        ]
        permissions = [("moderate_tributemessage", "审核祭扫留言")]

    def __str__(self):
        return f"{self.nickname or '网友'}：{self.text[:20]}"

    @property
    def display_name(self):
        """The nickname as the public sees it, contact details masked."""
        return privacy.mask(clean(self.nickname)) or "网友"

    @property
    def public_text(self):
        """The message as the public sees it: phone, ID and WeChat/QQ numbers masked, and
        no format characters (rows stored before they were cleaned on the way in)."""
        return privacy.mask(clean(self.text, multiline=True))


class SensitiveWord(models.Model):
    """One entry of the sensitive-word list that screens visitors' messages."""

    class Action(models.TextChoices):
        REJECT = "reject", "直接拒绝"
        HOLD = "hold", "标记待审"

    word = models.CharField(
        "敏感词",
        max_length=50,
        unique=True,
        help_text="匹配时忽略空格、标点和全角/半角差异，例如“某词”也能识别“某 词”“某，词”。",
    )
    action = models.CharField("命中后", max_length=10, choices=Action.choices, default=Action.HOLD)
    note = models.CharField("备注", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("action"), FieldPanel("note")]

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]

    def __str__(self):
        return self.word

    def clean(self):
        super().clean()
        if self.word and not normalise(self.word):
            raise ValidationError({"word": "敏感词去掉空格和标点后不能为空。"})
