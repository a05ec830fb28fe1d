"""Fill locale/ja/LC_MESSAGES/django.po from the table below (run by `make messages`).

The source strings are English; Japanese is the default language of the product.
"""

import re
import sys
from pathlib import Path

JA = {
    "Audit log": "監査ログ",
    "Verify the hash chain": "ハッシュ連鎖を検証",
    "The chain is intact: %(checked)s audit events verified (head at #%(head)s).":
        "連鎖は完全です: %(checked)s 件の監査イベントを検証しました (先頭 #%(head)s)。",
    "The chain is broken at event #%(seq)s: %(problem)s": "イベント #%(seq)s で連鎖が壊れています: %(problem)s",
    "Newest events": "最新のイベント",
    "When": "日時",
    "Event": "イベント",
    "Channel": "経路",
    "Actor": "操作者",
    "Object": "対象",
    "Fields": "項目",
    "No events yet.": "イベントはまだありません。",
    "Mimamori": "見守り",
    "Language": "言語",
    "Log out": "ログアウト",
    "municipality": "自治体",
    "municipalities": "自治体",
    "department": "課",
    "facility": "施設",
    "facilities": "施設",
    "party": "相手方",
    "parties": "相手方",
    "committee member": "委員",
    "department staff": "所管課職員",
    "facility staff": "施設職員",
    "vendor user": "事業者利用者",
    "auditor": "監査人",
    "guardian": "保護者",
    "administrator": "管理者",
    "user": "利用者",
    "membership": "所属",
    "API documentation": "API ドキュメント",
    "The REST API and how to get a token": "REST API とトークンの取得方法",
    "Recent events and verification of the hash chain": "最近のイベントとハッシュ連鎖の検証",
    "Administration": "管理",
    "Municipalities, departments, users, memberships": "自治体・課・利用者・所属",
    "Home": "ホーム",
    "Welcome, %(name)s": "ようこそ、%(name)s さん",
    "You act for": "所属",
    "Municipality": "自治体",
    "Role": "役割",
    "Department, facility or vendor": "課・施設・事業者",
    "No membership yet: ask an administrator to add you to a municipality.":
        "所属がありません。管理者に自治体への追加を依頼してください。",
    "What you can do": "できること",
    "Nothing yet for your role.": "この役割でできることはまだありません。",
    "Log in": "ログイン",
    "The username or password is not correct.": "ユーザー名またはパスワードが正しくありません。",
    "Username": "ユーザー名",
    "Password": "パスワード",
    # --- audit workspace (lead) ---
    "showing the newest %(shown)s": "新しい順に %(shown)s 件を表示",
    "Export CSV": "CSV 出力",
    "Subjects": "本人",
    "Purpose": "目的",
    "No events match.": "該当するイベントはありません。",
    "Search by subject, user, period, event or channel, or pick a question.":
        "本人・利用者・期間・イベント・経路で検索するか、質問を選んでください。",
    "Log analysis findings": "ログ分析の指摘事項",
    "Day": "日",
    "Kind": "種別",
    "Events": "イベント数",
    "Status": "状況",
    "Note": "メモ",
    "Save": "保存",
    "No findings.": "指摘事項はありません。",
    "Questions": "よく使う質問",
    "Access outside working hours": "勤務時間外のアクセス",
    "Who accessed this data subject: give the subject type and id below (or click a subject in the results).":
        "この本人の情報に誰がアクセスしたか: 下で本人の種別と ID を指定 (または結果の本人をクリック)。",
    "Everything this user did: give the actor id (or click an actor in the results).":
        "この利用者が行ったすべての操作: 操作者 ID を指定 (または結果の操作者をクリック)。",
    "Exchanges with this party: give the party id and the event name governance.exchange.":
        "この相手方との受け渡し: 相手方 ID とイベント名 governance.exchange. を指定。",
    "Search": "検索",
    "Subject type": "本人の種別",
    "Subject id": "本人 ID",
    "Actor id": "操作者 ID",
    "Party id": "相手方 ID",
    "From": "開始日",
    "To": "終了日",
    "Event name starts with": "イベント名 (前方一致)",
    "Object type": "対象の種別",
    "Outside working hours only": "勤務時間外のみ",
    "access outside working hours": "勤務時間外のアクセス",
    "unusually many subjects read in a day": "1日に異常に多い本人の閲覧",
    "denied attempts": "拒否された操作",
    "reads of sensitive fields": "要配慮個人情報の閲覧",
    "access to subjects of another facility": "他施設の本人へのアクセス",
    "open": "未対応",
    "acknowledged": "確認中",
    "resolved": "対応済",
    "%(n)s open finding": "未対応の指摘 %(n)s 件",
    "%(n)s event": "%(n)s 件",
}

STRING = r'(?:"(?:[^"\\]|\\.)*"\n)+'
# An entry: msgid, an optional msgid_plural (Japanese has one form: msgstr[0]), then its msgstr.
ENTRY = re.compile(rf'(?m)^(#, fuzzy\n)?(msgid {STRING}(?:msgid_plural {STRING})?)msgstr(?:\[0\])? {STRING}')


def _join(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"')


def main(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    # Our table is the truth: drop msgmerge's fuzzy guesses (compilemessages would skip those entries).
    text = re.sub(r"(?m)^#, fuzzy\n", "", re.sub(r"(?m)^#, fuzzy, ", "#, ", text))
    text = re.sub(r'(?m)^#\| .*\n', "", text)
    missing = []

    def fill(match: re.Match) -> str:
        ids = match.group(2)
        msgid = _join(ids.split("msgid_plural")[0])
        if not msgid:
            return match.group(0)
        key = "msgstr[0]" if "msgid_plural" in ids else "msgstr"
        if msgid not in JA:
            missing.append(msgid)
            return f'{ids}{key} ""\n'
        return f'{ids}{key} "' + JA[msgid].replace('"', '\\"') + '"\n'

    path.write_text(ENTRY.sub(fill, text), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated (add it to JA): {msgid}", file=sys.stderr)
    return 0  # tests/test_translations.py is what fails on a missing translation


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "locale/ja/LC_MESSAGES/django.po")))
