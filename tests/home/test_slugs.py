"""Page addresses an editor can read aloud: pinyin, not a percent-encoded title."""

import pytest
from django.contrib.auth import get_user_model

from home.models import NewsIndexPage, NewsPage
from tests.home.test_workflow import news_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.get(username="bianji"))
    return client


def create(client, title, slug):
    index = NewsIndexPage.objects.get()
    data = news_form(title, slug)
    response = client.post(f"/admin/pages/add/home/newspage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsPage.objects.filter(title=title).latest("pk")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("长津湖战役：冰雪中的坚守", "changjinhu-zhanyi-bingxue-zhong-de-jianshou"),
        ("2026年清明网上祭扫启动", "2026-nian-qingming-wangshang-jisao-qidong"),
        ("曾祥福：老兵的故事", "zengxiangfu-laobing-de-gushi"),
    ],
)
def test_a_chinese_title_gets_a_pinyin_address(editor_client, title, slug):
    # The admin's script copies the title into the slug field as typed.
    page = create(editor_client, title, title)
    assert page.slug == slug
    assert page.get_url_parts()[2] == f"/news/{slug}/"
    assert page.get_url_parts()[2].isascii()


def test_a_second_page_with_the_same_title_gets_its_own_address(editor_client):
    first = create(editor_client, "退役军人座谈会", "退役军人座谈会")
    second = create(editor_client, "退役军人座谈会", "退役军人座谈会")
    assert (first.slug, second.slug) == ("tuiyijunren-zuotanhui", "tuiyijunren-zuotanhui-2")


def test_an_address_the_editor_typed_in_latin_letters_is_kept(editor_client):
    page = create(editor_client, "退役军人座谈会", "veterans-forum-2026")
    assert page.slug == "veterans-forum-2026"


def test_editing_a_chinese_address_turns_it_into_pinyin(editor_client):
    page = NewsPage.objects.live().first()
    data = news_form(page.title, "中文地址")
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    revision = page.get_latest_revision_as_object()
    assert revision.slug.isascii() and revision.slug
