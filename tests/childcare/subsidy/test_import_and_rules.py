"""The LoGo import through the exchange gate, the whole-file check, and the rules computed on what was imported."""

import datetime
import io

import pytest
from django.db import connection

from audit.models import AuditEvent
from childcare.subsidy.demo import DEMO_FORM, contract_renewal_load, demo_logo_csv
from childcare.subsidy.errors import SubsidyInvalid
from childcare.subsidy.models import Application, Use
from childcare.subsidy.rules import rules_evaluate
from childcare.subsidy.selectors import subsidy_actor
from childcare.subsidy.services import logo_import
from governance.committee import transitions
from governance.committee.models import Submission
from governance.exchange.gate import ExchangeDenied
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.models import OutsourcingContract
from governance.tenancy.models import User

# The import is denied before the LoGo amendment: the demo leaves it waiting, the tests approve it.
DEMO_AMENDMENT_WAITING = True


def approve_amendment() -> None:
    """The committee approves seed 004's amendment (the LoGo form); the department then renews it for this year."""
    amendment = Submission.objects.get(amends__isnull=False, title__contains="ベビーシッター")
    member = User.objects.get(username="committee")
    transitions.submission_review_start(submission=amendment, actor=member)
    transitions.submission_decide(submission=amendment, outcome="approve", actor=member, meeting=amendment.meeting)
    contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター")
    assert contract_renewal_load(contract=contract, staff=User.objects.get(username="shien"))


def shien():
    return subsidy_actor(actor=User.objects.get(username="shien"))


def test_import_is_denied_before_the_amendment_and_allowed_after_it_once(demo):
    """Under the 令和5年度第1回 version the LoGo medium is not approved: denied, nothing stored. Once the amendment
    (and this year's renewal) are approved the same file imports; importing it again changes nothing."""
    content = demo_logo_csv(count=5)
    entries = HandoverLedgerEntry.objects.count()
    with pytest.raises(ExchangeDenied) as denied:
        logo_import(who=shien(), form=DEMO_FORM, content=content)
    assert "medium_not_approved" in [r["code"] for r in denied.value.reasons]
    assert Application.objects.count() == 0
    assert HandoverLedgerEntry.objects.count() == entries

    approve_amendment()
    result = logo_import(who=shien(), form=DEMO_FORM, content=content)
    assert (result.created, result.already) == (5, 0)
    entry = HandoverLedgerEntry.objects.get(pk=result.ledger_entry_id)
    assert (entry.direction, entry.outcome, entry.record_count) == ("receive", "taken_in", 5)
    again = logo_import(who=shien(), form=DEMO_FORM, content=content.decode("utf-8").encode("cp932", "ignore"))
    assert (again.created, again.already, again.encoding) == (0, 5, "cp932")
    assert Application.objects.count() == 5

    # 21:00–23:30 is 1 h × ¥2,500 + 1 h × ¥3,500 (the care charge of ¥9,000 does not limit it).
    first = Application.objects.get(answer_id="100001")
    (use,) = first.uses.all()
    assert (use.day_hours, use.night_hours, use.amount_yen) == (1, 1, 6000)
    assert use.breakdown["day"] == {"hours": 1, "rate": 2500, "yen": 2500}
    assert use.breakdown["night"] == {"hours": 1, "rate": 3500, "yen": 3500}
    # No personal value in the database in plaintext, nor in the audit events.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(a)::text FROM {Application._meta.db_table} a WHERE id = %s", [first.pk])
        assert "山田" not in cursor.fetchone()[0]
    assert not AuditEvent.objects.filter(data__icontains="山田").exists()

    # The 145th hour of the child in the fiscal year is refused with the rule named.
    other = Application.objects.get(answer_id="100002")
    uses = list(other.uses.select_related("company"))
    decision = rules_evaluate(other, uses, hours_already=144 - 1)
    assert other.refusals[0]["code"] == "yearly_cap"
    assert other.refusals[0]["rule"] == "年間助成上限時間"
    assert "年間上限144時間" in other.refusals[0]["message"]
    assert sum(u.day_hours + u.night_hours for u in uses) == 1
    assert not decision.allow


