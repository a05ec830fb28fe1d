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
}

ENTRY = re.compile(r'(?ms)^(#, fuzzy\n)?(msgid (?:"(?:[^"\\]|\\.)*"\n)+)msgstr (?:"(?:[^"\\]|\\.)*"\n)+')


def _join(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"')


def main(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    missing = []

    def fill(match: re.Match) -> str:
        msgid = _join(match.group(2))
        if not msgid:
            return match.group(0)
        if msgid not in JA:
            missing.append(msgid)
            return match.group(2) + 'msgstr ""\n'
        return match.group(2) + 'msgstr "' + JA[msgid].replace('"', '\\"') + '"\n'

    path.write_text(ENTRY.sub(fill, text), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "locale/ja/LC_MESSAGES/django.po")))
