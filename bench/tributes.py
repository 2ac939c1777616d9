"""Qingming surge: many concurrent visitors POST tributes to gunicorn on PostgreSQL.

Run: ``.venv/bin/python bench/tributes.py`` (options: --help). It migrates the
database named by BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_tributes,
created when missing),
loads the demo content if no martyr exists, starts gunicorn on a free port of 127.0.0.1 (or BENCH_PORT), sends
tributes from many client threads for a fixed time, then checks that the database holds
exactly one new row per accepted response. Results: bench/results/tributes.json.

Every client comes from 127.0.0.1, so the per-visitor tribute limit (20 a minute in
production) is raised for the gunicorn under test with MEMORIAL_TRIBUTES_PER_MINUTE;
the limiter itself still runs against Redis on every request.
"""

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from support import ensure_postgres_database, port_from, stop

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = ROOT / ".venv" / "bin"
KINDS = ["flower", "candle", "bow", "toast"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "0")))
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_tributes"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    )
    parser.add_argument("--message-ratio", type=float, default=0.05, help="share with a message")
    parser.add_argument("--output", default=str(RESULTS / "tributes.json"))
    return parser.parse_args()


def server_env(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        DB_CONN_MAX_AGE="600",
        PORTAL_VAR_DIR=str(ROOT / "var" / "memorial-bench"),
        MEMORIAL_TRIBUTES_PER_MINUTE="1000000",
        MEMORIAL_MESSAGES_PER_10_MINUTES="1000000",
        LOG_LEVEL="WARNING",
    )
    return env


def django_state(env):
    """Martyr ids and the current tribute row / counter totals, read through Django."""
    code = (
        "import json, django; django.setup();"
        "from django.db.models import Sum;"
        "from honors.memorial.models import MartyrPage, Tribute, TributeCount, TributeMessage;"
        "print(json.dumps({'martyrs': list(MartyrPage.objects.live().values_list('pk', flat=True)),"
        "'rows': Tribute.objects.count(), 'messages': TributeMessage.objects.count(),"
        "'counters': TributeCount.objects.aggregate(n=Sum('count'))['n'] or 0}))"
    )
    out = subprocess.run(
        [str(VENV_BIN / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(env):
    manage = [str(VENV_BIN / "python"), "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    state = django_state(env)
    if not state["martyrs"]:
        print("载入演示内容……")
        subprocess.run(
            [*manage, "load_demo_content"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        state = django_state(env)
    return state


def start_gunicorn(args, env):
    command = [
        str(VENV_BIN / "gunicorn"),
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread" if args.threads > 1 else "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/api/v3/memorial/campaigns/active")
            conn.getresponse().read()
            conn.close()
            return process, command
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn 未能在 30 秒内启动")


class Connection:
    """A minimal HTTP/1.1 keep-alive client: the load generator shares the two cores
    with the server, so it must cost as little CPU per request as possible."""

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.buffer = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def post(self, path, payload):
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode() + payload
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        length = int(headers.get(b"content-length", b"0"))
        while len(self.buffer) < length:
            self._fill()
        self.buffer = self.buffer[length:]
        if headers.get(b"connection") == b"close":
            self.close()
        return status

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("服务器关闭了连接")
        self.buffer += chunk


def client(args, martyrs, stop_at, results, seed):
    rng = random.Random(seed)
    latencies, statuses, accepted = [], {}, 0
    conn = Connection(args.port)
    while time.monotonic() < stop_at:
        body = {"martyr": rng.choice(martyrs), "kind": rng.choice(KINDS)}
        if rng.random() < args.message_ratio:
            body.update(nickname="压测访客", message="缅怀先烈，致敬英雄。")
        payload = json.dumps(body).encode()
        started = time.perf_counter()
        try:
            status = conn.post("/api/v3/memorial/tributes", payload)
        except OSError:
            status = "error"
            conn.close()
        latencies.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        if status == 201:
            accepted += 1
    conn.close()
    results.append((latencies, statuses, accepted))


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))
    return round(ordered[index], 2)


def main():
    args = parse_args()
    args.port = port_from(args.port)
    ensure_postgres_database(args.database_url)
    env = server_env(args)
    before = prepare(env)
    martyrs = before["martyrs"]
    load_before = os.getloadavg()
    process, command = start_gunicorn(args, env)
    results = []
    try:
        stop_at = time.monotonic() + args.duration
        started = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(args, martyrs, stop_at, results, seed))
            for seed in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop(process)
    after = django_state(env)

    latencies = [value for result in results for value in result[0]]
    statuses = {}
    for _, result_statuses, _ in results:
        for status, count in result_statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    accepted = sum(result[2] for result in results)
    rows = after["rows"] - before["rows"]
    counters = after["counters"] - before["counters"]
    report = {
        "benchmark": "清明祭扫高峰：并发 POST /api/v3/memorial/tributes",
        "duration_s": round(elapsed, 2),
        "requests": len(latencies),
        "accepted": accepted,
        "accepted_per_second": round(accepted / elapsed, 1),
        "latency_p50_ms": percentile(latencies, 0.50),
        "latency_p90_ms": percentile(latencies, 0.90),
        "latency_p99_ms": percentile(latencies, 0.99),
        "latency_max_ms": round(max(latencies), 2) if latencies else None,
        "status_counts": statuses,
        "count_4xx": sum(n for s, n in statuses.items() if s.startswith("4")),
        "count_5xx": sum(n for s, n in statuses.items() if s.startswith("5")),
        "connection_errors": statuses.get("error", 0),
        "rows_in_db": rows,
        "counter_increase": counters,
        "messages_in_db": after["messages"] - before["messages"],
        "lost": accepted - rows,
        "rows_equal_accepted": rows == accepted,
        "counters_equal_rows": counters == rows,
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            # Other work on the machine competes for the same two cores: recorded, not hidden.
            "load_average_1_5_15_before": [round(v, 2) for v in load_before],
            "load_average_1_5_15_after": [round(v, 2) for v in os.getloadavg()],
        },
        "settings": {
            "server": " ".join(
                Path(part).name if i == 0 else part for i, part in enumerate(command)
            ),
            "django_settings": env["DJANGO_SETTINGS_MODULE"],
            "database": "PostgreSQL (" + args.database_url.rsplit("/", 1)[-1] + ")",
            "cache": f"Redis db {args.redis_url.rsplit('/', 1)[-1]}",
            "clients": args.clients,
            "martyrs": len(martyrs),
            "message_ratio": args.message_ratio,
            "rate_limit": "MEMORIAL_TRIBUTES_PER_MINUTE=1000000（所有压测客户端同一 IP，"
            "按访客限流已调高；限流计数仍每次请求经 Redis 执行）",
            "client": "Python 线程 + 极简 HTTP/1.1 长连接客户端，同机回环地址",
        },
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")
    if report["lost"] != 0 or not report["counters_equal_rows"]:
        sys.exit("有祭扫丢失或计数不一致！")


if __name__ == "__main__":
    main()
