"""Visitors' text is stored as text and shown escaped: page, admin and API."""

import pytest
from django.contrib.auth import get_user_model

from honors.memorial.models import TributeMessage

from .conftest import post_tribute

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">点我</a>',
]


@pytest.fixture
def approved_payloads(client, martyr):
    for index, payload in enumerate(PAYLOADS):
        response = post_tribute(client, martyr.pk, nickname=f"<b>{index}</b>", message=payload)
        assert response.status_code == 201
    TributeMessage.objects.filter(text__in=PAYLOADS).update(status="approved")
    return PAYLOADS


def test_payloads_stored_verbatim(approved_payloads):
    for payload in approved_payloads:
        assert TributeMessage.objects.filter(text=payload).exists()


def test_page_shows_payloads_escaped(client, martyr, approved_payloads):
    page = client.get(martyr.url).content.decode()
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "&lt;b&gt;0&lt;/b&gt;" in page
    for payload in approved_payloads:
        assert payload not in page
    assert "<svg" not in page and "<b>0</b>" not in page


def test_api_returns_plain_text_json(client, martyr, approved_payloads):
    response = client.get(f"/api/v3/memorial/martyrs/{martyr.pk}/messages")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    texts = {item["text"] for item in response.json()["items"]}
    assert set(approved_payloads) <= texts


def test_moderation_queue_shows_payloads_escaped(client, martyr):
    for payload in PAYLOADS:
        post_tribute(client, martyr.pk, message=payload)
    client.force_login(get_user_model().objects.get(username="shenhe"))
    page = client.get("/admin/memorial_moderation/").content.decode()
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    for payload in PAYLOADS:
        assert payload not in page


def test_refusal_page_echoes_message_escaped(client, martyr):
    response = client.post(
        f"/memorial/tribute/{martyr.pk}/",
        {"kind": "flower", "message": "<script>alert(1)</script>博彩"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;博彩" in page
    assert "<script>alert(1)</script>" not in page
