"""Uploaded media served by the app, with HTTP Range support and privacy checks.

``django.views.static.serve`` ignores ``Range``, and browsers cannot seek in a video
served without it. This view answers a single byte range with 206 Partial Content,
an unsatisfiable one with 416, and anything else with the whole file.

Nothing private leaves through /media/ (see ``may_fetch``): documents only go through
Wagtail's /documents/ view, which checks collection privacy; images of a private
collection, and their renditions, only to visitors the collection admits; a video (and
its poster) only when a published page that shows it admits the visitor, so a video of
a password-protected page needs the page's password. Admin users fetch everything.
Access never depends on a file name being hard to guess. Refusals are 404s, so a
private file's existence is not revealed either.

In production nginx does not read the media folder itself: with ``MEDIA_ACCEL_REDIRECT``
set, the file is handed to nginx (``X-Accel-Redirect``) only after these checks.
"""

import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

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


def _is_staff(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def _collection_admits(request, collection):
    return all(r.accept_request(request) for r in collection.get_view_restrictions())


def _page_admits(request, page):
    return page.live and all(r.accept_request(request) for r in page.get_view_restrictions())


def _pages_showing(obj):
    """Pages whose published or draft content points to ``obj`` (Wagtail's reference index)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(obj),
        to_object_id=str(obj.pk),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return Page.objects.filter(pk__in=[int(pk) for pk in ids if str(pk).isdigit()])


def _image_for(path):
    from wagtail.images import get_image_model

    image_model = get_image_model()
    if path.startswith("original_images/"):
        return image_model.objects.filter(file=path).first()
    rendition = image_model.get_rendition_model().objects.filter(file=path).first()
    return rendition.image if rendition else None


def _video_for(path):
    from wagtailmedia.models import get_media_model

    media_model = get_media_model()
    if path.startswith("media_thumbnails/"):
        return media_model.objects.filter(thumbnail=path).first()
    return media_model.objects.filter(file=path).first()


def may_fetch(request, path):
    """Whether this request may have the uploaded file at ``path`` (relative to MEDIA_ROOT).

    Returns ``(allowed, private)``; ``private`` responses must not be cached by others.
    """
    folder = path.split("/", 1)[0]
    if folder == "documents":
        # Only through /documents/<id>/<name>, which applies collection privacy.
        return False, True
    if folder in ("original_images", "images"):
        image = _image_for(path)
        if image is None:
            return False, True
        if not image.collection.get_view_restrictions().exists():
            return True, False
        return _is_staff(request) or _collection_admits(request, image.collection), True
    if folder in ("media", "media_thumbnails"):
        video = _video_for(path)
        if video is None:
            return False, True
        if _is_staff(request):
            return True, True
        if not _collection_admits(request, video.collection):
            return False, True
        pages = [page for page in _pages_showing(video) if page.live]
        public = any(not page.get_view_restrictions().exists() for page in pages)
        if public:
            return True, False
        return any(_page_admits(request, page) for page in pages), True
    return True, False


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
    allowed, private = may_fetch(request, path)
    if not allowed:
        raise Http404("文件不存在。")
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        # nginx sends the bytes (Range included) from its internal location.
        response = HttpResponse()
        del response["Content-Type"]  # nginx sets it from the file's extension
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(path)
        return _privacy_headers(response, private)
    stat = fullpath.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    return _privacy_headers(_file_response(request, fullpath, stat), private)


def _requested_range(request, stat):
    """The Range the client may have, or None: a stale If-Range copy gets the whole file."""
    requested = request.META.get("HTTP_RANGE", "")
    if_range = request.META.get("HTTP_IF_RANGE", "")
    if requested and if_range:
        stamp = parse_http_date_safe(if_range)
        if stamp is None or int(stat.st_mtime) > stamp:
            requested = ""
    return parse_range(requested, stat.st_size) if requested else None


def _file_response(request, fullpath, stat):
    size = stat.st_size
    content_type, encoding = mimetypes.guess_type(str(fullpath))
    content_type = content_type or "application/octet-stream"
    byte_range = _requested_range(request, stat)
    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif byte_range is None:
        response = FileResponse(fullpath.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = byte_range
        length = end - start + 1
        body = (
            iter(())
            if request.method == "HEAD"
            else _file_chunks(fullpath.open("rb"), start, length)
        )
        response = StreamingHttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(stat.st_mtime)
    if encoding:
        response["Content-Encoding"] = encoding
    return response


def _privacy_headers(response, private):
    if private:
        response["Cache-Control"] = "private, no-store"
        response["Vary"] = "Cookie"
    return response
