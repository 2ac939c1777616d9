"""Uploads through the API pass the admin's checks: images that decode, videos that are
videos, collections the uploader may add to. A refused upload stores nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.forms import DAMAGED_IMAGE
from portal.api_writes import NOT_A_VIDEO

pytestmark = pytest.mark.django_db
Image = get_image_model()


def jpeg_bytes(size=(400, 300)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (180, 30, 30)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# The first bytes of a real MP4 (an ISO base media "ftyp" box) and of a WebM file.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 64


def root():
    return Collection.get_first_root_node()


def image_upload(name="laobing.jpg", content=None, **fields):
    return {
        "title": "老兵讲政策",
        "description": "老兵在社区服务站为居民讲解政策",
        "collection_id": str(root().pk),
        "file": SimpleUploadedFile(name, content if content is not None else jpeg_bytes()),
        **fields,
    }


def test_an_editor_uploads_an_image_and_gets_its_id_and_addresses(client, editor):
    response = client.post("/api/v3/images/", image_upload(), **editor)

    assert response.status_code == 201, response.content
    data = response.json()
    image = Image.objects.get(pk=data["id"])
    assert (data["width"], data["height"]) == (400, 300)
    assert data["meta"]["download_url"].startswith("/media/original_images/")
    assert data["meta"]["detail_url"].endswith(f"/api/v3/images/{image.pk}/")
    assert image.uploaded_by_user.username == "bianji"
    assert image.default_alt_text == "老兵在社区服务站为居民讲解政策"


DAMAGED = {
    "html-as-gif": ("laobing.gif", b"GIF89a<html><script>alert(1)</script></html>"),
    "truncated-jpeg": ("laobing.jpg", jpeg_bytes()[:600]),
}


@pytest.mark.parametrize(("name", "content"), DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_or_disguised_image_is_refused_in_chinese(client, editor, name, content):
    images = Image.objects.count()
    response = client.post("/api/v3/images/", image_upload(name, content), **editor)

    assert response.status_code == 422
    assert response.json()["title"] == "提交内容不符合要求"
    assert DAMAGED_IMAGE in [error["msg"] for error in response.json()["errors"]]
    assert Image.objects.count() == images


def test_an_image_without_a_description_is_refused_like_in_the_admin(client, editor):
    images = Image.objects.count()
    response = client.post("/api/v3/images/", image_upload(description=""), **editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "此项必填，请填写。"
    assert Image.objects.count() == images


def test_an_image_goes_only_where_the_uploader_may_add(client, editor):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission

    editors = Group.objects.get(name="编辑")
    newsroom = root().add_child(name="新闻图片")
    stations = root().add_child(name="服务站图片")
    image_perms = GroupCollectionPermission.objects.filter(
        group=editors, permission__content_type__app_label="wagtailimages"
    )
    for grant in list(image_perms):
        for collection in (newsroom, stations):
            GroupCollectionPermission.objects.create(
                group=editors, collection=collection, permission=grant.permission
            )
        grant.delete()
    images = Image.objects.count()

    response = client.post("/api/v3/images/", image_upload(), **editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "collection"
    assert "选择" in response.json()["errors"][0]["msg"]
    assert Image.objects.count() == images

    response = client.post(
        "/api/v3/images/", image_upload(collection_id=str(newsroom.pk)), **editor
    )
    assert response.status_code == 201, response.content
    assert Image.objects.get(pk=response.json()["id"]).collection == newsroom


def video_upload(name="koushu.mp4", content=MP4, **fields):
    return {
        "title": "上甘岭老兵口述",
        "collection_id": str(root().pk),
        "duration": "95.5",
        "width": "1280",
        "height": "720",
        "file": SimpleUploadedFile(name, content),
        **fields,
    }


def test_an_editor_uploads_a_video_with_a_poster_and_an_oral_history_uses_it(client, api, editor):
    from wagtailmedia.models import Media

    upload = video_upload(thumbnail=SimpleUploadedFile("poster.jpg", jpeg_bytes((640, 360))))
    response = client.post("/api/v3/videos/", upload, **editor)

    assert response.status_code == 201, response.content
    data = response.json()
    video = Media.objects.get(pk=data["id"])
    assert data["type"] == "video" and video.type == "video"
    assert data["url"] == video.url and data["url"].startswith("/media/media/koushu")
    assert data["thumbnail_url"].startswith("/media/media_thumbnails/poster")
    assert (data["duration"], data["width"], data["height"]) == (95.5, 1280, 720)
    assert video.uploaded_by_user.username == "bianji"

    from tests.api_writes.test_page_writes import oral_history_body

    response = api.post("/api/v3/pages/", oral_history_body(video_id=video.pk), editor)
    assert response.status_code == 201, response.content
    assert response.json()["video_info"]["url"] == video.url
    assert response.json()["duration"] == 95.5


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("koushu.mp4", b"<html><script>alert(1)</script></html>"),
        ("koushu.mp4", jpeg_bytes()),
        ("koushu.exe", MP4),
        ("koushu", WEBM),
    ],
    ids=["html-as-mp4", "jpeg-as-mp4", "exe-extension", "no-extension"],
)
def test_a_file_that_is_not_a_video_is_refused_in_chinese(client, editor, name, content):
    from wagtailmedia.models import Media

    videos = Media.objects.count()
    response = client.post("/api/v3/videos/", video_upload(name, content), **editor)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"type": "invalid", "loc": ["form", "file"], "msg": NOT_A_VIDEO}
    ]
    assert Media.objects.count() == videos


def test_a_webm_video_is_accepted(client, editor):
    response = client.post("/api/v3/videos/", video_upload("clip.webm", WEBM), **editor)
    assert response.status_code == 201, response.content


def test_a_damaged_video_poster_stores_nothing(client, editor):
    from wagtailmedia.models import Media

    videos = Media.objects.count()
    upload = video_upload(thumbnail=SimpleUploadedFile("poster.gif", DAMAGED["html-as-gif"][1]))
    response = client.post("/api/v3/videos/", upload, **editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["form", "thumbnail"]
    assert response.json()["errors"][0]["msg"] == DAMAGED_IMAGE
    assert Media.objects.count() == videos


def test_video_upload_needs_the_upload_scope_and_the_media_permission(client):
    from wagtailmedia.models import Media

    from tests.api_tokens import bearer

    videos = Media.objects.count()
    response = client.post("/api/v3/videos/", video_upload(), **bearer("bianji", "read", "write"))
    assert response.status_code == 403
    assert "没有“上传”权限（upload）" in response.json()["detail"]
    response = client.post("/api/v3/videos/", video_upload())
    assert response.status_code == 401
    # A teacher may add images and documents, but not videos.
    response = client.post("/api/v3/videos/", video_upload(), **bearer("jiaoshi", "upload"))
    assert response.status_code == 403
    assert response.json()["detail"] == "当前账号没有执行此操作的权限。"
    assert Media.objects.count() == videos


def test_a_video_without_a_title_is_a_field_error(client, editor):
    response = client.post("/api/v3/videos/", video_upload(title=""), **editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "title"
