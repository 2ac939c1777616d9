"""Counters are derived from rows: exact, and rebuilt by reconcile_tribute_counts."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from honors.memorial.models import Tribute, TributeCount, TributeDailyCount
from honors.memorial.services import record_tribute

pytestmark = pytest.mark.django_db


def totals_match_rows():
    for count in TributeCount.objects.all():
        rows = Tribute.objects.filter(martyr_id=count.martyr_id, kind=count.kind).count()
        if rows != count.count:
            return False
    daily = TributeDailyCount.objects.aggregate(n=Sum("count"))["n"]
    return daily == Tribute.objects.count() == TributeCount.objects.aggregate(n=Sum("count"))["n"]


def test_demo_counters_match_rows():
    assert totals_match_rows()


def test_reconcile_repairs_corrupted_counters(martyr):
    TributeCount.objects.filter(martyr=martyr).update(count=999)
    TributeDailyCount.objects.filter(martyr=martyr).delete()
    out = io.StringIO()
    call_command("reconcile_tribute_counts", "--dry-run", stdout=out)
    assert "将修正" in out.getvalue()
    assert not totals_match_rows()
    out = io.StringIO()
    call_command("reconcile_tribute_counts", stdout=out)
    assert "已修正" in out.getvalue()
    assert totals_match_rows()
    out = io.StringIO()
    call_command("reconcile_tribute_counts", stdout=out)
    assert "计数与记录一致" in out.getvalue()


def test_record_tribute_updates_both_counters_in_sql(martyr):
    before = TributeCount.objects.filter(martyr=martyr, kind="toast").first()
    before = before.count if before else 0
    record_tribute(martyr.pk, "toast", visitor="x")
    record_tribute(martyr.pk, "toast", visitor="x")
    assert TributeCount.objects.get(martyr=martyr, kind="toast").count == before + 2
    assert totals_match_rows()
