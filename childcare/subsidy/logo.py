"""Reading a LoGo form's CSV export (LoGoフォーム) into applications, judged whole before anything is kept.

The export has the answer id and one column per question, headed by the question's label. Which label holds
which field is the form's mapping (``LogoFormMapping.columns``, data that department staff edit); a use's
labels carry ``{n}`` ("利用日{n}") and are read for n = 1, 2 … as long as the header has them.

The file is decoded as UTF-8 (with or without a BOM) or else Shift_JIS (CP932), both seen in practice; then the
header and every row are checked, and every problem is collected with its row and column, so a bad file is
refused once, whole, with all that is wrong in it. Bank and branch codes are checked against the Zengin code
list (the ``zengin-code`` package), sitter companies against the ward's certified companies.
"""

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from zengin_code import Bank

from childcare.subsidy.kana import zengin_kana_problems
from common import problems
from common.problems import message

APPLICATION_COLUMNS = ("answer_id", "submitted_on", "applicant_name", "applicant_address", "applicant_birth_date",
                       "applicant_phone", "applicant_email", "bank_code", "branch_code", "account_kind",
                       "account_number", "account_holder", "child_name", "child_birth_date", "multiple_birth")
USE_COLUMNS = ("use_date", "use_start", "use_end", "company_code", "sitter_number", "care_charge", "excluded",
               "discount")
OPTIONAL = {"applicant_address", "applicant_birth_date", "applicant_phone", "applicant_email", "multiple_birth",
            "excluded", "discount"}
MAX_USES = 31

# The demo form's labels, as LoGo heads its export; a ward's own form is mapped by its staff.
DEFAULT_COLUMNS = {
    "answer_id": "回答ID", "submitted_on": "回答日時", "applicant_name": "申請者氏名", "applicant_address": "住所",
    "applicant_birth_date": "申請者生年月日", "applicant_phone": "電話番号", "applicant_email": "メールアドレス",
    "bank_code": "金融機関コード", "branch_code": "支店コード", "account_kind": "預金種目",
    "account_number": "口座番号",
    "account_holder": "口座名義（カナ）", "child_name": "児童氏名", "child_birth_date": "児童生年月日",
    "multiple_birth": "多胎児", "use_date": "利用日{n}", "use_start": "開始時刻{n}", "use_end": "終了時刻{n}",
    "company_code": "事業者コード{n}", "sitter_number": "シッター登録番号{n}", "care_charge": "保育料{n}",
    "excluded": "対象外経費{n}", "discount": "割引額{n}",
}
# What each of our fields is, as staff mapping a form read it (the mapping page shows these, not the names).
FIELD_LABEL_IDS = {
    "answer_id": gettext_noop("Answer id"), "submitted_on": gettext_noop("Date of application"),
    "applicant_name": gettext_noop("Applicant's name"), "applicant_address": gettext_noop("Applicant's address"),
    "applicant_birth_date": gettext_noop("Applicant's date of birth"), "applicant_phone": gettext_noop("Phone"),
    "applicant_email": gettext_noop("E-mail"), "bank_code": gettext_noop("Bank code"),
    "branch_code": gettext_noop("Branch code"), "account_kind": gettext_noop("Account kind (ordinary / current)"),
    "account_number": gettext_noop("Account number"), "account_holder": gettext_noop("Account holder (katakana)"),
    "child_name": gettext_noop("Child's name"), "child_birth_date": gettext_noop("Child's date of birth"),
    "multiple_birth": gettext_noop("Multiple birth"), "use_date": gettext_noop("Day of use {n}"),
    "use_start": gettext_noop("Start time {n}"), "use_end": gettext_noop("End time {n}"),
    "company_code": gettext_noop("Sitter company's code {n}"),
    "sitter_number": gettext_noop("Sitter's registration number {n}"),
    "care_charge": gettext_noop("Care charge {n}"),
    "excluded": gettext_noop("Costs not counted (entry fee, travel, cancellation, insurance) {n}"),
    "discount": gettext_noop("Discount {n}"),
}
FIELD_LABELS = {name: gettext_lazy(text) for name, text in FIELD_LABEL_IDS.items()}
# What a cell should have been, as a problem says it.
A_DATE = message(gettext_noop("a date"))
A_TIME = message(gettext_noop("a time (HH:MM)"))
AN_AMOUNT = message(gettext_noop("an amount in yen"))
ACCOUNT_KINDS = {"普通": "1", "1": "1", "当座": "2", "2": "2"}
YES = {"はい", "有", "あり", "1", "true", "yes"}
NO = {"", "いいえ", "無", "なし", "0", "false", "no"}


