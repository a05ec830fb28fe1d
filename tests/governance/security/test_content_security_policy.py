"""Every page carries a Content-Security-Policy that allows the site's own files and nothing inline but one handler."""

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings

POLICY = "Content-Security-Policy"
INLINE_HANDLER = re.compile(r"""\son[a-z]+=(["'])(.*?)\1""")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def directives(response) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in response[POLICY].split("; ")}


def test_pages_allow_only_their_own_scripts_and_styles(client, db):
    policy = directives(client.get("/login/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][:2] == ["'self'", "'unsafe-hashes'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "style-src" not in policy
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]


def test_every_inline_handler_in_the_templates_is_allowed_by_its_hash(client, db):
    """A new onclick=… (or an edited one) fails here instead of silently doing nothing in the browser."""
    allowed = set(directives(client.get("/login/"))["script-src"])
    templates = [t for t in settings.BASE_DIR.glob("*/templates/**/*.html") if ".venv" not in t.parts]
    handlers = {m.group(2) for t in templates for m in INLINE_HANDLER.finditer(Path(t).read_text())}
    assert "this.form.submit()" in handlers
    for handler in handlers:
        digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, handler
    assert not [t for t in templates if INLINE_SCRIPT.search(Path(t).read_text())]


def test_api_docs_pages_may_style_inline_but_run_only_files(client, db):
    for path in ("/api/docs/", "/api/redoc/"):
        response = client.get(path)
        assert response.status_code == 200
        policy = directives(response)
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert not INLINE_SCRIPT.search(response.content.decode()), path
