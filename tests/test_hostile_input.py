"""Hostile input through every public form, page filter, API and query parameter.

Each case is what an attacker sends; each asserts the Chinese 4xx (or the correct page)
a visitor or API client gets, that nothing reaches the page unescaped, and that nothing
is stored wrongly. Payloads: script injection, format characters (RLO U+202E, ZWSP,
BOM, Unicode tag characters), NUL, oversize values, hosts this site does not serve,
forged X-Forwarded-For. The tribute form and API belong to the memorial's own suite
and appear here only for the generic cases (NUL, oversize, bad host).
"""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from home.models import Street
from honors.memorial.models import MartyrPage, Tribute, TributeMessage
from volunteers.models import JoinApplication, VolunteerIndexPage

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
XSS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "svg-onload": "'><svg/onload=alert(1)>",
}
FORMAT = {
    "rlo": "\u202e彩博",
    "zwsp-bom-tags": "老\u200b兵\ufeff\U000e0041\U000e0042",
    "line-separator": "退役\u2028军人",
}
OVERSIZE = "长" * 5000
NUL = "a\x00b"

PAGE_FILTERS = [
    ("/news/", "tag"),
    ("/news/", "page"),
    ("/honors/", "title"),
    ("/honors/", "year"),
    ("/honors/", "level"),
    ("/honors/", "street"),
    ("/memorial/", "q"),
    ("/memorial/", "hometown"),
    ("/memorial/", "unit"),
    ("/memorial/", "era"),
    ("/memorial/", "resting"),
    ("/memorial/", "sort"),
    ("/stations/", "level"),
    ("/stations/", "honour"),
    ("/stations/", "street"),
    ("/volunteers/", "speciality"),
    ("/volunteers/", "street"),
    ("/search/", "q"),
    ("/search/", "type"),
    ("/search/", "street"),
    ("/search/", "year"),
]
API_QUERIES = [
    ("/api/v3/pages/", "search"),
    ("/api/v3/pages/", "type"),
    ("/api/v3/pages/", "fields"),
    ("/api/v3/pages/", "order"),
    ("/api/v3/pages/", "slug"),
    ("/api/v3/search/", "q"),
    ("/api/v3/search/", "street"),
    ("/api/v3/search/suggest", "q"),
]
PRINTABLE = {**XSS, **FORMAT, "oversize": OVERSIZE}


def no_markup_leaked(html, value):
    """Escaped output never carries the payload's own tags or handlers."""
    if "<" in value:
        assert value not in html
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "alert(1)</script>" not in html


@pytest.mark.parametrize("name, value", list(PRINTABLE.items()))
@pytest.mark.parametrize("path, param", PAGE_FILTERS)
def test_page_filters_show_a_correct_page_and_never_echo_markup(client, path, param, name, value):
    response = client.get(path, {param: value})
    assert response.status_code in (200, 400), (path, param, name)
    html = response.content.decode()
    assert html.rstrip().endswith("</html>")
    if response.status_code == 400:
        assert CJK.search(re.search(r"<main.*?</main>", html, re.S).group(0))
    no_markup_leaked(html, value)


@pytest.mark.parametrize("path, param", PAGE_FILTERS)
def test_page_filters_refuse_nul_in_chinese(client, path, param):
    response = client.get(path, {param: NUL})
    assert response.status_code == 400
    assert "请求中含有无法处理的字符" in response.content.decode()


@pytest.mark.parametrize("name, value", [*PRINTABLE.items(), ("nul", NUL)])
@pytest.mark.parametrize("path, param", API_QUERIES)
def test_api_queries_answer_json_or_a_chinese_problem(client, path, param, name, value):
    query = {param: value, **({"q": "老兵"} if param != "q" and "search" in path else {})}
    response = client.get(path, query)
    assert response.status_code in (200, 400, 422), (path, param, name)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("application/json")
    else:
        assert response["Content-Type"] == "application/problem+json"
        assert CJK.search(response.json()["detail"])
    if name == "nul":
        assert response.status_code == 400


@pytest.fixture
def join_url():
    return VolunteerIndexPage.objects.live().get().url + "join/"


