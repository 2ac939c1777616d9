"""What the benchmarks share: free ports, their own PostgreSQL database, stopping servers.

Each benchmark creates what it needs so that ``make bench`` works on a fresh machine:
a port nobody listens on (unless one is given), a PostgreSQL database of its own
(created when missing; the server must accept the URL's user), and a server that is
stopped for good even when it ignores SIGTERM.
"""

import http.client
import json
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_from(value):
    """``value`` as a port, or a free one when it is empty or 0."""
    return int(value) if value and int(value) else free_port()


def ensure_postgres_database(url, recreate=False):
    """Create the database named at the end of ``url`` if it does not exist.

    Exits with a Chinese message naming what is missing when the server cannot be
    reached, rather than a traceback from the first migration.
    """
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?", 1)[0]
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            if recreate:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"无法连接 PostgreSQL（{base}）：{exc}\n"
            "请先启动 PostgreSQL，或用环境变量 BENCH_DATABASE_URL 指定可用的数据库地址。"
        ) from exc


def stop(process, grace=30):
    """Stop ``process`` (and its process group when it leads one): TERM, then KILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            if os.getpgid(process.pid) == process.pid:
                os.killpg(process.pid, sig)
            else:
                process.send_signal(sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def ask_until(port, path, deadline):
    """One keep-alive client asking 127.0.0.1:``port`` for ``path`` until ``deadline``
    (``time.monotonic()``): each request's latency in ms, and how many got each status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies, codes = [], {}
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            code = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            code = "error"
        latencies.append((time.perf_counter() - start) * 1000)
        codes[code] = codes.get(code, 0) + 1
    return latencies, codes


CLIENT_PROCESSES = int(os.environ.get("BENCH_CLIENT_PROCESSES", "2"))


def _client_process(port, path, duration, threads, queue):
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.monotonic() + duration

    def client():
        mine, codes = ask_until(port, path, deadline)
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[str(code)] = statuses.get(str(code), 0) + count

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    queue.put((latencies, statuses))


# wrk (Debian's package ``wrk``, written in C) when the machine has it: on these 2-core
# machines the client shares the CPU with the server, and Python's client takes several
# times the CPU wrk does for the same requests. BENCH_CLIENT=python forces Python's.
WRK = shutil.which("wrk") if os.environ.get("BENCH_CLIENT", "wrk") == "wrk" else None
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))

# Sums every wrk thread's status counts and prints one JSON line (latencies in µs).
_WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      parts[code] = (parts[code] or 0) + count
    end
  end
  local codes = {}
  for code, count in pairs(parts) do
    table.insert(codes, string.format('"%d": %d', code, count))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"socket_errors": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, table.concat(codes, ", ")))
end
"""


def load_client():
    """What sends the benchmark's requests, as recorded in the results."""
    if WRK:
        return {"load_client": "wrk", "wrk_threads": WRK_THREADS}
    return {"load_client": "python http.client", "client_processes": CLIENT_PROCESSES}


def _wrk(port, path, duration, concurrency):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_WRK_SCRIPT)
        script.flush()
        output = subprocess.run(
            [
                WRK,
                f"-t{min(WRK_THREADS, concurrency)}",
                f"-c{concurrency}",
                f"-d{max(1, round(duration))}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(row for row in output.splitlines() if row.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    statuses = dict(figures["statuses"])
    if figures["socket_errors"]:
        statuses["socket_errors"] = figures["socket_errors"]
    return {
        "path": path,
        "requests": figures["requests"],
        "requests_per_second": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
        "latency_p50_ms": round(figures["p50_us"] / 1000, 1),
        "latency_p95_ms": round(figures["p95_us"] / 1000, 1),
        "status_counts": statuses,
    }


def hammer(port, path, duration, concurrency, processes=CLIENT_PROCESSES):
    """Keep ``concurrency`` keep-alive clients asking for ``path`` for ``duration``
    seconds: requests per second, latency percentiles and status counts. With wrk when
    the machine has it; otherwise spread over ``processes`` Python client processes (so
    Python's client is not what limits a fast server)."""
    if WRK:
        return _wrk(port, path, duration, concurrency)
    queue = multiprocessing.Queue()
    per_process = max(1, concurrency // processes)
    workers = [
        multiprocessing.Process(
            target=_client_process, args=(port, path, duration, per_process, queue)
        )
        for _ in range(processes)
    ]
    begun = time.monotonic()
    for process in workers:
        process.start()
    latencies, statuses = [], {}
    for _ in workers:
        mine, codes = queue.get()
        latencies.extend(mine)
        for code, count in codes.items():
            statuses[code] = statuses.get(code, 0) + count
    for process in workers:
        process.join()
    elapsed = time.monotonic() - begun
    latencies.sort()
    return {
        "path": path,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "latency_p50_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "status_counts": statuses,
    }


def portal_env(var_dir, **extra):
    """The environment a benchmark runs the portal with: production settings (DEBUG off,
    a throwaway secret, no HTTPS redirect), its own var/ directory, quiet logs."""
    values = dict(os.environ)
    values.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        SECURE_SSL_REDIRECT="false",
        PORTAL_VAR_DIR=str(var_dir),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
        **{key: str(value) for key, value in extra.items()},
    )
    return values


def manage(env, *args):
    """Run ``manage.py args`` of the portal with ``env``, quietly; fail loudly."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


# How benchmarks serve the portal and the reference site, as README recommends for
# production: synchronous workers, 2 × cores + 1 of them, behind the buffering proxy.
# (With threaded workers a burst of new keep-alive connections is accepted mostly by one
# worker, whose single core then serves them all while the other waits: measured here,
# a page swung between 100 and 230 req/s from one run to the next.)
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2 + 1)))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))


def warm(port, paths, attempts=20):
    """Ask every worker for every path before measuring: renditions, templates and the
    per-process copies of cached values are made then, not during a measurement.

    Workers boot one after another once the first answers (each loads Django and the
    search word list): the first path is asked for until two seconds in a row give the
    same rate (within 15 %), so no measurement shares the machine with a booting worker.
    """
    paths = list(paths)
    concurrency = max(4, WORKERS * 2)
    previous = 0.0
    for _ in range(attempts):
        rate = hammer(port, paths[0], 1, concurrency)["requests_per_second"]
        if previous and abs(rate - previous) <= 0.15 * previous:
            break
        previous = rate
    for path in paths:
        hammer(port, path, 1, concurrency)


def gunicorn_command(gunicorn, app, port, workers, threads):
    """The command that serves ``app`` on 127.0.0.1:``port``, as every benchmark runs it
    (the portal and the reference site alike): quiet, ``workers`` × ``threads``."""
    return [
        str(gunicorn),
        app,
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "error",
    ]


def start_portal(port, env, workers=WORKERS, threads=THREADS, attempts=150):
    """The portal under gunicorn on 127.0.0.1:``port`` (its own process group), once it
    answers; stop it with :func:`stop`."""
    server = subprocess.Popen(
        gunicorn_command(
            Path(sys.executable).parent / "gunicorn", "portal.wsgi", port, workers, threads
        ),
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(attempts):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            break
        except OSError:
            time.sleep(0.2)
    return server
