"""The demo has enough packs to try every filter, all built from the portal's content."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from education.blocks import ClipBlock
from education.models import GRADE_BANDS, LessonPage

pytestmark = pytest.mark.django_db


def test_at_least_six_packs_across_the_three_grade_bands():
    packs = list(LessonPage.objects.live())
    assert len(packs) >= 6
    assert {p.grade_band for p in packs} == {value for value, _ in GRADE_BANDS}
    kinds = {item.kind for p in packs for item in p.get_materials()}
    assert kinds == {"clip", "profile", "martyr", "story", "visit"}
    for pack in packs:
        # Every linked page resolves: nothing in the demo points to a missing page.
        assert len(pack.get_materials()) == len(pack.materials), pack.title


def test_every_demo_clip_passes_the_admin_check():
    clips = [
        b.value for p in LessonPage.objects.live() for b in p.materials if b.block_type == "clip"
    ]
    assert len(clips) >= 6
    for value in clips:
        ClipBlock().clean(value)


def test_demo_teacher_account_is_in_the_teachers_group():
    user = get_user_model().objects.get(username="jiaoshi")
    assert [g.name for g in user.groups.all()] == ["教师"]
    assert user.is_staff and not user.is_superuser


def test_loading_the_demo_again_changes_nothing():
    before = LessonPage.objects.count()
    call_command("load_demo_content", stdout=io.StringIO())
    assert LessonPage.objects.count() == before
