"""Editors: transcript timing errors are explained in Chinese; people are kept once."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from honors.models import HonorProfilePage, HonorTitle, OralHistoryPage, Person


class FormFields(HTMLParser):
    """Collect what the browser would submit for the page editor's form."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.in_form = False
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.lstrip("\n") if not self.data[self.textarea] else data


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    if isinstance(page, HonorProfilePage):
        # The StreamField editor is drawn by JavaScript; submit what it would.
        story = [("paragraph", rich_text("<p>事迹正文。</p>"))]
        parser.data.update(nested_form_data({"story": streamfield(story)}))
    return parser.data


@pytest.fixture
def oral_history(db):
    return OralHistoryPage.objects.get(slug="changjinhu-winter")


def test_unchanged_form_saves(admin_client, oral_history):
    data = edit_form(admin_client, oral_history)
    assert data["segments-TOTAL_FORMS"] == str(oral_history.segments.count())
    assert data["segments-1-start"] == "00:04"
    response = admin_client.post(f"/admin/pages/{oral_history.pk}/edit/", data)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "changes, messages",
    [
        (
            {"segments-2-start": "0:06"},
            ["第 3 段（00:06–00:11.7）与第 2 段（00:04–00:07.7）时间重叠。"],
        ),
        (
            {"segments-2-start": "0:01", "segments-2-end": "0:02"},
            ["第 3 段（00:01）排在第 2 段（00:04）之后，但开始得更早：请按时间顺序排列。"],
        ),
        ({"segments-0-end": "0:00"}, ["第 1 段的结束时间（00:00）必须晚于开始时间（00:00）。"]),
        ({"segments-21-end": "1:35"}, ["第 22 段的结束时间（01:35）超出了视频时长（01:30）。"]),
        ({"segments-0-start": "-0:01"}, ["时间格式不正确"]),
        ({"segments-0-start": "-2"}, ["第 1 段的开始时间不能为负数。"]),
        (
            {"segments-0-start": "半分钟"},
            ["时间格式不正确，请填写如 1:23 或 1:23.5（分:秒）或 83.5（秒）。"],
        ),
    ],
)
def test_bad_segment_times_are_explained(admin_client, oral_history, changes, messages):
    before = list(oral_history.segments.values_list("start", "end"))
    data = edit_form(admin_client, oral_history)
    data.update(changes)
    response = admin_client.post(f"/admin/pages/{oral_history.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    for message in messages:
        assert message in html
    oral_history.refresh_from_db()
    assert list(oral_history.segments.values_list("start", "end")) == before
    assert oral_history.get_latest_revision().content["segments"][1]["start"] in ("4.000", "4.0", 4)


def test_editor_can_reorder_segments_with_the_order_field(admin_client, oral_history):
    data = edit_form(admin_client, oral_history)
    # Dragging segment 3 above segment 2 puts them out of time order.
    data["segments-1-ORDER"], data["segments-2-ORDER"] = (
        data["segments-2-ORDER"],
        data["segments-1-ORDER"],
    )
    response = admin_client.post(f"/admin/pages/{oral_history.pk}/edit/", data)
    assert response.status_code == 200
    assert "请按时间顺序排列" in response.content.decode()


def test_team_title_needs_members_and_a_person_title_needs_a_person(admin_client, db):
    team = HonorProfilePage.objects.get(slug="qingshan-rescue-team")
    data = edit_form(admin_client, team)
    for index in range(int(data["members-TOTAL_FORMS"])):
        data[f"members-{index}-DELETE"] = "1"
    html = admin_client.post(f"/admin/pages/{team.pk}/edit/", data).content.decode()
    assert "“最美退役军人工作团队”是团队称号，请至少添加一名团队成员。" in html

    profile = HonorProfilePage.objects.get(slug="wang-deshun")
    data = edit_form(admin_client, profile)
    data["person"] = ""
    html = admin_client.post(f"/admin/pages/{profile.pk}/edit/", data).content.decode()
    assert "“最美退役军人”是个人称号，请选择人物。" in html


def test_honor_titles_are_an_editable_list(db):
    assert list(HonorTitle.objects.values_list("name", flat=True)[:6]) == [
        "最美退役军人",
        "最美退役军人工作者",
        "最美退役军人工作团队",
        "最美拥军人物",
        "最美军嫂",
        "就业创业之星",
    ]
    assert HonorTitle.objects.get(slug="team").is_team


def test_person_snippets_are_listed_and_searchable(admin_client):
    response = admin_client.get("/admin/snippets/honors/person/", {"q": "王德顺"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "王德顺" in html and "陈桂林" not in html


def test_private_fields_only_for_staff_with_the_permission(client, db):
    person = Person.objects.get(name="王德顺")
    editor = get_user_model().objects.create_user("archivist", password="x", is_staff=True)
    group = Group.objects.create(name="人物管理")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_person"),
    )
    editor.groups.add(group)
    client.force_login(editor)
    url = f"/admin/snippets/honors/person/edit/{person.pk}/"
    html = client.get(url).content.decode()
    assert 'name="name"' in html
    assert 'name="id_number"' not in html and person.id_number not in html
    group.permissions.add(Permission.objects.get(codename="view_private_person"))
    editor = get_user_model().objects.get(pk=editor.pk)
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert 'name="id_number"' in html and person.id_number in html
