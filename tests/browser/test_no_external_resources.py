"""Nothing is loaded from another host and the Content-Security-Policy blocks nothing,
on every kind of page: public pages, the API's interactive docs, the admin and the
error pages. The interactive docs really render the API's operations."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(live_demo, page):
    """The page, plus every URL it requested; CSP violations are read per visit."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return page, requested


def visit(page, requested, url):
    requested.clear()
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    hosts = {urlsplit(u).netloc for u in requested if u.startswith(("http:", "https:"))}
    return response, hosts, violations


def login(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Qingchuan@2026")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_the_api_docs_render_every_operation_from_this_site_only(live_demo, watched, artifacts):
    from portal.api import api

    page, requested = watched
    response, hosts, violations = visit(page, requested, live_demo.url + "/api/v3/docs/")
    assert response.status == 200
    page.wait_for_selector(".opblock-summary")
    operations = sum(
        len(item) for item in api.get_openapi_schema(path_prefix="/api/v3/")["paths"].values()
    )
    assert page.locator(".opblock").count() == operations
    assert page.get_by_text("/api/v3/memorial/tributes").first.is_visible()
    assert page.locator(".info .title").inner_text().startswith("青川区退役军人事务局 内容接口")
    page.screenshot(path=str(artifacts / "api-docs.png"))
    assert hosts == {urlsplit(live_demo.url).netloc}
    assert violations == []
    assert any("/static/vendor/swagger-ui/swagger-ui-bundle.js" in url for url in requested)


PUBLIC_PAGES = [
    ("/", 200),
    ("/news/", 200),
    ("/memorial/", 200),
    ("/search/?q=%E8%80%81%E5%85%B5", 200),
    ("/no-such-page/", 404),
    ("/news/?tag=a%00b", 400),
    ("/admin/login/", 200),
]
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/api-tokens/", "/admin/api-tokens/new/"]


def test_public_admin_and_error_pages_load_nothing_from_elsewhere(live_demo, watched):
    page, requested = watched
    here = {urlsplit(live_demo.url).netloc}
    seen = []
    for path, _status in PUBLIC_PAGES:
        response, hosts, violations = visit(page, requested, live_demo.url + path)
        seen.append((path, response.status, hosts == here, violations))
    login(page, live_demo.url, "admin")
    for path in ADMIN_PAGES:
        response, hosts, violations = visit(page, requested, live_demo.url + path)
        seen.append((path, response.status, hosts == here, violations))
    expected = [(path, status, True, []) for path, status in PUBLIC_PAGES]
    expected += [(path, 200, True, []) for path in ADMIN_PAGES]
    assert seen == expected
