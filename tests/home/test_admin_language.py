"""The admin speaks Chinese to the people who work in it every day.

Walks the main admin screens as the 编辑 (bianji) and 审核 (shenhe) accounts and fails
on any English words in what the page shows: text, button labels, placeholders,
titles and accessible names. Product names and formats (Wagtail, PDF, CSV, URL…)
are allowed.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

pytestmark = pytest.mark.django_db

ALLOWED = {
    "wagtail",
    "pdf",
    "csv",
    "xlsx",
    "excel",
    "url",
    "api",
    "json",
    "html",
    "seo",
    "qr",
    "icp",
    "id",
    "ip",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "svg",
    "mp4",
    "webm",
    "vtt",
    "srt",
    "utf",
    "gb",
    "mb",
    "kb",
    "rss",
    "http",
    "https",
    "www",
    "com",
    "cn",
    "gov",
    "wechat",
    "iso",
    "gps",
    "alt",
    "slug",
    "pinyin",
    "tag",
    "tags",
    "min",
    "max",
}
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "value")
SHOWN_VALUES = ("submit", "button", "reset")  # an <input> of these types shows its value
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")


class _Visible(HTMLParser):
    """Collects what a sighted or screen-reader user meets; skips hidden subtrees."""

    SKIP = {"script", "style", "template", "noscript", "svg", "code", "pre", "textarea"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []  # [tag, nesting] of the element whose subtree is skipped
        self.chunks = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if self.skipping:
            if tag == self.skipping[0]:
                self.skipping[1] += 1
            return
        if tag in self.SKIP or "hidden" in values or values.get("type") == "hidden":
            if tag not in self.VOID:
                self.skipping = [tag, 1]
            return
        for name in ATTRIBUTES:
            if name == "value" and not (tag == "input" and values.get("type") in SHOWN_VALUES):
                continue
            if values.get(name):
                self.chunks.append(values[name])

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[0]:
            self.skipping[1] -= 1
            if not self.skipping[1]:
                self.skipping = []

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def english_in(html):
    parser = _Visible()
    parser.feed(html)
    found = set()
    for chunk in parser.chunks:
        # Addresses, paths and uploaded file names are data, not interface text.
        text = re.sub(
            r"\S+@\S+|https?://\S+|/[\w/.-]+|[\w.-]+\.(?:txt|pdf|docx?|xlsx?|mp4|webm|mp3|m4a|jpe?g|png|gif|webp)",
            " ",
            chunk,
        )
        words = [w for w in WORD.findall(text) if w.lower().strip("'’-") not in ALLOWED]
        if words:
            found.add(" ".join(chunk.split())[:120])
    return found


def screens():
    """The screens each role opens in a working day: dashboard, explorer, every page
    type's edit and add forms, history, media libraries, snippets, reports, account."""
    from wagtail.models import Page

    paths = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{Page.objects.get(depth=2).pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/media/",
        "/admin/snippets/",
        "/admin/pages/search/?q=老兵",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/account/",
    ]
    seen = set()
    for page in Page.objects.filter(depth__gt=1).order_by("path").specific():
        model = type(page)
        if model in seen:
            continue
        seen.add(model)
        paths += [f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.pk}/history/"]
        parent = page.get_parent()
        meta = model._meta
        paths.append(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/")
        if page.get_children().exists():
            paths.append(f"/admin/pages/{page.pk}/")
    return paths


@pytest.mark.parametrize("username", ["bianji", "shenhe"])
def test_main_admin_screens_have_no_english(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    english, checked = {}, 0
    for path in screens():
        response = client.get(path, follow=True)
        if response.status_code == 403 or response.redirect_chain[-1:] == [("/admin/", 302)]:
            continue  # screens this role may not open are someone else's work
        assert response.status_code == 200, path
        checked += 1
        found = english_in(response.content.decode())
        if found:
            english[path] = sorted(found)
    assert checked >= 30  # dashboard, explorer, each page type's edit/add/history…
    assert english == {}, json.dumps(english, ensure_ascii=False, indent=1)


def test_an_editor_sees_plain_chinese_when_a_required_field_is_empty(client):
    from home.models import NewsIndexPage

    client.force_login(get_user_model().objects.get(username="bianji"))
    news_index = NewsIndexPage.objects.first()
    data = nested_form_data(
        {
            "title": "",
            "slug": "",
            "date": "2026-11-20",
            "lead": "",
            "body": streamfield([("paragraph", rich_text("<p>正文。</p>"))]),
        }
    )
    response = client.post(f"/admin/pages/add/home/newspage/{news_index.pk}/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "有填写错误，页面未能创建，请按标红的提示修改。" in page
    assert "此项必填，请填写。" in page
    assert "validation errors" not in page


def test_the_page_explorer_says_published_not_in_use(client):
    from home.models import NewsIndexPage

    client.force_login(get_user_model().objects.get(username="bianji"))
    page = client.get(f"/admin/pages/{NewsIndexPage.objects.first().pk}/").content.decode()
    assert "已发布" in page
    assert "在用" not in page
    assert "Exploring" not in page and "- Wagtail" not in page