def join_form(**overrides):
    data = {
        "name": "刘志愿",
        "phone": "13912345678",
        "speciality": "rescue",
        "street": Street.objects.get(slug="heping").pk,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("field", ["name", "phone"])
@pytest.mark.parametrize("name, value", [*XSS.items(), ("nul", NUL), ("oversize", OVERSIZE)])
def test_the_join_form_never_stores_or_shows_markup_wrongly(client, join_url, field, name, value):
    before = JoinApplication.objects.count()
    response = client.post(join_url, join_form(**{field: value}))
    stored = JoinApplication.objects.count() - before
    if name == "nul":
        assert response.status_code == 400 and stored == 0
        assert "请求中含有无法处理的字符" in response.content.decode()
        return
    if stored:
        # Accepted: kept as the visitor typed it (plain text, escaped wherever shown).
        assert field == "name" and name != "oversize"
        assert JoinApplication.objects.latest("pk").name == value
        assert response.status_code == 302
    else:
        assert response.status_code in (200, 400)
        html = response.content.decode()
        assert 'class="errorlist' in html or "error" in html
        no_markup_leaked(html, value)


@pytest.mark.parametrize("name, value", [*XSS.items(), ("nul", NUL), ("oversize", OVERSIZE)])
def test_the_admin_login_refuses_hostile_usernames_in_chinese(client, name, value):
    before = set(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post("/admin/login/", {"username": value, "password": "x"})
    html = response.content.decode()
    assert CJK.search(html)
    assert "_auth_user_id" not in client.session
    new = AccessAttempt.objects.exclude(pk__in=before)
    if name == "nul":
        assert response.status_code == 400 and not new.exists()
        return
    assert response.status_code == 200
    no_markup_leaked(html, value)
    # A failed attempt is kept under the name as typed (plain text), or not at all.
    assert set(new.values_list("username", flat=True)) <= {value}


@pytest.fixture
def martyr():
    return MartyrPage.objects.live().order_by("pk").first()


def test_the_tribute_form_refuses_nul_and_oversize_without_storing(client, martyr):
    counts = (Tribute.objects.count(), TributeMessage.objects.count())
    url = f"/memorial/tribute/{martyr.pk}/"
    nul = client.post(url, {"kind": "flower", "message": NUL})
    big = client.post(url, {"kind": "flower", "message": "长" * 1_000_000})
    assert (nul.status_code, big.status_code) == (400, 400)
    assert "请求中含有无法处理的字符" in nul.content.decode()
    assert "提交的内容有误" in big.content.decode()
    assert (Tribute.objects.count(), TributeMessage.objects.count()) == counts


def test_the_tribute_api_refuses_nul_and_oversize_without_storing(client, martyr):
    counts = (Tribute.objects.count(), TributeMessage.objects.count())
    nul = client.post(
        "/api/v3/memorial/tributes",
        {"martyr": martyr.pk, "kind": "flower", "message": NUL},
        content_type="application/json",
    )
    big = client.post(
        "/api/v3/memorial/tributes",
        {"martyr": martyr.pk, "kind": "flower", "message": "长" * 1_000_000},
        content_type="application/json",
    )
    assert (nul.status_code, big.status_code) == (400, 413)
    assert CJK.search(nul.json()["detail"]) and CJK.search(big.json()["detail"])
    assert (Tribute.objects.count(), TributeMessage.objects.count()) == counts


BAD_HOSTS = ["evil.example", "", "127.0.0.1:8000@evil", "evil.example:443", "[::1"]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/memorial/"),
        ("get", "/search/?q=%E8%80%81%E5%85%B5"),
        ("post", "/memorial/tribute/1/"),
        ("post", "/admin/login/"),
        ("post", "/api/v3/memorial/tributes"),
    ],
)
def test_a_host_this_site_does_not_serve_is_refused_before_anything_is_stored(
    client, host, method, path
):
    counts = (Tribute.objects.count(), AccessAttempt.objects.count())
    response = getattr(client, method)(path, HTTP_HOST=host)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert "Host" in response.json()["detail"]
    else:
        assert "无法识别请求的网站地址（Host）" in response.content.decode()
    assert (Tribute.objects.count(), AccessAttempt.objects.count()) == counts


@pytest.mark.parametrize(
    "forwarded",
    ["203.0.113.9", "203.0.113.9, <script>", "not-an-address", "203.0.113.9, \u202e1.1.1.1"],
)
def test_forged_forwarded_addresses_do_not_escape_the_login_lockout(client, settings, forwarded):
    """Without a trusted proxy the header is ignored; with one, only a real address
    in the proxy's position counts, so a client cannot rotate its way past axes."""
    settings.TRUSTED_PROXY_COUNT = 1
    login = "/admin/login/"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login,
            {"username": "shenhe", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"{forwarded}, 198.51.100.7",
        )
    response = client.post(
        login,
        {"username": "shenhe", "password": "Qingchuan@2026"},
        HTTP_X_FORWARDED_FOR=f"{forwarded}, 198.51.100.7",
    )
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"198.51.100.7"}


def test_a_forwarded_value_that_is_not_an_address_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/admin/login/",
        {"username": "shenhe", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.9, <script>alert(1)</script>",
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert get_user_model().objects.filter(username="shenhe").exists()


@pytest.mark.parametrize("value", ["下线", "1 OR 1=1", "%00", "1.5"])
def test_a_revision_filter_that_is_not_a_number_is_a_chinese_422(client, value):
    """``?user_id=`` reaches a database lookup; text there must not be a 500."""
    from wagtail.models import Page

    from tests.api_tokens import bearer

    get_user_model().objects.create_superuser("revisions-admin", "r@example.cn", "x")
    page = Page.objects.filter(depth__gt=1).first()
    response = client.get(
        f"/api/v3/pages/{page.pk}/revisions/",
        {"user_id": value},
        **bearer("revisions-admin", "read", "write"),
    )
    assert response.status_code == 422
    problem = response.json()
    assert "未通过校验" in problem["detail"]
    assert problem["errors"][0]["loc"] == ["query", "user_id"]
    assert problem["errors"][0]["msg"] == "应为整数。"
