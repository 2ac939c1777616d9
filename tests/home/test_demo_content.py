"""`load_demo_content` gives a full site and running it again changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def snapshot():
    """Row counts of every table, the best witness that nothing was added or changed."""
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model.objects.count()
    return counts


def test_demo_content_is_loaded_and_idempotent():
    from wagtail.models import Page, Revision

    before = snapshot()
    assert before["home.NewsPage"] >= 12
    assert before["home.Street"] == 4
    assert Page.objects.live().count() > 15
    last_revision = Revision.objects.order_by("-pk").values_list("pk", flat=True).first()

    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == before
    assert Revision.objects.order_by("-pk").values_list("pk", flat=True).first() == last_revision
    assert "演示内容已就绪" in out.getvalue()
    assert "admin" in out.getvalue()


def test_demo_users_belong_to_their_groups():
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert list(users["bianji"].groups.values_list("name", flat=True)) == ["编辑"]
    assert list(users["shenhe"].groups.values_list("name", flat=True)) == ["审核"]
