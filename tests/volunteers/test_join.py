"""加入我们: validation in Chinese, staff-only storage, CSRF, honeypot and rate limit."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from home.models import Street
from volunteers.models import JoinApplication, StatsPage

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def join_url(volunteer_index):
    return volunteer_index.url + "join/"


def form_data(**overrides):
    data = {
        "name": "刘志愿",
        "phone": PHONE,
        "speciality": "rescue",
        "street": Street.objects.get(slug="heping").pk,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_page_has_labels_csrf_and_a_hidden_honeypot(client, join_url):
    html = client.get(join_url).content.decode()
    assert "csrfmiddlewaretoken" in html
    for label in ("姓名", "联系电话", "意向服务专长", "所在镇街"):
        assert f">{label}<" in html
    assert 'class="visually-hidden" aria-hidden="true"' in html and 'name="website"' in html


def test_a_valid_application_is_stored_and_thanked(client, join_url):
    response = client.post(join_url, form_data(phone="139 1234 5678"))
    assert response.status_code == 302 and response["Location"].endswith("?done=1")
    application = JoinApplication.objects.get()
    assert (application.name, application.phone, application.consent) == ("刘志愿", PHONE, True)
    assert "报名已收到" in client.get(response["Location"]).content.decode()


def test_a_landline_is_accepted(client, join_url):
    client.post(join_url, form_data(phone="0571-88001234"))
    assert JoinApplication.objects.get().phone == "0571-88001234"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"phone": "12345"}, "电话号码格式不正确"),
        ({"phone": "12912345678"}, "电话号码格式不正确"),
        ({"phone": ""}, "请填写联系电话。"),
        ({"name": "  "}, "请填写姓名。"),
        ({"name": "<b>x</b>"}, "姓名中不能包含特殊符号。"),
        ({"consent": ""}, "请阅读并勾选同意个人信息使用说明后再提交。"),
        ({"speciality": "pilot"}, "请从列表中选择服务专长。"),
        ({"street": ""}, "请选择所在镇街。"),
    ],
)
def test_invalid_input_gets_a_chinese_message_and_nothing_is_stored(
    client, join_url, overrides, message
):
    response = client.post(join_url, form_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "提交未成功" in html
    assert JoinApplication.objects.count() == 0


def test_visitor_text_is_escaped(client, join_url):
    html = client.post(
        join_url, form_data(name="<script>alert(1)</script>", phone="1")
    ).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_honeypot_submissions_are_dropped_silently(client, join_url):
    response = client.post(join_url, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert JoinApplication.objects.count() == 0


def test_csrf_is_enforced(join_url):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(join_url, form_data())
    assert response.status_code == 403
    assert JoinApplication.objects.count() == 0


def test_too_many_posts_from_one_address_get_a_chinese_429(client, join_url, settings):
    for number in range(5):
        client.post(join_url, form_data(phone=f"1391234{number:04d}"), REMOTE_ADDR="203.0.113.9")
    response = client.post(join_url, form_data(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert JoinApplication.objects.count() == 5
    # Another address is not affected.
    assert client.post(join_url, form_data(), REMOTE_ADDR="203.0.113.10").status_code == 302


def test_the_rate_limit_key_does_not_contain_the_address(client, join_url):
    from core.ratelimit import visitor_hash

    cache.clear()
    client.post(join_url, form_data(), REMOTE_ADDR="198.51.100.23")
    visitor = visitor_hash(_request("198.51.100.23"), "volunteers")
    assert "198.51.100.23" not in visitor
    assert cache.get(f"rl:join:{visitor}") == 1  # the counter is keyed by the hash only
    assert visitor == visitor_hash(_request("198.51.100.23"), "volunteers")
    assert visitor != visitor_hash(_request("198.51.100.24"), "volunteers")
    cache.clear()


def _request(address):
    from django.test import RequestFactory

    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_applicant_phone_never_appears_publicly(client, join_url, volunteer_index):
    client.post(join_url, form_data())
    assert JoinApplication.objects.filter(phone=PHONE).exists()
    stats_page = StatsPage.objects.get()
    for url in (
        volunteer_index.url,
        join_url,
        join_url + "?done=1",
        stats_page.url,
        "/api/v3/stats/",
        f"/api/v3/pages/{volunteer_index.pk}/",
        f"/api/v3/pages/{stats_page.pk}/",
        "/api/v3/pages/?type=volunteers.VolunteerIndexPage&fields=*",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert PHONE not in body, url
        assert "刘志愿" not in body, url


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.get(username="admin")
    client.force_login(user)
    return client


def test_staff_list_and_export_applications_as_csv(admin_client, join_url):
    Client().post(join_url, form_data())
    listing = admin_client.get("/admin/snippets/volunteers/joinapplication/")
    assert listing.status_code == 200
    assert PHONE in listing.content.decode()
    export = admin_client.get("/admin/snippets/volunteers/joinapplication/?export=csv")
    assert export.status_code == 200
    assert "volunteer-applications" in export["Content-Disposition"]
    content = b"".join(export.streaming_content if export.streaming else [export.content])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["姓名", "联系电话", "意向服务专长"]
    assert rows[1][:2] == ["刘志愿", PHONE]


def test_a_name_typed_as_a_formula_stays_text_in_the_csv_export(admin_client, join_url):
    Client().post(join_url, form_data(name="=1+2*3刘志愿"))
    export = admin_client.get("/admin/snippets/volunteers/joinapplication/?export=csv")
    content = b"".join(export.streaming_content if export.streaming else [export.content])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=1+2*3刘志愿"
    assert rows[1][1] == PHONE


def test_anonymous_visitors_cannot_reach_the_admin_list(client):
    response = client.get("/admin/snippets/volunteers/joinapplication/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def staff_reader(client):
    """The least a staff member needs to read and export applications."""
    from django.contrib.auth.models import Group, Permission

    user = get_user_model().objects.create_user("volunteer-desk", password="x", is_staff=True)
    group = Group.objects.create(name="志愿服务台")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_joinapplication"])
    )
    user.groups.add(group)
    client.force_login(user)
    return client


def download(client, export_format):
    response = client.get(f"/admin/snippets/volunteers/joinapplication/?export={export_format}")
    assert response.status_code == 200
    return b"".join(response.streaming_content if response.streaming else [response.content])


HOSTILE_NAMES = [
    "张\x1b三",
    '=HYPERLINK("x.cn")',
    "+1+2",
    "@SUM(1)",
    "-2+3",
]  # names hold 20 characters


def test_export_survives_control_characters_and_keeps_formulas_as_text(staff_reader):
    # Rows from before the form cleaned names, or typed by staff in the admin.
    street = Street.objects.get(slug="heping")
    for index, name in enumerate(HOSTILE_NAMES):
        JoinApplication.objects.create(
            name=name, phone=f"1391234567{index}", speciality="rescue", street=street
        )

    sheet = openpyxl.load_workbook(io.BytesIO(download(staff_reader, "xlsx"))).active
    rows = list(sheet.iter_rows(min_row=2))
    names = {row[1].value: row[0] for row in rows}
    assert names["13912345670"].value == "张三"
    for index, name in enumerate(HOSTILE_NAMES[1:], start=1):
        cell = names[f"1391234567{index}"]
        assert cell.value == name
        assert cell.data_type == "s" and cell.quotePrefix, name
    assert not names["13912345670"].quotePrefix

    content = download(staff_reader, "csv").decode("utf-8-sig")
    csv_rows = {row[1]: row[0] for row in csv.reader(io.StringIO(content))}
    assert csv_rows["13912345670"] == "张三"
    for index, name in enumerate(HOSTILE_NAMES[1:], start=1):
        assert csv_rows[f"1391234567{index}"] == "'" + name
    # What the visitor typed is kept as typed.
    assert JoinApplication.objects.filter(name="张\x1b三").exists()