class Problem(problems.Problem):
    """A problem of the file: its row (the file's line number, the header is row 1; 0 for the file as a whole), the
    column as the file heads it, and why (a message id and its parameters, said in the reader's language)."""

    @property
    def row(self) -> int:
        return self.line

    def as_dict(self) -> dict:
        return {"row": self.line, "column": self.column, "message": self.reason}


@dataclass
class UseRow:
    line: int
    used_on: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    company_code: str
    sitter_number: str
    care_charge_yen: int
    excluded_yen: int
    discount_yen: int


@dataclass
class ApplicationRow:
    row: int
    answer_id: str
    submitted_on: datetime.date
    values: dict  # personal values, by model attribute
    multiple_birth: bool
    uses: list[UseRow] = field(default_factory=list)


def mapping_problems(columns: dict) -> list[str]:
    """What is wrong with a mapping: unknown or missing fields, empty or repeated labels, use labels without {n}."""
    problems = []
    known = set(APPLICATION_COLUMNS) | set(USE_COLUMNS)
    for name in sorted(set(columns) - known):
        problems.append(_("Unknown field “%(field)s”") % {"field": name})
    for name in (*APPLICATION_COLUMNS, *USE_COLUMNS):
        label = columns.get(name)
        if not isinstance(label, str) or not label.strip():
            if name not in OPTIONAL:
                problems.append(_("The field “%(field)s” has no column label") % {"field": FIELD_LABELS[name]})
            continue
        if name in USE_COLUMNS and "{n}" not in label:
            problems.append(_("The label of the use field “%(field)s” must contain {n} (the use's number)")
                            % {"field": FIELD_LABELS[name]})
    labels = [v.strip() for v in columns.values() if isinstance(v, str) and v.strip()]
    for label in sorted({v for v in labels if labels.count(v) > 1}):
        problems.append(_("The label “%(label)s” is given to two fields") % {"label": label})
    return problems


def detect_encoding(content: bytes) -> str:
    """The encoding to read the file as: UTF-8 (with or without a BOM) if every byte of it is, else CP932;
    UnicodeDecodeError when it is neither. Checked a megabyte at a time, never as one more copy of the file."""
    if content.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
        try:
            _check_decodes(content, "utf-8")
        except UnicodeDecodeError:
            encoding = "cp932"
    _check_decodes(content, encoding)
    return encoding


def _check_decodes(content: bytes, encoding: str, step: int = 1 << 20) -> None:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(content)
    for start in range(0, len(content), step):
        decoder.decode(view[start:start + step], final=False)
    decoder.decode(b"", final=True)


def decode(content: bytes) -> tuple[str, str]:
    """The text of the file and the encoding it was read as; UnicodeDecodeError when it is neither UTF-8 nor CP932."""
    encoding = detect_encoding(content)
    return content.decode(encoding), encoding


def _date(text: str) -> datetime.date:
    text = text.strip().split(" ")[0].split("T")[0].replace("/", "-")
    year, month, day = (int(part) for part in text.split("-"))
    return datetime.date(year, month, day)


def _time(text: str) -> datetime.time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match:
        raise ValueError(text)
    return datetime.time(int(match.group(1)), int(match.group(2)))


def _yen(text: str) -> int:
    text = text.strip().replace(",", "").replace("円", "").replace("¥", "")
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


