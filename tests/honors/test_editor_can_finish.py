"""The 编辑 group alone can finish every content type, with the people and videos it needs.

Each test logs in as the demo editor bianji (编辑 group, no other rights) and does the
job through the admin as a person would: open the add form of every page type, enter a
new person, upload a video, then write a profile and an oral history that use them and
submit them for review.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, Page
from wagtailmedia.models import Media

from honors.models import HonorProfilePage, OralHistoryPage, Person
from tests.honors.test_admin import edit_form

pytestmark = pytest.mark.django_db

VIDEO = Path(__file__).resolve().parents[2] / "honors" / "demo_media" / "oral-history-1.mp4"


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.get(username="bianji"))
    return client


def test_every_page_type_can_be_started_by_an_editor(editor_client):
    opened = []
    for page in Page.objects.filter(depth__gt=2).specific().order_by("path"):
        model, parent = type(page), page.get_parent().specific
        if model in [type(p) for p, _ in opened] or not model.can_create_at(parent):
            continue  # one of a kind (a section that exists already)
        meta = model._meta
        url = f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{page.get_parent().pk}/"
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "没有权限" not in response.content.decode()
        opened.append((page, url))
    assert len(opened) >= 10  # news, profiles, oral histories, martyrs, stations, brigades…


def test_editor_enters_a_new_person_without_seeing_private_fields(editor_client):
    form = editor_client.get("/admin/snippets/honors/person/add/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="name"' in html
    assert "身份证号（保密）" not in html and 'name="id_number"' not in html
    response = editor_client.post(
        "/admin/snippets/honors/person/add/",
        {
            "name": "周志强",
            "gender": "male",
            "birth_year": "1952",
            "branch": "army",
            "bio": "老兵。",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(name="周志强")
    assert (person.birth_year, person.phone, person.id_number) == (1952, "", "")
    chooser = editor_client.get("/admin/snippets/choose/honors/person/", {"q": "周志强"})
    assert "周志强" in chooser.json()["html"]


def test_editor_finds_and_uploads_videos_for_an_oral_history(editor_client):
    chooser = editor_client.get("/admin/media/chooser/video/")
    assert chooser.status_code == 200
    html = chooser.json()["html"]
    videos = Media.objects.filter(type="video")
    assert videos.count() >= 6
    assert all(video.title in html for video in videos[:6])
    assert "没有权限" not in html and "haven't uploaded" not in html
    response = editor_client.post(
        "/admin/media/video/add/",
        {
            "title": "周志强口述",
            "file": SimpleUploadedFile(VIDEO.name, VIDEO.read_bytes(), content_type="video/mp4"),
            "collection": Collection.get_first_root_node().pk,
            "duration": "90",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Media.objects.get(title="周志强口述").uploaded_by_user.username == "bianji"


def _submit_copy(client, existing, title, slug, changes):
    """Fill the add form as the editor would: every field of an existing page of the
    same type, a new title, address and the given changes; submit for review."""
    data = edit_form(client, existing)
    data.update({"title": title, "slug": slug, "action-submit": "1", **changes})
    meta = type(existing)._meta
    url = f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{existing.get_parent().pk}/"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = type(existing).objects.get(slug=slug)
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert page.owner.username == "bianji"
    return page


def test_editor_writes_a_profile_of_a_new_person_and_submits_it(editor_client):
    person = Person.objects.create(name="周志强")
    existing = HonorProfilePage.objects.live().first()
    page = _submit_copy(
        editor_client, existing, "周志强：退役不褪色", "zhou-zhiqiang", {"person": person.pk}
    )
    assert page.person == person


def test_editor_writes_an_oral_history_with_a_new_video_and_submits_it(editor_client):
    video = Media.objects.create(
        title="周志强口述",
        type="video",
        duration=90,
        file=SimpleUploadedFile(VIDEO.name, VIDEO.read_bytes(), content_type="video/mp4"),
    )
    existing = OralHistoryPage.objects.get(slug="changjinhu-winter")
    page = _submit_copy(
        editor_client, existing, "周志强讲长津湖", "zhou-changjinhu", {"video": video.pk}
    )
    assert page.video == video
    assert page.segments.count() == existing.segments.count()
