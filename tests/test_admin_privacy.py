"""Staff-only fields stay out of every admin view for staff without the permission.

A martyr's family contact, phone and address (permission 英烈亲属联系方式) and a
person's phone, ID number and home address (permission 人物保密信息) are kept from the
demo 编辑 (bianji) in the revision compare view, page history, revision and draft
previews, workflow views, listings, exports, choosers and the admin API. The demo 审核
(shenhe) holds the martyr permission and sees the family contact where it belongs.
"""

import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import Street
from honors.memorial.models import MartyrPage, MemorialHallPage
from honors.models import Person
from volunteers.models import JoinApplication

from .honors.test_admin import FormFields

pytestmark = pytest.mark.django_db

FAMILY = {
    "family_contact": "保密联系人甲",
    "family_phone": "13912345678",
    "family_address": "青川区保密路9号",
}
FAMILY_LABELS = ["亲属联系人（保密）", "亲属电话（保密）", "亲属住址（保密）"]


def user(username):
    return get_user_model().objects.get(username=username)


def body(response):
    """What the user receives, as text; an XLSX download is read cell by cell."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    return content.decode("utf-8-sig")


@pytest.fixture
def martyr():
    """A martyr whose family contact changed between revisions, now in review."""
    page = MartyrPage.objects.live().get(slug="martyr-01")
    admin = user("admin")
    first = page.save_revision(user=admin)
    for field, value in FAMILY.items():
        setattr(page, field, value)
    second = page.save_revision(user=admin)
    second.publish(user=admin)
    page.family_phone = "13800009999"
    page.lead = "生平简介修改稿。"
    third = page.save_revision(user=user("bianji"))
    state = Workflow.objects.get(name="两级审核发布").start(page, user("bianji"))
    page.revision_ids = (first.pk, second.pk, third.pk)
    page.workflow_state = state
    return page


def admin_urls(page):
    first, second, third = page.revision_ids
    state = page.workflow_state
    hall = MemorialHallPage.objects.get()
    base = f"/admin/pages/{page.pk}"
    return [
        f"{base}/revisions/compare/{first}...{second}/",
        f"{base}/revisions/compare/{first}...{third}/",
        f"{base}/revisions/compare/earliest...latest/",
        f"{base}/revisions/compare/live...{third}/",
        f"{base}/revisions/compare/{second}...latest/",
        f"{base}/history/",
        f"{base}/history/results/",
        f"{base}/revisions/{second}/view/",
        f"{base}/revisions/{second}/revert/",
        f"{base}/edit/",
        f"{base}/edit/preview/",
        f"{base}/view_draft/",
        f"{base}/usage/",
        f"{base}/workflow_history/",
        f"{base}/workflow_history/detail/{state.pk}/",
        f"/admin/pages/{hall.pk}/",
        f"/admin/pages/{hall.pk}/?export=csv",
        f"/admin/pages/{hall.pk}/?export=xlsx",
        f"/admin/pages/search/?q={page.title}",
        f"/admin/choose-page/?q={page.title}",
        f"/admin/choose-page/{hall.pk}/",
        f"/admin/api/main/pages/{page.pk}/",
        f"/admin/api/main/pages/?child_of={hall.pk}&fields=*",
        "/admin/reports/site-history/",
    ]


def test_editor_sees_no_family_contact_in_any_admin_view(client, martyr):
    client.force_login(user("bianji"))
    for url in admin_urls(martyr):
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        for secret in [*FAMILY.values(), "13800009999", *FAMILY_LABELS]:
            assert secret not in text, (url, secret)


def test_compare_view_lists_other_changes_to_the_editor(client, martyr):
    first, _, third = martyr.revision_ids
    client.force_login(user("bianji"))
    html = body(client.get(f"/admin/pages/{martyr.pk}/revisions/compare/{first}...{third}/"))
    assert "生平简介修改稿。" in html
    assert "亲属" not in html


def test_reviewer_with_the_permission_sees_the_family_contact(client, martyr):
    first, second, third = martyr.revision_ids
    client.force_login(user("shenhe"))
    base = f"/admin/pages/{martyr.pk}"
    html = body(client.get(f"{base}/revisions/compare/{first}...{second}/"))
    for label, value in zip(FAMILY_LABELS, FAMILY.values(), strict=True):
        assert label in html and value in html
    html = body(client.get(f"{base}/revisions/compare/{second}...{third}/"))
    assert "13912345678" in html and "13800009999" in html
    html = body(client.get(f"{base}/edit/"))
    assert 'name="family_phone"' in html and "13800009999" in html


def martyr_form(client, page):
    parser = FormFields()
    parser.feed(body(client.get(f"/admin/pages/{page.pk}/edit/")))
    # The StreamField editors are drawn by JavaScript; submit what they would.
    parser.data.update(
        nested_form_data(
            {
                "deeds": streamfield([("paragraph", rich_text("<p>英雄事迹。</p>"))]),
                "sources": streamfield([]),
            }
        )
    )
    return parser.data


def test_an_editors_save_keeps_the_family_contact(client, martyr):
    # A page in review is locked for its editor; this edit comes after a withdrawal.
    martyr.workflow_state.cancel(user=user("bianji"))
    client.force_login(user("bianji"))
    data = martyr_form(client, martyr)
    assert "family_phone" not in data
    data["lead"] = "编辑修改了简介。"
    response = client.post(f"/admin/pages/{martyr.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    saved = MartyrPage.objects.get(pk=martyr.pk).get_latest_revision_as_object()
    assert saved.lead == "编辑修改了简介。"
    assert saved.family_phone == "13800009999"
    assert (saved.family_contact, saved.family_address) == (
        FAMILY["family_contact"],
        FAMILY["family_address"],
    )


@pytest.fixture
def archivist():
    """Staff who keep the person records but may not see their private fields."""
    staff = get_user_model().objects.create_user("archivist", password="x", is_staff=True)
    group = Group.objects.create(name="人物维护")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_person", "change_person", "add_person"]
        )
    )
    staff.groups.add(group)
    return staff


def test_person_private_fields_stay_out_of_admin_views(client, archivist):
    person = Person.objects.get(name="王德顺")
    secrets = [person.phone, person.id_number, person.home_address]
    assert all(secrets)
    client.force_login(archivist)
    base = "/admin/snippets/honors/person"
    for url in [
        f"{base}/",
        f"{base}/?q=王德顺",
        f"{base}/edit/{person.pk}/",
        f"{base}/history/{person.pk}/",
        f"{base}/usage/{person.pk}/",
        f"/admin/snippets/choose/honors/person/?q={person.name}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        for secret in [*secrets, "身份证号（保密）"]:
            assert secret not in text, (url, secret)
    # The phone or ID number does not even find the person.
    html = body(client.get(f"{base}/", {"q": person.id_number}))
    assert "王德顺" not in html


def test_saving_a_person_without_the_permission_keeps_private_fields(client, archivist):
    person = Person.objects.get(name="王德顺")
    before = (person.phone, person.id_number, person.home_address)
    client.force_login(archivist)
    url = f"/admin/snippets/honors/person/edit/{person.pk}/"
    html = body(client.get(url))
    data = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', html))
    data.update(name="王德顺", bio="档案员修改的简介。")
    for key in ("phone", "id_number", "home_address"):
        assert key not in data
    response = client.post(url, data)
    assert response.status_code == 302, body(response)[-2000:]
    person.refresh_from_db()
    assert person.bio == "档案员修改的简介。"
    assert (person.phone, person.id_number, person.home_address) == before


def test_join_applications_are_closed_to_editors_and_reviewers(client):
    application = JoinApplication.objects.create(
        name="刘志愿", phone="13700001111", speciality="rescue", street=Street.objects.first()
    )
    for username in ("bianji", "shenhe"):
        client.force_login(user(username))
        for url in (
            "/admin/snippets/volunteers/joinapplication/",
            "/admin/snippets/volunteers/joinapplication/?export=xlsx",
            "/admin/snippets/choose/volunteers/joinapplication/",
            "/admin/snippets/choose/volunteers/joinapplication/results/",
            f"/admin/snippets/choose/volunteers/joinapplication/chosen/{application.pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), (username, url)
            assert "刘志愿" not in body(response) and "13700001111" not in body(response)
