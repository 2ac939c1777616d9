"""Abuse limits per visitor (salted IP hash) and their failure mode: a cache outage
lets tributes through and loses none."""

import json

import pytest
from django.core.cache import caches
from django.test import override_settings

from honors.memorial.models import Tribute, TributeMessage

from .conftest import API, post_tribute

pytestmark = pytest.mark.django_db


def test_21st_tribute_in_a_minute_gets_429_in_chinese(client, martyr):
    for _ in range(20):
        assert post_tribute(client, martyr.pk, ip="192.0.2.10").status_code == 201
    rows = Tribute.objects.count()
    response = post_tribute(client, martyr.pk, ip="192.0.2.10")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["title"] == "请求过于频繁"
    assert "每位访客每分钟最多 20 次" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60
    assert Tribute.objects.count() == rows
    # Another visitor is not affected.
    assert post_tribute(client, martyr.pk, ip="192.0.2.11").status_code == 201


def test_fourth_message_in_ten_minutes_gets_429(client, martyr):
    for n in range(3):
        assert (
            post_tribute(client, martyr.pk, ip="192.0.2.20", message=f"第{n}条").status_code == 201
        )
    response = post_tribute(client, martyr.pk, ip="192.0.2.20", message="第四条")
    assert response.status_code == 429
    assert "10 分钟内最多 3 条留言" in response.json()["detail"]
    assert 60 < int(response["Retry-After"]) <= 600
    assert not TributeMessage.objects.filter(text="第四条").exists()
    # A tribute without a message is still welcome.
    assert post_tribute(client, martyr.pk, ip="192.0.2.20").status_code == 201


def test_a_refused_message_does_not_use_up_the_message_limit(client, martyr):
    """A visitor whose wording was refused rewords it: those attempts are not messages."""
    for n in range(3):
        response = post_tribute(client, martyr.pk, ip="192.0.2.21", message=f"博彩{n}")
        assert response.status_code == 400
    for n in range(3):
        response = post_tribute(client, martyr.pk, ip="192.0.2.21", message=f"改好的留言{n}")
        assert response.status_code == 201
    assert TributeMessage.objects.filter(text__startswith="改好的留言").count() == 3
    assert post_tribute(client, martyr.pk, ip="192.0.2.21", message="第四条").status_code == 429


def test_html_form_429_is_a_chinese_page(client, martyr):
    for _ in range(20):
        client.post(f"/memorial/tribute/{martyr.pk}/", {"kind": "bow"}, REMOTE_ADDR="192.0.2.30")
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/", {"kind": "bow"}, REMOTE_ADDR="192.0.2.30"
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "操作太频繁" in html
    assert "请稍候一分钟再试" in html
    assert 0 < int(response["Retry-After"]) <= 60


def through_proxy(client, martyr, forwarded_for):
    return client.post(
        API,
        data=json.dumps({"martyr": martyr.pk, "kind": "candle"}),
        content_type="application/json",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_visitor_has_their_own_limit(client, martyr):
    for _ in range(20):
        assert through_proxy(client, martyr, "198.51.100.7").status_code == 201
    assert through_proxy(client, martyr, "198.51.100.7").status_code == 429
    # Another visitor behind the same proxy is still welcome ...
    assert through_proxy(client, martyr, "198.51.100.8").status_code == 201
    # ... and a visitor cannot dodge the limit by sending a forged header of their own.
    assert through_proxy(client, martyr, "203.0.113.99, 198.51.100.7").status_code == 429


def test_without_trusted_proxies_a_forwarded_header_changes_nothing(client, martyr):
    for n in range(20):
        assert through_proxy(client, martyr, f"198.51.100.{n}").status_code == 201
    assert through_proxy(client, martyr, "198.51.100.200").status_code == 429


@override_settings(MEMORIAL_TRIBUTES_PER_MINUTE=0)
def test_limit_can_be_switched_off_for_benchmarks(client, martyr):
    for _ in range(25):
        assert post_tribute(client, martyr.pk, ip="192.0.2.40").status_code == 201


REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


@override_settings(CACHES=REDIS_DOWN, DJANGO_REDIS_IGNORE_EXCEPTIONS=True)
def test_redis_outage_neither_loses_nor_refuses_tributes(client, martyr):
    rows = Tribute.objects.filter(martyr=martyr).count()
    for n in range(25):  # more than the limit: the limiter fails open
        response = post_tribute(client, martyr.pk, ip="192.0.2.50", message=f"缓存故障中{n}")
        assert response.status_code == 201, response.content
    assert Tribute.objects.filter(martyr=martyr).count() == rows + 25
    assert TributeMessage.objects.filter(text__startswith="缓存故障中").count() == 25
    page = client.get(martyr.url)
    assert page.status_code == 200


BROKEN = {"default": {"BACKEND": "tests.memorial.broken_cache.BrokenCache"}}


@override_settings(CACHES=BROKEN)
def test_cache_that_raises_still_lets_tributes_through(client, martyr):
    assert caches["default"].__class__.__name__ == "BrokenCache"
    rows = Tribute.objects.count()
    assert post_tribute(client, martyr.pk).status_code == 201
    assert Tribute.objects.count() == rows + 1
