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
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
# Django adds "_" + 7 random characters when a rendition file name is taken (files
# outlive the rolled-back rows of earlier tests); the URL shown is the clean one.
STORAGE_SUFFIX = re.compile(r"(/media/[^\"]*?/[^/._]+)_[A-Za-z0-9]{7}(\.)")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def placeholders():
    from education.models import LessonPage
    from home.models import HomePage, NewsPage
    from honors.memorial.models import MartyrPage
    from honors.models import OralHistoryPage

    return {
        "home_id": HomePage.objects.get().pk,
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
    return "\n".join(parts)


def test_api_examples_document_matches_real_responses(client):
    generated = render(client)
    if os.environ.get("UPDATE_API_DOCS") == "1":
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(generated, encoding="utf-8")
    assert DOC.exists(), "docs/api.md 不存在：运行 make api-docs 生成"
    assert DOC.read_text(encoding="utf-8") == generated, (
        "docs/api.md 与接口的实际返回不一致：确认改动无误后运行 make api-docs 重新生成"
    )
