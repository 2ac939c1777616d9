"""A real portal (gunicorn) whose database or Redis the test can take away.

PostgreSQL is reached through a TCP relay on 127.0.0.1 that the test owns: closing it
drops every open connection, as when the database server goes away, and new
connections are refused until it listens again. SQLite is reached through a symbolic
link: pointing it into a missing directory makes every new connection fail ("unable
to open database file"), as when the disk holding the file is lost. Redis is taken
away by pointing the portal at a port nothing listens on.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port():
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """Forwards 127.0.0.1:port to the real database server until ``cut``."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self._server = None
        self._sockets = []
        self._lock = threading.Lock()

    def restore(self):
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        server.settimeout(0.1)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self):
        server, self._server = self._server, None
        server.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _close(sock)

    def _accept(self, server):
        while self._server is server:
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            for sock in (client, upstream):
                sock.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(src, dst), daemon=True).start()


def _pipe(src, dst):
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        _close(src)
        _close(dst)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class SqliteLink:
    """The database file behind a symbolic link the test can point elsewhere."""

    def __init__(self, path, directory):
        self.path = Path(path)
        self.link = Path(directory) / "portal.sqlite3"
        self._point(self.path)

    def _point(self, target):
        temporary = self.link.with_suffix(".new")
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(target)
        os.replace(temporary, self.link)

    def cut(self):
        self._point(self.link.parent / "lost-disk" / "portal.sqlite3")

    def restore(self):
        self._point(self.path)


@contextmanager
def database_switch(settings_dict):
    """(database URL for the portal, switch with cut()/restore()) for the test database."""
    with tempfile.TemporaryDirectory(prefix="portal-outage-") as directory:
        if settings_dict["ENGINE"].endswith("sqlite3"):
            switch = SqliteLink(settings_dict["NAME"], directory)
            yield f"sqlite:///{switch.link}", switch
            return
        relay = Relay((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
        relay.restore()
        user = quote(settings_dict["USER"] or "")
        password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
        try:
            yield (
                f"postgres://{user}{password}@127.0.0.1:{relay.port}/{settings_dict['NAME']}",
                relay,
            )
        finally:
            if relay._server is not None:
                relay.cut()


class Portal:
    """HTTP to the running portal, one connection per request like separate phones."""

    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body, {"Connection": "close", **(headers or {})})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def tribute(self, martyr, kind="flower", **extra):
        status, headers, body = self.request(
            "POST",
            "/api/v3/memorial/tributes",
            json.dumps({"martyr": martyr, "kind": kind, **extra}),
            {"Content-Type": "application/json"},
        )
        return status, headers, json.loads(body) if body else None


@contextmanager
def running_portal(database_url, redis_url="", **settings):
    """gunicorn serving the portal (test settings) on the given database and Redis;
    ``settings`` are further environment variables."""
    # The test binds the port and hands the socket over: no other process can take it
    # between choosing the port and gunicorn starting.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    home = Path(tempfile.mkdtemp(prefix="portal-outage-run-"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DB_CONN_MAX_AGE="60",  # persistent connections: the outage hits open ones too
        # All requests come from 127.0.0.1; test_limits.py covers the limits themselves.
        MEMORIAL_TRIBUTES_PER_MINUTE="100000",
        MEMORIAL_MESSAGES_PER_10_MINUTES="100000",
        TMPDIR=str(home),  # the test settings' media directory goes away with it
        LOG_LEVEL="CRITICAL",
    )
    env.update(settings)
    command = [
        str(GUNICORN),
        "portal.wsgi",
        "--bind",
        f"fd://{listener.fileno()}",
        "--workers",
        "1",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--log-level",
        "critical",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=subprocess.DEVNULL,
        pass_fds=[listener.fileno()],
    )
    listener.close()
    portal = Portal(port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if portal.request("GET", "/api/v3/memorial/totals")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("门户进程未能在 60 秒内启动")
            time.sleep(0.3)
        yield portal
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(home, ignore_errors=True)
