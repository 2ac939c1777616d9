"""An editor uploading a damaged or disguised image gets a Chinese form error, and
nothing is stored: no image record, no file under media/."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.forms import DAMAGED_IMAGE

pytestmark = pytest.mark.django_db
Image = get_image_model()


def jpeg_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), (180, 30, 30)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


DAMAGED = {
    "html-as-gif": ("laobing.gif", b"GIF89a<html><script>alert(1)</script></html>"),
    "truncated-jpeg": ("laobing.jpg", jpeg_bytes()[:600]),
}


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.get(username="bianji"))
    return client


def stored_files():
    root = Path(settings.MEDIA_ROOT) / "original_images"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.mark.parametrize("name, content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_image_is_a_form_error_and_nothing_is_stored(editor, name, content):
    images, files = Image.objects.count(), stored_files()
    response = editor.post(
        "/admin/images/add/",
        {
            "title": "老兵合影",
            "description": "老兵在服务站合影",
            "collection": "1",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert DAMAGED_IMAGE in response.content.decode()
    assert Image.objects.count() == images
    assert stored_files() == files


@pytest.mark.parametrize("name, content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_image_in_a_multiple_upload_is_refused(editor, name, content):
    images = Image.objects.count()
    response = editor.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": "1"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["success"] is False
    assert DAMAGED_IMAGE in data["error_message"] or DAMAGED_IMAGE in json.dumps(
        data, ensure_ascii=False
    )
    assert Image.objects.count() == images


def test_a_sound_image_is_still_accepted(editor):
    response = editor.post(
        "/admin/images/add/",
        {
            "title": "老兵合影",
            "description": "老兵在服务站合影",
            "collection": "1",
            "file": SimpleUploadedFile("hegying.jpg", jpeg_bytes()),
        },
    )
    assert response.status_code == 302
    image = Image.objects.get(title="老兵合影")
    assert (image.width, image.height) == (400, 300)
