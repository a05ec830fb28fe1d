"""Login, the home page, tokens, the API schema — and who each request is recorded as."""

from audit.models import AuditEvent
from governance.demo import DEMO_PASSWORD
from governance.security.totp import DEMO_TOTP_SECRET, code_at
from governance.tenancy.models import User


def test_login_page_is_japanese_by_default(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()


def test_english_is_available(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Log in" in client.get("/login/").content.decode()


def test_login_is_audited_with_the_actor_and_channel(client, demo):
    from governance.security.totp import DEMO_TOTP_SECRET, code_at

    client.post("/login/", {"username": "auditor", "password": DEMO_PASSWORD})
    response = client.post("/login/verify/", {"code": code_at(DEMO_TOTP_SECRET)})  # staff: second factor
    assert response.status_code == 302
    event = AuditEvent.objects.filter(name="governance.user.logged_in").get()
    assert event.channel == "web"
    assert event.actor_id == int(event.object_id) == User.objects.get(username="auditor").pk
    assert event.ip_address == "127.0.0.1" and len(event.request_id) == 32


def test_failed_login_is_audited_without_the_typed_name(client, demo):
    client.post("/login/", {"username": "nobody-such", "password": "wrong"})
    event = AuditEvent.objects.filter(name="governance.user.login_failed").get()
    assert event.object_id == "" and "nobody-such" not in str(event.data)


def test_home_lists_what_the_role_can_do(client, demo):
    client.login(username="auditor", password=DEMO_PASSWORD)
    page = client.get("/").content.decode()
    assert "監査人" in page and "/audit/" in page


def test_home_needs_login(client, db):
    assert client.get("/").headers["Location"].startswith("/login/")


def test_audit_page_is_refused_to_other_roles(client, demo):
    client.login(username="committee", password=DEMO_PASSWORD)
    assert client.get("/audit/").status_code == 403


def test_auditor_verifies_the_chain_from_the_page(client, demo):
    client.login(username="auditor", password=DEMO_PASSWORD)
    page = client.post("/audit/verify/").content.decode()
    assert "件を検証しました" in page and "連鎖は完全です" in page


def test_token_api_request_is_recorded_with_the_token_user(client, demo):
    assert client.post("/api/v1/auth/token/", {"username": "hoiku", "password": DEMO_PASSWORD}).status_code == 403
    token = client.post("/api/v1/auth/token/", {"username": "hoiku", "password": DEMO_PASSWORD,
                                                "code": code_at(DEMO_TOTP_SECRET)}).json()["token"]
    response = client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"})

    assert response.status_code == 200
    assert response.json()["memberships"][0]["role"] == "department_staff"
    issued = AuditEvent.objects.get(name="governance.token.issued")
    assert issued.channel == "api" and issued.actor_id is not None


def test_token_with_a_wrong_password_is_refused(client, demo):
    response = client.post("/api/v1/auth/token/", {"username": "hoiku", "password": "wrong"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(name="governance.token.issued").exists()


def test_api_needs_authentication(client, db):
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/auth/token/" in schema.content
    assert b"/api/v1/auth/logout/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
