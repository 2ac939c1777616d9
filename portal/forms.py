"""Admin form tweaks that enforce the portal's accessibility rules."""

from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    """Every uploaded image must carry a description, used as its alt text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = "替代文字（图片描述）"
            field.help_text = (
                "向看不到图片的读者描述图片内容，例如“老兵在社区服务站为居民讲解政策”。"
            )
