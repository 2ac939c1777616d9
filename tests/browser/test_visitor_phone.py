"""What a visitor meets on a phone (390 px) and on a desktop, in normal and 长辈版 mode:
every section in view, readable header and footer, a toggle that says what it is,
large targets, read-aloud that reads each text once or says why it cannot, video
start times, and tribute counts that stay current without JavaScript."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def open_page(browser, live_demo, url, size="phone", elder=False, javascript=True, init=None):
    context = browser.new_context(
        viewport=SIZES[size], locale="zh-CN", java_script_enabled=javascript
    )
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
    if init:
        context.add_init_script(init)
    page = context.new_page()
    page.goto(live_demo.url + url)
    return page


def box(locator):
    return locator.bounding_box()


def menu_sections():
    from home.models import HomePage

    return ["首页"] + [p.title for p in HomePage.objects.get().get_children().live().in_menu()]


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_section_is_in_view_and_header_and_footer_are_readable(
    live_demo, browser, artifacts, size, elder
):
    page = open_page(browser, live_demo, "/", size=size, elder=elder)
    width = SIZES[size]["width"]
    nav = page.get_by_role("navigation", name="主导航")
    names = [link.strip() for link in nav.get_by_role("link").all_inner_texts()]
    assert names == menu_sections()
    assert "英烈纪念馆" in names and "服务站" in names
    least = 60 if elder else 44
    for name in names:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        area = box(link)
        # Wholly inside the screen: nothing is hidden past the right edge.
        assert area["x"] >= 0 and area["x"] + area["width"] <= width, (name, area)
        assert area["height"] >= least and area["width"] >= least, (name, area)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"nav-{size}-{'elder' if elder else 'normal'}.png"))

    results = Axe().run(
        page,
        context={"include": [["header.site-header"], ["footer.site-footer"]]},
        options={"runOnly": ["color-contrast"]},
    )
    failures = [
        (node["target"], node["any"][0]["message"])
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
    assert failures == []
    # The ICP line, which was black on black in 长辈版.
    note = page.locator(".footer-note")
    colour = note.evaluate("el => getComputedStyle(el).color")
    background = page.locator(".site-footer").evaluate("el => getComputedStyle(el).backgroundColor")
    assert contrast(colour, background) >= 4.5


def contrast(first, second):
    def luminance(css):
        channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_elder_toggle_keeps_its_name_and_reports_its_state(live_demo, browser):
    page = open_page(browser, live_demo, "/")
    toggle = page.get_by_role("button", name="长辈版", exact=True)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_class("elder")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.reload()
    toggle = page.get_by_role("button", name="长辈版", exact=True)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator("html")).not_to_have_class("elder")


def test_elder_toggle_and_sections_work_without_javascript(live_demo, browser):
    page = open_page(browser, live_demo, "/news/", javascript=False)
    page.get_by_role("button", name="长辈版", exact=True).click()
    page.wait_for_url("**/news/")
    expect(page.locator("html")).to_have_class("elder")
    toggle = page.get_by_role("button", name="长辈版", exact=True)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    nav = page.get_by_role("navigation", name="主导航")
    for name in menu_sections():
        area = box(nav.get_by_role("link", name=name, exact=True))
        assert area["x"] + area["width"] <= PHONE["width"], name
    toggle.click()
    page.wait_for_url("**/news/")
    expect(page.locator("html")).not_to_have_class("elder")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_elder_mode_headings_and_standalone_links_are_large(live_demo, browser, size):
    page = open_page(browser, live_demo, "/", size=size, elder=True)
    headings = page.locator("main h2")
    for index in range(headings.count()):
        size_px = headings.nth(index).evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert size_px >= 40, headings.nth(index).inner_text()

    for url in ["/stations/", "/volunteers/", "/sitemap/", "/about/"]:
        page.goto(live_demo.url + url)
        small = page.evaluate(
            """() => Array.from(document.querySelectorAll('main a')).filter(a => {
                const r = a.getBoundingClientRect();
                // A link on its own (not inside running text) is a touch target.
                return r.height > 0 && a.parentElement.textContent.trim() === a.textContent.trim()
                  && (r.height < 60 || r.width < 60);
              }).map(a => a.textContent.trim())"""
        )
        assert small == [], url
    page.goto(live_demo.url + "/stations/")
    area = box(page.get_by_role("link", name="查看数据看板"))
    assert area["height"] >= 60 and area["width"] >= 60


# The device's speech engine is outside the browser: these scripts stand in for a phone
# with only an English voice, and for one with a Chinese voice whose speech is recorded.
ENGLISH_ONLY = """
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "en-US", name: "English"}],
  speak: () => { throw new Error("should not speak"); },
  cancel: () => {}, addEventListener: () => {}, removeEventListener: () => {}
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
CHINESE_VOICE = """
window.spoken = [];
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "en-US", name: "English"}, {lang: "zh-CN", name: "普通话"}],
  speak: (utterance) => window.spoken.push([utterance.text, utterance.voice.lang]),
  cancel: () => {}, addEventListener: () => {}, removeEventListener: () => {}
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_read_aloud_says_so_when_there_is_no_chinese_voice(live_demo, browser, elder):
    page = open_page(browser, live_demo, "/about/", elder=elder, init=ENGLISH_ONLY)
    button = page.get_by_role("button", name="朗读全文")
    button.click()
    expect(page.get_by_role("status").filter(has_text="没有安装中文语音")).to_be_visible()
    expect(button).to_have_text("朗读全文")


def spoken_on(browser, live_demo, url):
    page = open_page(browser, live_demo, url, init=CHINESE_VOICE)
    page.get_by_role("button", name="朗读全文").click()
    button = page.locator("[data-read-aloud-toggle]")
    page.wait_for_function("window.spoken.length > 0")
    expect(button).to_have_text("停止朗读")
    spoken = page.evaluate("window.spoken")
    assert {lang for _, lang in spoken} == {"zh-CN"}
    texts = [text for text, _ in spoken]
    button.click()
    expect(button).to_have_text("朗读全文")
    return texts


def test_read_aloud_reads_martyr_facts_and_sources_once(live_demo, browser):
    from honors.memorial.models import MartyrPage

    martyr = next(m for m in MartyrPage.objects.live() if m.sources and m.hometown)
    texts = spoken_on(browser, live_demo, martyr.url)
    assert texts[0] == f"{martyr.title} 烈士"
    assert f"籍贯：{martyr.hometown}" in texts
    assert "史料来源" in texts
    first_source = martyr.sources[0].value["title"]
    assert any(text.startswith(first_source) for text in texts)
    assert len(texts) == len(set(texts)), "a passage was read twice"


def test_read_aloud_reads_the_citation_once_and_the_personal_record(live_demo, browser):
    from honors.models import HonorProfilePage

    profile = HonorProfilePage.objects.live().exclude(person=None).first()
    texts = spoken_on(browser, live_demo, profile.url)
    assert texts.count(profile.citation) == 1
    assert "推荐语" in texts
    assert "人物档案" in texts
    assert f"姓名：{profile.person.name}" in texts
    assert len(texts) == len(set(texts))


def test_read_aloud_is_offered_on_oral_history_about_guide_station_and_brigade(live_demo, browser):
    from home.models import StandardPage
    from honors.models import OralHistoryPage
    from volunteers.models import BrigadePage, StationPage

    oral = OralHistoryPage.objects.live().first()
    station = StationPage.objects.live().first()
    brigade = BrigadePage.objects.live().first()
    pages = [
        (oral.url, oral.get_segments()[0].text),
        (StandardPage.objects.get(slug="about").url, "机构概况"),
        (StandardPage.objects.get(slug="guide").url, "办事指南"),
        (station.url, f"地址：{station.address}"),
        (brigade.url, brigade.title),
    ]
    for url, expected in pages:
        texts = spoken_on(browser, live_demo, url)
        assert any(expected in text for text in texts), (url, texts[:5])
        assert len(texts) == len(set(texts)), url


def test_start_time_past_the_end_starts_from_the_beginning_and_says_so(live_demo, browser):
    from honors.models import OralHistoryPage

    oral = OralHistoryPage.objects.live().exclude(video__duration=None).first()
    page = open_page(browser, live_demo, f"{oral.url}?t=5000")
    expect(page.get_by_role("status").filter(has_text="已超过这段视频的时长")).to_be_visible()
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    assert page.evaluate("document.querySelector('video').ended") is False
    assert page.evaluate("document.querySelector('video').currentTime") < 1


def test_tribute_count_stays_current_without_javascript_on_cached_pages(
    live_demo, browser, settings
):
    from honors.memorial.models import MartyrPage

    settings.PAGE_CACHE_SECONDS = 300
    martyr = MartyrPage.objects.live().get(slug="martyr-01")
    counts = "[data-tribute-counts='martyr'] [data-count='flower']"
    visitor = open_page(browser, live_demo, martyr.url, elder=True, javascript=False)
    before = int(visitor.locator(counts).inner_text())
    visitor.get_by_role("button", name="献花").click()
    expect(visitor.get_by_text("您已向英烈献花，谢谢您的缅怀。")).to_be_visible()

    visitor.goto(live_demo.url + "/")
    response = visitor.goto(live_demo.url + martyr.url)
    assert response.headers.get("x-page-cache") == "hit"
    assert int(visitor.locator(counts).inner_text()) == before + 1
