"""/media/ answers HTTP Range requests, so browsers can seek in oral-history videos."""

from pathlib import Path

import pytest
from django.conf import settings

from core.media import parse_range

CONTENT = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def media_file():
    folder = Path(settings.MEDIA_ROOT) / "range-test"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "clip.mp4"
    path.write_bytes(CONTENT)
    yield "/media/range-test/clip.mp4"
    path.unlink()


def body(response):
    return b"".join(response.streaming_content)


def test_whole_file_advertises_range_support(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Length"] == str(len(CONTENT))
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, len(CONTENT) - 1),
        ("bytes=-500", len(CONTENT) - 500, len(CONTENT) - 1),
        ("bytes=10000-99999", 10000, len(CONTENT) - 1),
    ],
)
def test_a_byte_range_gets_206_partial_content(client, media_file, header, start, end):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(CONTENT)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == CONTENT[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=99999-100000", "bytes=-0"])
def test_unsatisfiable_range_gets_416(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


@pytest.mark.parametrize("header", ["items=0-10", "bytes=0-1,5-9", "bytes=9-3", "bytes=abc"])
def test_ranges_we_do_not_understand_get_the_whole_file(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == CONTENT


def test_stale_if_range_gets_the_whole_file(client, media_file):
    response = client.get(
        media_file, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE="Mon, 01 Jan 2001 00:00:00 GMT"
    )
    assert response.status_code == 200
    current = client.get(media_file)["Last-Modified"]
    response = client.get(media_file, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=current)
    assert response.status_code == 206


def test_head_request_sends_headers_only(client, media_file):
    response = client.head(media_file, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert body(response) == b""


@pytest.mark.parametrize(
    "path",
    [
        "/media/../portal/settings/base.py",
        "/media/%2e%2e/manage.py",
        "/media/range-test/nope.mp4",
        "/media/range-test/",
    ],
)
def test_paths_outside_media_or_missing_are_404(client, db, media_file, path):
    # The 404 page reads the bureau footer from the database.
    assert client.get(path).status_code == 404


def test_only_safe_methods(client, media_file):
    assert client.post(media_file).status_code == 405


def test_parse_range_edge_cases():
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-20", 10) == (0, 9)
    assert parse_range("bytes=-", 10) is None
    assert parse_range("bytes=0-", 0) == "unsatisfiable"


@pytest.mark.parametrize("path", ["../manage.py", "../../etc/passwd", "/etc/passwd", "a/../../x"])
def test_the_view_never_leaves_the_document_root(rf, media_file, path):
    from django.http import Http404

    from core.media import serve

    with pytest.raises(Http404):
        serve(rf.get("/media/x"), path, document_root=settings.MEDIA_ROOT)
