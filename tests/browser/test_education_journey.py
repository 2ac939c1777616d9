"""A teacher finds a 初中 pack, teaches it full-screen with the keyboard, prints the handout."""

import io
import time

import pytest
import segno
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True)

PACK = "/education/shangganling-water/"
VIDEO = "document.querySelector('.is-current video[data-clip]')"


@pytest.fixture(autouse=True)
def media_through_portal_view(monkeypatch):
    """Django's live server answers /media/ itself without Range support; send it
    through the portal's view as the site does, so videos can seek."""
    import django.test.testcases

    from core import media

    monkeypatch.setattr(django.test.testcases, "serve", media.serve)


def wait_until(page, expression, timeout=10.0):
    """Poll from Python: wait_for_function would eval() in the page, which the CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"等待超时：{expression}")
        page.wait_for_timeout(100)


def step_counter(page):
    return page.locator("[data-step-counter]").inner_text()


def qr_matrix(image):
    """Read a QR code image back into modules (segno draws 6 px per module, 2 modules of
    quiet zone), to compare with the code segno makes for the expected URL."""
    image = image.convert("L")
    size = image.width // 6
    return [
        [image.getpixel((x * 6 + 3, y * 6 + 3)) < 128 for x in range(2, size - 2)]
        for y in range(2, size - 2)
    ]


def expected_matrix(url):
    from honors.qr import make_qr

    assert isinstance(make_qr(url), segno.QRCode)
    return [[bool(cell) for cell in row] for row in make_qr(url).matrix]


def test_teacher_journey_from_finding_a_pack_to_printing_its_handout(live_demo, browser, artifacts):
    from education.models import LessonPage

    lesson = LessonPage.objects.get(slug="shangganling-water")
    total = len(lesson.classroom_steps())
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()

    # Find a 初中 pack.
    page.goto(live_demo.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="红色教育").click()
    page.wait_for_url("**/education/")
    page.locator('a[data-facet="grade"][data-value="junior"]').click()
    page.wait_for_url("**/education/?grade=junior")
    titles = page.locator(".edu-lesson-list .card-title a").all_inner_texts()
    assert "上甘岭的一壶水" in titles and "守边关，守海岛" not in titles
    page.get_by_role("link", name="上甘岭的一壶水").click()
    page.wait_for_url("**" + PACK)

    # Classroom mode, stepped through with the keyboard.
    page.get_by_role("link", name="课堂模式（全屏逐步讲授）").click()
    page.wait_for_url("**/classroom/#step-1")
    assert step_counter(page) == f"第 1 / {total} 步"
    assert page.locator(".edu-step:visible").count() == 1
    assert page.locator(".edu-step:visible h2").inner_text() == "学习目标"

    page.keyboard.press("ArrowRight")
    assert step_counter(page) == f"第 2 / {total} 步"
    assert page.locator(".edu-step:visible h2").inner_text() == "坑道里的一壶水"
    # The clip starts at its start and plays ...
    wait_until(page, f"{VIDEO}.currentTime > 28.3 && !{VIDEO}.paused", 15)
    assert page.evaluate(f"{VIDEO}.currentTime") < 31
    page.screenshot(path=str(artifacts / "education-classroom-clip.png"))
    # ... and stops by itself at its end (the teacher skips ahead to save class time).
    page.evaluate(f"{VIDEO}.currentTime = 58.5")
    line = "document.querySelector('.is-current .edu-clip-line.is-current')"
    wait_until(page, f"{line} && {line}.textContent.includes('四十多天')", 3)
    wait_until(page, f"{VIDEO}.paused", 6)
    stopped = page.evaluate(f"{VIDEO}.currentTime")
    assert 59.7 <= stopped <= 60.3
    page.wait_for_timeout(800)
    assert page.evaluate(f"{VIDEO}.paused && {VIDEO}.currentTime") == pytest.approx(stopped)

    page.keyboard.press("PageDown")
    assert step_counter(page) == f"第 3 / {total} 步"
    assert page.locator(".edu-step:visible h2").inner_text() == "陈桂林：坑道里的通信兵"
    page.keyboard.press(" ")
    assert step_counter(page) == f"第 4 / {total} 步"
    page.keyboard.press("PageUp")
    page.keyboard.press("ArrowLeft")
    assert step_counter(page) == f"第 2 / {total} 步"
    # Back on the clip it plays from its start again and, although the browser honours
    # the #t=start,end fragment only once, stops at its end again.
    wait_until(page, f"!{VIDEO}.paused && {VIDEO}.currentTime < 31", 10)
    page.evaluate(f"{VIDEO}.currentTime = 58.5")
    wait_until(page, f"{VIDEO}.paused", 6)
    assert 59.7 <= page.evaluate(f"{VIDEO}.currentTime") <= 60.3
    page.keyboard.press("End")
    assert step_counter(page) == f"第 {total} / {total} 步"
    assert page.locator(".edu-step:visible h2").inner_text() == "谢谢同学们"
    page.keyboard.press("Home")
    assert step_counter(page) == f"第 1 / {total} 步"

    # Print the handout: A4, a QR code per item, no site navigation.
    page.get_by_role("link", name="退出课堂模式").click()
    page.get_by_role("link", name="打印学习单（A4，含二维码）").click()
    page.wait_for_url("**/handout/")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    (artifacts / "education-handout.pdf").write_bytes(
        page.pdf(prefer_css_page_size=True, print_background=True)
    )
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "上甘岭的一壶水" in text and "学习目标" in text and "想一想，写一写" in text
    for chrome in ("跳到主要内容", "长辈版", "主导航", "网站地图", "开放接口说明", "返回课程"):
        assert chrome not in text, chrome
    urls = page.locator("img[data-qr-url]").evaluate_all("els => els.map(e => e.dataset.qrUrl)")
    assert len(urls) == 5 and all(url.startswith(live_demo.url) for url in urls)
    images = [image.image for p in pdf.pages for image in p.images]
    assert len(images) == len(urls)
    # Each printed code, read back module by module, is the code of an item's address.
    assert sorted(map(str, map(qr_matrix, images))) == sorted(
        str(expected_matrix(url)) for url in urls
    )
    context.close()


def test_without_script_a_clip_still_stops_at_its_end(live_demo, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_demo.url + PACK)
    video = "document.querySelector('video[data-clip]')"
    wait_until(page, f"{video}.readyState >= 1", 15)
    # The media fragment #t=28,60 opens the video at the clip's start ...
    assert page.evaluate(f"{video}.currentTime") == pytest.approx(28, abs=0.1)
    page.evaluate(f"{video}.currentTime = 58.5; {video}.play()")
    # ... and the browser itself pauses it at the end.
    wait_until(page, f"{video}.paused", 6)
    assert 59.7 <= page.evaluate(f"{video}.currentTime") <= 60.4
    context.close()


@pytest.mark.parametrize(
    ("width", "height", "min_font"),
    [(1920, 1080, 32), (820, 1180, 20), (1180, 820, 24)],
    ids=["projector", "tablet-portrait", "tablet-landscape"],
)
def test_classroom_fits_projector_and_tablet(
    live_demo, browser, artifacts, width, height, min_font
):
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    page = context.new_page()
    page.goto(live_demo.url + PACK + "classroom/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= min_font
    page.get_by_role("button", name="下一步").tap()
    assert step_counter(page).startswith("第 2 /")
    video = page.locator(".edu-step:visible video").bounding_box()
    assert video["y"] >= 0 and video["y"] + video["height"] <= height
    assert video["width"] >= width * 0.45
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"education-classroom-{width}x{height}.png"))
    page.get_by_role("button", name="上一步").tap()
    assert step_counter(page).startswith("第 1 /")
    context.close()


def test_without_script_the_classroom_shows_every_step_in_order(live_demo, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_demo.url + PACK + "classroom/")
    steps = page.locator(".edu-step")
    assert steps.count() >= 6
    assert page.locator(".edu-step:visible").count() == steps.count()
    numbers = page.locator(".edu-step-number:visible").all_inner_texts()
    assert numbers == [f"第 {n} / {steps.count()} 步" for n in range(1, steps.count() + 1)]
    context.close()
