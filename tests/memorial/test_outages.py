"""The database or Redis really goes away under a running portal (gunicorn).

A visitor whose tribute cannot be stored gets a Chinese 503 with Retry-After (problem
+json from the API, a page that keeps the message from the form), nothing half-written
stays behind, and every tribute accepted before and after the outage is counted exactly.
"""

import json
import threading
from collections import Counter

import pytest
from django.db import connection

from honors.memorial.models import MartyrPage, Tribute, TributeCount, TributeMessage
from honors.memorial.services import reconcile

from .outage import database_switch, free_port, running_portal

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = ["flower", "candle", "bow", "toast"]


@pytest.fixture
def martyrs(live_demo):
    return list(MartyrPage.objects.live().public().order_by("pk").values_list("pk", flat=True)[:3])


def state(martyrs):
    return {
        "rows": Counter(
            (row.martyr_id, row.kind) for row in Tribute.objects.filter(martyr__in=martyrs)
        ),
        "counts": Counter(
            {
                (row.martyr_id, row.kind): row.count
                for row in TributeCount.objects.filter(martyr__in=martyrs)
            }
        ),
        "messages": TributeMessage.objects.filter(martyr__in=martyrs).count(),
    }


def assert_unavailable_problem(status, headers, data):
    assert status == 503
    assert headers["Content-Type"].startswith("application/problem+json")
    assert headers["Retry-After"] == "30"
    assert data["status"] == 503 and data["title"] == "服务暂时不可用"
    assert "请稍等片刻后再试" in data["detail"]


def test_database_outage_answers_503_and_loses_no_tribute(martyrs):
    before = state(martyrs)
    accepted = Counter()
    with database_switch(connection.settings_dict) as (url, database):
        with running_portal(url) as portal:
            for n in range(8):
                key = (martyrs[n % 3], KINDS[n % 4])
                extra = {"message": f"断线前的留言{n}"} if n % 4 == 0 else {}
                status, _, data = portal.tribute(*key, **extra)
                assert status == 201, data
                accepted[key] += 1

            database.cut()
            rows_during = Tribute.objects.count()
            for n in range(4):
                extra = {"message": f"断线时的留言{n}", "nickname": "访客"} if n % 2 else {}
                assert_unavailable_problem(*portal.tribute(martyrs[0], "bow", **extra))
            status, headers, body = portal.request(
                "GET", f"/api/v3/memorial/martyrs/{martyrs[0]}/counts"
            )
            assert_unavailable_problem(status, headers, json.loads(body))
            status, headers, body = portal.request(
                "POST",
                f"/memorial/tribute/{martyrs[0]}/",
                "kind=candle&nickname=%E8%80%81%E5%85%B5&message=%E8%8B%B1%E9%9B%84%E5%8D%83%E5%8F%A4"
                "&csrfmiddlewaretoken=" + "a" * 32,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "csrftoken=" + "a" * 32,
                },
            )
            page = body.decode()
            assert status == 503 and headers["Retry-After"] == "30"
            assert "祭扫暂时无法记录，请稍后再试" in page
            assert ">英雄千古</textarea>" in page and 'value="老兵"' in page
            assert "再次提交" in page
            assert Tribute.objects.count() == rows_during
            assert not TributeMessage.objects.filter(text__startswith="断线时的留言").exists()

            database.restore()
            for n in range(8):
                key = (martyrs[n % 3], KINDS[(n + 1) % 4])
                extra = {"message": f"恢复后的留言{n}"} if n % 4 == 0 else {}
                status, _, data = portal.tribute(*key, **extra)
                assert status == 201, data
                accepted[key] += 1

    after = state(martyrs)
    assert after["rows"] - before["rows"] == accepted
    assert after["counts"] - before["counts"] == accepted
    assert after["messages"] == before["messages"] + 4
    assert reconcile(dry_run=True) == {"totals": 0, "daily": 0}


def test_tributes_racing_an_outage_are_all_counted_and_none_half_written(martyrs):
    """Four visitors keep paying tribute while the database goes away and comes back."""
    before = state(martyrs)
    outcomes, accepted, lock = Counter(), Counter(), threading.Lock()
    stop = threading.Event()

    def visitor(number, portal):
        for index in range(300):
            if stop.is_set():
                return
            key = (martyrs[(number + index) % 3], KINDS[(number + index) % 4])
            extra = {"message": f"高峰留言{number}-{index}"} if index % 5 == 0 else {}
            status, headers, _ = portal.tribute(*key, **extra)
            with lock:
                outcomes[status] += 1
                if status == 201:
                    accepted[key] += 1
                elif headers["Content-Type"].startswith("application/problem+json"):
                    outcomes["problem+json", headers.get("Retry-After")] += 1

    def wait_for(condition):
        # Bounded by the visitors' own requests: it ends when they do.
        while not condition() and any(thread.is_alive() for thread in threads):
            stop.wait(0.05)
        assert condition(), outcomes

    with database_switch(connection.settings_dict) as (url, database):
        with running_portal(url) as portal:
            threads = [threading.Thread(target=visitor, args=(n, portal)) for n in range(4)]
            for thread in threads:
                thread.start()
            wait_for(lambda: outcomes[201] >= 20)
            database.cut()
            wait_for(lambda: outcomes[503] >= 8)
            database.restore()
            recovered_from = outcomes[201]
            wait_for(lambda: outcomes[201] >= recovered_from + 20)
            stop.set()
            for thread in threads:
                thread.join()

    assert set(outcomes) <= {201, 503, ("problem+json", "30")}, outcomes
    assert outcomes["problem+json", "30"] == outcomes[503] >= 8
    after = state(martyrs)
    rows_added = after["rows"] - before["rows"]
    # 0 lost: every accepted tribute has its row. A commit whose reply was cut off may be
    # stored although that visitor saw 503: it is then counted too, never half-written.
    assert all(rows_added[key] >= number for key, number in accepted.items())
    assert rows_added.total() - accepted.total() <= outcomes[503]
    assert after["counts"] - before["counts"] == rows_added
    assert reconcile(dry_run=True) == {"totals": 0, "daily": 0}
    assert not TributeMessage.objects.filter(
        text__startswith="高峰留言", tribute__isnull=True
    ).exists()


def test_redis_outage_under_a_running_portal_still_takes_every_tribute(martyrs):
    before = state(martyrs)
    accepted = Counter()
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with database_switch(connection.settings_dict) as (url, _):
        # The real limits (20 tributes a minute, 3 messages per 10 minutes): with Redis
        # gone the limiter cannot count, and lets visitors through rather than refuse them.
        limits = {"MEMORIAL_TRIBUTES_PER_MINUTE": "20", "MEMORIAL_MESSAGES_PER_10_MINUTES": "3"}
        with running_portal(url, redis_url=closed, **limits) as portal:
            for n in range(25):
                key = (martyrs[n % 3], KINDS[n % 4])
                status, _, data = portal.tribute(*key, message=f"缓存中断时的留言{n}")
                assert status == 201, data
                accepted[key] += 1
            status, _, body = portal.request("GET", "/memorial/")
            assert status == 200 and "英烈纪念馆" in body.decode()
    after = state(martyrs)
    assert after["rows"] - before["rows"] == accepted
    assert after["counts"] - before["counts"] == accepted
    assert after["messages"] == before["messages"] + 25
