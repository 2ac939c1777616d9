"""What every API-write test needs: tokens as staff make them, and JSON requests."""

import json

import pytest

from tests.api_tokens import bearer


@pytest.fixture
def editor(db):
    """编辑 bianji: may write drafts and submit them, nothing more."""
    return bearer("bianji", "read", "write", "upload")


@pytest.fixture
def first_reviewer(db):
    return bearer("shenhe", "read", "write", "publish")


@pytest.fixture
def final_reviewer(db):
    return bearer("zhongshen", "read", "write", "publish")


class JSONClient:
    """The Django test client speaking JSON, the way an app or mini program would."""

    def __init__(self, client):
        self.client = client

    def send(self, method, url, body=None, token=None):
        data = json.dumps(body, ensure_ascii=False) if body is not None else ""
        return self.client.generic(
            method, url, data, content_type="application/json", **(token or {})
        )

    def post(self, url, body=None, token=None):
        return self.send("POST", url, body if body is not None else {}, token)

    def patch(self, url, body, token=None):
        return self.send("PATCH", url, body, token)

    def get(self, url, token=None):
        return self.client.get(url, **(token or {}))


@pytest.fixture
def api(client):
    return JSONClient(client)


def error_messages(response):
    """``{loc as a dotted string: message}`` of a 422 problem answer."""
    return {
        ".".join(str(part) for part in e.get("loc", [])): e["msg"]
        for e in response.json()["errors"]
    }
