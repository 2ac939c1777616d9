"""Page and API throughput of the public portal under gunicorn (not a test).

Builds its own database under var/bench-pages/ (or uses DATABASE_URL), loads the demo
content, starts gunicorn on 127.0.0.1 as README recommends (2 × cores + 1 sync workers) and
keeps CONCURRENCY keep-alive clients (wrk when installed, else CLIENT_PROCESSES Python
processes) busy for DURATION seconds per URL: one URL of every
page type, filtered listings, the search page and two API reads, first with the page
cache off (every request renders), then on. Prints the figures and writes
bench/results/pages-<database>.json with the machine's load average, the targets and
whether each figure meets them.

    .venv/bin/python bench/pages.py            # SQLite, local-memory cache
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages \
        REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/pages.py
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import reference
from support import (
    THREADS,
    WORKERS,
    free_port,
    hammer,
    load_client,
    port_from,
    portal_env,
    start_portal,
    stop,
    warm,
)
from support import manage as run_manage

ROOT = Path(__file__).resolve().parent.parent
PORT = port_from(os.environ.get("BENCH_PORT"))
DURATION = float(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
VAR = ROOT / "var" / "bench-pages"
TARGETS = {
    "uncached_page_requests_per_second_min": 150,
    "cached_page_requests_per_second_min": 1500,
    "search_page_requests_per_second_min": 150,
    "applies_to": "PostgreSQL + Redis; page types only (API reads are listed for reference)",
}
# Which of the portal's URLs answers the same need as each of bakerydemo's.
REFERENCE_PAIRS = {
    "home": "/",
    "detail": "home.newspage",
    "listing": "home.newsindexpage",
    "search": "/search/?q=%E8%80%81%E5%85%B5",
    "api_list": "/api/v3/pages/?type=home.NewsPage",
    "api_detail": "api_detail",
}
# The original bakerydemo measured on 2-core machines like this one (wrk, 16 connections);
# reported as well, since the reference run here is a rebuild of it.
REFERENCE = {
    "source": "the original bakerydemo on 2-core machines like this one "
    "(wrk, 16 connections); not measured in this run",
    "bakerydemo_home_requests_per_second": 35,
    "bakerydemo_detail_page_requests_per_second": 82,
    "bakerydemo_search_requests_per_second": 33,
    "bakerydemo_api_list_requests_per_second": 90,
}


def env(page_cache_seconds=300):
    return portal_env(VAR, PAGE_CACHE_SECONDS=page_cache_seconds)


def manage(*args):
    run_manage(env(), *args)


LABELLED = {}


def sample_paths():
    """One URL of each kind a visitor opens, looked up in the bench database."""
    os.environ.update(env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from wagtail.models import Page

    paths = ["/"]
    for label in [
        "home.standardpage",
        "home.newsindexpage",
        "home.newspage",
        "honors.honorindexpage",
        "honors.honorprofilepage",
        "honors.oralhistoryindexpage",
        "honors.oralhistorypage",
        "memorial.memorialhallpage",
        "memorial.memorialfacilitypage",
        "memorial.martyrpage",
        "volunteers.volunteerindexpage",
        "volunteers.brigadepage",
        "volunteers.activitypage",
        "volunteers.stationindexpage",
        "volunteers.stationpage",
        "volunteers.statspage",
        "education.lessonindexpage",
        "education.lessonpage",
    ]:
        app_label, model = label.split(".")
        page = (
            Page.objects.live()
            .filter(content_type__app_label=app_label, content_type__model=model)
            .order_by("path")
            .first()
        )
        if page:
            paths.append(page.url)
            LABELLED[label] = page.url
            if label == "home.newspage":
                LABELLED["api_detail"] = f"/api/v3/pages/{page.pk}/"
    return paths + [
        LABELLED.get("api_detail", "/api/v3/pages/"),
        "/honors/?year=2024",
        "/memorial/?sort=tributes&page=2",
        "/volunteers/?speciality=rescue",
        "/search/?q=%E8%80%81%E5%85%B5",
        "/api/v3/pages/?type=home.NewsPage",
        "/api/v3/stats/",
    ]


def render_costs(paths, repeats=9):
    """In this process, one request at a time, page cache off: the median time to render
    each page when what it shows is kept (``warm``), and right after a publish, when
    everything kept per published version (cards, bodies, counts) is computed again."""
    from django.conf import settings
    from django.test import Client

    from core import page_cache

    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    costs = {}
    for path in paths:
        if path.startswith("/api/"):
            continue

        def timed(before=None, path=path):
            if before:
                before()
            begun = time.perf_counter()
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, (path, response.status_code)
            return (time.perf_counter() - begun) * 1000

        for _ in range(3):
            timed()
        warm = statistics.median(timed() for _ in range(repeats))
        cold = statistics.median(timed(page_cache.published_changed) for _ in range(repeats))
        costs[path] = {
            "warm_render_median_ms": round(warm, 1),
            "render_after_a_publish_median_ms": round(cold, 1),
        }
        print(f"{path[:44]:45s} warm {warm:6.1f} ms   after a publish {cold:6.1f} ms")
    return costs


def run_server(page_cache_seconds, paths):
    server = start_portal(PORT, env(page_cache_seconds))
    results = []
    try:
        warm(PORT, paths)
        print(f"-- page cache {'on' if page_cache_seconds else 'off'}")
        for path in paths:
            result = hammer(PORT, path, DURATION, CONCURRENCY)
            result["page_cache"] = bool(page_cache_seconds)
            result["load_average_1min_after"] = round(os.getloadavg()[0], 2)
            results.append(result)
            print(
                f"{path[:44]:45s} {result['requests_per_second']:8.1f} req/s  "
                f"p50 {result['latency_p50_ms']:6.1f} ms  p95 {result['latency_p95_ms']:6.1f} ms  "
                f"{result['status_counts']}"
            )
    finally:
        stop(server)
    return results


def measure_reference():
    """bakerydemo's figures for the corresponding URLs, served like the portal (same
    gunicorn workers and threads, same clients), in this run; None with the reason when
    it cannot run here."""
    reason = reference.unavailable_reason()
    if reason:
        print(f"-- 参照站点：{reason}")
        return {"measured": False, "reason": reason}
    port = free_port()
    paths = reference.reference_paths()
    server = reference.start_reference(port, WORKERS, THREADS)
    results = {}
    try:
        warm(port, paths.values())
        print("-- bakerydemo (reference)")
        for name, path in paths.items():
            result = hammer(port, path, DURATION, CONCURRENCY)
            result["load_average_1min_after"] = round(os.getloadavg()[0], 2)
            results[name] = result
            print(
                f"{name:10s} {path[:33]:34s} {result['requests_per_second']:8.1f} req/s  "
                f"p95 {result['latency_p95_ms']:6.1f} ms  {result['status_counts']}"
            )
    finally:
        reference.stop_reference(server)
    return {"measured": True, "source": str(reference.BAKERYDEMO_DIR), "results": results}


def compare_with_reference(results, labelled, measured):
    """Uncached portal figure ÷ bakerydemo's for each corresponding pair."""
    if not measured.get("measured"):
        return None
    uncached = {r["path"]: r for r in results if not r["page_cache"]}
    comparison = {}
    for name, ours in REFERENCE_PAIRS.items():
        path = labelled.get(ours, ours)
        mine, theirs = uncached.get(path), measured["results"].get(name)
        if not mine or not theirs or not theirs["requests_per_second"]:
            continue
        comparison[name] = {
            "portal_path": path,
            "portal_uncached_requests_per_second": mine["requests_per_second"],
            "bakerydemo_path": theirs["path"],
            "bakerydemo_requests_per_second": theirs["requests_per_second"],
            "ratio": round(mine["requests_per_second"] / theirs["requests_per_second"], 2),
        }
    return comparison


