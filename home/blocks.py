"""StreamField blocks shared by every article-like page."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import VideoChooserBlock


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    alt_text = blocks.CharBlock(
        label="替代文字",
        max_length=200,
        help_text="为视障读者描述图片内容，必填。",
    )
    caption = blocks.CharBlock(label="图注", required=False, max_length=200)

    def get_api_representation(self, value, context=None):
        image = value["image"]
        rendition = image.get_rendition("max-1200x1200") if image else None
        return {
            "image_id": image.pk if image else None,
            "url": rendition.url if rendition else None,
            "width": rendition.width if rendition else None,
            "height": rendition.height if rendition else None,
            "alt_text": value["alt_text"],
            "caption": value["caption"],
        }

    class Meta:
        icon = "image"
        label = "图片（带图注）"
        template = "home/blocks/image_with_caption.html"
        description = "一张图片，附替代文字和图注"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文")
    attribution = blocks.CharBlock(label="出处", required=False, max_length=100)

    class Meta:
        icon = "openquote"
        label = "引用"
        template = "home/blocks/quote.html"
        description = "一段引语及其出处"
        preview_value = {"text": "若有战，召必回，战必胜。", "attribution": "退役军人誓言"}


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(label="视频")
    caption = blocks.CharBlock(label="说明", required=False, max_length=200)

    def get_api_representation(self, value, context=None):
        video = value["video"]
        return {
            "media_id": video.pk if video else None,
            "url": video.url if video else None,
            "poster": video.thumbnail.url if video and video.thumbnail else None,
            "duration": video.duration if video else None,
            "caption": value["caption"],
        }

    class Meta:
        icon = "media"
        label = "视频"
        template = "home/blocks/video.html"
        description = "站内上传的视频，不引用外部播放器"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False, max_length=120)

    def get_api_representation(self, value, context=None):
        document = value["document"]
        return {
            "document_id": document.pk if document else None,
            "url": document.url if document else None,
            "title": value["title"] or (document.title if document else ""),
            "file_extension": document.file_extension if document else "",
        }

    class Meta:
        icon = "doc-full"
        label = "附件下载"
        template = "home/blocks/document.html"
        description = "可下载的文件，如通知原文、表格"


class RelatedPageBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label="相关页面")
    note = blocks.CharBlock(label="推荐语", required=False, max_length=120)

    def get_api_representation(self, value, context=None):
        page = value["page"]
        return {
            "page_id": page.pk if page else None,
            "title": page.title if page else "",
            "url": page.url if page else None,
            "note": value["note"],
        }

    class Meta:
        icon = "link"
        label = "相关页面"
        template = "home/blocks/related_page.html"
        description = "链接到站内另一页面"


class ArticleStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="段落",
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        template="home/blocks/paragraph.html",
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    document = DocumentBlock()
    related_page = RelatedPageBlock()

    class Meta:
        label = "正文"
