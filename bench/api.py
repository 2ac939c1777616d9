"""Headless API read throughput under gunicorn, next to the same page's HTML (not a test).

Loads the demo content into DATABASE_URL (SQLite under var/bench-api/ when unset),
starts gunicorn on 127.0.0.1 and keeps CONCURRENCY keep-alive clients (wrk when installed, else spread
over CLIENT_PROCESSES Python processes) busy for DURATION
seconds per URL: the card list, a page list, a profile's detail, the same detail with
``?expand=breadcrumbs,navigation,children``, and the profile's HTML page; once with
the shared cache off (every answer computed) and once on (anonymous reads served from
the versioned cache that publishing purges). Prints the figures and writes
bench/results/api-<database>.json with the machine, load average and settings.

    BENCH_RECREATE_DB=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/api.py
"""

import json
import os
import platform
import sys
from pathlib import Path

from support import (
    THREADS,
    WORKERS,
    ensure_postgres_database,
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
VAR = ROOT / "var" / "bench-api"
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def env(page_cache_seconds=300):
    return portal_env(VAR, PAGE_CACHE_SECONDS=page_cache_seconds)


def manage(*args):
    run_manage(env(), *args)


def sample_paths():
    """The card list, a page list, one profile as JSON (plain and expanded) and as HTML."""
    os.environ.update(env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from honors.models import HonorProfilePage

    profile = HonorProfilePage.objects.live().order_by("path").first()
    return {
        "card_list": "/api/v3/cards/?type=honors.HonorProfilePage&limit=20",
        "page_list": "/api/v3/pages/?type=home.NewsPage&limit=20",
        "detail": f"/api/v3/pages/{profile.pk}/",
        "detail_expanded": f"/api/v3/pages/{profile.pk}/?expand=breadcrumbs,navigation,children",
        "detail_html": profile.url,
    }


def run_server(page_cache_seconds, paths):
    server = start_portal(PORT, env(page_cache_seconds))
    results = []
    try:
        warm(PORT, paths.values())  # renditions, worker start-up, the cache
        label = "on" if page_cache_seconds else "off"
        print(f"-- shared cache {label}")
        for kind, path in paths.items():
            load_before = os.getloadavg()[0]
            result = hammer(PORT, path, DURATION, CONCURRENCY)
            result.update(
                kind=kind,
                cached=bool(page_cache_seconds),
                load_average_1min_before=round(load_before, 2),
                load_average_1min_after=round(os.getloadavg()[0], 2),
            )
            results.append(result)
            print(
                f"{kind:16s} {result['requests_per_second']:8.1f} req/s  "
                f"p50 {result['latency_p50_ms']:6.1f} ms  p95 {result['latency_p95_ms']:6.1f} ms  "
                f"{result['status_counts']}"
            )
    finally:
        stop(server)
    return results


def main():
    VAR.mkdir(parents=True, exist_ok=True)
    if DATABASE_URL.startswith("postgres"):
        # BENCH_RECREATE_DB=1 starts from an empty database, so the demo's images are
        # copied under var/bench-api/ (a database loaded elsewhere points to other files).
        ensure_postgres_database(DATABASE_URL, recreate=os.environ.get("BENCH_RECREATE_DB") == "1")
    if not os.environ.get("BENCH_SKIP_LOAD"):
        manage("migrate", "--noinput")
        manage("load_demo_content")
    manage("collectstatic", "--noinput")
    paths = sample_paths()
    load_start = os.getloadavg()
    results = run_server(0, paths) + run_server(300, paths)
    database = "postgresql" if DATABASE_URL.startswith("postgres") else "sqlite"
    report = {
        "benchmark": "headless API reads vs the same page's HTML under gunicorn, cache off then on",
        "shared_cache_backend": "redis"
        if os.environ.get("REDIS_URL")
        else "local memory per worker",
        "database": database,
        "gunicorn_workers": WORKERS,
        "gunicorn_threads_per_worker": THREADS,
        "client_concurrency": CONCURRENCY,
        **load_client(),
        "client_on_same_machine": True,
        "duration_seconds_per_url": DURATION,
        "api_cache_max_age_seconds": int(os.environ.get("API_CACHE_MAX_AGE", "60")),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start_1_5_15min": [round(value, 2) for value in load_start],
            "load_average_at_end_1_5_15min": [round(value, 2) for value in os.getloadavg()],
            "note": "2 cores shared with other jobs during the run; see the load averages",
        },
        "reference": "bakerydemo /api/v2/pages/<id>/ measured at about 90 req/s on these machines",
        "results": results,
    }
    out = ROOT / "bench" / "results" / f"api-{database}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
