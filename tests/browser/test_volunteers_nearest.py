"""A visitor on a phone taps “离我最近” and the nearest service station comes first."""

from urllib.parse import urlsplit

import pytest

from volunteers.geo import haversine_km

pytestmark = pytest.mark.django_db(transaction=True)


def new_page(browser, **options):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2, **options
    )
    return context, context.new_page()


def listed(page):
    return page.eval_on_selector_all(
        "[data-station]", "items => items.map(item => item.getAttribute('data-title'))"
    )


def test_nearest_station_comes_first_with_granted_location(live_demo, browser, artifacts):
    from volunteers.models import StationPage

    target = StationPage.objects.get(slug="linchuan-4")
    here = {"latitude": float(target.latitude) + 0.0008, "longitude": float(target.longitude)}
    context, page = new_page(browser, geolocation=here)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    # Count location requests, passing them on to the browser's real implementation.
    page.add_init_script(
        """(() => {
          const geo = navigator.geolocation, real = geo.getCurrentPosition.bind(geo);
          window.geoCalls = 0;
          geo.getCurrentPosition = (...args) => { window.geoCalls += 1; return real(...args); };
        })();"""
    )
    try:
        context.grant_permissions(["geolocation"], origin=live_demo.url)
        page.goto(live_demo.url + "/stations/")
        page.wait_for_load_state("networkidle")
        default_order = listed(page)
        assert default_order[0] != target.title
        # Location is asked for only on the click, never on page load.
        assert page.evaluate("window.geoCalls") == 0
        page.get_by_role("button", name="离我最近").click()
        page.get_by_text("已按离您的距离由近到远排列").wait_for()
        assert page.evaluate("window.geoCalls") == 1

        order = listed(page)
        assert order[0] == target.title
        first_distance = page.inner_text("[data-station] >> nth=0 >> [data-distance]")
        assert first_distance.startswith("距您约") and first_distance.endswith("米")

        stations = {s.title: s for s in StationPage.objects.live()}
        distances = [
            haversine_km(here["latitude"], here["longitude"], s.latitude, s.longitude)
            for s in (stations[title] for title in order)
        ]
        assert distances == sorted(distances)
        hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
        assert hosts == {urlsplit(live_demo.url).netloc}
        page.screenshot(path=str(artifacts / "volunteers-nearest-station.png"), full_page=False)
    finally:
        context.close()


def test_refused_location_offers_the_street_choice(live_demo, browser):
    context, page = new_page(browser)
    try:
        page.goto(live_demo.url + "/stations/")
        page.evaluate(
            """() => { navigator.geolocation.getCurrentPosition = (ok, fail) =>
                 fail({code: 1, message: "denied"}); }"""
        )
        page.get_by_role("button", name="离我最近").click()
        page.get_by_text("无法获取您的位置").wait_for()
        assert page.evaluate("document.activeElement.name") == "street"

        page.select_option("select[name=street]", "linchuan")
        page.get_by_role("button", name="筛选").click()
        page.wait_for_url("**street=linchuan**")
        order = listed(page)
        assert order[0] == "临川镇退役军人服务站"
        assert len(order) == 5
    finally:
        context.close()


def test_the_button_is_large_enough_in_elder_mode(live_demo, browser):
    context, page = new_page(browser)
    try:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_demo.url}])
        page.goto(live_demo.url + "/stations/")
        for selector in ["[data-nearest-button]", "select[name=street]", ".vol-filter button"]:
            box = page.locator(selector).bounding_box()
            assert box["height"] >= 60 and box["width"] >= 60, (selector, box)
    finally:
        context.close()
