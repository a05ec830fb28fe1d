"""A small HTTP server speaking the OPA REST API (what the OPA-server engine uses), evaluating with
regorus: PUT /v1/policies/<id> (text/plain Rego), DELETE /v1/policies/<id>, POST /v1/data/<path>
with {"input": …} → {"result": …} (no "result" key when the rule is undefined). No OPA binary can
be installed here; this serves the same API on 127.0.0.1 with a random port.

`mode` makes it misbehave: "slow" (answers after `delay` seconds), "error" (HTTP 500),
"malformed" (a decision with a string "allow"), "not_json".
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import regorus


class OpaTestServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.policies: dict[str, str] = {}
        self.mode = "normal"
        self.delay = 1.0
        self.queries: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "OpaTestServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def evaluate(self, path: str, input: object) -> object:
        # regorus engines are bound to their thread: one per request, from the stored modules.
        engine = regorus.Engine()
        for policy_id, text in sorted(self.policies.items()):
            engine.add_policy(policy_id, text)
        engine.set_input(input)
        try:
            return engine.eval_rule("data." + path.replace("/", "."))
        except RuntimeError as exc:
            if "not a valid rule path" in str(exc):
                return None
            raise


class _Handler(BaseHTTPRequestHandler):
    server: OpaTestServer

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, status: int, body: object, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_PUT(self):
        if not self.path.startswith("/v1/policies/"):
            return self._send(404, {"code": "resource_not_found", "message": self.path})
        text = self._body().decode()
        try:
            regorus.Engine().add_policy("check.rego", text)
        except RuntimeError as exc:
            error = {"code": "rego_parse_error", "message": str(exc)[:300]}
            message = "error(s) occurred while compiling module(s)"
            return self._send(400, {"code": "invalid_parameter", "message": message, "errors": [error]})
        self.server.policies[self.path.removeprefix("/v1/policies/")] = text
        self._send(200, {})

    def do_DELETE(self):
        self.server.policies.pop(self.path.removeprefix("/v1/policies/"), None)
        self._send(200, {})

    def do_POST(self):
        if not self.path.startswith("/v1/data/"):
            return self._send(404, {"code": "resource_not_found", "message": self.path})
        path = self.path.removeprefix("/v1/data/").split("?")[0]
        self.server.queries.append(path)
        payload = json.loads(self._body() or b"{}")
        mode = self.server.mode
        if mode == "slow":
            time.sleep(self.server.delay)
        if mode == "error":
            return self._send(500, {"code": "internal_error", "message": "boom"})
        if mode == "not_json":
            return self._send(200, None, raw=b"<html>proxy error</html>")
        if mode == "malformed":
            return self._send(200, {"result": {"allow": "yes", "reasons": []}})
        result = self.server.evaluate(path, payload.get("input"))
        self._send(200, {} if result is None else {"result": result})
