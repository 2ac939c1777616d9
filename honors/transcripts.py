"""Time-coded transcripts: validation, WebVTT captions and plain text for teachers.

Kept free of models so the same rules serve the admin form, the demo loader, the
caption view and the tests.
"""

import html
import re
from dataclasses import dataclass
from decimal import Decimal

MILLI = Decimal("0.001")


@dataclass(frozen=True)
class Cue:
    start: Decimal
    end: Decimal
    speaker: str
    text: str


def _milliseconds(seconds):
    return int((Decimal(str(seconds)).quantize(MILLI) * 1000).to_integral_value())


def format_timecode(seconds):
    """``83.5`` → ``01:23.5``; hours only when needed; no trailing zeros."""
    ms = _milliseconds(seconds)
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    fraction = f".{millis:03d}".rstrip("0") if millis else ""
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}{fraction}"
    return f"{sign}{minutes:02d}:{secs:02d}{fraction}"


def vtt_timestamp(seconds):
    """WebVTT needs ``HH:MM:SS.mmm`` with exactly three fraction digits."""
    ms = _milliseconds(seconds)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def validate_segments(segments, duration=None):
    """Check segments in their editing order.

    ``segments`` are objects with ``start``, ``end`` (seconds); ``duration`` is the
    video length in seconds or None when unknown. Returns ``[(index, field, message)]``
    with ``index`` counting from 0 and ``field`` the form field the message belongs to.
    """
    errors = []
    previous = None
    limit = Decimal(str(duration)).quantize(MILLI) if duration else None
    for index, segment in enumerate(segments):
        number = index + 1
        start, end = segment.start, segment.end
        if start is None or end is None:
            continue
        if start < 0:
            errors.append((index, "start", f"第 {number} 段的开始时间不能为负数。"))
            continue
        if end <= start:
            errors.append(
                (
                    index,
                    "end",
                    f"第 {number} 段的结束时间（{format_timecode(end)}）必须晚于开始时间"
                    f"（{format_timecode(start)}）。",
                )
            )
            continue
        if limit is not None and end > limit:
            errors.append(
                (
                    index,
                    "end",
                    f"第 {number} 段的结束时间（{format_timecode(end)}）超出了视频时长"
                    f"（{format_timecode(limit)}）。",
                )
            )
        if previous is not None:
            if start < previous.start:
                errors.append(
                    (
                        index,
                        "start",
                        f"第 {number} 段（{format_timecode(start)}）排在第 {number - 1} 段"
                        f"（{format_timecode(previous.start)}）之后，但开始得更早：请按时间顺序排列。",
                    )
                )
            elif start < previous.end:
                errors.append(
                    (
                        index,
                        "start",
                        f"第 {number} 段（{format_timecode(start)}–{format_timecode(end)}）与第 "
                        f"{number - 1} 段（{format_timecode(previous.start)}–"
                        f"{format_timecode(previous.end)}）时间重叠。",
                    )
                )
        previous = segment
    return errors


def _escape(text):
    # Escaping "<", "&" and ">" also keeps "-->" from ending a cue early.
    return html.escape(text, quote=False)


def _one_line(text):
    # A blank line would end the cue; keep each cue's text on its own lines.
    return "\n".join(line.strip() for line in str(text).splitlines() if line.strip())


def build_webvtt(segments):
    """WebVTT captions: one cue per segment, the speaker as a ``<v>`` voice span."""
    lines = ["WEBVTT", ""]
    for number, segment in enumerate(segments, start=1):
        lines.append(str(number))
        lines.append(f"{vtt_timestamp(segment.start)} --> {vtt_timestamp(segment.end)}")
        text = _escape(_one_line(segment.text))
        speaker = _one_line(segment.speaker).replace("\n", " ")
        if speaker:
            text = f"<v {_escape(speaker)}>{text}</v>"
        lines.append(text)
        lines.append("")
    return "\n".join(lines)


TIMING = re.compile(
    r"^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})"
)
VOICE = re.compile(r"^<v(?:\.[^ >]*)? ([^>]*)>(.*?)(?:</v>)?$", re.S)


def _seconds(hours, minutes, secs, millis):
    total_ms = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(secs)) * 1000 + int(millis)
    return (Decimal(total_ms) / 1000).quantize(MILLI)


def parse_webvtt(text):
    """Parse what ``build_webvtt`` writes back into cues (used to check round trips)."""
    if not text.startswith("WEBVTT"):
        raise ValueError("不是 WebVTT 文件：缺少 WEBVTT 文件头。")
    cues = []
    for block in re.split(r"\n{2,}", text.replace("\r\n", "\n").strip())[1:]:
        lines = block.split("\n")
        if not TIMING.match(lines[0]):
            lines = lines[1:]
        match = TIMING.match(lines[0]) if lines else None
        if not match:
            raise ValueError(f"无法解析的字幕块：{block!r}")
        groups = match.groups()
        payload = "\n".join(lines[1:])
        speaker = ""
        voice = VOICE.match(payload)
        if voice:
            speaker, payload = voice.group(1), voice.group(2)
        if "-->" in payload or "<" in payload or ">" in payload:
            raise ValueError(f"字幕文字未转义：{payload!r}")
        cues.append(
            Cue(
                start=_seconds(*groups[:4]),
                end=_seconds(*groups[4:]),
                speaker=html.unescape(speaker),
                text=html.unescape(payload),
            )
        )
    return cues


def build_plain_text(title, heading_lines, segments):
    """The transcript as plain text for teachers: a header, then one line per segment."""
    lines = [title, "=" * len(title) * 2]
    lines.extend(heading_lines)
    lines.append("")
    for segment in segments:
        speaker = f"{segment.speaker}：" if segment.speaker else ""
        lines.append(f"[{format_timecode(segment.start)}] {speaker}{_one_line(segment.text)}")
    lines.append("")
    return "\n".join(lines)
