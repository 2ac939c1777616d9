"""docs/api.md shows real request/response pairs: this test writes them.

The examples are sent to the API with the demo content loaded; the test fails when
the document no longer matches what the API returns. After a deliberate change,
regenerate it with `make api-docs` (UPDATE_API_DOCS=1).
"""

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

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
        if value == date.today().isoformat():  # pages published by the demo loader today
            return "<日期>"
        return STORAGE_SUFFIX.sub(r"\1\2", TIMESTAMP.sub("<时间>", value))
    return value


def render(client):
    values = placeholders()
    parts = [INTRO]
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
    parts.append(HTTP_INTRO)
    parts += render_http_examples(client, values)
    return "\n".join(parts)


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
