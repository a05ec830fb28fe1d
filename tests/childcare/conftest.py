import pytest

from audit.models import AuditEvent
from childcare.children.models import Child
from governance.demo import DEMO_PASSWORD
from governance.security.totp import DEMO_TOTP_SECRET, code_at


def login(client, username: str) -> None:
    client.logout()
    assert client.login(username=username, password=DEMO_PASSWORD)


def api_headers(client, username: str) -> dict:
    """A token through the real token endpoint (with the second factor, except for guardians); one per user
    and test client, because a second-factor code is accepted only once."""
    tokens = client.__dict__.setdefault("_tokens", {})
    if username in tokens:
        return tokens[username]
    data = {"username": username, "password": DEMO_PASSWORD}
    if username != "guardian":
        data["code"] = code_at(DEMO_TOTP_SECRET)
    response = client.post("/api/v1/auth/token/", data)
    assert response.status_code == 200, response.content
    client.logout()  # the API is then used with the token alone
    tokens[username] = {"Authorization": f"Token {response.json()['token']}"}
    return tokens[username]


READ = "audit.personal_data.read"


def reads_after(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(name=READ, seq__gt=seq).order_by("seq"))


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def child_named(name: str) -> Child:
    (child,) = [c for c in Child.objects.select_related("municipality") if c.name == name]
    return child


@pytest.fixture
def aoki(demo):
    """青木 陽向: 練馬ぴよぴよ, allergy notes, one guardian with a bank account."""
    return child_named("青木 陽向")


@pytest.fixture
def ueda(demo):
    """上田 結衣: 貫井ぴよぴよ (another Nerima facility)."""
    return child_named("上田 結衣")


@pytest.fixture
def okada(demo):
    """岡田 葵: 新宿区立ひまわり保育園, guardian 岡田 健一 is the demo `guardian` login."""
    return child_named("岡田 葵")
