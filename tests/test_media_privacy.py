"""/media/ hands out nothing private: documents only through Wagtail's /documents/ view,
images of a private collection only to visitors the collection admits, and the video of
a password-protected page only after the page's password, with Range still working."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtailmedia.models import Media

from honors.models import OralHistoryPage

pytestmark = pytest.mark.django_db

VIDEO = bytes(range(256)) * 64  # 16,384 bytes
PASSWORD = "koushu2026"


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="内部资料")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    restriction.groups.set([])
    return collection


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (200, 120), (20, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(collection, name):
    image = get_image_model()(
        title=name, description=name, collection=collection, width=200, height=120
    )
    image.file.save(f"{name}.png", ContentFile(png_bytes()), save=False)
    image.width, image.height = 200, 120
    image.save()
    return image


def test_documents_are_never_served_from_media(client, private_collection):
    document = get_document_model()(title="烈士亲属名册", collection=private_collection)
    document.file.save("lieshi-qinshu.pdf", ContentFile(b"%PDF-1.4 private"), save=False)
    document.save()
    public = get_document_model().objects.exclude(pk=document.pk).first()

    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(f"/media/{public.file.name}").status_code == 404
    # The document's own address asks an anonymous visitor to log in first.
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # Public documents are still downloadable through theirs.
    assert client.get(public.url).status_code == 200

    client.force_login(get_user_model().objects.get(username="bianji"))
    assert content(client.get(document.url)) == b"%PDF-1.4 private"
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_private_collection_images_and_renditions_need_a_login(client, private_collection):
    image = make_image(private_collection, "neibu-zhaopian")
    rendition = image.get_rendition("fill-100x100")
    public = make_image(Collection.get_first_root_node(), "gongkai-zhaopian")
    public_rendition = public.get_rendition("fill-100x100")

    for url in (f"/media/{image.file.name}", rendition.url):
        response = client.get(url)
        assert response.status_code == 404, url
        assert png_bytes()[:8] not in content(response)
    for url in (f"/media/{public.file.name}", public_rendition.url):
        assert client.get(url).status_code == 200, url

    visitor = get_user_model().objects.create_user("visitor", password="x")
    client.force_login(visitor)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert content(client.get(f"/media/{image.file.name}")) == png_bytes()


@pytest.fixture
def protected_interview():
    """An oral history behind a password, with a video no public page shows."""
    page = OralHistoryPage.objects.live().first()
    video = Media(title="口述历史：内部访谈", type="video", duration=90)
    video.file.save("neibu-fangtan.mp4", ContentFile(VIDEO), save=False)
    video.thumbnail.save("neibu-fangtan.jpg", ContentFile(png_bytes()), save=False)
    video.save()
    page.video = video
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return page, video, restriction


def test_video_of_a_password_page_needs_the_password(protected_interview):
    page, video, restriction = protected_interview
    visitor = Client()
    for headers in ({}, {"HTTP_RANGE": "bytes=0-99"}):
        response = visitor.get(video.url, **headers)
        assert response.status_code == 404
        assert VIDEO[:100] not in content(response)
    assert visitor.get(video.thumbnail.url).status_code == 404

    visitor.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": PASSWORD, "return_url": page.url},
    )
    assert video.url in visitor.get(page.url).content.decode()
    response = visitor.get(video.url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(VIDEO)}"
    assert content(response) == VIDEO[100:200]
    assert response["Cache-Control"] == "private, no-store"
    assert content(visitor.get(video.url)) == VIDEO
    assert visitor.get(video.thumbnail.url).status_code == 200


def test_video_of_a_login_page_needs_a_login_and_staff_can_always_preview(protected_interview):
    page, video, restriction = protected_interview
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    visitor = Client()
    assert visitor.get(video.url).status_code == 404
    visitor.force_login(get_user_model().objects.create_user("jiashu", password="x"))
    assert visitor.get(video.url, HTTP_RANGE="bytes=0-9").status_code == 206

    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([Group.objects.get(name="审核")])
    assert visitor.get(video.url).status_code == 404
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="bianji"))
    assert editor.get(video.url).status_code == 200


def test_video_of_a_public_page_plays_for_everyone(client):
    page = OralHistoryPage.objects.live().first()
    response = client.get(page.video.url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert "Cache-Control" not in response or "private" not in response["Cache-Control"]


def test_behind_nginx_the_file_is_handed_over_only_after_the_checks(settings, protected_interview):
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    page, video, restriction = protected_interview
    visitor = Client()
    response = visitor.get(video.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response
    visitor.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": PASSWORD, "return_url": page.url},
    )
    response = visitor.get(video.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected_media/{video.file.name}"
    assert response.content == b""


def test_nginx_does_not_serve_media_itself():
    from deploy.local_proxy import SHIPPED

    text = SHIPPED.read_text()
    assert "location /media/" not in text
    internal = text.split("location /_protected_media/ {", 1)[1].split("}", 1)[0]
    assert "internal;" in internal


def test_demo_private_archive_is_closed_to_anonymous_visitors(client):
    image = get_image_model().objects.get(title="烈士遗物照片（内部）")
    document = get_document_model().objects.get(title="烈士亲属走访记录（内部）")
    assert image.collection.name == document.collection.name == "英烈史料（内部，登录后可见）"
    assert client.get(f"/media/{image.file.name}").status_code == 404
    assert client.get(image.get_rendition("fill-100x100").url).status_code == 404
    assert client.get(document.url).status_code == 302
    client.force_login(get_user_model().objects.create_user("jiashu", password="x"))
    assert client.get(f"/media/{image.file.name}").status_code == 200
    assert "走访记录" in content(client.get(document.url)).decode()
