"""What a visitor meets around every page: the site map, the banner button, the 长辈版
switch without JavaScript, read-aloud on every article-like page, video start times."""

import re
from xml.etree import ElementTree

import pytest
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from honors.memorial.models import MartyrPage, MemorialFacilityPage
from honors.models import HonorProfilePage, OralHistoryPage
from volunteers.models import ActivityPage, BrigadePage, StationPage

pytestmark = pytest.mark.django_db


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode()


def test_footer_site_map_link_opens_a_chinese_page_listing_every_section_and_page(
    client, home_page
):
    home = get(client, "/")
    footer = home.split('class="site-footer"', 1)[1]
    assert 'href="/sitemap/">网站地图</a>' in footer

    html = get(client, "/sitemap/")
    assert "<title>网站地图 - 青川区退役军人事务局</title>" in html
    assert "<h1>网站地图</h1>" in html
    links = set(re.findall(r'<a href="([^"]+)"', html.split('class="site-map"', 1)[1]))
    for page in home_page.get_descendants().live().public().filter(depth__lte=home_page.depth + 3):
        assert page.url in links, page.title
    # Sections not in the menu are there too (联系我们).
    assert StandardPage.objects.get(slug="contact").url in links


def test_site_map_leaves_out_pages_behind_a_password(client):
    page = StandardPage.objects.get(slug="contact")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert f'href="{page.url}"' not in get(client, "/sitemap/")


def test_site_map_caps_a_huge_section_and_links_to_the_rest(client, settings, monkeypatch):
    from home import sitemaps

    monkeypatch.setattr(sitemaps, "SECTION_LIMIT", 3)
    news = Page.objects.get(slug="news")
    total = news.get_children().live().public().count()
    html = get(client, "/sitemap/")
    section = html.split(f'id="site-map-{news.pk}"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r'<li><a href="/news/news-', section)) == 3
    assert f"查看“工作动态”全部 {total} 项" in section


def test_sitemap_xml_uses_the_address_the_visitor_came_by(client, home_page):
    for secure, scheme in ((False, "http"), (True, "https")):
        response = client.get("/sitemap.xml", HTTP_HOST="localhost", secure=secure)
        assert response.status_code == 200
        locations = [
            node.text
            for node in ElementTree.fromstring(response.content).iter(
                "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
            )
        ]
        assert f"{scheme}://localhost/" in locations
        assert f"{scheme}://localhost/memorial/" in locations
        assert all(url.startswith(f"{scheme}://localhost/") for url in locations)
        assert not any(":8000" in url for url in locations)


def test_home_banner_button_names_the_page_it_opens(client, home_page):
    html = get(client, "/")
    banner = html.split('class="campaign-banner"', 1)[1].split("</section>", 1)[0]
    target = home_page.banner_link
    assert f'<a class="button button-primary" href="{target.url}">查看{target.title}</a>' in banner
    assert "立即参与" not in html


def test_elder_mode_switch_without_javascript_is_a_toggle_button_named_for_the_mode(client):
    html = get(client, "/news/")
    assert '<button type="submit" class="elder-toggle" aria-pressed="false">长辈版</button>' in html
    assert '<form class="elder-toggle-form" method="get" action="/mode/elder/"' in html
    assert (
        '<input type="hidden" name="on" value="1"><input type="hidden" name="next" value="/news/">'
        in html
    )

    response = client.get("/mode/elder/", {"on": "1", "next": "/news/"})
    assert response["Location"] == "/news/"
    html = get(client, "/news/")
    # On: the same name, pressed; pressing it again turns the mode off.
    assert '<button type="submit" class="elder-toggle" aria-pressed="true">长辈版</button>' in html
    assert '<input type="hidden" name="on" value="0">' in html
    assert "标准版" not in html


def _read_aloud_pages():
    return [
        StandardPage.objects.get(slug="about"),
        StandardPage.objects.get(slug="guide"),
        OralHistoryPage.objects.live().first(),
        StationPage.objects.live().first(),
        BrigadePage.objects.live().first(),
        ActivityPage.objects.live().first(),
        HonorProfilePage.objects.live().first(),
        MartyrPage.objects.live().first(),
        MemorialFacilityPage.objects.live().first(),
    ]


def test_article_like_pages_offer_read_aloud_and_mark_what_to_read(client):
    for page in _read_aloud_pages():
        html = get(client, page.url)
        assert html.count("data-read-aloud-toggle") == 1, page.url
        article = html.split("data-read-aloud>", 1)[1]
        assert "<h1>" in article and "data-read>" in article, page.url
        # The status line that says, in Chinese, when the device cannot read aloud.
        assert 'role="status" data-read-aloud-status' in html


def test_martyr_facts_and_sources_and_profile_record_are_read_once(client):
    martyr = next(m for m in MartyrPage.objects.live() if m.sources)
    html = get(client, martyr.url)
    assert '<dl class="martyr-facts" data-read>' in html
    assert '<h2 data-read>史料来源</h2><ul class="memorial-sources" data-read>' in html

    profile = HonorProfilePage.objects.live().exclude(person=None).first()
    html = get(client, profile.url)
    assert '<blockquote class="quote honors-citation" data-read><p class="lead">' in html
    assert '<dl class="honors-facts" data-read>' in html
    # The citation is marked once, as a whole; its paragraph is not marked again.
    citation = html.split("honors-citation", 1)[1].split("</blockquote>", 1)[0]
    assert citation.count("data-read") == 1


def test_start_time_past_the_end_of_the_video_starts_from_the_beginning_and_says_so(client):
    oral = OralHistoryPage.objects.live().exclude(video__duration=None).first()
    duration = oral.duration
    for moment in (int(duration), int(duration) + 500):
        html = get(client, oral.url, data={"t": str(moment)})
        video = html.split("<video", 1)[1].split(">", 1)[0]
        assert "data-start=" not in video
        assert (
            f"链接中的起始时间（第 {moment} 秒）已超过这段视频的时长（{oral.duration_label}），已改为从头播放。"
            in html
        )
    html = get(client, oral.url, data={"t": "24"})
    assert "将从 24.000 秒处开始播放。" in html
