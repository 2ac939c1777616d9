"""Lesson packs as the demo has them, and users of each role that touches them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from education.models import LessonIndexPage, LessonPage


def make_user(username, group):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def section(db):
    return LessonIndexPage.objects.get()


@pytest.fixture
def lesson(db):
    """初中 · 抗美援朝: a clip, a profile, a martyr and a field visit."""
    return LessonPage.objects.get(slug="shangganling-water")


@pytest.fixture
def teacher(db):
    return make_user("teacher-test", "教师")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer-test", "审核")


@pytest.fixture
def editor(db):
    return make_user("editor-test", "编辑")
