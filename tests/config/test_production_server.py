"""`make serve` as a ward runs it: Gunicorn's worker processes, WhiteNoise's static files, HTTPS-only headers."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.config.test_settings import OWN_REQUESTER, OWN_SECRETS
from tests.support import database_url

SERVE = settings.BASE_DIR / "scripts" / "serve"
HTTPS = {"X-Forwarded-Proto": "https"}  # what the ward's TLS proxy adds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(transactional_db, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE",
                                                             "DJANGO_SETTINGS_MODULE"}}
    env.update(OWN_SECRETS, **OWN_REQUESTER, MIMAMORI_ENV="production", ALLOWED_HOSTS="127.0.0.1",
               DATABASE_URL=database_url(),
               MIMAMORI_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", MIMAMORI_PROXY_SSL_HEADER="X-Forwarded-Proto",
               MIMAMORI_STATIC_ROOT=str(tmp_path / "static"), MIMAMORI_VAR_DIR=str(tmp_path / "var"),
               MIMAMORI_AUDIT_CHECKPOINT_FILE=str(tmp_path / "checkpoints"),
               VENV=str(Path(sys.executable).parent.parent))
    log = tmp_path / "serve.log"
    process = subprocess.Popen([str(SERVE)], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
    try:
        yield port, process, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, path: str, headers: dict | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    return response, response.read()


def test_the_production_server_runs_workers_serves_hashed_static_files_and_sends_https_only_headers(server):
    port, process, log = server

    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # the master forks its workers one after the other
    assert len(children.read_text().split()) == 2, "WEB_CONCURRENCY=2 starts two worker processes under the master"

    plain, _ = get(port, "/login/")
    assert plain.status == 301 and plain.getheader("Location") == f"https://127.0.0.1:{port}/login/"

    page, body = get(port, "/login/?next=/children/%E5%B1%B1%E7%94%B0", HTTPS)
    assert page.status == 200
    assert page.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    policy = page.getheader("Content-Security-Policy")
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "default-src 'self'" in policy
    assert page.getheader("X-Frame-Options") == "DENY"
    assert all("Secure" in cookie and "SameSite" in cookie for cookie in page.headers.get_all("Set-Cookie"))
    html = body.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script: the policy would block it"

    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', html).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), "collected under its content's hash"
    css, content = get(port, stylesheet, {**HTTPS, "Accept-Encoding": "gzip"})
    assert css.status == 200 and content
    assert css.getheader("Content-Encoding") == "gzip"
    assert "immutable" in css.getheader("Cache-Control") and "max-age=315360000" in css.getheader("Cache-Control")

    missing, _ = get(port, "/static/no-such-file.css", HTTPS)
    assert missing.status == 404

    time.sleep(0.5)  # the access log line is written after the response
    access = log.read_text()
    assert '"GET /login/ HTTP/1.1" 200' in access
    assert "next=" not in access and "%E5%B1%B1" not in access, "the access log holds no query string"
