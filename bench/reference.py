"""The reference Wagtail site (wagtail/bakerydemo), run beside the portal in benchmarks.

bakerydemo is not part of this repository. It is expected, already built with its own
virtualenv and demo data, in BAKERYDEMO_DIR (default /work/bakerydemo): manage.py,
.venv/bin/gunicorn, its settings module bakerydemo.settings.production (DEBUG off),
its PostgreSQL database (BAKERYDEMO_DATABASE_URL) and, when given, its Redis cache
(BAKERYDEMO_REDIS_URL). Benchmarks start it with the same gunicorn workers/threads as
the portal and request the corresponding URLs; when it is missing they report the
portal's own figures with the reason given by ``unavailable_reason()``.

    .venv/bin/python bench/reference.py     # start it, fetch each path once, stop it
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from support import free_port, gunicorn_command, stop

BAKERYDEMO_DIR = Path(os.environ.get("BAKERYDEMO_DIR", "/work/bakerydemo"))
DATABASE_URL = os.environ.get(
    "BAKERYDEMO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bakerydemo_ref"
)
REDIS_URL = os.environ.get("BAKERYDEMO_REDIS_URL", "redis://127.0.0.1:6379/7")
SETTINGS = "bakerydemo.settings.production"

# Looked up inside bakerydemo's own interpreter: the first live blog post by tree order.
_PATHS_SCRIPT = """
import json
from bakerydemo.blog.models import BlogPage
post = BlogPage.objects.live().order_by("path").first()
print(json.dumps({"detail": post.url if post else None, "id": post.id if post else None}))
"""


def unavailable_reason() -> str | None:
    """Why the reference site cannot run here (in Chinese), or None when it can."""
    if not (BAKERYDEMO_DIR / "manage.py").is_file():
        return f"未找到参照站点 bakerydemo：{BAKERYDEMO_DIR}/manage.py 不存在（可用 BAKERYDEMO_DIR 指定目录）。"
    if not (BAKERYDEMO_DIR / ".venv" / "bin" / "gunicorn").is_file():
        return f"参照站点 bakerydemo 缺少自己的虚拟环境或 gunicorn：{BAKERYDEMO_DIR}/.venv/bin/gunicorn 不存在。"
    return None


def reference_available() -> bool:
    """True when BAKERYDEMO_DIR holds bakerydemo's manage.py and its own .venv."""
    return unavailable_reason() is None


def _env() -> dict[str, str]:
    values = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
        and not key.startswith("VIRTUAL_ENV")
    }
    values.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_SECRET_KEY="bench-reference-only-" + "x" * 40,
        DJANGO_DEBUG="off",
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=DATABASE_URL,
    )
    if REDIS_URL:
        values["REDIS_URL"] = REDIS_URL
    return values


def _python() -> str:
    return str(BAKERYDEMO_DIR / ".venv" / "bin" / "python")


def start_reference(port: int, workers: int, threads: int = 2) -> subprocess.Popen:
    """Start bakerydemo under its own gunicorn on 127.0.0.1:port; return once it answers."""
    reason = unavailable_reason()
    if reason:
        raise RuntimeError(reason)
    subprocess.run(
        [_python(), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BAKERYDEMO_DIR,
        env=_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    process = subprocess.Popen(
        gunicorn_command(
            BAKERYDEMO_DIR / ".venv" / "bin" / "gunicorn", "bakerydemo.wsgi", port, workers, threads
        ),
        cwd=BAKERYDEMO_DIR,
        env=_env(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"参照站点 bakerydemo 启动失败（gunicorn 退出码 {process.returncode}）。"
            )
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("参照站点 bakerydemo 在 60 秒内没有响应。")


def reference_paths() -> dict[str, str]:
    """URLs on bakerydemo matching the portal's benchmarked kinds of page."""
    found = subprocess.run(
        [_python(), "manage.py", "shell", "--no-startup", "-c", _PATHS_SCRIPT],
        cwd=BAKERYDEMO_DIR,
        env=_env(),
        capture_output=True,
        text=True,
    )
    if found.returncode:
        last = (found.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"无法读取参照站点 bakerydemo 的数据库（{DATABASE_URL}）：{last}")
    post = json.loads(found.stdout.strip().splitlines()[-1])
    if not post["detail"]:
        raise RuntimeError(
            "参照站点 bakerydemo 的数据库里没有已发布的博客文章，请先运行 load_initial_data。"
        )
    return {
        "home": "/",
        "detail": post["detail"],
        "listing": "/blog/",
        "search": "/search/?q=bread",
        "api_list": "/api/v2/pages/",
        "api_detail": f"/api/v2/pages/{post['id']}/",
    }


def stop_reference(process: subprocess.Popen) -> None:
    """Stop the reference gunicorn and its workers."""
    stop(process)


def main() -> int:
    reason = unavailable_reason()
    if reason:
        print(reason)
        return 1
    paths = reference_paths()
    port = free_port()
    process = start_reference(port, workers=2, threads=2)
    failed = 0
    try:
        for kind, path in paths.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            body = response.read()
            failed += response.status != 200 or not body
            print(f"{kind:11s} {response.status} {len(body):8d} bytes  {path}")
    finally:
        stop_reference(process)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
