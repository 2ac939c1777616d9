"""Many visitors at once against a live server: every tribute counted, none lost.

Runs on PostgreSQL and on the SQLite file database (WAL, busy timeout), where each
server thread has its own connection and the counter upserts really race.
"""

import http.client
import json
import threading
from collections import Counter
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test import override_settings

from honors.memorial.models import MartyrPage, Tribute, TributeCount, TributeMessage

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = ["flower", "candle", "bow", "toast"]


def snapshot(martyrs):
    return {
        (row.martyr_id, row.kind): row.count
        for row in TributeCount.objects.filter(martyr__in=martyrs)
    }


# Every client comes from 127.0.0.1 here, so the per-visitor limits are switched off.
@override_settings(MEMORIAL_TRIBUTES_PER_MINUTE=0, MEMORIAL_MESSAGES_PER_10_MINUTES=0)
def test_concurrent_tributes_are_counted_exactly(live_demo):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "SQLite 内存测试库的并发写入会立即报“database table is locked”，"
            "不代表实际使用的文件库；portal.settings.test 默认使用文件测试库"
        )
    threads, per_thread = 24, 25
    martyrs = list(MartyrPage.objects.live().order_by("pk")[:3])
    rows_before = Tribute.objects.count()
    messages_before = TributeMessage.objects.count()
    counts_before = snapshot(martyrs)
    address = urlparse(live_demo.url)
    sent, statuses, lock = Counter(), Counter(), threading.Lock()
    start = threading.Barrier(threads)

    def visitor(number):
        start.wait()
        for index in range(per_thread):
            # One connection per tribute, as separate phones would: the test server's
            # keep-alive handling is not what is under test here.
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
            martyr = martyrs[(number + index) % len(martyrs)]
            kind = KINDS[(number * 7 + index) % len(KINDS)]
            body = {"martyr": martyr.pk, "kind": kind}
            if index % 10 == 0:
                body["message"] = f"并发留言 {number}-{index}"
            conn.request(
                "POST",
                "/api/v3/memorial/tributes",
                json.dumps(body),
                {"Content-Type": "application/json", "Connection": "close"},
            )
            response = conn.getresponse()
            response.read()
            conn.close()
            with lock:
                statuses[response.status] += 1
                if response.status == 201:
                    sent[(martyr.pk, kind)] += 1

    workers = [threading.Thread(target=visitor, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    total = threads * per_thread
    assert statuses == {201: total}
    assert Tribute.objects.count() == rows_before + total
    counts_after = snapshot(martyrs)
    for key, number in sent.items():
        assert counts_after[key] == counts_before.get(key, 0) + number, key
    assert sum(counts_after.values()) - sum(counts_before.values()) == total
    assert TributeMessage.objects.count() == messages_before + threads * len(
        range(0, per_thread, 10)
    )
