"""Every page type renders with the demo content as a visitor on a phone sees it."""

import re

import pytest
from wagtail.models import Page

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html, name):
    match = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("model", [HomePage, StandardPage, NewsIndexPage, NewsPage])
def test_every_page_type_renders_with_title_description_and_open_graph(client, model):
    page = model.objects.live().first()
    assert page is not None, f"演示内容缺少 {model.__name__}"
    html = get(client, page.url)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert (page.seo_title or page.title) in title
    assert "青川区退役军人事务局" in title
    assert meta(html, "description")
    assert meta(html, "og:title")
    assert meta(html, "og:url").startswith("http://testserver/")
    assert '<html lang="zh-CN"' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert 'role="banner"' in html and 'role="contentinfo"' in html


def test_home_page_has_banner_sections_and_latest_news(client, home_page):
    html = get(client, home_page.url)
    assert "退役军人优待证办理指南" in html
    assert f'href="{home_page.banner_link.url}"' in html
    for section in home_page.get_children().live().in_menu():
        assert f'href="{section.url}"' in html
    newest = NewsPage.objects.live().order_by("-date").first()
    assert newest.title in html
    assert "长辈版" in html


def test_home_banner_hides_outside_its_dates(client, home_page):
    import datetime

    home_page.banner_end = datetime.date(2000, 1, 1)
    home_page.banner_start = None
    home_page.save()
    assert "退役军人优待证办理指南" not in get(client, home_page.url)


def test_news_page_shows_date_tags_body_blocks_and_read_aloud(client):
    page = NewsPage.objects.live().filter(tags__name="褒扬纪念").first()
    html = get(client, page.url)
    assert page.date.strftime("%Y年") in html
    assert "褒扬纪念" in html
    assert "<figure" in html and "<figcaption>" in html
    assert "<blockquote" in html
    assert "下载通知原文" in html
    assert "data-read-aloud-toggle" in html
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:image").startswith("http://testserver/")


def test_images_carry_alt_text(client):
    html = get(client, NewsPage.objects.live().first().url)
    images = re.findall(r"<img [^>]*>", html)
    assert images
    for tag in images:
        assert re.search(r'alt="[^"]*"', tag), tag
    content_images = [tag for tag in images if "/media/" in tag]
    assert content_images and all('alt=""' not in tag for tag in content_images)


def test_news_index_paginates_and_filters_by_tag(client):
    index = NewsIndexPage.objects.live().get()
    html = get(client, index.url)
    assert "第 1 / 2 页" in html
    page_two = get(client, index.url, data={"page": 2})
    assert "第 2 / 2 页" in page_two
    out_of_range = get(client, index.url, data={"page": 99})
    assert "第 2 / 2 页" in out_of_range
    filtered = get(client, index.url, data={"tag": "就业创业"})
    expected = NewsPage.objects.live().filter(tags__name="就业创业")
    assert expected.count() >= 2
    for page in expected:
        assert page.title in filtered
    assert "为立功官兵家庭送喜报" not in filtered
    empty = get(client, index.url, data={"tag": "不存在的标签"})
    assert "没有标签为“不存在的标签”的动态" in empty


def test_tag_filter_escapes_visitor_input(client):
    index = NewsIndexPage.objects.live().get()
    html = get(client, index.url, data={"tag": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_navigation_and_breadcrumbs_come_from_the_page_tree(client):
    page = NewsPage.objects.live().first()
    html = get(client, page.url)
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert ">工作动态</a>" in nav and 'aria-current="page"' in nav
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    assert ">首页</a>" in crumbs and ">工作动态</a>" in crumbs and page.title in crumbs


def test_unpublished_pages_are_not_reachable(client):
    page = NewsPage.objects.live().first()
    url = page.url
    page.unpublish()
    response = client.get(url)
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_footer_shows_the_bureau_contact(client, home_page):
    html = get(client, home_page.url)
    footer = re.search(r'<footer class="site-footer".*?</footer>', html, re.S).group(0)
    assert "江澜市青川区和平路88号" in footer
    assert "0571-8800 0000" in footer


def test_404_page_is_chinese_and_in_the_site_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面未找到" in html and "返回首页" in html
    assert "css/portal.css" in html


def test_500_page_is_chinese(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()


def test_pages_request_nothing_from_other_hosts(client):
    for page in Page.objects.live().filter(depth__gt=1).specific()[:20]:
        html = get(client, page.url)
        for attr in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert attr.startswith("http://testserver"), (page.url, attr)


def test_elder_mode_switch_works_without_javascript(client, home_page):
    response = client.get("/mode/elder/", {"on": "1", "next": "/news/"})
    assert response.status_code == 302 and response["Location"] == "/news/"
    assert response.cookies["elder_mode"].value == "1"
    html = get(client, "/news/")
    assert '<html lang="zh-CN" class="elder">' in html
    assert 'class="elder-toggle" aria-pressed="true">长辈版</button>' in html
    off = client.get("/mode/elder/", {"on": "0", "next": "/"})
    assert off.cookies["elder_mode"].value == ""
    assert 'class="elder"' not in get(client, "/")


def test_elder_mode_switch_refuses_to_redirect_elsewhere(client):
    response = client.get("/mode/elder/", {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"