def test_malformed_file_is_refused_whole_with_rows_and_columns(demo):
    """A missing column, a bad date and an unknown company: every problem named, nothing stored."""
    approve_amendment()
    good = demo_logo_csv(count=3).decode("utf-8")
    lines = good.split("\r\n")
    lines[1] = lines[1].replace(f"{datetime.date.today():%Y/%m/%d} 10:00:00", "2026/13/45 10:00:00")
    lines[2] = lines[2].replace(",C001,", ",X999,").replace(",C002,", ",X999,")
    bad = "\r\n".join(lines).encode("utf-8")
    with pytest.raises(SubsidyInvalid) as refused:
        logo_import(who=shien(), form=DEMO_FORM, content=bad)
    problems = refused.value.details["problems"]
    assert {"row": 2, "column": "回答日時", "message": "「2026/13/45 10:00:00」は日付ではありません"} in problems
    assert any(p["row"] == 3 and p["column"].startswith("事業者コード") and "X999" in p["message"] for p in problems)
    missing = good.replace("児童生年月日", "生年月日（児童）").encode("utf-8")
    with pytest.raises(SubsidyInvalid) as refused:
        logo_import(who=shien(), form=DEMO_FORM, content=missing)
    assert refused.value.details["problems"][0]["row"] == 1
    assert refused.value.details["problems"][0]["column"] == "児童生年月日"
    assert Application.objects.count() == 0
    assert Use.objects.count() == 0


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_commands_write_a_shift_jis_demo_file_and_import_it(demo, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    approve_amendment()
    path = tmp_path / "logo.csv"
    call_command("make_demo_logo_csv", str(path), "--count", "3", "--encoding", "cp932", stdout=StringIO())
    out, terminal = StringIO(), _Terminal()
    call_command("import_logo_applications", str(path), "--form", DEMO_FORM, stdout=out, stderr=terminal)
    assert out.getvalue().startswith("申請3件を取り込みました。0件は取込済みです（cp932")
    assert terminal.getvalue().endswith("[##############################] 100% 6/6 storing\x1b[K\n")  # the bar
    (tmp_path / "bad.csv").write_text("回答ID,回答日時\n1,2026/01/01\n", encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import_logo_applications", str(tmp_path / "bad.csv"), "--form", DEMO_FORM, stderr=errors)
    assert "1 行目「申請者氏名」: 見出しに列「申請者氏名」" in errors.getvalue()


def test_the_import_streams_and_still_counts_a_childs_hours_in_time_order(demo, monkeypatch):
    """Answers 100001 and 100003 claim the same child; the later one comes first in this file. The file is read
    twice (checked whole, then stored a chunk at a time) and the yearly cap still gives the earlier answer the
    last hour left (143 of 144 granted before)."""
    from childcare.subsidy import services

    class NearlyCapped(dict):
        def get(self, key, default=None):
            return super().get(key, 143)

    approve_amendment()
    monkeypatch.setattr(services, "hours_granted", lambda **kw: NearlyCapped())
    monkeypatch.setattr(services, "IMPORT_CHUNK", 1)
    lines = demo_logo_csv(count=3).decode("utf-8").split("\r\n")
    lines[1], lines[3] = lines[3], lines[1]
    result = logo_import(who=shien(), form=DEMO_FORM, content="\r\n".join(lines).encode("utf-8"))
    assert result.created == 3
    earlier, later = Application.objects.get(answer_id="100001"), Application.objects.get(answer_id="100003")
    assert sum(u.day_hours + u.night_hours for u in earlier.uses.all()) == 1
    assert sum(u.day_hours + u.night_hours for u in later.uses.all()) == 0
    assert later.refusals[0]["code"] == "yearly_cap"


def test_an_answer_id_twice_in_a_file_is_refused_with_both_rows(demo):
    approve_amendment()
    lines = demo_logo_csv(count=3).decode("utf-8").split("\r\n")
    lines[3] = lines[3].replace("100003,", "100001,", 1)
    with pytest.raises(SubsidyInvalid) as refused:
        logo_import(who=shien(), form=DEMO_FORM, content="\r\n".join(lines).encode("utf-8"))
    problems = refused.value.details["problems"]
    assert {"row": 4, "column": "回答ID", "message": "同じ回答IDが 2 行目にもあります"} in problems
    assert Application.objects.count() == 0
