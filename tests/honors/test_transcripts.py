"""WebVTT captions and transcript timing rules, as editors and players rely on them."""

import re
from decimal import Decimal

import pytest

from honors.fields import parse_timecode
from honors.transcripts import (
    Cue,
    build_plain_text,
    build_webvtt,
    format_timecode,
    parse_webvtt,
    validate_segments,
    vtt_timestamp,
)


def cue(start, end, speaker="", text="内容"):
    return Cue(Decimal(str(start)), Decimal(str(end)), speaker, text)


TRICKY = [
    cue(0, 3.5, "采访者", "您好，请讲讲 1950 年的事。"),
    cue(3.5, 9.25, "王德顺", "温度 <零下30度> & 风很大"),
    cue(10, 12.001, "王德顺", "箭头 --> 不能截断字幕"),
    cue(62.5, 3725.75, "A&B <主持>", "第一行\n第二行"),
]


def test_webvtt_has_header_and_ordered_non_overlapping_cues():
    text = build_webvtt(TRICKY)
    assert text.startswith("WEBVTT\n\n")
    timings = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", text, re.M)
    assert len(timings) == len(TRICKY)
    previous_end = "00:00:00.000"
    for start, end in timings:
        assert start < end
        assert start >= previous_end
        previous_end = end
    assert timings[-1] == ("00:01:02.500", "01:02:05.750")


def test_webvtt_escapes_markup_and_arrows_in_text():
    text = build_webvtt(TRICKY)
    assert "温度 &lt;零下30度&gt; &amp; 风很大" in text
    assert "箭头 --&gt; 不能截断字幕" in text
    assert "<v A&amp;B &lt;主持&gt;>" in text
    # The only "-->" left are the timing lines.
    assert text.count("-->") == len(TRICKY)
    # A blank line inside a cue would end it early; multi-line text stays one block.
    assert "第一行\n第二行" in text


def test_webvtt_round_trips_to_the_same_segments():
    assert parse_webvtt(build_webvtt(TRICKY)) == TRICKY


def test_parser_rejects_unescaped_text():
    with pytest.raises(ValueError):
        parse_webvtt("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\n<b>粗体</b>\n")
    with pytest.raises(ValueError):
        parse_webvtt("1\n00:00:00.000 --> 00:00:01.000\n无文件头\n")


@pytest.mark.parametrize(
    "segments, duration, expected",
    [
        ([cue(0, 2), cue(2, 4)], 10, []),
        ([cue(0, 2), cue(1.5, 4)], 10, [(1, "start", "时间重叠")]),
        ([cue(5, 6), cue(1, 2)], 10, [(1, "start", "请按时间顺序排列")]),
        ([cue(3, 3)], 10, [(0, "end", "必须晚于开始时间")]),
        ([cue(4, 2)], 10, [(0, "end", "必须晚于开始时间")]),
        ([cue(-1, 2)], 10, [(0, "start", "不能为负数")]),
        ([cue(8, 12)], 10, [(0, "end", "超出了视频时长（00:10）")]),
        ([cue(8, 12)], None, []),
    ],
)
def test_segment_validation_messages(segments, duration, expected):
    errors = validate_segments(segments, duration)
    assert [(index, field) for index, field, _ in errors] == [(i, f) for i, f, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(errors, expected, strict=True):
        assert fragment in message


def test_overlap_message_names_both_segments_with_their_times():
    [(_, _, message)] = validate_segments([cue(0, 65), cue(61.5, 70)], 90)
    assert message == "第 2 段（01:01.5–01:10）与第 1 段（00:00–01:05）时间重叠。"


@pytest.mark.parametrize(
    "typed, seconds",
    [
        ("83.5", "83.500"),
        ("1:23.5", "83.500"),
        ("01:23", "83.000"),
        ("1:01:23", "3683.000"),
        ("1：05", "65.000"),
        ("1:59:59.5", "7199.500"),
        ("125", "125.000"),
    ],
)
def test_editors_type_minutes_and_seconds(typed, seconds):
    assert parse_timecode(typed) == Decimal(seconds)


@pytest.mark.parametrize(
    "typed",
    [
        *("abc", "1:75", "1:2:3:4", "nan", "-1:20", "-0:01", "1:-5"),
        # A minute or second past the clock's 59 is a typo, in m:s and in h:m:s form.
        *("1:60", "0:60", "1:75:00", "0:90:00", "1:00:60", "1.5:20", "1:2.5:00"),
    ],
)
def test_bad_time_codes_are_rejected(typed):
    with pytest.raises(ValueError):
        parse_timecode(typed)


def test_time_formats():
    assert format_timecode(Decimal("83.5")) == "01:23.5"
    assert format_timecode(Decimal("3683")) == "1:01:23"
    assert vtt_timestamp(Decimal("3683.25")) == "01:01:23.250"


def test_plain_text_lists_every_segment_with_its_time():
    text = build_plain_text("长津湖的冬天", ["讲述人：王德顺"], TRICKY)
    lines = text.splitlines()
    assert lines[0] == "长津湖的冬天"
    assert "[00:03.5] 王德顺：温度 <零下30度> & 风很大" in lines
    assert "[01:02.5] A&B <主持>：第一行\n第二行" in text
