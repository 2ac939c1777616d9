"""docs/api.md shows real request/response pairs: this test writes them.

The examples are sent to the API with the demo content loaded; the test fails when
the document no longer matches what the API returns. After a deliberate change,
regenerate it with `make api-docs` (UPDATE_API_DOCS=1).
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
pytestmark = pytest.mark.django_db

INTRO = """# 内容接口示例（自动生成）

以下请求与响应由测试 `tests/test_api_docs.py` 在演示内容上实际执行后写出；接口返回与本文件不一致时测试失败。
修改接口后运行 `make api-docs` 重新生成。时间戳与内容块的随机 ID 分别替换为 `<时间>`、`<块 ID>`，响应中的列表只保留前两项。
完整的 OpenAPI 描述见 `/api/v3/openapi.json`，交互式文档见 `/api/v3/docs/`。

写入需要接口令牌（请求头 `Authorization: Bearer <令牌>`）。令牌带权限范围与到期时间：`read` 读取草稿与修订版本，
`write` 创建、修改、复制、移动页面，`publish` 发布、下线、删除页面，`upload` 上传图片与文件；OpenAPI 中每个写操作的说明
写明它需要的权限范围。令牌由管理员在后台“设置 → 接口令牌”或用 `manage.py api_tokens create --scopes … --days …` 创建。
权限范围不够时返回 403 并说明缺少哪一项，令牌过期或已撤销时返回 401。站点（Site）不能通过接口增删改。
"""

EXAMPLES = [
    ("列出已发布的工作动态", "GET", "/api/v3/pages/?type=home.NewsPage&limit=2", None),
    ("读取一篇工作动态（含正文内容块与图片地址）", "GET", "/api/v3/pages/{news_id}/", None),
    ("读取不存在或未发布的页面", "GET", "/api/v3/pages/999999/", None),
    ("读取一部口述历史（视频、字幕、逐段文字稿地址）", "GET", "/api/v3/pages/{oral_id}/", None),
    (
        "网上祭扫：献花",
        "POST",
        "/api/v3/memorial/tributes",
        {"martyr": "{martyr_id}", "kind": "flower"},
    ),
    (
        "网上祭扫：无效的祭扫方式",
        "POST",
        "/api/v3/memorial/tributes",
        {"martyr": "{martyr_id}", "kind": "gift"},
    ),
    ("一位英烈的祭扫计数", "GET", "/api/v3/memorial/martyrs/{martyr_id}/counts", None),
    ("正在进行的祭扫活动及实时总数", "GET", "/api/v3/memorial/campaigns/active", None),
    ("数据看板", "GET", "/api/v3/stats/", None),
    ("站内搜索（显示第一条结果）", "GET", "/api/v3/search/?q=刘建国&page_size=1", None),
    ("搜索建议（拼音首字母：ljg → 刘建国）", "GET", "/api/v3/search/suggest?q=ljg", None),
    ("搜索词为空", "GET", "/api/v3/search/?q=", None),
    (
        "读取一套红色教育课（口述片段的起止时间、视频与文字稿）",
        "GET",
        "/api/v3/pages/{lesson_id}/",
        None,
    ),
    (
        "搜索词含空字符（U+0000）：任何参数、请求头或请求体都一样",
        "GET",
        "/api/v3/search/?q=a%00b",
        None,
    ),
    (
        "没有令牌时写入页面",
        "POST",
        "/api/v3/pages/",
        {"meta": {"type": "home.StandardPage", "parent_id": "{home_id}"}, "title": "新页面"},
    ),
]
# Reads a front end makes, with the request headers sent and the response headers shown.
APP_ORIGIN = "https://app.example.cn"
HTTP_EXAMPLES = [
    (
        "页面详情连同面包屑、一级栏目与子页面卡片（一次请求）",
        "GET",
        "/api/v3/pages/{honors_id}/?expand=breadcrumbs,navigation,children",
        {},
        [],
    ),
    ("未知的 expand 取值", "GET", "/api/v3/pages/{honors_id}/?expand=comments", {}, []),
    (
        "页面卡片列表（任何页面类型同一形状）",
        "GET",
        "/api/v3/cards/?child_of={honors_id}&limit=2",
        {},
        [],
    ),
    ("导航树（默认 2 层，最多 4 层）", "GET", "/api/v3/navigation/?depth=2", {}, []),
    ("导航层数超出范围", "GET", "/api/v3/navigation/?depth=1000000000", {}, []),
    (
        "服务站地图数据（GeoJSON，不含任何电话）",
        "GET",
        "/api/v3/stations/geojson?level=street",
        {},
        [],
    ),
    (
        "公开读取的缓存与校验头",
        "GET",
        "/api/v3/navigation/",
        {},
        ["Cache-Control", "ETag", "Last-Modified", "Vary"],
    ),
    (
        "内容未变时返回 304（带上次的 ETag）",
        "GET",
        "/api/v3/navigation/",
        {"If-None-Match": "<上次响应的 ETag>"},
        ["ETag", "Cache-Control"],
    ),
    (
        "跨域预检（来源在 API_CORS_ALLOWED_ORIGINS 中）",
        "OPTIONS",
        "/api/v3/pages/{honors_id}/",
        {
            "Origin": APP_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
        [
            "Access-Control-Allow-Origin",
            "Access-Control-Allow-Methods",
            "Access-Control-Allow-Headers",
            "Access-Control-Max-Age",
        ],
    ),
    (
        "跨域预检（来源不在允许列表中）",
        "OPTIONS",
        "/api/v3/pages/{honors_id}/",
        {"Origin": "https://other.example.com", "Access-Control-Request-Method": "GET"},
        [],
    ),
    (
        "前端预览：凭后台“前端预览”签发的令牌读取草稿",
        "GET",
        "/api/v3/preview/?token=<预览令牌>",
        {},
        ["Cache-Control"],
    ),
    ("前端预览：令牌无效或已过期", "GET", "/api/v3/preview/?token=forged", {}, []),
]
SHOWN_ETAG = re.compile(r'^"[0-9a-f]{32}"$')
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
# Django adds "_" + 7 random characters when a rendition file name is taken (files
# outlive the rolled-back rows of earlier tests); the URL shown is the clean one.
STORAGE_SUFFIX = re.compile(r"(/media/[^\"]*?/[^/._]+)_[A-Za-z0-9]{7}(\.)")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def placeholders():
    from education.models import LessonPage
    from home.models import HomePage, NewsPage
    from honors.memorial.models import MartyrPage
    from honors.models import HonorIndexPage, OralHistoryPage

    return {
        "home_id": HomePage.objects.get().pk,
        "honors_id": HonorIndexPage.objects.live().get().pk,
        "news_id": NewsPage.objects.live().order_by("-date").first().pk,
        "oral_id": OralHistoryPage.objects.live().order_by("pk").first().pk,
        "martyr_id": MartyrPage.objects.live().order_by("pk").first().pk,
        "lesson_id": LessonPage.objects.live().get(slug="shangganling-water").pk,
    }


def fill(value, values):
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return values[value[1:-1]]
    return value


# The demo campaign runs from ten days before the day the demo is loaded.
DATES_RELATIVE_TO_TODAY = {"start_date", "end_date"}


def normalise(value):
    if isinstance(value, dict):
        return {
            key: "<日期>" if key in DATES_RELATIVE_TO_TODAY else normalise(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [normalise(item) for item in value[:2]]
    if isinstance(value, str):
        if UUID.match(value):
            return "<块 ID>"
        if value == timezone.localdate().isoformat():  # pages published by the demo loader today
            return "<日期>"
        return STORAGE_SUFFIX.sub(r"\1\2", TIMESTAMP.sub("<时间>", value))
    return value


def render(client):
    values = placeholders()
    parts = [INTRO]
    parts += render_reads(client, values)
    parts.append(HTTP_INTRO)
    parts += render_http_examples(client, values)
    parts += render_writes(client, values)
    return "\n".join(parts)


def render_reads(client, values):
    parts = []
    for title, method, path_template, body_template in EXAMPLES:
        path = path_template.format(**values)
        body = fill(body_template, values)
        if method == "GET":
            response = client.get(path)
        else:
            response = client.generic(
                method, path, json.dumps(body, ensure_ascii=False), "application/json"
            )
        payload = normalise(response.json())
        parts.append(f"## {title}\n")
        request = f"{method} {path}"
        if body is not None:
            request += "\nContent-Type: application/json\n\n" + json.dumps(
                body, ensure_ascii=False, indent=2
            )
        parts.append(f"```http\n{request}\n```\n")
        parts.append(
            f"```json\nHTTP {response.status_code}\n\n"
            + json.dumps(payload, ensure_ascii=False, indent=2)
            + "\n```\n"
        )
    return parts


WRITES_INTRO = """# 写入、上传与审核

