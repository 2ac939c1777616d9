"""Time codes as editors type them (``1:23.5``) stored as exact seconds."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .transcripts import format_timecode


def parse_timecode(value):
    """Parse ``83.5``, ``1:23.5`` or ``1:01:23`` into seconds as a Decimal."""
    text = str(value).strip().replace("：", ":")
    if not text:
        return None
    parts = text.split(":")
    if len(parts) > 3 or (len(parts) > 1 and "-" in text):
        raise ValueError(text)
    try:
        numbers = [Decimal(part) for part in parts]
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if any(not n.is_finite() for n in numbers):
        raise ValueError(text)
    # Minutes and seconds after the first part are clock digits: 0–59, and only the
    # seconds may carry a fraction ("1:60" and "1:75:00" are typos, not 120 s).
    if any(number >= 60 for number in numbers[1:]):
        raise ValueError(text)
    if any(number != number.to_integral_value() for number in numbers[:-1]):
        raise ValueError(text)
    seconds = Decimal(0)
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds.quantize(Decimal("0.001"))


class TimecodeWidget(forms.TextInput):
    def format_value(self, value):
        if value in (None, ""):
            return None
        try:
            return format_timecode(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)


class TimecodeFormField(forms.Field):
    widget = TimecodeWidget
    default_error_messages = {
        "invalid": "时间格式不正确，请填写如 1:23 或 1:23.5（分:秒）或 83.5（秒）。",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_timecode(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class TimecodeField(models.DecimalField):
    """Seconds from the start of a video, to the millisecond."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 8)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        defaults = {"form_class": TimecodeFormField, "help_text": self.help_text}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
