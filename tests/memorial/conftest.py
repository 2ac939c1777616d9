"""Helpers for the memorial tests: demo martyrs and a visitor posting tributes."""

import itertools
import json

import pytest

from honors.memorial.models import MartyrPage, MemorialHallPage

API = "/api/v3/memorial/tributes"


@pytest.fixture
def hall(db):
    return MemorialHallPage.objects.get()


@pytest.fixture
def martyr(db):
    return MartyrPage.objects.live().get(slug="martyr-01")


@pytest.fixture
def other_martyr(db):
    return MartyrPage.objects.live().get(slug="martyr-02")


_addresses = (f"203.0.113.{n % 250 + 1}" for n in itertools.count())


def post_tribute(client, martyr_id, kind="flower", ip=None, **extra):
    """POST to the API; each call comes from a new address unless ``ip`` is given."""
    ip = ip or next(_addresses)
    body = {"martyr": martyr_id, "kind": kind, **extra}
    return client.post(API, data=json.dumps(body), content_type="application/json", REMOTE_ADDR=ip)


def counts_on(client, martyr):
    data = client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/counts").json()
    return {item["kind"]: item["count"] for item in data["kinds"]} | {"total": data["total"]}
