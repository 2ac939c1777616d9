"""Brigade and district totals are derived from live activities, never typed in."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from volunteers.models import ActivityPage, BrigadePage

pytestmark = pytest.mark.django_db


def expected(activities):
    activities = list(activities)
    return {
        "activities": len(activities),
        "turnout": sum(a.turnout for a in activities),
        "hours": sum((a.service_hours for a in activities), Decimal("0")),
    }


def brigade_activities(brigade):
    units = [
        brigade.pk,
        *BrigadePage.objects.descendant_of(brigade).live().values_list("pk", flat=True),
    ]
    return ActivityPage.objects.live().filter(brigades__in=units).distinct()


def shown_totals(client, page):
    html = client.get(page.url).content.decode()
    figures = {}
    for key in ("activities", "turnout", "hours"):
        match = re.search(rf'data-total="{key}">([\d.]+)<', html)
        figures[key] = match.group(1)
    return figures, html


def test_index_totals_equal_the_live_activities(client, volunteer_index):
    totals = volunteer_index.activity_totals
    want = expected(ActivityPage.objects.live())
    assert want["activities"] >= 40
    assert (totals["activities"], totals["turnout"], totals["hours"]) == (
        want["activities"],
        want["turnout"],
        want["hours"],
    )
    figures, html = shown_totals(client, volunteer_index)
    assert figures["activities"] == str(want["activities"])
    assert figures["turnout"] == str(want["turnout"])
    assert Decimal(figures["hours"]) == want["hours"]


def test_per_year_and_month_rows_add_up(volunteer_index):
    totals = volunteer_index.activity_totals
    for row in totals["by_year"]:
        year_activities = ActivityPage.objects.live().filter(date__year=row["year"])
        assert row["activities"] == year_activities.count()
        assert row["turnout"] == year_activities.aggregate(t=Sum("turnout"))["t"]
    assert {row["year"] for row in totals["by_year"]} >= {2025, 2026}
    assert sum(row["activities"] for row in totals["by_month"]) == totals["activities"]
    march = ActivityPage.objects.live().filter(date__year=2026, date__month=3)
    row = next(r for r in totals["by_month"] if (r["year"], r["month"]) == (2026, 3))
    assert row["activities"] == march.count()


def test_main_brigade_totals_include_its_sub_brigades(main_brigade):
    want = expected(brigade_activities(main_brigade))
    totals = main_brigade.activity_totals
    assert (totals["activities"], totals["turnout"], totals["hours"]) == (
        want["activities"],
        want["turnout"],
        want["hours"],
    )
    subs = BrigadePage.objects.child_of(main_brigade)
    assert main_brigade.total_members == main_brigade.member_count + sum(
        s.member_count for s in subs
    )


def test_adding_an_activity_updates_brigade_parent_and_index(
    client, brigade, main_brigade, volunteer_index, add_activity, new_date
):
    before_sub = brigade.activity_totals
    before_main = main_brigade.activity_totals
    before_index = volunteer_index.activity_totals

    add_activity(brigade, [brigade], new_date, 37, "111.5")

    for page, before in (
        (brigade, before_sub),
        (main_brigade, before_main),
        (volunteer_index, before_index),
    ):
        after = page.activity_totals
        assert after["activities"] == before["activities"] + 1
        assert after["turnout"] == before["turnout"] + 37
        assert after["hours"] == before["hours"] + Decimal("111.5")
        assert {"year": 2027, "activities": 1, "turnout": 37, "hours": Decimal("111.5")} in after[
            "by_year"
        ]
        month = next(r for r in after["by_month"] if (r["year"], r["month"]) == (2027, 3))
        assert (month["activities"], month["turnout"]) == (1, 37)

    figures, html = shown_totals(client, brigade)
    assert figures["turnout"] == str(before_sub["turnout"] + 37)
    assert 'data-year="2027"' in html and 'data-month="2027-03"' in html


def test_editing_an_activity_changes_the_totals(brigade, add_activity):
    date = datetime.date(2026, 5, 20)
    activity = add_activity(brigade, [brigade], date, 10, "20")
    before = brigade.activity_totals
    activity.turnout = 25
    activity.service_hours = Decimal("50")
    activity.save_revision().publish()
    after = brigade.activity_totals
    assert after["activities"] == before["activities"]
    assert after["turnout"] == before["turnout"] + 15
    assert after["hours"] == before["hours"] + 30
    year = next(r for r in after["by_year"] if r["year"] == 2026)
    year_before = next(r for r in before["by_year"] if r["year"] == 2026)
    assert year["turnout"] == year_before["turnout"] + 15


def test_a_draft_edit_does_not_count_until_published(brigade, add_activity):
    activity = add_activity(brigade, [brigade], datetime.date(2026, 6, 2), 10, "20")
    before = brigade.activity_totals
    activity.turnout = 99
    activity.save_revision()  # saved as a draft only
    assert brigade.activity_totals["turnout"] == before["turnout"]


def test_unpublishing_and_drafts_leave_the_totals(
    client, brigade, volunteer_index, add_activity, new_date
):
    before = volunteer_index.activity_totals
    activity = add_activity(brigade, [brigade], new_date, 40, "80")
    add_activity(brigade, [brigade], new_date, 50, "90", slug="draft-activity", publish=False)
    assert volunteer_index.activity_totals["activities"] == before["activities"] + 1

    activity.unpublish()

    after = volunteer_index.activity_totals
    assert (after["activities"], after["turnout"], after["hours"]) == (
        before["activities"],
        before["turnout"],
        before["hours"],
    )
    assert all(row["year"] != 2027 for row in after["by_year"])
    figures, _ = shown_totals(client, volunteer_index)
    assert figures["activities"] == str(before["activities"])


def test_an_activity_of_two_sub_brigades_counts_once_for_their_main_brigade(
    main_brigade, add_activity, new_date
):
    subs = list(BrigadePage.objects.child_of(main_brigade))
    assert len(subs) >= 2
    before = main_brigade.activity_totals
    add_activity(subs[0], subs[:2], new_date, 12, "24")
    after = main_brigade.activity_totals
    assert after["activities"] == before["activities"] + 1
    assert after["turnout"] == before["turnout"] + 12


def test_activity_validation_rejects_impossible_numbers(brigade):
    from django.core.exceptions import ValidationError

    page = ActivityPage(
        title="坏数据",
        slug="bad",
        date=datetime.date(2026, 1, 1),
        place="某地",
        turnout=0,
        service_hours=Decimal("-1"),
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth"])
    assert "出动人次至少为 1。" in str(error.value)
    assert "服务时长不能为负数。" in str(error.value)
