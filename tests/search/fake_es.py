"""Local stand-ins for an Elasticsearch cluster in fault tests (no cluster runs here).

``FakeElasticsearch`` speaks just enough of the HTTP API for indexing (alias check,
index creation, bulk, delete-by-query, refresh, alias swap, synonyms sets) and records
what it received. ``BlackHole`` accepts connections and never answers.
"""

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeElasticsearch:
    def __init__(self, index_exists=True):
        self.alias_target = "portal-search-fake" if index_exists else None
        self.documents = {}  # _id → source, of the index the alias points at
        self.synonym_sets = {}
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length).decode() if length else ""

            def _answer(self, status, payload=None):
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _handle(self):
                path = self.path.split("?")[0]
                body = self._body()
                fake.requests.append((self.command, path))
                status, payload = fake.route(self.command, path, body)
                self._answer(status, payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, method, path, body):
        if path == "/":
            return 200, {"version": {"number": "8.15.0"}, "tagline": "You Know, for Search"}
        for matches, handler in (
            (lambda: path.startswith("/_synonyms/"), self._synonyms),
            (lambda: path == "/_alias/portal-search", self._alias),
            (lambda: path == "/_aliases", self._aliases),
            (lambda: path.endswith("/_bulk") or path == "/_bulk", self._bulk),
            (lambda: path.endswith("/_delete_by_query"), self._delete_by_query),
            (lambda: path.endswith("/_refresh"), self._refresh),
            (
                lambda: re.fullmatch(r"/portal-search-[\w-]+", path) and method == "PUT",
                self._create,
            ),
            (lambda: method == "DELETE", self._delete),
        ):
            if matches():
                return handler(path, body)
        return 404, {"error": f"fake: {method} {path} not handled", "status": 404}

    def _synonyms(self, path, body):
        self.synonym_sets[path.rsplit("/", 1)[1]] = json.loads(body)["synonyms_set"]
        return 200, {"result": "updated"}

    def _alias(self, path, body):
        if self.alias_target is None:
            return 404, {"error": "alias [portal-search] missing", "status": 404}
        return 200, {self.alias_target: {"aliases": {"portal-search": {}}}}

    def _aliases(self, path, body):
        for action in json.loads(body)["actions"]:
            if "add" in action:
                self.alias_target = action["add"]["index"]
        return 200, {"acknowledged": True}

    def _bulk(self, path, body):
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items = []
        for action, source in zip(lines[::2], lines[1::2], strict=True):
            meta = action["index"]
            self.documents[meta["_id"]] = source
            items.append({"index": {"_id": meta["_id"], "status": 201, "result": "created"}})
        return 200, {"took": 1, "errors": False, "items": items}

    def _delete_by_query(self, path, body):
        query = json.loads(body)["query"]["bool"]
        pages = set(query["filter"][0]["terms"]["page_id"])
        keep = set(query["must_not"][0]["ids"]["values"])
        gone = [k for k, s in self.documents.items() if s["page_id"] in pages and k not in keep]
        for key in gone:
            del self.documents[key]
        return 200, {"deleted": len(gone)}

    def _refresh(self, path, body):
        return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}

    def _create(self, path, body):
        self.documents = {}
        return 200, {"acknowledged": True, "index": path[1:]}

    def _delete(self, path, body):
        return 200, {"acknowledged": True}

    def titles(self):
        return sorted(source["title_text"] for source in self.documents.values())

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class BlackHole:
    """A port that accepts connections and never says anything."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.listener.close()
        for connection in self.accepted:
            connection.close()
