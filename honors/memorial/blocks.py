"""Blocks for martyrs' pages and memorial facilities."""

from wagtail import blocks

from home.blocks import ImageWithCaptionBlock


class SourceBlock(blocks.StructBlock):
    """Where a martyr's record comes from, so readers and teachers can check it."""

    title = blocks.CharBlock(label="资料名称", max_length=120)
    publisher = blocks.CharBlock(label="出处/编纂单位", max_length=120, required=False)
    year = blocks.IntegerBlock(label="年份", required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(label="链接", required=False)

    class Meta:
        icon = "doc-full"
        label = "史料来源"
        template = "memorial/blocks/source.html"
        description = "一条史料来源：名称、出处、年份和链接"
        preview_value = {
            "title": "青川区革命烈士英名录",
            "publisher": "青川区退役军人事务局",
            "year": 2021,
            "url": "",
        }


class SourcesBlock(blocks.StreamBlock):
    source = SourceBlock()


class FacilityPhotoBlock(ImageWithCaptionBlock):
    class Meta:
        icon = "image"
        label = "设施照片"
        template = "memorial/blocks/photo.html"
        description = "纪念设施的一张照片，附替代文字和图注"


class PhotosBlock(blocks.StreamBlock):
    photo = FacilityPhotoBlock()
