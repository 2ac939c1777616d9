"""Wagtail's admin search reads Chinese, and editors manage synonyms there."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_admin_page_search_finds_a_chinese_word_inside_a_title(admin_client):
    html = admin_client.get("/admin/pages/search/", {"q": "招聘会"}).content.decode()
    assert "退役军人专场招聘会提供岗位860个" in html
    html = admin_client.get("/admin/pages/search/", {"q": "调解"}).content.decode()
    assert "老兵调解工作室" in html


def test_admin_search_backend_segments_both_sides():
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert [p.title for p in backend.search("公祭活动", Page)] == [
        "烈士纪念日公祭活动在区烈士陵园举行"
    ]


def test_editors_edit_synonyms_in_the_admin(admin_client):
    from search import service
    from search.models import Synonym

    response = admin_client.post(
        "/admin/snippets/search/synonym/add/", {"terms": "烈属, 烈士家属", "note": "称呼"}
    )
    assert response.status_code == 302
    synonym = Synonym.objects.get(note="称呼")
    assert synonym.terms == "烈属，烈士家属"
    assert service.parse_query("烈属").clauses == [[["烈属"], ["烈士", "家属"]]]

    response = admin_client.post("/admin/snippets/search/synonym/add/", {"terms": "单独一个词"})
    assert response.status_code == 200
    assert "至少填写两个词" in response.content.decode()
