"""Blocks of a lesson pack: oral-history clips, linked pages and classroom activities."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from honors.fields import TimecodeFormField
from honors.transcripts import MILLI, format_timecode


class TimecodeBlock(blocks.FieldBlock):
    """A moment in a video, typed as editors type transcript times (``1:23.5``)."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = TimecodeFormField(required=required, help_text=help_text)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value)).quantize(MILLI)
        except InvalidOperation:
            return None

    def get_prep_value(self, value):
        return None if value is None else str(value)

    def get_api_representation(self, value, context=None):
        return None if value is None else float(value)


class ClipBlock(blocks.StructBlock):
    """A stretch of an oral history, played in class from its start to its end."""

    oral_history = blocks.PageChooserBlock(page_type="honors.OralHistoryPage", label="口述历史")
    start = TimecodeBlock(label="开始", help_text="填写“分:秒”，如 0:12 或 1:05.5。")
    end = TimecodeBlock(label="结束", help_text="必须晚于开始，且不超过视频时长。")
    title = blocks.CharBlock(label="片段标题", required=False, max_length=60)
    prompt = blocks.TextBlock(
        label="观看提示", required=False, max_length=300, help_text="播放前请学生留意什么。"
    )

    class Meta:
        icon = "media"
        label = "口述历史片段"
        description = "口述历史视频中的一段，课堂上从开始时间播放到结束时间自动停止"
        form_classname = "struct-block education-clip-block"

    def clean(self, value):
        value = super().clean(value)
        start, end, page = value.get("start"), value.get("end"), value.get("oral_history")
        errors = {}
        if start is not None and start < 0:
            errors["start"] = ValidationError("开始时间不能为负数。")
        elif start is not None and end is not None:
            duration = page.specific.duration if page else None
            limit = Decimal(str(duration)).quantize(MILLI) if duration else None
            if end <= start:
                errors["end"] = ValidationError(
                    f"结束时间（{format_timecode(end)}）必须晚于开始时间（{format_timecode(start)}）。"
                )
            elif limit is not None and end > limit:
                errors["end"] = ValidationError(
                    f"结束时间（{format_timecode(end)}）超出了视频时长（{format_timecode(limit)}）。"
                )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class LinkedPageBlock(blocks.StructBlock):
    note = blocks.CharBlock(label="教学提示", required=False, max_length=200)

    class Meta:
        icon = "link"


class ProfileBlock(LinkedPageBlock):
    page = blocks.PageChooserBlock(page_type="honors.HonorProfilePage", label="最美人物")

    class Meta:
        icon = "user"
        label = "最美人物事迹"
        description = "链接一位最美退役军人（或团队）的事迹页"


class MartyrBlock(LinkedPageBlock):
    page = blocks.PageChooserBlock(page_type="memorial.MartyrPage", label="英烈")

    class Meta:
        icon = "pick"
        label = "英烈事迹"
        description = "链接英烈纪念馆中的一位英烈"


class StoryBlock(LinkedPageBlock):
    page = blocks.PageChooserBlock(page_type="home.NewsPage", label="报道")

    class Meta:
        icon = "doc-full"
        label = "新闻报道"
        description = "链接一篇工作动态"


class VisitBlock(LinkedPageBlock):
    page = blocks.PageChooserBlock(
        page_type=["volunteers.StationPage", "memorial.MemorialFacilityPage"], label="参观地点"
    )

    class Meta:
        icon = "site"
        label = "实地参观"
        description = "服务站或烈士纪念设施，供实地参观、研学"


class MaterialsBlock(blocks.StreamBlock):
    clip = ClipBlock()
    profile = ProfileBlock()
    martyr = MartyrBlock()
    story = StoryBlock()
    visit = VisitBlock()

    class Meta:
        min_num = 1


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="活动名称", max_length=60)
    minutes = blocks.IntegerBlock(label="用时（分钟）", required=False, min_value=1, max_value=240)
    description = blocks.TextBlock(label="活动说明", max_length=800)

    class Meta:
        icon = "group"
        label = "课堂活动"
        template = "education/blocks/activity.html"
        description = "一个课堂或课后活动：名称、用时和做法"
        preview_value = {
            "title": "给老战士写一封信",
            "minutes": 15,
            "description": "听完口述片段后，每人写下一句想对老战士说的话，由班长汇总寄往服务站。",
        }


class ActivitiesBlock(blocks.StreamBlock):
    activity = ActivityBlock()