以下示例依次执行：编辑（bianji，令牌权限范围 `read write upload`）通过接口新建页面、上传图片与视频，
提交“两级审核发布”；审核组的 shenhe 通过初审，另一位审核人 zhongshen 通过终审后页面自动发布，公开接口随即可读。
每种页面类型的全部内容字段都可写：内容块（StreamField）按读取时的 JSON 形状提交（`type` 与 `value`），
富文本为 HTML，标签为文字列表，图片、人物、页面等按编号（`…_id`）选择，图集、团队成员、文字稿段落等子项为对象列表
（修改时提交的列表整体替换原有子项，带 `id` 的子项原地修改）。校验与后台表单相同，出错时返回 422，
`errors` 逐项给出位置（`loc`）与中文说明，什么也不写入（包括子项）。文字稿与章节的时间以秒为单位（数字）。
新建对象的编号写作 `<新 ID>`，富文本段落的随机键写作 `<段落键>`；上传接口使用 `multipart/form-data`。
"""
TOKENS = {
    "editor": ("bianji", ("read", "write", "upload"), "<编辑 bianji 的令牌：read write upload>"),
    "editor_write": ("bianji", ("read", "write"), "<编辑 bianji 的令牌：read write>"),
    "editor_publish": (
        "bianji",
        ("read", "write", "publish"),
        "<编辑 bianji 的令牌：read write publish>",
    ),
    "first": ("shenhe", ("read", "write", "publish"), "<审核 shenhe 的令牌：read write publish>"),
    "first_write": ("shenhe", ("read", "write"), "<审核 shenhe 的令牌：read write>"),
    "final": (
        "zhongshen",
        ("read", "write", "publish"),
        "<审核 zhongshen 的令牌：read write publish>",
    ),
}


def jpeg(size):
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (180, 30, 30)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
FILES = {
    "photo": ("laobing-api.jpg", lambda: jpeg((400, 300)), "<400×300 的 JPEG 图片>"),
    "fake_gif": (
        "fake-api.gif",
        lambda: b"GIF89a<html><script>alert(1)</script></html>",
        "<以 GIF89a 开头的网页文本，伪装成图片>",
    ),
    "video": ("koushu-api.mp4", lambda: MP4, "<MP4 视频文件>"),
}


def write_values(values):
    from wagtail.images.models import Image
    from wagtail.models import Collection
    from wagtailmedia.models import Media

    from honors.models import HonorIndexPage, HonorTitle, OralHistoryIndexPage, Person

    return {
        **values,
        "honor_index_id": HonorIndexPage.objects.get().pk,
        "oral_index_id": OralHistoryIndexPage.objects.get().pk,
        "title_id": HonorTitle.objects.filter(is_team=False).order_by("pk").first().pk,
        "person_id": Person.objects.order_by("pk").first().pk,
        "image_id": Image.objects.order_by("pk").first().pk,
        "video_id": Media.objects.filter(type="video").order_by("pk").first().pk,
        "collection_id": Collection.get_first_root_node().pk,
    }


def write_examples():
    """(title, token, method, path, body, multipart files, id name to remember)."""
    profile = {
        "meta": {"type": "honors.HonorProfilePage", "parent_id": "{honor_index_id}"},
        "title": "接口录入的最美退役军人",
        "honor_title_id": "{title_id}",
        "level": "city",
        "year": 2026,
        "person_id": "{person_id}",
        "citation": "三十年如一日守护社区平安。",
        "story": [
            {"type": "paragraph", "value": "<p>退役后他回到村里，<b>带头</b>成立调解队。</p>"},
            {"type": "quote", "value": {"text": "老兵永远是兵。", "attribution": "本人"}},
        ],
        "gallery_images": [
            {"image_id": "{image_id}", "alt_text": "服务站门口合影", "caption": "2026 年春"}
        ],
        "related_stories": [{"story_id": "{news_id}"}],
    }
    segments = [
        {"start": 0, "end": 12.5, "speaker": "采访者", "text": "您是哪一年入朝的？"},
        {"start": 12.5, "end": 40, "speaker": "老兵", "text": "一九五二年秋天。"},
    ]
    oral = {
        "meta": {"type": "honors.OralHistoryPage", "parent_id": "{oral_index_id}"},
        "title": "接口录入：上甘岭的坑道",
        "interviewee_id": "{person_id}",
        "video_id": "{video_id}",
        "era": "korea",
        "recorded_date": "2026-03-12",
        "summary": "老兵讲述坑道里的二十四天。",
        "chapters": [{"start": 0, "title": "入朝"}],
        "segments": segments,
    }
    overlapping = {
        **oral,
        "title": "时间重叠的文字稿",
        "segments": [segments[0], {**segments[1], "start": 10}],
    }
    image = {
        "title": "老兵讲政策",
        "description": "老兵在社区服务站为居民讲解政策",
        "collection_id": "{collection_id}",
    }
    return [
        (
            "编辑新建最美人物事迹（事迹内容块、图集、相关报道）",
            "editor",
            "POST",
            "/api/v3/pages/",
            profile,
            None,
            "profile_id",
        ),
        (
            "编辑新建口述历史（逐段文字稿与章节，时间以秒计）",
            "editor",
            "POST",
            "/api/v3/pages/",
            oral,
            None,
            None,
        ),
        (
            "文字稿时间重叠：422，页面与段落都不写入",
            "editor",
            "POST",
            "/api/v3/pages/",
            overlapping,
            None,
            None,
        ),
        (
            "缺少必填内容：422 逐项列出",
            "editor",
            "POST",
            "/api/v3/pages/",
            {"meta": profile["meta"], "title": "只有标题"},
            None,
            None,
        ),
        (
            "编辑不能直接发布（两级审核发布）：403",
            "editor_publish",
            "POST",
            "/api/v3/pages/{profile_id}/actions/publish/",
            {},
            None,
            None,
        ),
        (
            "编辑提交审核",
            "editor",
            "POST",
            "/api/v3/workflow/pages/{profile_id}/submit/",
            None,
            None,
            None,
        ),
        (
            "令牌没有 publish 权限范围时审核：403",
            "first_write",
            "POST",
            "/api/v3/workflow/pages/{profile_id}/approve/",
            {"comment": "同意"},
            None,
            None,
        ),
        (
            "审核人 shenhe 通过初审（附意见）",
            "first",
            "POST",
            "/api/v3/workflow/pages/{profile_id}/approve/",
            {"comment": "内容属实。"},
            None,
            None,
        ),
        (
            "同一人再审终审：403",
            "first",
            "POST",
            "/api/v3/workflow/pages/{profile_id}/approve/",
            {},
            None,
            None,
        ),
        (
            "审核人 zhongshen 通过终审：页面自动发布",
            "final",
            "POST",
            "/api/v3/workflow/pages/{profile_id}/approve/",
            {},
            None,
            None,
        ),
        (
            "公开接口读取刚发布的页面（不需令牌）",
            None,
            "GET",
            "/api/v3/pages/{profile_id}/",
            None,
            None,
            None,
        ),
        (
            "上传图片（multipart/form-data）",
            "editor",
            "POST",
            "/api/v3/images/",
            image,
            {"file": "photo"},
            None,
        ),
        (
            "上传伪装成图片的网页：422，什么也不保存",
            "editor",
            "POST",
            "/api/v3/images/",
            image,
            {"file": "fake_gif"},
            None,
        ),
        (
            "上传视频（可同时上传封面图 thumbnail）",
            "editor",
            "POST",
            "/api/v3/videos/",
            {"title": "上甘岭老兵口述", "collection_id": "{collection_id}", "duration": "95.5"},
            {"file": "video"},
            None,
        ),
    ]


# Objects this run creates get new ids on every database: shown as <新 ID>. Pages are
# known by their id; uploads and child rows by (type label, id), so a person or image
# that happens to share a number with a new row keeps its own id.
NEW_ID = "<新 ID>"
# Rich text written through the API gets a random key per paragraph.
BLOCK_KEY = re.compile(r'data-block-key=\\"[0-9a-z]+\\"')


def _label(item):
    meta = item.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("type"), str):
        return meta["type"]
    return item.get("type") if item.get("type") == "video" else None


def _is_page_label(label):
    from django.apps import apps
    from wagtail.models import Page

    try:
        return issubclass(apps.get_model(label), Page)
    except (LookupError, ValueError):
        return False


def _collect(payload, created):
    """Record the (label, id) of a created object and of its child rows; the objects
    they point to (a person, an image, a collection) are not new."""
    items = [payload] + [
        item
        for value in payload.values()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict)
    ]
    for item in items:
        label = _label(item)
        if label and isinstance(item.get("id"), int) and not _is_page_label(label):
            created.add((label, item["id"]))


def _new_ids(payload, new_pages, created):
    if isinstance(payload, dict):
        label = _label(payload)
        out = {}
        for key, item in payload.items():
            number = item if isinstance(item, int) else None
            is_new = number is not None and (
                (key == "page_id" and number in new_pages)
                or (key == "id" and label and _is_page_label(label) and number in new_pages)
                or (key == "id" and (label, number) in created)
            )
            out[key] = NEW_ID if is_new else _new_ids(item, new_pages, created)
        return out
    if isinstance(payload, list):
        return [_new_ids(item, new_pages, created) for item in payload]
    if isinstance(payload, str):
        for number in new_pages:
            payload = payload.replace(f"/api/v3/pages/{number}/", f"/api/v3/pages/{NEW_ID}/")
        for label, number in created:
            if label == "wagtailimages.Image":
                payload = payload.replace(f"/api/v3/images/{number}/", f"/api/v3/images/{NEW_ID}/")
        return payload
    return payload


def _request_text(method, path, token_label, body, files):
    lines = [f"{method} {path}"]
    if token_label:
        lines.append(f"Authorization: Bearer {token_label}")
    if files:
        lines.append("Content-Type: multipart/form-data\n")
        lines += [f"{key}={value}" for key, value in body.items()]
        lines += [f"{field}={FILES[kind][0]} {FILES[kind][2]}" for field, kind in files.items()]
    elif body is not None:
        lines.append("Content-Type: application/json\n")
        lines.append(json.dumps(body, ensure_ascii=False, indent=2))
    return "\n".join(lines)


def render_writes(client, values):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.models import Page

    from tests.api_tokens import bearer

    values = write_values(values)
    headers = {key: bearer(user, *scopes) for key, (user, scopes, _) in TOKENS.items()}
    first_new_page = Page.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    created = set()  # (type label, id) of uploads and child rows made here
    parts = [WRITES_INTRO]
    for title, token, method, path, body, files, remember in write_examples():
        filled_body = fill(body, values)
        filled_path = path.format(**values)
        auth = headers[token] if token else {}
        if files:
            data = {key: str(value) for key, value in filled_body.items()}
            for field, kind in files.items():
                name, content, _ = FILES[kind]
                data[field] = SimpleUploadedFile(name, content())
            response = client.post(filled_path, data, **auth)
        elif method == "GET":
            response = client.get(filled_path, **auth)
        else:
            response = client.generic(
                method,
                filled_path,
                json.dumps(filled_body if filled_body is not None else {}, ensure_ascii=False),
                "application/json",
                **auth,
            )
        data = response.json()
        if remember:
            values[remember] = data["id"]
        new_pages = set(Page.objects.filter(pk__gte=first_new_page).values_list("pk", flat=True))
        if response.status_code == 201:
            _collect(data, created)
        shown_path = path
        for name in ("profile_id",):
            shown_path = shown_path.replace("{" + name + "}", NEW_ID)
        shown_path = shown_path.format(**values)
        shown_body = fill(body, values)
        parts.append(f"## {title}\n")
        parts.append(
            "```http\n"
            + _request_text(
                method, shown_path, TOKENS[token][2] if token else None, shown_body, files
            )
            + "\n```\n"
        )
        payload = json.loads(
            BLOCK_KEY.sub(
                r'data-block-key=\\"<段落键>\\"',
                json.dumps(normalise(_new_ids(data, new_pages, created)), ensure_ascii=False),
            )
        )
        parts.append(
            f"```json\nHTTP {response.status_code}\n\n"
            + json.dumps(payload, ensure_ascii=False, indent=2)
            + "\n```\n"
        )
    parts += render_rate_limit(client, values)
    return parts


def render_rate_limit(client, values):
    from django.test import override_settings

    from tests.api_tokens import bearer

    token = bearer("bianji", "read", "write")
    path = "/api/v3/workflow/pages/{news_id}/submit/".format(**values)
    with override_settings(API_WRITES_PER_MINUTE=1):
        client.post(path, "{}", "application/json", **token)
        response = client.post(path, "{}", "application/json", **token)
    shown = "POST /api/v3/workflow/pages/{news_id}/submit/".format(**values)
    return [
        "## 写入过于频繁：429（示例中把上限临时设为每分钟 1 次，这是同一令牌的第 2 次写入）\n",
        f"```http\n{shown}\nAuthorization: Bearer <编辑 bianji 的令牌：read write>\n```\n",
        f"```json\nHTTP {response.status_code}\nRetry-After: {response['Retry-After']}\n\n"
        + json.dumps(response.json(), ensure_ascii=False, indent=2)
        + "\n```\n",
    ]


HTTP_INTRO = """## 前端一次取齐所需内容、缓存与跨域

