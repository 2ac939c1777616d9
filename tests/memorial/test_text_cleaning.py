"""core.text: the one cleaning of visitors' text, used by the tribute form and API and
by the volunteers' 加入我们 form."""

import pytest

from core.text import clean, has_visible
from home.models import Street
from volunteers.models import JoinApplication, VolunteerIndexPage


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("\u202e致敬\u202c", "致敬"),
        ("致\u200b敬\ufeff", "致敬"),
        ("英\u0301\u0301\u0301雄", "英\u0301雄"),
        ("一\u2028二", "一 二"),
        ("\u3164", ""),
        ("🕯\ufe0f献花", "🕯\ufe0f献花"),  # an emoji keeps its presentation selector
    ],
)
def test_clean_keeps_what_readers_see(sent, kept):
    assert clean(sent) == kept


def test_multiline_text_keeps_its_line_breaks():
    assert clean("第一行\r\n第二行\u2029第三行", multiline=True) == "第一行\n第二行\n第三行"


def test_has_visible():
    assert has_visible("网友") and has_visible("1") and has_visible("！")
    assert not has_visible("") and not has_visible(" \u3000") and not has_visible("\u3164\u2800")


@pytest.fixture
def join_url(db):
    return VolunteerIndexPage.objects.get().url + "join/"


def join(client, join_url, **overrides):
    data = {
        "name": "刘志愿",
        "phone": "13912345678",
        "speciality": "rescue",
        "street": Street.objects.get(slug="heping").pk,
        "consent": "on",
        "website": "",
        **overrides,
    }
    return client.post(join_url, data)


@pytest.mark.parametrize("name", ["\u3164\u3164", "\u200b\u200d", "\u2800", "\u202e\u202c"])
def test_join_form_refuses_a_name_made_of_invisible_characters(client, join_url, name):
    before = JoinApplication.objects.count()
    response = join(client, join_url, name=name)
    assert response.status_code == 400
    assert "请填写姓名。" in response.content.decode()
    assert JoinApplication.objects.count() == before


def test_join_form_stores_name_and_phone_without_invisible_characters(client, join_url):
    response = join(
        client, join_url, name="\u202e刘\u200b志愿\u3164", phone="139\u200b1234\u20605678"
    )
    assert response.status_code == 302
    application = JoinApplication.objects.latest("pk")
    assert (application.name, application.phone) == ("刘志愿", "13912345678")
