"""The authorization matrix: every route of the URL configuration × every role × own and another tenant's objects.

The routes come from the resolver, so a new page or endpoint cannot escape: it fails here until
tests/authorization_matrix.py says who may use it. Any 2xx (or a redirect other than to the login page) for a
role the table does not name fails; so does any 2xx with another tenant's object; and every request a role is
refused changes nothing (each table's row count compared before and after).
"""

import re
from collections import defaultdict

import pytest
from django.contrib import messages
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from governance.demo import DEMO_PASSWORD
from tests.authorization_matrix import ALLOWED, OWN_TENANT, ROLES, SKIPPED, TENANTLESS, WRITERS, route_objects

UNSAFE = ("post", "put", "patch", "delete")
# Rows that a refused request may add: its audit event, the session and the login bookkeeping.
BOOKKEEPING = re.compile(r"^(audit_|django_session|knox_|governance_loginattempt|governance_loginfailure)")


def routes() -> list[tuple[str, str]]:
    """(url name, route) of every named page and API endpoint of the product."""
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                found.append((p.name, prefix + str(p.pattern)))
    walk(get_resolver().url_patterns)
    return [(name, route) for name, route in found if not SKIPPED.match(route)]


def fill(route: str, kwargs: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def refused(response) -> bool:
    """A 4xx; a redirect to the login page; or a page form's redirect back carrying an error message."""
    if response.status_code >= 400:
        return True
    if response.status_code != 302:
        return False
    # The messages this request added (older ones wait in the session: the sweep follows no redirect).
    added = getattr(response.wsgi_request, "_messages", None)
    return response["Location"].startswith("/login/") or any(
        m.level >= messages.ERROR for m in getattr(added, "_queued_messages", ()))


def permitted(response) -> bool:
    """Past the authorization, whatever the answer (a request without its parameters is a 400)."""
    login = response.status_code == 302 and response["Location"].startswith("/login/")
    return response.status_code not in (401, 403, 404, 405) and not login


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [t for (t,) in cursor.fetchall() if not BOOKKEEPING.match(t)]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_every_route_is_in_the_table(demo):
    names = {name for name, _ in routes()}
    assert not names - set(ALLOWED), f"Routes nobody has decided about: add them to tests/authorization_matrix.py: " \
                                     f"{sorted(names - set(ALLOWED))}"
    assert not set(ALLOWED) - names, f"Routes in the table that no longer exist: {sorted(set(ALLOWED) - names)}"


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_role_reaches_what_the_table_does_not_give_it(demo, client, role):
    username = ROLES[role]
    if username:
        assert client.login(username=username, password=DEMO_PASSWORD)
    home, other = OWN_TENANT[role]
    refusals = []
    for name, route in routes():
        for whose, tenant in (("own", home), ("other", other)):
            if tenant is None:
                continue
            kwargs = route_objects(name, tenant)
            if kwargs is None or (whose == "other" and (not kwargs or name in TENANTLESS)):
                continue  # the tenant has no such object, or the route names none of a tenant's
            url = fill(route, kwargs)
            may_read = whose == "own" and role in ALLOWED[name]
            may_write = whose == "own" and role in WRITERS.get(name, ALLOWED[name])
            refusals += [(method, url, name, whose) for method in ("get", *UNSAFE)
                         if not (method == "get" and may_read) and not (method != "get" and may_write)]
    before = row_counts()
    problems = []
    for method, url, name, whose in refusals:  # a permitted write would change data: its own tests cover it
        response = getattr(client, method)(url)
        if not refused(response):
            problems.append(f"{method.upper()} {url} ({name}, {whose} tenant): {response.status_code}")
    assert not problems, (f"{role} reached {len(problems)} of {len(refusals)} cells it should not:\n"
                          + "\n".join(problems))
    after = row_counts()
    changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
    assert not changed, f"Refused requests of {role} changed rows: {changed}"


def test_each_readable_route_answers_someone(demo, client):
    """The table is not vacuous: every route someone may read lets at least one of them past its checks."""
    answered, tried = defaultdict(set), set()
    for role, username in ROLES.items():
        client.logout()
        if username:
            assert client.login(username=username, password=DEMO_PASSWORD)
        home, _ = OWN_TENANT[role]
        for name, route in routes():
            if role not in ALLOWED[name] or (kwargs := route_objects(name, home)) is None:
                continue
            tried.add(name)
            if permitted(client.get(fill(route, kwargs))):
                answered[name].add(role)
    silent = sorted(name for name in tried if name not in answered)
    assert not silent, f"Routes no permitted role could read (wrong table or objects): {silent}"
