"""Admin form tweaks that enforce the portal's rules: alt text, and images that decode."""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
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
        if "file" in self.fields:
            # Same field, same settings; only its check of the upload is stricter.
            self.fields["file"].__class__ = DecodableImageField


DAMAGED_IMAGE = (
    "图片文件已损坏或内容不完整（或并不是图片），无法使用。请用看图软件打开确认，重新导出后再上传。"
)


def check_image_decodes(file):
    """Decode every pixel with Pillow; a truncated or fake file raises ValidationError."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            image.verify()
        file.seek(0)
        with PILImage.open(file) as image:
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                image.load()
    except (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError) as exc:
        raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from exc
    finally:
        file.seek(position)


class DecodableImageField(WagtailImageField):
    """A damaged or disguised image (``GIF89a<html>`` saved as .gif, a truncated JPEG)
    is refused with a Chinese form error before anything is stored, instead of failing
    with a server error when its size or thumbnail is computed."""

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from exc
        if file is not None:
            check_image_decodes(file)
        return file