class _Row:
    """One data row being read: each cell by field name, problems collected rather than raised."""

    def __init__(self, number: int, cells: dict[str, str], labels: dict[str, str], problems: list[Problem]):
        self.number, self.cells, self.labels, self.problems = number, cells, labels, problems

    def problem(self, name: str, text: str, **params) -> None:
        self.problems.append(Problem(self.number, text, params, column=self.labels.get(name, name)))

    def text(self, name: str) -> str:
        value = (self.cells.get(name) or "").strip()
        if not value and name.split("#")[0] not in OPTIONAL and name in self.labels:
            self.problem(name, gettext_noop("This column is empty"))
        return value

    def parsed(self, name: str, parse, what: dict, default=None):
        value = self.text(name)
        if not value:
            return default
        try:
            return parse(value)
        except (ValueError, TypeError):
            self.problem(name, gettext_noop("“%(value)s” is not %(what)s"), value=value[:40], what=what)
            return default


def _bank_problems(row: _Row, bank_code: str, branch_code: str) -> None:
    if not re.fullmatch(r"\d{4}", bank_code):
        row.problem("bank_code", gettext_noop("A bank code has 4 digits"))
        return
    bank = Bank.all.get(bank_code)
    if bank is None:
        row.problem("bank_code", gettext_noop("No bank has the code %(code)s in the Zengin code list"), code=bank_code)
        return
    if not re.fullmatch(r"\d{3}", branch_code):
        row.problem("branch_code", gettext_noop("A branch code has 3 digits"))
    elif branch_code not in bank.branches:
        row.problem("branch_code", gettext_noop("The bank %(bank)s has no branch %(code)s in the Zengin code list"),
                    bank=bank_code, code=branch_code)


class LogoFile:
    """A LoGo export read as a stream: ``problems`` holds what is wrong with the file (header problems at once,
    the rows' as ``rows()`` reaches them), ``rows()`` yields each answer read (None for a refused row) and can be
    walked again — the import walks it once to check it whole and once to store it, without keeping the rows."""

    def __init__(self, content: bytes, *, columns: dict, company_codes: set[str]):
        self.content, self.columns, self.company_codes = content, columns, company_codes
        self.problems: list[Problem] = []
        self.encoding = ""
        self.labels: dict[str, str] = {}
        self.uses = 0
        try:
            self.encoding = detect_encoding(content)
        except UnicodeDecodeError:
            self.problems.append(Problem(0, gettext_noop("The file is neither UTF-8 nor Shift_JIS (CP932) text")))
            return
        self._header()

    def _reader(self):
        return csv.reader(io.TextIOWrapper(io.BytesIO(self.content), encoding=self.encoding, newline=""))

    def _header(self) -> None:
        columns, problems = self.columns, self.problems
        header = [h.strip() for h in next(self._reader(), [])]
        if not any(header):
            problems.append(Problem(1, gettext_noop("The file has no header row")))
            return
        self.header_length = len(header)
        position = self.position = {label: i for i, label in enumerate(header)}
        for label in sorted({h for h in header if h and header.count(h) > 1}):
            problems.append(Problem(1, gettext_noop("The header names this column twice"), column=label))
        for name in APPLICATION_COLUMNS:
            label = columns.get(name) or ""
            if label in position:
                self.labels[name] = label
            elif label and name not in OPTIONAL:
                problems.append(Problem(1, gettext_noop("The header has no column “%(label)s” (field %(field)s)"),
                                        {"label": label, "field": message(FIELD_LABEL_IDS[name])}, column=label))
        while self.uses < MAX_USES and all(columns.get(name, "").replace("{n}", str(self.uses + 1)) in position
                                           for name in USE_COLUMNS if name not in OPTIONAL):
            self.uses += 1
            for name in USE_COLUMNS:
                label = (columns.get(name) or "").replace("{n}", str(self.uses))
                if label in position:
                    self.labels[f"{name}#{self.uses}"] = label
        if self.uses == 0:
            first = [columns.get(n, "").replace("{n}", "1") for n in USE_COLUMNS if n not in OPTIONAL]
            problems.append(Problem(1, gettext_noop("The header has no complete first use (its date, times, company, "
                                                    "sitter and care charge)"),
                                    column=", ".join(f for f in first if f not in position)))

    def rows(self) -> Iterator[ApplicationRow | None]:
        """Each data row read, in file order: the answer, or None where the row has problems (added to
        ``problems``). Nothing is yielded when the header has problems."""
        if self.problems and self.problems[0].row <= 1:
            return
        reader = self._reader()
        next(reader, None)
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != self.header_length:
                self.problems.append(Problem(number, gettext_noop("The row has %(found)d cells; the header has "
                                                                  "%(expected)d"),
                                             {"found": len(cells), "expected": self.header_length}))
                yield None
                continue
            by_name = {name: cells[self.position[label]] for name, label in self.labels.items()}
            yield _application(_Row(number, by_name, self.labels, self.problems), self.uses, self.company_codes)


