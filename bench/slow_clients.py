"""Slow request bodies against gunicorn alone and behind the shipped nginx (not a test).

SLOW_CLIENTS connections each start a POST and then send its body one byte a second;
meanwhile one ordinary visitor asks for a page every half second. Directly against
gunicorn (4 workers × 2 threads, as in README) the slow bodies hold every thread and
the visitor waits; through deploy/nginx/portal.conf nginx buffers the bodies and the
visitor is served. Needs nginx and openssl (Debian). Writes bench/results/slow_clients.json.

    .venv/bin/python bench/slow_clients.py
"""

import http.client
import json
import os
import platform
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from support import gunicorn_command, port_from, portal_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.local_proxy import nginx_binary, render  # noqa: E402

VAR = ROOT / "var" / "bench-slow"
APP_PORT, HTTPS_PORT, HTTP_PORT = (
    port_from(os.environ.get(f"BENCH_{name}_PORT")) for name in ("APP", "HTTPS", "HTTP")
)
SLOW_CLIENTS = int(os.environ.get("BENCH_SLOW_CLIENTS", "12"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "12"))
PROBE_TIMEOUT = 5.0


def env():
    return portal_env(VAR, TRUSTED_PROXY_COUNT=1)


def wait_for(port):
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} never opened")


def slow_body(port, use_tls, stop):
    """A POST whose body arrives one byte a second until ``stop`` is set."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    if use_tls:
        context = ssl._create_unverified_context()
        sock = context.wrap_socket(sock, server_hostname="127.0.0.1")
    sock.sendall(
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 100000\r\n\r\n"
    )
    try:
        while not stop.is_set():
            sock.sendall(b"a")
            stop.wait(1.0)
    except OSError:
        pass
    finally:
        sock.close()


def probe(port, use_tls):
    if use_tls:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=PROBE_TIMEOUT, context=ssl._create_unverified_context()
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PROBE_TIMEOUT)
    start = time.perf_counter()
    try:
        conn.request("GET", "/mode/elder/?on=1&next=/", headers={"Host": "127.0.0.1"})
        status = conn.getresponse().status
    except (OSError, http.client.HTTPException):
        status = None
    finally:
        conn.close()
    return status, (time.perf_counter() - start) * 1000


def warm_up(port, use_tls):
    for _ in range(60):
        if probe(port, use_tls)[0]:
            return
        time.sleep(1)
    raise RuntimeError(f"port {port} never answered")


def scenario(port, use_tls):
    warm_up(port, use_tls)
    stop = threading.Event()
    slow = [
        threading.Thread(target=slow_body, args=(port, use_tls, stop), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    for thread in slow:
        thread.start()
    time.sleep(1.5)
    answered, failed, latencies = 0, 0, []
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        status, elapsed = probe(port, use_tls)
        if status is None:
            failed += 1
        else:
            answered += 1
            latencies.append(elapsed)
        time.sleep(0.5)
    stop.set()
    for thread in slow:
        thread.join(timeout=5)
    return {
        "probes_answered": answered,
        "probes_timed_out": failed,
        "probe_timeout_seconds": PROBE_TIMEOUT,
        "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "latency_max_ms": round(max(latencies), 1) if latencies else None,
    }


def main():
    if not nginx_binary():
        sys.exit("需要 nginx：apt-get install nginx")
    VAR.mkdir(parents=True, exist_ok=True)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    app = subprocess.Popen(
        gunicorn_command(Path(sys.executable).parent / "gunicorn", "portal.wsgi", APP_PORT, 4, 2),
        cwd=ROOT,
        env=env(),
    )
    conf = render(VAR / "nginx", https_port=HTTPS_PORT, http_port=HTTP_PORT, upstream_port=APP_PORT)
    proxy = subprocess.Popen([nginx_binary(), "-c", str(conf), "-g", "daemon off;"])
    try:
        wait_for(APP_PORT)
        wait_for(HTTPS_PORT)
        direct = scenario(APP_PORT, use_tls=False)
        print(f"gunicorn alone, {SLOW_CLIENTS} slow bodies: {direct}")
        proxied = scenario(HTTPS_PORT, use_tls=True)
        print(f"behind nginx,   {SLOW_CLIENTS} slow bodies: {proxied}")
    finally:
        for process in (proxy, app):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    report = {
        "benchmark": "slow request bodies: gunicorn alone vs behind deploy/nginx/portal.conf",
        "slow_clients": SLOW_CLIENTS,
        "seconds": SECONDS,
        "gunicorn": "4 workers x 2 threads (gthread)",
        "gunicorn_alone": direct,
        "behind_nginx": proxied,
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
    }
    out = ROOT / "bench" / "results" / "slow_clients.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
