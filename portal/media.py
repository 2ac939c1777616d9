"""Uploaded media served by the app, with HTTP Range support.

``django.views.static.serve`` ignores ``Range``, and browsers cannot seek in a video
served without it. This view answers a single byte range with 206 Partial Content,
an unsatisfiable one with 416, and anything else with the whole file. A front proxy
(nginx, a CDN) may take over /media/ in production; this keeps every set-up working.
"""

import mimetypes
import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def parse_range(header, size):
    """Return ``(start, end)`` inclusive, ``None`` to serve the whole file, or
    ``"unsatisfiable"``.

    Only one range is honoured; a header we do not understand (or several ranges) is
    ignored, as RFC 9110 allows, and the whole file is sent.
    """
    match = RANGE.match(header.strip().replace(" ", ""))
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # "bytes=-500": the last 500 bytes.
        length = int(last)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, min(end, size - 1)


def _file_chunks(handle, start, length):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


@require_safe
def serve(request, path, document_root=None):
    root = Path(document_root or settings.MEDIA_ROOT)
    path = posixpath.normpath(path).lstrip("/")
    try:
        fullpath = Path(safe_join(root, path))
    except SuspiciousFileOperation as exc:
        raise Http404("文件不存在。") from exc
    if not fullpath.is_file():
        raise Http404("文件不存在。")

    stat = fullpath.stat()
    size = stat.st_size
    last_modified = http_date(stat.st_mtime)
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()

    content_type, encoding = mimetypes.guess_type(str(fullpath))
    content_type = content_type or "application/octet-stream"

    requested = request.META.get("HTTP_RANGE", "")
    if_range = request.META.get("HTTP_IF_RANGE", "")
    if requested and if_range:
        # Only honour the range if the client's copy is still current.
        stamp = parse_http_date_safe(if_range)
        if stamp is None or int(stat.st_mtime) > stamp:
            requested = ""
    byte_range = parse_range(requested, size) if requested else None

    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif byte_range is None:
        response = FileResponse(fullpath.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = byte_range
        length = end - start + 1
        if request.method == "HEAD":
            body = iter(())
        else:
            body = _file_chunks(fullpath.open("rb"), start, length)
        response = StreamingHttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = last_modified
    if encoding:
        response["Content-Encoding"] = encoding
    return response
