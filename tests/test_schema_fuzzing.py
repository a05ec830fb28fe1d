"""Schema fuzzing: schemathesis generates requests for every operation of the live /api/schema/, valid and
invalid, and sends them through Django's WSGI handler with an API token of each role. No answer may be a server
error, and every documented answer must match the schema (status, media type, headers and body).

The examples are few per operation and derandomized, so every run sends the same requests and the whole fuzz
stays within a couple of minutes; each role is its own test, which xdist spreads over the workers. Writes land
in the test's transaction and are rolled back with it.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from governance.demo import DEMO_PASSWORD
from governance.security.totp import DEMO_TOTP_SECRET, code_at

SCHEMA_URL = "/api/schema/?format=json"
CHECKS = [not_a_server_error, content_type_conformance, response_headers_conformance, response_schema_conformance]
# Generated requests per operation and role, valid and invalid: few, since the operations × roles are many and an
# invalid request costs hypothesis several draws (about 2 minutes in all on two cores).
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 2, schemathesis.GenerationMode.NEGATIVE: 1}
# The roles of the list, by their demo login (tests/authorization_matrix.py's ROLES).
ROLES = {
    "department": "hoiku",
    "facility": "piyopiyo",
    "vendor": "uchida",
    "auditor": "auditor",
    "guardian": "guardian",
}
# Ending the token mid-run would leave the rest of the operations answering 401: fuzzed last.
# Each role's operations in halves, so that xdist spreads them over the workers.
PARTS = 2
LOGOUT = ("POST", "/api/v1/auth/logout/")


def in_test_transaction(wsgi):
    """Django's WSGI handler without closing the database connection around each request, as the test client does:
    the fuzz runs inside the test's transaction, which a close would end."""

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = wsgi(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]

    return app


def api_token(client, username: str) -> str:
    """A token from the log-in endpoint, with the authenticator code every role but guardian needs."""
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": DEMO_PASSWORD, "code": code_at(DEMO_TOTP_SECRET)}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


class Fuzz:
    """Runs the generated cases of each operation and keeps every failed check (no shrinking: the whole list)."""

    def __init__(self, document: dict, token: str):
        self.schema = schemathesis.openapi.from_dict(document)
        self.app = in_test_transaction(WSGIHandler())
        self.headers = {"Authorization": f"Token {token}"}
        self.failures: list[str] = []
        self.cases = 0
        self.operations: list[str] = []

    def operation_run(self, operation) -> None:
        label = f"{operation.method.upper()} {operation.path}"
        self.operations.append(label)
        for mode in schemathesis.GenerationMode:
            try:
                self.cases_run(operation, label, mode)
            except Unsatisfiable:
                # Nothing of the operation can be wrong (no parameter, no body): its invalid mode has no case.
                assert mode == schemathesis.GenerationMode.NEGATIVE, label

    def cases_run(self, operation, label: str, mode: schemathesis.GenerationMode) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES[mode],
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            self.cases += 1
            response = case.call(app=self.app, headers=self.headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=self.headers)
            except schemathesis.errors.FailureGroup as group:
                self.failures.append(f"{label} ({mode}): {str(group)[:1500]}")

        run()

    def all_run(self, *, part: int, parts: int) -> None:
        """Every ``parts``-th operation by method and path, from the ``part``-th on."""
        operations = sorted(
            (result.ok() for result in self.schema.get_all_operations()), key=lambda op: (op.method.upper(), op.path)
        )
        for operation in sorted(operations[part::parts], key=lambda op: (op.method.upper(), op.path) == LOGOUT):
            self.operation_run(operation)


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_generated_request_is_a_server_error_or_answered_against_the_schema(demo, client, role, part):
    assert client.login(username="auditor", password=DEMO_PASSWORD)
    document = client.get(SCHEMA_URL).json()
    client.logout()
    fuzz = Fuzz(document, api_token(client, ROLES[role]))
    fuzz.all_run(part=part, parts=PARTS)

    documented = sorted(
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    )
    print(
        f"\n{role}, part {part + 1} of {PARTS}: {len(fuzz.operations)} operations fuzzed, {fuzz.cases} cases generated"
    )
    assert sorted(fuzz.operations) == sorted(f"{method} {path}" for method, path in documented[part::PARTS])
    assert fuzz.cases >= len(fuzz.operations) * 2  # each operation got valid and (where it can) invalid requests
    assert not fuzz.failures, f"{len(fuzz.failures)} failures as {role}:\n" + "\n\n".join(fuzz.failures)


def test_a_wrongly_documented_answer_is_caught(demo, client):
    """The fuzz is not vacuous: with the list of meetings documented as a single object, its answers fail."""
    assert client.login(username="auditor", password=DEMO_PASSWORD)
    document = client.get(SCHEMA_URL).json()
    client.logout()
    content = document["paths"]["/api/v1/governance/meetings/"]["get"]["responses"]["200"]["content"]
    content["application/json"]["schema"] = content["application/json"]["schema"]["items"]
    fuzz = Fuzz(document, api_token(client, "committee"))
    (meetings,) = [
        result.ok()
        for result in fuzz.schema.get_all_operations()
        if (result.ok().method.upper(), result.ok().path) == ("GET", "/api/v1/governance/meetings/")
    ]

    fuzz.operation_run(meetings)

    assert fuzz.failures and all("GET /api/v1/governance/meetings/" in f for f in fuzz.failures)
    assert "Response violates schema" in fuzz.failures[0], fuzz.failures[0]
