"""Words the content types share, each defined once.

A value means the same thing wherever it is stored: an oral history and a martyr of the
Korean War both store ``korea`` and both show 抗美援朝, so search's era facet counts them
together. Each field offers only the subset that fits it.
"""

from django.core.exceptions import ValidationError
from django.db import models


class Era(models.TextChoices):
    AGRARIAN = "agrarian", "土地革命战争"
    ANTI_JAPANESE = "anti_japanese", "抗日战争"
    LIBERATION = "liberation", "解放战争"
    KOREA = "korea", "抗美援朝"
    CONSTRUCTION = "construction", "社会主义建设时期"
    VIETNAM = "vietnam", "对越自卫反击战"
    BORDER = "border", "边海防守备"
    DISASTER_RELIEF = "disaster_relief", "抢险救灾"
    PEACEKEEPING = "peacekeeping", "维和行动"
    PEACETIME = "peacetime", "和平时期"
    NEW_ERA = "new_era", "新时代"


def era_choices(*eras):
    return [(era.value, era.label) for era in eras]


# What a veteran filmed for an oral history lived through.
ORAL_HISTORY_ERAS = era_choices(
    Era.LIBERATION,
    Era.KOREA,
    Era.VIETNAM,
    Era.BORDER,
    Era.DISASTER_RELIEF,
    Era.PEACEKEEPING,
    Era.PEACETIME,
)
# The periods in which martyrs are recorded.
MARTYR_ERAS = era_choices(
    Era.AGRARIAN,
    Era.ANTI_JAPANESE,
    Era.LIBERATION,
    Era.KOREA,
    Era.CONSTRUCTION,
    Era.NEW_ERA,
)

GENDERS = [("male", "男"), ("female", "女")]


def check_date_range(start, end, end_field, message="结束日期不能早于开始日期。"):
    """Raise the form error editors see when ``end`` comes before ``start``."""
    if start and end and end < start:
        raise ValidationError({end_field: message})
