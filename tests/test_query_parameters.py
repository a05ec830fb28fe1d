"""Every query parameter is read through a serializer: a bad one is a 400 naming it (in Japanese, with a machine
code), never a 500, and only after the caller has been found allowed to ask at all."""

import pytest

from governance.demo import DEMO_PASSWORD
from governance.tenancy.models import Municipality

TOO_BIG = "99999999999999999999"


@pytest.fixture
def as_user(client, demo):
    def login(username):
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client
    return login


def _refused(response, parameter: str, code: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert (body["error"], body["field"], body["details"]) == ("InvalidInput", parameter, {"code": code})
    assert body["message"].startswith(f"クエリパラメータ {parameter} が正しくありません: ")


@pytest.mark.parametrize(("value", "code"), [("abc", "invalid"), ("null", "invalid"), (TOO_BIG, "max_value")])
def test_retention_rules_refuse_a_municipality_that_is_no_id(as_user, value, code):
    _refused(as_user("admin").get("/api/v1/governance/retention/rules/", {"municipality": value}),
             "municipality", code)


def test_a_guardian_is_refused_retention_rules_before_the_parameters_are_read(as_user):
    response = as_user("guardian").get("/api/v1/governance/retention/rules/", {"municipality": "abc"})
    assert response.status_code == 403


def test_retention_preview_refuses_an_overflowing_municipality_and_a_bad_day(as_user):
    client = as_user("admin")
    _refused(client.get("/api/v1/governance/retention/preview/", {"municipality": TOO_BIG, "as_of": "2031-04-01"}),
             "municipality", "max_value")
    shinjuku = Municipality.objects.get(name="新宿区").pk
    _refused(client.get("/api/v1/governance/retention/preview/", {"municipality": shinjuku, "as_of": "2031-13-01"}),
             "as_of", "invalid")


def test_care_refuses_a_role_without_temporary_care_before_the_parameters_are_read(as_user):
    """An auditor has no temporary care: a 403 naming that, not a 400 about the parameter."""
    response = as_user("auditor").get("/api/v1/care/availability/", {"facility": TOO_BIG, "from": "soon"})
    assert (response.status_code, response.json()) == (403, {
        "error": "CareRefused", "code": "care.role_not_allowed",
        "message": "一時保育は保護者と施設・所管課の職員のためのものです"})


BAD_PARAMETERS = [
    ("auditor", "/api/v1/audit/events/", "actor_id", TOO_BIG, "max_value"),
    ("auditor", "/api/v1/audit/events/export.csv", "party_id", TOO_BIG, "max_value"),
    ("auditor", "/api/v1/audit/questions/actor_activity/", "actor_id", TOO_BIG, "max_value"),
    ("auditor", "/api/v1/audit/findings/", "status", "closed", "invalid_choice"),
    ("nerima", "/api/v1/governance/ledger/", "channel_id", TOO_BIG, "max_value"),
    ("nerima", "/api/v1/governance/ledger/export.csv", "party_id", TOO_BIG, "max_value"),
    ("nerima", "/api/v1/governance/deletion-requests/", "status", "lost", "invalid_choice"),
    ("kansa-nerima", "/api/v1/governance/subject-trail/", "subject_id", "", "blank"),
    ("hoiku", "/api/v1/payments/reports/", "year", "twenty", "invalid"),
    ("hoiku", "/api/v1/payments/reports/", "day", "2026-02-30", "invalid"),
    ("hoiku", "/api/v1/payments/cases/", "status", "closed", "invalid_choice"),
    ("hoiku", "/api/v1/payments/slips/", "status", "lost", "invalid_choice"),
    ("auditor", "/api/v1/governance/businesses/", "municipality", TOO_BIG, "max_value"),
    ("auditor", "/api/v1/governance/items/", "sensitive", "maybe", "invalid"),
    ("auditor", "/api/v1/governance/parties/", "role", "baker", "invalid_choice"),
    ("auditor", "/api/v1/governance/connections/", "party", TOO_BIG, "max_value"),
    ("hoiku", "/api/v1/governance/submissions/", "state", "lost", "invalid_choice"),
    ("himawari", "/api/v1/childcare/children/", "facility", "abc", "invalid"),
    ("guardian", "/api/v1/care/availability/", "facility", TOO_BIG, "max_value"),
    ("guardian", "/api/v1/care/availability/", "from", "soon", "invalid"),
    ("piyopiyo", "/api/v1/care/availability/", "to", "2027-02-30", "invalid"),
    ("guardian", "/api/v1/care/registrations/", "status", "lost", "invalid_choice"),
]
# The parameters a case leaves right, so that the one it spoils is the first wrong.
OTHER_PARAMETERS = {"/api/v1/governance/subject-trail/": {"subject_type": "payments.payer"},
                    "/api/v1/care/availability/": {"facility": "1", "from": "2027-01-04", "to": "2027-01-10"}}


def test_a_bad_query_parameter_is_a_400_naming_it(as_user):
    """One demo load for every endpoint's case (each case its own assertion message)."""
    for username, url, parameter, value, code in BAD_PARAMETERS:
        response = as_user(username).get(url, {**OTHER_PARAMETERS.get(url, {}), parameter: value})
        try:
            _refused(response, parameter, code)
        except AssertionError as exc:
            raise AssertionError(f"{url}?{parameter}={value}: {response.content[:300]!r}") from exc