以下示例演示解耦前端（小程序、大屏、其他网站）常用的读取方式。匿名读取已发布内容的响应带 `ETag`、`Last-Modified` 与
`Cache-Control: public, max-age=60`，带上次的 `ETag`（`If-None-Match`）或时间（`If-Modified-Since`）再次请求、内容未变时返回
`304`；发布、下线、移动或删除任何页面后立即给出新内容。带令牌或登录会话的读取为 `Cache-Control: private, no-store`。
浏览器跨域调用只对 `API_CORS_ALLOWED_ORIGINS` 中列出的来源开放（示例中为 `https://app.example.cn`），从不允许携带凭据。
前端预览令牌由编辑在后台页面编辑器的“前端预览（接口令牌）”取得，只对应签发时那一版草稿，默认 30 分钟后失效；
公开接口从不返回草稿。
"""


def _token_for_draft():
    from honors.models import HonorProfilePage
    from portal.api_preview import make_token

    profile = HonorProfilePage.objects.live().order_by("path").first()
    profile.citation = "（草稿）" + profile.citation
    profile.save_revision()
    return make_token(profile)


def render_http_examples(client, values):
    parts, last_etag = [], None
    for title, method, path_template, headers, shown in HTTP_EXAMPLES:
        path = path_template.format(**values)
        sent = dict(headers)
        real_path = path
        if "<预览令牌>" in path:
            real_path = path.replace("<预览令牌>", _token_for_draft())
        if sent.get("If-None-Match") == "<上次响应的 ETag>":
            sent["If-None-Match"] = last_etag
        meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in sent.items()}
        response = client.generic(method, real_path, **meta)
        last_etag = response.get("ETag", last_etag)
        parts.append(f"## {title}\n")
        lines = [f"{method} {path}"] + [f"{name}: {value}" for name, value in headers.items()]
        parts.append("```http\n" + "\n".join(lines) + "\n```\n")
        answer = [f"HTTP {response.status_code}"]
        for name in shown:
            value = response.get(name, "")
            if name == "ETag" and SHOWN_ETAG.match(value):
                value = "<ETag>"
            answer.append(f"{name}: {TIMESTAMP_HTTP.sub('<时间>', value)}")
        body = ""
        if response.content:
            body = "\n\n" + json.dumps(normalise(response.json()), ensure_ascii=False, indent=2)
        parts.append("```json\n" + "\n".join(answer) + body + "\n```\n")
    return parts


TIMESTAMP_HTTP = re.compile(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT")


def test_api_examples_document_matches_real_responses(client, settings):
    settings.API_CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    generated = render(client)
    if os.environ.get("UPDATE_API_DOCS") == "1":
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(generated, encoding="utf-8")
    assert DOC.exists(), "docs/api.md 不存在：运行 make api-docs 生成"
    assert DOC.read_text(encoding="utf-8") == generated, (
        "docs/api.md 与接口的实际返回不一致：确认改动无误后运行 make api-docs 重新生成"
    )