def _application(row: _Row, uses: int, company_codes: set[str]) -> ApplicationRow | None:
    before = len(row.problems)
    answer_id = row.text("answer_id")
    submitted_on = row.parsed("submitted_on", _date, A_DATE)
    bank_code, branch_code = row.text("bank_code"), row.text("branch_code")
    if bank_code:
        _bank_problems(row, bank_code, branch_code)
    kind = row.text("account_kind")
    if kind and kind not in ACCOUNT_KINDS:
        row.problem("account_kind", gettext_noop("The account kind is 普通 or 当座"))
    number = row.text("account_number")
    if number and not re.fullmatch(r"\d{1,7}", number):
        row.problem("account_number", gettext_noop("An account number has at most 7 digits"))
    holder = row.text("account_holder")
    wrong = zengin_kana_problems(holder) if holder else []
    if wrong:
        row.problem("account_holder", gettext_noop("The account holder must be written in katakana; not accepted by "
                                                   "the banks: %(chars)s"), chars=" ".join(wrong))
    multiple = (row.cells.get("multiple_birth") or "").strip().lower()
    if multiple not in YES | NO:
        row.problem("multiple_birth", gettext_noop("Answer はい or いいえ"))
    values = {
        "applicant_name": row.text("applicant_name"), "applicant_address": row.text("applicant_address"),
        "applicant_birth_date": row.parsed("applicant_birth_date", _date, A_DATE),
        "applicant_phone": row.text("applicant_phone"), "applicant_email": row.text("applicant_email"),
        "bank_account": {"bank_code": bank_code, "branch_code": branch_code, "kind": ACCOUNT_KINDS.get(kind, ""),
                         "number": number.zfill(7), "holder": holder},
        "child_name": row.text("child_name"),
        "child_birth_date": row.parsed("child_birth_date", _date, A_DATE),
    }
    use_rows = []
    for n in range(1, uses + 1):
        names = {name: f"{name}#{n}" for name in USE_COLUMNS}
        if not any((row.cells.get(key) or "").strip() for key in names.values()):
            continue  # an unused repetition of the question group
        used_on = row.parsed(names["use_date"], _date, A_DATE)
        starts_at = row.parsed(names["use_start"], _time, A_TIME)
        ends_at = row.parsed(names["use_end"], _time, A_TIME)
        company = row.text(names["company_code"])
        if company and company not in company_codes:
            row.problem(names["company_code"], gettext_noop("No certified sitter company has the code “%(code)s”"),
                        code=company)
        use_rows.append(UseRow(
            line=n, used_on=used_on, starts_at=starts_at, ends_at=ends_at, company_code=company,
            sitter_number=row.text(names["sitter_number"]),
            care_charge_yen=row.parsed(names["care_charge"], _yen, AN_AMOUNT, 0),
            excluded_yen=row.parsed(names["excluded"], _yen, AN_AMOUNT, 0),
            discount_yen=row.parsed(names["discount"], _yen, AN_AMOUNT, 0)))
    if not use_rows:
        row.problem("use_date#1", gettext_noop("The answer claims no use"))
    if len(row.problems) > before:
        return None
    return ApplicationRow(row=row.number, answer_id=answer_id, submitted_on=submitted_on, values=values,
                          multiple_birth=multiple in YES, uses=use_rows)