def kind_of(path):
    if path.startswith("/api/"):
        return "api"
    return "search" if path.startswith("/search/") else "page"


def judge(result, database):
    """The target this figure is held to, and whether it meets it (PostgreSQL only)."""
    kind = kind_of(result["path"])
    if kind == "api" or database != "postgresql":
        return None
    if kind == "search":
        return TARGETS["search_page_requests_per_second_min"]
    if result["page_cache"]:
        return TARGETS["cached_page_requests_per_second_min"]
    return TARGETS["uncached_page_requests_per_second_min"]


def previous_figures(report_file):
    """The last run's figures from ``report_file`` (before it is overwritten), per URL."""
    try:
        old = json.loads(Path(report_file).read_text())
    except (OSError, ValueError):
        return None
    return {
        "code_version": old.get("code_version", "before code_version was recorded"),
        "load_average_1_5_15min_before": old.get("machine", {}).get(
            "load_average_1_5_15min_before"
        ),
        "results": [
            {
                key: row.get(key)
                for key in ("path", "page_cache", "requests_per_second", "latency_p95_ms")
            }
            for row in old.get("results", [])
        ],
    }


def git_version():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    VAR.mkdir(parents=True, exist_ok=True)
    load_before = [round(x, 2) for x in os.getloadavg()]
    manage("migrate", "--noinput")
    manage("load_demo_content")
    manage("collectstatic", "--noinput")
    paths = sample_paths()
    only = os.environ.get("BENCH_PAGE_CACHE", "both")
    results = []
    if only in ("both", "off"):
        results += run_server(0, paths)
    if only in ("both", "on"):
        results += run_server(300, paths)
    measured = measure_reference() if os.environ.get("BENCH_REFERENCE", "1") == "1" else {}
    print("-- render time in process, one request at a time (page cache off)")
    costs = render_costs(paths)
    database = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    for result in results:
        result["kind"] = kind_of(result["path"])
        target = judge(result, database)
        if target is not None:
            result["target_requests_per_second"] = target
            result["meets_target"] = result["requests_per_second"] >= target
    report = {
        "benchmark": "public pages and API under gunicorn, page cache off then on",
        "code_version": os.environ.get("BENCH_CODE_VERSION") or git_version(),
        "page_cache_backend": "redis" if os.environ.get("REDIS_URL") else "local memory per worker",
        "database": database,
        "gunicorn_workers": WORKERS,
        "gunicorn_threads_per_worker": THREADS,
        "client_concurrency": CONCURRENCY,
        **load_client(),
        "duration_seconds_per_url": DURATION,
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "shared_with_other_workloads": True,
            "load_average_1_5_15min_before": load_before,
            "load_average_1_5_15min_after": [round(x, 2) for x in os.getloadavg()],
        },
        "targets": TARGETS,
        "reference_bakerydemo_same_run": measured,
        "portal_uncached_vs_bakerydemo": compare_with_reference(results, LABELLED, measured),
        "reference_recorded_not_measured": REFERENCE,
        "render_in_process_page_cache_off": costs,
        "results": results,
    }
    suffix = os.environ.get("BENCH_RESULT_SUFFIX", "")
    out = ROOT / "bench" / "results" / f"pages-{database}{suffix}.json"
    report["previous_run"] = previous_figures(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
