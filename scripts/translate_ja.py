"""Fill locale/ja/LC_MESSAGES/django.po from the table below (run by `make messages`).

The source strings are English; Japanese is the default language of the product.
"""

import re
import sys
from pathlib import Path

JA = {
    "Audit log": "監査ログ",
    "Verify the hash chain": "ハッシュ連鎖を検証",
    "The chains are intact: %(checked)s sealed audit events verified in %(chains)s tenant chain(s), %(unsealed)s "
    "not sealed yet.":
        "連鎖は完全です: %(chains)s 団体の連鎖で封印済みの監査イベント %(checked)s 件を検証しました "
        "(未封印 %(unsealed)s 件)。",
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
    "%(count)s item": "%(count)s項目",
    "Enter a whole number (0 or more).": "0 以上の整数を入力してください。",
    "At most %(limit)s.": "%(limit)s 以下にしてください。",
    "Choose a registered business of %(municipality)s.": "%(municipality)sの登録業務を選んでください。",
    "Choose the business whose records the rule governs.": "規則を適用する登録業務を選んでください。",
    "A rule's records cannot change; switch this rule off and set one for the other records.":
        "規則の記録の種類は変えられません。この規則を無効にし、別の記録の種類の規則を作成してください。",
    "Choose the records the rule governs.": "規則を適用する記録の種類を選んでください。",
    "%(source)s records count from: %(choices)s.": "%(source)sの保存期間の起算は次のいずれかです: %(choices)s。",
    "%(source)s records can only be: %(choices)s.": "%(source)sの記録の処理は次のいずれかです: %(choices)s。",
    "Give the period in years, months or days.": "保存期間を年・月・日のいずれかで入力してください。",
    "Active is true or false.": "有効は true か false で指定してください。",
    "The note is text of at most 300 characters.": "備考は300文字以内にしてください。",
    "Not data items of %(business)s: %(items)s.": "%(business)sの情報項目ではありません: %(items)s。",
    "Choose the data items of the business the rule moves to.": "移す先の登録業務の情報項目を選んでください。",
    '%(business)s already has a retention rule for %(source)s records; change that one.':
        "%(business)sには%(source)sの保存期間の規則がすでにあります。そちらを変更してください。",
    "The business lists no data items.": "この登録業務には情報項目がありません。",
    "%(n)s year": "%(n)s年",
    "%(n)s month": "%(n)sか月",
    "%(n)s day": "%(n)s日",
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
    # --- field encryption and login protection ---
    "Too many failed attempts for this account or from this address. "
    "Log-in is blocked; try again in %(minutes)s minutes.":
        "このアカウントまたはこのアドレスからの失敗が多すぎるため、ログインを停止しています。"
        "%(minutes)s 分後に再度お試しください。",
    "Your log-in took too long or was not started. Please log in again.":
        "ログインの手続きが時間切れか、開始されていません。もう一度ログインしてください。",
    "You logged in with a recovery code; %(remaining)s remain. Each code works only once.":
        "リカバリーコードでログインしました。残り %(remaining)s 個です。各コードは一度だけ使えます。",
    "The code is not correct. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.":
        "コードが正しくありません。認証アプリに今表示されている6桁のコード、またはリカバリーコードを入力してください。",
    "The code does not match. Check that the app's clock is right and enter the code it shows now.":
        "コードが一致しません。アプリの時刻が正しいか確認し、今表示されているコードを入力してください。",
    "Second factor": "二要素認証",
    "Enter the 6-digit code your authenticator app shows for Mimamori.":
        "認証アプリに表示される見守りの6桁のコードを入力してください。",
    "Code": "コード",
    "Verify": "確認",
    "Lost your device? Enter one of your recovery codes instead (each works once).":
        "端末をなくした場合は、代わりにリカバリーコードを入力してください（各コードは一度だけ使えます）。",
    "Set up your authenticator": "認証アプリの設定",
    "Your role gives access to personal data, so logging in needs a second factor. Add this key to an "
    "authenticator app (time-based, 6 digits, 30 seconds), then enter the code it shows.":
        "あなたの役割は個人情報を扱うため、ログインには二要素認証が必要です。"
        "この鍵を認証アプリ（時間ベース・6桁・30秒）に登録し、表示されたコードを入力してください。",
    "Key": "鍵",
    "Or import this address into the app": "またはこのアドレスをアプリに取り込んでください",
    "Confirm": "確定",
    "Recovery codes": "リカバリーコード",
    "Your authenticator is set up.": "認証アプリを設定しました。",
    "Keep these one-time codes somewhere safe. If you lose your device, each one logs you in once. "
    "They are shown only now.":
        "これらの使い捨てコードを安全な場所に保管してください。端末をなくしたとき、"
        "各コードで一度ログインできます。表示は今回限りです。",
    "Continue": "続ける",
    "key ring": "鍵束",
    "key version": "鍵バージョン",
    "data key": "データ鍵",
    "key rotation": "鍵の更新",
    "retired master key": "廃止したマスター鍵",
    "failed login": "ログイン失敗",
    "authenticator": "認証アプリ",
    "recovery code": "リカバリーコード",
    # --- payments (収納) ---
    "Payments": "収納",
    "Slips, receipts by channel, reconciliation cases, result-file import":
        "納付書、チャネル別収納、消込確認案件、収納データの取込",
    "Slips": "納付書",
    "Open cases": "未処理の案件",
    "Expected bank credits": "入金予定額",
    "Monthly totals": "月別集計",
    "Import a result file": "収納データの取込",
    "Receipts of %(day)s by channel": "%(day)s のチャネル別収納",
    "Count": "件数",
    "Amount (yen)": "金額（円）",
    "No receipts today.": "本日の収納はありません。",
    "All": "すべて",
    "payable": "納付可能",
    "paid (provisional)": "収納済（速報）",
    "paid": "収納済",
    "superseded": "再発行により失効",
    "Slip number": "納付書番号",
    "Fee type": "料金種別",
    "Payer reference": "納付義務者番号",
    "Due date": "納期限",
    "Handling deadline": "取扱期限",
    "No slips.": "納付書はありません。",
    "Print the chosen slips (PDF)": "選んだ納付書を印刷（PDF）",
    "Paid on": "収納日",
    "Opened": "発生日時",
    "Resolve": "処理済にする",
    "What was done": "対応内容",
    "No open cases.": "未処理の案件はありません。",
    "Confirmed receipts (確報) per transfer date (支払予定日): match each line against the bank statement.":
        "支払予定日ごとの確報の合計です。各行を通帳・入金明細と照合してください。",
    "Transfer date": "支払予定日",
    "No confirmed receipts yet.": "確報はまだありません。",
    "Fiscal year": "年度",
    "Show": "表示",
    "Month": "月",
    "Confirmed (yen)": "うち確報（円）",
    "No receipts in this fiscal year.": "この年度の収納はありません。",
    "Import": "取り込む",
    "The whole file is checked first; a file with any problem is rejected and nothing from it is applied.":
        "ファイル全体を先に検査します。問題が一つでもあればファイル全体を受け付けず、何も反映しません。",
    "Rejected: %(n)s problem; nothing was applied": "受付不可：問題 %(n)s 件。何も反映していません",
    "Line": "行",
    "Problem": "問題",
    "…and %(n)s more problems not listed.": "…ほか %(n)s 件の問題（一覧には表示していません）。",
    "Imported files": "取り込んだファイル",
    "File": "ファイル",
    "Records": "件数",
    "Imported": "取込日時",
    "None yet.": "まだありません。",
    "Choose at least one slip to print.": "印刷する納付書を選んでください。",
    "The case was resolved.": "案件を処理済にしました。",
    "Choose a file to import.": "取り込むファイルを選んでください。",
    "collection agreement": "収納代行契約",
    "fee type": "料金種別",
    "department counter": "所管課窓口",
    "branch office": "特別出張所",
    "bank counter": "金融機関窓口",
    "direct debit": "口座振替",
    "convenience store": "コンビニエンスストア",
    "e-money app": "電子マネー決済アプリ",
    "other": "その他",
    "payment channel": "収納チャネル",
    "payer": "納付義務者",
    "charge": "調定",
    "payment slip": "納付書",
    "payment result file": "収納データファイル",
    "flash report (速報)": "速報",
    "final report (確報)": "確報",
    "flash cancellation (速報取消)": "速報取消",
    "payment record": "収納データ",
    "provisional (速報)": "仮収納（速報）",
    "confirmed (確報)": "収納確定（確報）",
    "reversed (速報取消)": "取消（速報取消）",
    "receipt": "収納",
    "unknown barcode": "該当なしのバーコード",
    "amount differs from the slip": "納付書と金額が相違",
    "paid after the handling deadline": "取扱期限後の納付",
    "paid twice (refund)": "二重納付（還付）",
    "flash report cancelled (review)": "速報取消（要確認）",
    "cancellation without a flash report": "速報のない速報取消",
    "reconciliation case": "消込確認案件",
    # --- registry ---
    "registered business": "登録業務",
    "child": "児童",
    "household member": "同居家族",
    "applicant": "申請者",
    "booking": "予約",
    "resident": "区民",
    "identity": "基本情報",
    "contact": "連絡先",
    "family and household": "家庭・世帯",
    "employment": "就労",
    "health": "健康",
    "care and development": "保育・発育",
    "credential": "認証情報",
    "registration": "登録",
    "booking and usage": "予約・利用",
    "payment": "収納",
    "financial": "口座・金融",
    "consultation": "相談",
    "tax": "税",
    "data item": "情報項目",
    "Privacy Mark": "プライバシーマーク",
    "ISMS (ISO/IEC 27001)": "ISMS（ISO/IEC 27001）",
    "certification": "認証",
    "facility using a system": "システム利用施設",
    "pre-approval criterion": "事前一括承認基準",
    "pre-approval example": "事前一括承認基準の事例",
    "draft": "下書き",
    "frozen": "確定済",
    "internet": "インターネット回線",
    "LGWAN": "LGWAN回線",
    "dedicated line": "専用回線",
    "ward sends": "区が送信",
    "ward receives": "区が受信",
    "handled by the party within the chain": "再委託の連鎖内で取扱い",
    "provided to the contractor": "委託先に提供",
    "collected by the contractor": "委託先に収集させる",
    "processed by the contractor": "委託先が処理",
    "consent of the person": "本人の同意",
    "laws and regulations": "法令等に定めがある",
    "already public": "出版、報道等により公にされている",
    "urgent and unavoidable": "緊急かつやむをえない",
    "statistics only": "専ら統計作成のため",
    "council decision": "審議会事項",
    "council pre-approval criterion": "審議会事前一括承認基準",
    "processing activity": "電算処理",
    "external connection": "外部結合",
    "outsourcing contract": "業務委託",
    "out-of-purpose use": "目的外利用",
    "ASP / cloud service provider": "ASP事業者（クラウド）",
    "connection counterparty": "結合先",
    "convenience store operator": "コンビニ事業者",
    "e-money operator": "電子マネー事業者",
    "data-link provider": "データ連携事業者",
    "payment collection service": "収納サービス提供事業者",
    "call centre / administrative contractor": "コールセンター・事務受託事業者",
    "facility operator": "施設運営事業者",
    "named": "決定済",
    "to be selected by proposal": "プロポーザルにより選定予定",
    "not named (a class of operators)": "事業者名なし（事業者の類型）",
    # --- registry pages, data-flow diagram and file register ---
    "outsourcing": "業務委託",
    "internet line": "インターネット回線",
    "LGWAN line": "LGWAN回線",
    "contract (arrow label)": "委託",
    "internet (arrow label)": "インターネット",
    "dedicated (arrow label)": "専用回線",
    "handled within the chain": "委託先間で取扱い",
    "%(count)s items": "%(count)s項目",
    "items by reference": "別資料",
    "data subjects": "本人",
    "Personal data flow of %(business)s": "%(business)sの個人情報の流れ",
    "Registry": "登録簿",
    "Counterparty": "結合の相手方",
    "Ward endpoints": "区側の接続端末",
    "Counterparty endpoints": "相手方の接続先",
    "Period": "期間",
    "Renewed every year (次年度以降も同様)": "毎年度更新（次年度以降も同様）",
    "Approval": "承認",
    "Required certifications": "求める認証",
    "Party": "相手方",
    "Direction": "方向",
    "Items": "情報項目",
    "No items listed": "情報項目の記載なし",
    "Summary": "概要",
    "Designated handlers": "取扱責任者・取扱者",
    "Note on items": "情報項目の備考",
    "Contractor chain": "委託先の連鎖",
    "Contractor": "委託先",
    "Sub-contractor of / delivers to": "再委託元／引渡し先",
    "Content of work": "委託の内容",
    "Media": "記録媒体",
    "sub-contractor of": "再委託元:",
    "the ward": "区",
    "File register (CSV)": "個人情報ファイル簿（CSV）",
    "Address": "所在地",
    "Certifications": "認証",
    "Hosting location": "サーバの所在",
    "valid until": "有効期限",
    "expiry not recorded": "有効期限の記録なし",
    "not stated": "記載なし",
    "Japanese law applies": "日本国内の法が適用",
    "Japanese law does not apply": "日本国内の法が適用されない",
    "Versions": "版",
    "Version": "版",
    "State": "状態",
    "Frozen because": "確定の理由",
    "Changes from the version before": "前の版からの変更",
    "Owning department": "保有課",
    "Privacy officer": "個人情報保護管理責任者",
    "Whose data it holds": "個人の範囲",
    "Number of subjects": "対象者数",
    "Edit the business": "登録業務を編集",
    "On this page": "このページ",
    "Data-flow diagram": "個人情報の流れ",
    "Consistency findings": "整合性の指摘",
    "Parties": "相手方",
    "External connections": "外部結合",
    "Outsourcing contracts": "業務委託",
    "Out-of-purpose uses": "目的外利用",
    "Sender": "送り手",
    "Recipient": "受け手",
    "Line or contract": "回線・委託",
    "No connection or contract: the data stays inside the ward.":
        "外部結合・業務委託はありません（区の内部のみで取り扱います）。",
    "Add an item": "情報項目を追加",
    "Subject": "対象者",
    "Item": "情報項目",
    "Category": "分類",
    "Special-care": "要配慮",
    "要配慮": "要配慮",
    "Edit": "編集",
    "None.": "ありません。",
    "Facilities using the system": "システム利用施設",
    "Facility": "施設",
    "Capacity": "定員",
    "Operator": "運営事業者",
    "Processing": "電算処理",
    "System": "システム",
    "Where it is recorded": "記録するコンピュータ",
    "Content": "内容",
    "Schedule": "時期",
    "Record kinds": "記録の種別",
    "Legal basis": "根拠",
    "How it is used": "利用方法",
    "Responsible officer": "責任者",
    "Businesses": "登録業務",
    "Compare version": "版を比較",
    "Compare": "比較",
    "Changes from version %(old)s to version %(new)s": "第%(old)s版から第%(new)s版への変更",
    "Field": "項目",
    "Change": "変更",
    "Before": "変更前",
    "After": "変更後",
    "added": "追加",
    "removed": "削除",
    "changed": "変更",
    "No changes.": "変更はありません。",
    "Back to the version": "版に戻る",
    "Cancel": "取消",
    "Your company": "貴社",
    "No party is linked to your account.": "このアカウントに紐付く相手方はありません。",
    "External connections you belong to": "貴社が相手方の外部結合",
    "Outsourcing contracts you belong to": "貴社が委託先の業務委託",
    "Department": "課",
    "Business number": "業務登録番号",
    "Name contains": "名称に含む語",
    "The filter was not understood and is ignored.": "絞り込み条件を解釈できないため、無視しました。",
    "%(counter)s registered business": "登録業務 %(counter)s件",
    "Number": "番号",
    "Registered business": "登録業務",
    "Connections": "外部結合",
    "Contracts": "業務委託",
    "No registered business matches.": "該当する登録業務はありません。",
    "Saving changes draft version %(number)s.": "保存すると下書きの第%(number)s版を変更します。",
    "Name": "名称",
    "Note on the number of subjects": "対象者数の備考",
    "Compound item": "複合項目",
    "Special-care personal information (要配慮個人情報)": "要配慮個人情報",
    "Why it is sensitive": "要配慮とする理由",
    "Reason": "理由",
    "Line as the document words it": "結合の形態（原文）",
    "Ward endpoints (one per line)": "区側の接続端末（1行に1つ）",
    "Counterparty endpoints (one per line)": "相手方の接続先（1行に1つ）",
    "Period start": "開始日",
    "Period end": "終了日",
    "Period as the document words it": "期間（原文）",
    "Renewed every year": "毎年度更新",
    "Period given to the day or month": "期間の精度（日まで・月まで）",
    "令和2年1月 is given to the month: the forms print it so":
        "令和2年1月のように月までの期間は、様式にも月まで印字されます",
    "Items as a reference to a document": "情報項目（資料の参照）",
    "Note on the items": "情報項目の注記",
    "Approval reference": "承認の根拠（審議会・諮問番号）",
    "Measures the ward takes (one per line)": "区が講じる保護措置（1行に1つ）",
    "Measures the counterparty takes (one per line)": "結合先が講じる保護措置（1行に1つ）",
    "Number each measure \"(1) …\"; a line without a number heads them":
        "各措置は「(1) …」と番号を付けます。番号のない行は見出しになります",
    "Items provided, as the connection record form lists them":
        "提供する管理個人情報（電算結合記録票の記載、1行に1つ）",
    "Items received, as the connection record form lists them":
        "提供を受ける個人情報（電算結合記録票の記載、1行に1つ）",
    "Group": "区分",
    "The 【heading】 the document lists the contractor under": "資料で委託先をまとめる【見出し】",
    "Role as the document names it": "資料での役割名",
    "Reason for outsourcing to it": "委託理由",
    "Items the ward sends": "区が送信する項目",
    "Items the ward receives": "区が受信する項目",
    "Content of work (one per line)": "委託の内容（1行に1つ）",
    "Media (one per line)": "記録媒体（1行に1つ）",
    "Only staff of the owning department may edit this business": "この登録業務を編集できるのは保有課の職員だけです",
    "The business was saved.": "登録業務を保存しました。",
    "No such item of this business": "この登録業務にその情報項目はありません",
    "The item was saved.": "情報項目を保存しました。",
    "Edit the item": "情報項目を編集",
    "Version numbers are whole numbers": "版の番号は整数です",
    "Only staff of the owning department may edit this": "編集できるのは保有課の職員だけです",
    "Draft version %(number)s was saved.": "下書きの第%(number)s版を保存しました。",
    "Terminals and facilities": "端末・利用施設",
    "Line type": "結合の形態",
    "Businesses, items, parties, connections, contracts, data-flow diagrams, file register":
        "登録業務・情報項目・相手方・外部結合・業務委託・個人情報の流れ・個人情報ファイル簿",
    "No items registered for this business itself; see its connections and contracts.":
        "この登録業務自体には情報項目の登録がありません。外部結合・業務委託を参照してください。",
    "Version %(number)s is frozen (%(reason)s): it never changes. Editing creates a new draft.":
        "第%(number)s版は確定済み（%(reason)s）で、変更されません。編集すると新しい下書きの版ができます。",
    "Version %(number)s is frozen: saving writes a new draft version; version %(number)s stays as it was approved.":
        "第%(number)s版は確定済みです。保存すると新しい下書きの版ができ、第%(number)s版は承認されたまま残ります。",
    "Version %(old)s is frozen, so the change was saved as a new draft, version %(new)s.":
        "第%(old)s版は確定済みのため、変更を新しい下書きの第%(new)s版として保存しました。",
    # --- committee workflow ---
    "registered businesses": "登録業務",
    "counterparty": "結合の相手方",
    "reason": "理由",
    "line": "回線",
    "form of connection": "結合の形態",
    "ward endpoints": "区側の接続先",
    "counterparty endpoints": "相手方の接続先",
    "period": "期間",
    "start": "開始",
    "end": "終了",
    "as written": "記載",
    "renewed yearly": "次年度以降も同様",
    "Japanese jurisdiction required": "日本国内の法の適用が必要",
    "required certifications": "必要な認証",
    "items (reference)": "情報項目（参照）",
    "items": "情報項目",
    "ward's measures": "区が講じる保護措置",
    "counterparty's measures": "結合先が講じる保護措置",
    "approval reference": "承認の記載",
    "items on the record form": "記録票の記録項目",
    "summary": "概要",
    "items note": "情報項目の注記",
    "designated handlers": "取扱責任者・取扱者",
    "contractors": "委託先",
    "role": "役割",
    "content of the work": "委託の内容",
    "media": "記録媒体",
    "delivers to": "送信先",
    "subcontractor of": "再委託元",
    "order": "順序",
    "provided": "委託先に提供する項目",
    "collected": "委託先に収集させる項目",
    "processed": "処理させる項目",
    "system": "システム",
    "whose data": "個人の範囲",
    "where recorded": "記録するコンピュータ",
    "content": "内容",
    "schedule": "時期",
    "purpose": "目的",
    "record kinds": "記録の種別",
    "legal basis": "根拠",
    "forms of use": "利用の形態",
    "method of use": "利用方法",
    "responsible officer": "個人情報保護管理責任者",
    "yes": "はい",
    "no": "いいえ",
    "committee meeting": "会議",
    "submitted": "提出済",
    "under review": "審議中",
    "approved": "承認",
    "approved with conditions": "条件付承認",
    "rejected": "不承認",
    "withdrawn": "取下げ",
    "approval revoked": "承認取消",
    "committee submission": "付議事項",
    "processing": "電算処理",
    "external connection checklist": "外部結合チェックリスト",
    "outsourcing checklist": "業務委託チェックリスト",
    "○ measure in place": "○ 対策あり",
    "− not needed": "− 対策の必要なし",
    "committee decision": "決定",
    "Privacy committee": "個人情報保護管理運営会議",
    "Submissions, checklists, review queue, decisions, amendments and official forms":
        "付議事項、チェックリスト、審議待ち、決定、変更付議、様式",
    "Answer ○ when the measure is in place, − when it is not needed (give the reason).":
        "対策が可能であれば「○」、対策の必要がない場合は「−」（理由を記入）を選んでください。",
    "Reason when −": "「−」の理由",
    "Save answers": "回答を保存",
    "Title (件名)": "件名",
    "Basis (要綱の根拠)": "要綱の根拠",
    "Departments (担当部課)": "担当部課",
    "Programme summary (事業の概要)": "事業の概要",
    "Programme name (事業名)": "事業名",
    "Purpose (目的)": "目的",
    "Subjects (対象者)": "対象者",
    "Content (事業内容)": "事業内容",
    "Number of subjects (対象者数)": "対象者数",
    "New submission": "新しい付議事項",
    "Review queue": "審議待ち",
    "Meeting": "会議",
    "Agenda": "議題",
    "Title": "件名",
    "Departments": "担当部課",
    "amendment": "変更",
    "Nothing is waiting for the committee.": "審議待ちの付議事項はありません。",
    "Submissions": "付議事項",
    "No submission yet.": "付議事項はまだありません。",
    "Meetings": "会議",
    "agenda item %(n)s": "議題%(n)s",
    "amends": "変更元",
    "Forms (PDF)": "様式（PDF）",
    "submission with annexes": "付議事項（別紙付き）",
    "checklists": "チェックリスト",
    "connection record (form 5)": "電算結合記録票（第5号様式）",
    "out-of-purpose use record (form 3)": "目的外利用記録票（第3号様式）",
    "Attachments": "資料",
    "Actions": "操作",
    "%(counter)s required checklist item is unanswered.": "必須のチェックリスト項目が %(counter)s 件未回答です。",
    "Submit to the committee": "会議に付議する",
    "Withdraw": "取り下げる",
    "Draft an amendment": "変更の付議を作成",
    "Start the review": "審議を開始",
    "Conditions (one per line; only for an approval with conditions)": "条件（1行に1件。条件付承認の場合のみ）",
    "Approve": "承認",
    "Approve with conditions": "条件付きで承認",
    "Reject": "不承認",
    "Revoke the approval": "承認を取り消す",
    "Decision": "決定",
    "revoked": "取消",
    "Part": "付議内容",
    "Approved version": "承認された版",
    "Content hash": "内容のハッシュ",
    "Conditions": "条件",
    "How it was met": "履行の内容",
    "Close": "完了にする",
    "closed": "完了",
    "What the amendment changes": "変更箇所",
    "Against the version the amended submission's decision approved; changes are underlined the way the seed "
    "documents mark them.":
        "承認済の版からの変更箇所です。付議資料と同じく下線で示します。",
    "new in this amendment": "今回新たに付議",
    "No change.": "変更はありません。",
    "Parts": "付議内容",
    "registry": "登録簿",
    "edit in the registry": "登録簿で編集",
    "Sensitive items (要配慮個人情報)": "要配慮個人情報",
    "Where recorded": "記録するコンピュータ",
    "Forms of use": "利用の形態",
    "No registry part yet.": "付議内容はまだありません。",
    "Add a registry part": "付議内容を追加",
    "Add": "追加",
    "Checklists": "チェックリスト",
    "Answer": "回答する",
    "Ward": "区",
    "Counterparty / contractor": "結合先・委託事業者",
    "No finding.": "指摘事項はありません。",
    "Only department staff draft submissions": "付議事項を作成できるのは所管課職員のみです",
    "The submission was drafted.": "付議事項を作成しました。",
    "The submission was saved.": "付議事項を保存しました。",
    "Edit the submission": "付議事項の編集",
    "Choose a registry part of this municipality.": "この自治体の登録簿から付議内容を選んでください。",
    "The part was added.": "付議内容を追加しました。",
    "No such checklist": "チェックリストが見つかりません",
    "The checklist answers were saved.": "チェックリストの回答を保存しました。",
    "Unknown action.": "不明な操作です。",
    "The submission was updated.": "付議事項を更新しました。",
    "The amendment was drafted: edit the registry parts, answer the checklists and submit it.":
        "変更の付議を作成しました。登録簿を編集し、チェックリストに回答して付議してください。",
    "No such form": "様式が見つかりません",
    "No such condition": "条件が見つかりません",
    "The condition was closed.": "条件を完了にしました。",
    # --- exchange gate (lead) ---
    "handover ledger entry": "管理簿の記録",
    "handover ledger": "管理簿",
    "Handover ledger": "管理簿（個人情報の受渡し記録）",
    "Check an exchange": "受渡しの事前確認",
    "Nothing moves: this shows what the gate would decide, with every reason.":
        "データは送受信されません。ゲートの判定とすべての理由を表示します。",
    "Choose": "選択",
    "Items approved for this party": "この相手方に承認された情報項目",
    "Other items (one per line)": "その他の項目（1行に1項目）",
    "Check": "確認",
    "The gate would allow this exchange.": "この受渡しは許可されます。",
    "The gate would deny this exchange:": "この受渡しは拒否されます:",
    "Handler": "取扱者",
    "No exchanges recorded.": "受渡しの記録はありません。",
    # --- children and guardians: per-object, per-field, audited access ---
    "full name": "氏名",
    "full name in kana": "フリガナ",
    "date of birth": "生年月日",
    "home address": "住所",
    "allergies": "アレルギーの有無・内容",
    "illness and injuries": "疾病・ケガの有無・内容",
    "disabilities": "障害の有無・内容",
    "children": "児童",
    "phone": "電話番号",
    "e-mail": "メールアドレス",
    "bank account for direct debit": "口座振替の口座",
    "relationship": "続柄",
    "guardian of a child": "児童の保護者",
    "Full name": "氏名",
    "Full name in kana": "フリガナ",
    "Date of birth": "生年月日",
    "Home address": "住所",
    "Allergies": "アレルギーの有無・内容",
    "Illness and injuries": "疾病・ケガの有無・内容",
    "Disabilities": "障害の有無・内容",
    "Relationship": "続柄",
    "Phone": "電話番号",
    "E-mail": "メールアドレス",
    "Bank account for direct debit": "口座振替の口座",
    "Children": "児童",
    "Child's name": "児童氏名",
    "Child's kana": "児童フリガナ",
    "Guardian's phone": "保護者の電話番号",
    "Guardian's e-mail": "保護者のメールアドレス",
    "Clear the search": "検索条件をクリア",
    "Only the first %(limit)s children are shown: narrow the list by facility, or search.":
        "先頭の %(limit)s 人のみ表示しています。施設で絞り込むか、検索してください。",
    "No child matches the search (exact match).": "検索に一致する児童はいません (完全一致)。",
    "Exact match: any width or spacing of a name, any hyphens in a phone number. Children who left are included.":
        "完全一致で検索します (全角・半角や空白の違い、電話番号のハイフンの有無は問いません)。退園した児童も含みます。",
    "Enter a name, kana, or a guardian's phone number or e-mail address to search.":
        "検索するには、氏名、フリガナ、保護者の電話番号またはメールアドレスを入力してください。",
    "Children of your facility, department or contracts: the fields your role may read":
        "担当の施設・課・契約の児童（あなたの役割で閲覧できる項目のみ）",
    "My children": "わが子の情報",
    "Your children's records as the ward holds them": "区が保有しているお子さまの情報",
    "Only the children of your facility, department or contracts are listed, with the fields your role may read. "
    "Opening this page is recorded in the audit log.":
        "担当の施設・課・契約の児童だけを、あなたの役割で閲覧できる項目で表示します。"
        "このページを開いたことは監査ログに記録されます。",
    "Only children still attending": "在籍中の児童のみ",
    "Include children who left": "退所した児童も含める",
    "Enrolled": "利用開始日",
    "Left": "退所日",
    "Open": "開く",
    "No children.": "児童はいません。",
    "Guardians": "保護者",
    "Your role may not read the guardians' fields.": "あなたの役割では保護者の項目を閲覧できません。",
    "Not shown to your role": "あなたの役割には表示されません",
    "Child": "児童",
    "Opening this record is recorded in the audit log with the fields shown.":
        "この記録を開いたことは、表示した項目とともに監査ログに記録されます。",
    "What the ward holds about your children and your family. To correct anything, contact your child's "
    "facility.": "区が保有しているお子さまとご家族の情報です。訂正はお子さまの施設にご連絡ください。",
    "No child is linked to your login yet.": "あなたのログインに結び付いたお子さまはまだいません。",
    "facility head": "施設長",
    "nurse": "看護師",
    "childcare worker": "保育士",
    "(erased)": "（消去済み）",
    "clerk": "事務職員",
    # Deletion requests, certificates, notices and the subject trail.
    "deletion certificate overdue at a party": "委託先等の消去証明書の提出遅延",
    "events left unsealed past the sealing deadline": "封印期限を過ぎても封印されていない監査イベント",
    "data sent or received (ledger)": "データの送付・受領(管理簿)",
    "deletion requested from the party": "相手方へ消去を依頼",
    "deletion certificate submitted": "消去証明書の提出",
    "deletion certificate confirmed": "消去証明書の確認",
    "deletion certificate rejected": "消去証明書の差戻し",
    "erased here (shredding or retention)": "区での消去(暗号消去・保存期間満了)",
    "ledger subject": "管理簿の本人",
    "retention period expired": "保存期間満了",
    "contract or connection period ended": "契約・結合期間の終了",
    "waiting for the certificate": "消去証明書の提出待ち",
    "certificate submitted, waiting for the ward": "証明書提出済み・区の確認待ち",
    "erasure confirmed (closed)": "消去確認済み(完了)",
    "deletion request": "消去依頼",
    "overwrite": "上書き消去",
    "physical destruction": "物理的破壊",
    "degaussing": "磁気消去",
    "crypto-erase": "暗号化消去",
    "confirmed": "確認済み",
    "deletion certificate": "消去証明書",
    "deletion certificate due soon": "消去証明書の提出期限が近い",
    "deletion certificate overdue": "消去証明書の提出期限超過",
    "certification expiring": "認証の有効期限が近い",
    "certification expired": "認証の有効期限切れ",
    "deletion notice": "消去に関するお知らせ",
    "Deletion requests": "消去依頼",
    "Erasure requested from parties, their deletion certificates, overdue and expiry notices":
        "相手方への消去依頼、消去証明書、提出遅延・認証期限のお知らせ",
    "Subject trail": "本人の記録の追跡",
    "For one data subject: where their data went and that it was erased":
        "本人ごとに、データの提供先と消去の状況を確認",
    "Deletion request %(pk)s": "消去依頼 %(pk)s",
    "Items to erase": "消去する項目",
    "Due": "提出期限",
    "overdue": "期限超過",
    "Exchanges to erase (handover ledger)": "消去の対象となる授受(管理簿)",
    "Content SHA-256": "内容のSHA-256",
    "Deletion certificates": "消去証明書",
    "Uploaded": "提出日時",
    "Method": "消去方法",
    "Erased on": "消去日",
    "Witness": "立会者",
    "PDF": "PDF",
    "Confirm erasure": "消去を確認する",
    "Why it is rejected": "差戻しの理由",
    "No certificate yet.": "消去証明書はまだ提出されていません。",
    "Upload the deletion certificate": "消去証明書をアップロード",
    "Media identifiers (one per line)": "媒体の識別番号(1行に1つ)",
    "Signed certificate (PDF)": "署名済みの消去証明書(PDF)",
    "Upload": "アップロード",
    "The ward asks your company to erase the personal data it sent you and to certify the erasure by the due date.":
        "区が貴社に送付した個人情報を消去し、提出期限までに消去証明書を提出してください。",
    "Parties the handover ledger shows received personal data are asked to erase it at retention expiry or "
    "contract end.": "管理簿上で個人情報を受け取った相手方に、保存期間満了時または契約終了時に消去を依頼します。",
    "Notices": "お知らせ",
    "request %(pk)s to %(party)s, due %(due)s": "%(party)s への消去依頼 %(pk)s(提出期限 %(due)s)",
    "%(cert)s of %(party)s (No. %(number)s) valid until %(day)s":
        "%(party)s の%(cert)s(番号 %(number)s)有効期限 %(day)s",
    "No deletion requests.": "消去依頼はありません。",
    "Where one data subject's data went, whether the parties erased it, and its erasure here. References only; "
    "your query is recorded in the audit log.":
        "本人のデータの提供先、相手方での消去、区での消去を表示します(参照情報のみ)。この照会は監査ログに記録されます。",
    "Show the trail": "追跡する",
    "%(counter)s exchange carried this subject's data.": "この本人のデータを含む授受は %(counter)s 件です。",
    "%(open)s of them have no confirmed deletion certificate yet.":
        "うち %(open)s 件は、消去証明書がまだ確認されていません。",
    "Step": "事項",
    "References": "参照",
    "Nothing on record for this subject.": "この本人の記録はありません。",
    "not closed": "未完了",
    "all": "すべて",
    "The erasure date is not a date (YYYY-MM-DD).": "消去日が日付(YYYY-MM-DD)ではありません。",
    "The certificate was uploaded. The ward will confirm it.": "消去証明書を提出しました。区が確認します。",
    "The certificate is confirmed and the request is closed.": "消去証明書を確認し、消去依頼を完了しました。",
    "The certificate is rejected; the party was told why.": "消去証明書を差し戻しました。理由は相手方に表示されます。",
    # Retention rules and the sweep.
    "Action": "処理",
    "Active": "有効",
    "Active (the sweep applies it)": "有効（保存期間満了処理で適用する）",
    "As of": "基準日",
    "Batches": "バッチ数",
    "Business": "業務",
    "Data items": "情報項目",
    "Data items the records hold": "記録が含む情報項目",
    "Dry run": "試行（削除しない）",
    "Edit retention rule": "保存期間ルールの編集",
    "How long each business keeps each kind of record, from which day, and what happens then.":
        "業務ごと・記録の種類ごとに、いつから数えて何年保存し、満了後にどう処理するかを定めます。",
    "The sweep runs every night; a dry run shows what it would remove.":
        "保存期間満了処理は毎晩実行されます。試行では、削除される記録を確認できます。",
    "List what the sweep would remove": "削除される記録を一覧する",
    "New retention rule": "保存期間ルールの新規作成",
    "No retention rules yet.": "保存期間ルールはまだありません。",
    "No sweep has run yet.": "保存期間満了処理はまだ実行されていません。",
    "Recent sweeps": "最近の保存期間満了処理",
    "Record": "記録",
    "Removed": "削除件数",
    "Retention rules": "保存期間ルール",
    "Since": "起算日",
    "Source": "記録の種類",
    "Started": "開始",
    "Trigger": "起算",
    "after the child leaves": "退所後",
    "after the contract ends": "契約終了後",
    "after the decision": "決定後",
    "after the last use": "最終利用後",
    "anonymise, keeping statistics": "匿名化（統計は残す）",
    "crypto-shred": "暗号消去",
    "days": "日",
    "delete": "削除",
    "finished": "完了",
    "months": "か月",
    "retention erasure": "保存期間満了による消去",
    "retention rule": "保存期間ルール",
    "retention sweep progress": "保存期間満了処理の進捗",
    "retention sweep run": "保存期間満了処理の実行",
    "running": "実行中",
    "superseded by a run with another date": "別の基準日の実行に置き換え",
    "years": "年",
    "As of %(day)s, the sweep would remove %(counter)s record.":
        "%(day)s 時点で、保存期間満了処理は %(counter)s 件の記録を削除します。",
    "The first %(limit)s are shown; manage.py retention_sweep --dry-run lists them all.":
        "最初の %(limit)s 件を表示しています。すべては manage.py retention_sweep --dry-run で一覧できます。",
    # payments: payers' personal fields
    "Payer": "納付義務者",
    # login: enrolment codes issued by an administrator
    "enrolment code": "登録コード",
    "Enrolment code": "登録コード",
    "The one-time code your administrator gave you for setting up an authenticator.":
        "認証アプリを設定するために管理者から受け取った、一度だけ使えるコードです。",
    "The enrolment code is not correct, was already used or has expired. Ask your administrator for a new one.":
        "登録コードが正しくないか、使用済みか、有効期限切れです。管理者に新しいコードを発行してもらってください。",
    # admin: logins, roles, enrolment codes and second-factor resets
    "New password": "新しいパスワード",
    "Needed for a new user. For an existing one, leave it empty to keep the password; a new password ends the "
    "user's API tokens.":
        "新しい利用者には必須です。既存の利用者では、空欄のままならパスワードは変わりません。"
        "新しいパスワードを設定すると、その利用者の API トークンは無効になります。",
    "A new user needs a password.": "新しい利用者にはパスワードが必要です。",
    "Issue an enrolment code (to set up an authenticator)": "登録コードを発行（認証アプリの設定用）",
    "Enrolment codes": "登録コード",
    "Reset the second factor (a lost authenticator)": "二要素認証をリセット（認証アプリの紛失時）",
    "The authenticators were removed. Issue each user an enrolment code to set up a new one.":
        "認証アプリの登録を削除しました。新しい認証アプリを設定できるよう、各利用者に登録コードを発行してください。",
    "Give each code to its user in person or by phone, not by e-mail. It is shown only now, works once and expires.":
        "各コードは、メールではなく対面か電話で本人に伝えてください。表示されるのは今だけで、一度だけ使え、期限が過ぎると使えなくなります。",
    "User": "利用者",
    "Valid until": "有効期限",
    "Back to the users": "利用者一覧に戻る",
    "The request could not be understood": "リクエストを処理できませんでした",
    "Go back, check what you entered and try again.": "前のページに戻り、入力内容を確かめてもう一度お試しください。",
    "Your role does not allow this page": "このページはあなたの役割では使えません",
    "If you need it for your work, ask an administrator of your municipality.":
        "業務で必要な場合は、自治体の管理者にお問い合わせください。",
    "There is no such page": "ページが見つかりません",
    "The address may be mistyped, or the page has moved or been removed.":
        "アドレスが間違っているか、ページが移動または削除された可能性があります。",
    "Something went wrong on our side": "システムでエラーが発生しました",
    "Please try again in a moment. If it happens again, tell an administrator.":
        "しばらくしてからもう一度お試しください。繰り返し発生する場合は管理者にお知らせください。",
    "Error %(status)s": "エラー %(status)s",
    "Back to the home page": "ホームに戻る",
    "Every handover of personal data through the exchange gate, with CSV":
        "交換ゲートを通った個人情報の受渡しすべて（CSV 出力あり）",
    "Exchange check": "交換の事前確認",
    "Would the gate allow this exchange? Every reason it would give":
        "この交換をゲートが認めるか、その理由をすべて確認",
    "How long records are kept, the nightly sweep and a dry run": "記録の保存期間、毎晩の満了処理と試行",
    'Temporary care': '一時保育',
    'Places left, booking and cancelling, waiting-list offers': '空き状況・予約・キャンセル・キャンセル待ちの案内',
    'Temporary-care roster': '一時保育の利用予定',
    'Who comes today, by slot and age band, with the notes your role may read':
        '当日の利用児童(時間区分・年齢区分別)と、役割に応じて閲覧できる申送事項',
    'Only staff of the facility or its department see its roster':
        '利用予定を閲覧できるのは施設または所管課の職員だけです',
    'age 0': '0歳',
    'age 1-2': '1・2歳',
    'age 3 and over': '3歳以上',
    'free': '無料',
    'the full fee': '利用料の全額',
    'a flat fee': '定額',
    'booked hours × rate': '予約時間 × 単価',
    'minimum age (days)': '最低年齢(日)',
    'booking window opens on day': '予約受付開始日',
    'booking window opens at': '予約受付開始時刻',
    'booking deadline: days before': '予約締切(何日前)',
    'booking deadline: time': '予約締切時刻',
    'free cancellation: days before': '無料キャンセル期限(何日前)',
    'free cancellation: until': '無料キャンセル期限時刻',
    'fee after the cancellation deadline': '期限後のキャンセル料',
    'flat cancellation fee (yen)': '定額キャンセル料(円)',
    'cancellation fee per hour (yen)': '1時間あたりのキャンセル料(円)',
    'days per week per child': '1人あたり週の利用日数上限',
    'days per month per child': '1人あたり月の利用日数上限',
    'closed weekdays': '休室曜日',
    'hours to confirm a waiting-list offer': 'キャンセル待ち案内の確認期限(時間)',
    'temporary-care facility': '一時保育実施施設',
    'temporary-care facilities': '一時保育実施施設',
    'code': 'コード',
    'label': '表示名',
    'starts at': '開始時刻',
    'ends at': '終了時刻',
    'slot': '時間区分',
    'age band': '年齢区分',
    'capacity': '定員',
    'fee (yen)': '利用料(円)',
    'capacity and fee': '定員と利用料',
    'date': '日付',
    'closed day': '休室日',
    'applied': '申請中',
    'refused': '不承認',
    'fiscal year': '年度',
    'interview date': '面接日',
    'notes for the staff': '申送事項',
    'reason for refusal': '不承認の理由',
    'temporary-care registration': '一時保育の利用登録',
    'booked': '予約済み',
    'cancelled': 'キャンセル済み',
    'temporary-care booking': '一時保育の予約',
    'waiting': 'キャンセル待ち',
    'offered': '案内中',
    'accepted': '確定',
    'offer lapsed': '案内の期限切れ',
    'waiting-list entry': 'キャンセル待ち',
    'Only staff of the registering facility or its department may interview and decide on a registration':
        '面接と登録の決定ができるのは、登録施設またはその所管課の職員だけです',
    'No such child among yours': '該当する児童が見つかりません',
    'The notes must be text': '申送事項は文字で入力してください',
    'The child already has a registration for fiscal year %(year)s': 'この児童は%(year)s年度の利用登録が既にあります',
    'The registration has already been decided': 'この利用登録は既に決定済みです',
    'The interview date %(date)s is in the future': '面接日 %(date)s が未来の日付です',
    'Record the interview before approving the registration': '承認の前に事前面接を記録してください',
    'A refusal needs a reason': '不承認には理由が必要です',
    "'to' (%(to)s) is before 'from' (%(from)s)": '終了日(to: %(to)s)が開始日(from: %(from)s)より前です',
    'Ask for at most %(days)s days at once': '一度に指定できるのは%(days)s日までです',
    'Facility %(id)s offers no temporary care': '施設 %(id)s は一時保育を実施していません',
    'No such booking among yours': '該当する予約が見つかりません',
    'No such waiting-list offer among yours': '該当するキャンセル待ちの案内が見つかりません',
    "Unknown slot '%(slot)s' at %(facility)s; its slots are: %(codes)s":
        '%(facility)sに時間区分「%(slot)s」はありません。時間区分: %(codes)s',
    '%(facility)s takes no temporary care on %(date)s': '%(facility)sは%(date)sは一時保育を行いません(休室日)',
    'Bookings for %(date)s open at %(opens)s': '%(date)sの予約受付は%(opens)sからです',
    'The booking deadline for %(date)s was %(deadline)s': '%(date)sの予約締切(%(deadline)s)を過ぎています',
    'The child has no approved registration for fiscal year %(year)s':
        'この児童には%(year)s年度の承認済みの利用登録がありません',
    "The child's registration for fiscal year %(year)s was refused": 'この児童の%(year)s年度の利用登録は不承認です',
    "The child's registration expires on %(until)s": 'この児童の利用登録の有効期限は%(until)sです',
    '%(facility)s takes children from %(days)s days old; on %(date)s the child is %(age)s days old':
        '%(facility)sの利用は生後%(days)s日からです。%(date)sの時点で生後%(age)s日です',
    '%(slot)s at %(facility)s takes no children of this age band':
        '%(facility)sの%(slot)sはこの年齢区分の受入れがありません',
    'Many bookings are being made at this moment; try again': 'ただいま予約が集中しています。もう一度お試しください',
    'The child already has a booking on %(date)s': 'この児童は%(date)sに既に予約があります',
    'The child already has %(count)s booked days in the week of %(date)s; %(facility)s allows %(cap)s':
        'この児童は%(date)sの週に既に%(count)s日予約しています。%(facility)sの上限は週%(cap)s日です',
    'The child already has %(count)s booked days in the month of %(date)s; %(facility)s allows %(cap)s':
        'この児童は%(date)sの月に既に%(count)s日予約しています。%(facility)sの上限は月%(cap)s日です',
    '%(slot)s at %(facility)s on %(date)s is full for this age band; you may join the waiting list':
        '%(date)sの%(facility)s %(slot)sはこの年齢区分の空きがありません。キャンセル待ちに登録できます',
    'The booking is already cancelled': 'この予約は既にキャンセルされています',
    'The booked time has already begun; tell the facility instead':
        '予約の時間が始まっています。施設に直接ご連絡ください',
    'Places are left: book instead of waiting': '空きがあります。キャンセル待ちではなく予約してください',
    'The child is already on this waiting list': 'この児童は既にこのキャンセル待ちに登録されています',
    'This place is not (or no longer) offered to you': 'この枠は案内されていないか、案内の期限が過ぎています',
    'room': '空きあり',
    'few left': '残りわずか',
    'full or closed': '満員・休室',
    'previous month': '前月',
    'next month': '翌月',
    'wait': 'キャンセル待ち',
    'Your bookings': '予約一覧',
    'Date': '日付',
    'Slot': '時間区分',
    'Cancelled': 'キャンセル済み',
    'yen': '円',
    'No bookings.': '予約はありません。',
    'Waiting list': 'キャンセル待ち',
    'A place is offered to you until %(until)s': '空きが出ました。%(until)sまでに確定してください',
    'You are on no waiting list.': 'キャンセル待ちはありません。',
    'Age band': '年齢区分',
    'Notes': '申送事項',
    'not shown to your role': 'あなたの役割には表示されません',
    'No bookings on this day.': 'この日の予約はありません。',
    'Choose a date and a facility': '日付と施設を選んでください',
    'Joined the waiting list.': 'キャンセル待ちに登録しました。',
    'Booked.': '予約しました。',
    'Cancelled. Cancellation fee: %(fee)s yen': 'キャンセルしました。キャンセル料: %(fee)s円',
    "The query parameter %(name)s is not valid: %(reason)s": "クエリパラメータ %(name)s が正しくありません: %(reason)s",
    'approval needs the interview':
        '承認に事前面接が必要',
    'registering facility':
        '登録施設',
    '%(field)s: at most %(max)s characters (%(count)s given)':
        '%(field)s: %(max)s 文字以内で入力してください (%(count)s 文字あります)',
    'Registrations are taken for fiscal year %(current)s or %(next)s, not %(year)s':
        '利用登録を申請できるのは%(current)s年度か%(next)s年度です(%(year)s年度は申請できません)',
    'Temporary care is for guardians and the staff of facilities and departments':
        '一時保育は保護者と施設・所管課の職員のためのものです',
    'Applications held at your facilities: record the interview, approve or refuse':
        'あなたの施設への利用登録申請: 事前面接の記録、承認・不承認',
    'No such registration among yours':
        '該当する利用登録がありません',
    'Choose the registering facility and the fiscal year':
        '登録施設と年度を選んでください',
    'Your application was sent. The facility will contact you for the interview.':
        '申請を受け付けました。事前面接について施設から連絡します。',
    'Only staff of a temporary-care facility or its department see its roster and registrations':
        '利用予定と利用登録を見られるのは一時保育実施施設とその所管課の職員だけです',
    'These pages are for guardians; staff see the roster and the registrations':
        'このページは保護者向けです。職員の方は利用予定と利用登録をご覧ください',
    'Enter the interview date':
        '面接日を入力してください',
    'The interview was recorded.':
        '事前面接を記録しました。',
    'Choose approve or refuse':
        '承認か不承認を選んでください',
    'The registration was approved.':
        '利用登録を承認しました。',
    'The registration was refused.':
        '利用登録を不承認にしました。',
    'Registration':
        '利用登録',
    'interviewed':
        '面接済み',
    '%(facility)s will contact you for the interview':
        '事前面接について%(facility)sから連絡があります',
    'No registration yet: apply before the first booking.':
        '利用登録はまだありません。初めて予約する前に申請してください。',
    'Apply for registration':
        '利用登録を申請する',
    'Apply for temporary-care registration':
        '一時保育の利用登録申請',
    'One registration is valid at every facility of the ward until 31 March. '
    'The facility you choose invites you to an interview before it approves.':
        '利用登録は区内のすべての実施施設で3月31日まで有効です。選んだ施設が、承認の前に事前面接のご案内をします。',
    'Registering facility (interview)':
        '登録施設(事前面接を受ける施設)',
    "The notes below are read only by the facilities' nurses and heads, and stored encrypted.":
        '以下の記入内容は施設の看護師と施設長だけが読み、暗号化して保存します。',
    'Notes for the staff':
        '申送事項',
    'Apply':
        '申請する',
    'Temporary-care registrations':
        '一時保育の利用登録',
    'Notes: not shown to your role':
        '記入内容: あなたの役割には表示されません',
    'Record the interview':
        '事前面接を記録',
    'Refuse':
        '不承認',
    'No registrations at your facilities.':
        'あなたの施設の利用登録はありません。',
    "processing by a contracted vendor": "委託先での処理",
    "linking the ward's system with an outside system": "外部システムとの連携",
    "provision to an outside party": "外部への提供",
    "Choose a registered purpose for the exchange: %(codes)s": "登録されている交換の目的を選んでください: %(codes)s",
    "The purpose is at most %(max)d characters": "目的は %(max)d 文字以内で入力してください",
    "Only an administrator of the municipality may erase what was written about an exchange":
        "交換について記入された内容を消去できるのは、その自治体の管理者だけです",
    "The text of this exchange's purpose is already erased": "この交換の目的の記入内容はすでに消去されています",
    "importing the collection service's result files": "収納データの取込（消込）",
    # uploads: every uploaded file is checked by content, size and name (common.uploads)
    "No file was sent in the field '%(field)s'. Send it as multipart/form-data.":
        "項目「%(field)s」にファイルが送られていません。multipart/form-data で送ってください。",
    "The name of the file in '%(field)s' could not be read (it is neither UTF-8 nor Shift_JIS). Rename the file "
    "and send it again.":
        "項目「%(field)s」のファイル名を読み取れません（UTF-8 でも Shift_JIS でもありません）。"
        "ファイル名を変えて送り直してください。",
    "The file in '%(field)s' has no usable name (nothing is left once folders and control characters are "
    "removed). Rename it and send it again.":
        "項目「%(field)s」のファイルには使える名前がありません（フォルダ名と制御文字を除くと何も残りません）。"
        "ファイル名を変えて送り直してください。",
    "The file in '%(field)s' is empty (0 bytes).": "項目「%(field)s」のファイルは空です（0 バイト）。",
    "The file in '%(field)s' is a ZIP archive that unpacks to more than %(times)s times its size (more than "
    "%(limit)s): it is refused as a ZIP bomb.":
        "項目「%(field)s」のファイルは、展開すると元の大きさの %(times)s 倍（%(limit)s）を超える ZIP アーカイブです。"
        "ZIP 爆弾として受け付けません。",
    "The file in '%(field)s' is a damaged ZIP archive: it cannot be unpacked.":
        "項目「%(field)s」のファイルは壊れた ZIP アーカイブで、展開できません。",
    "The file in '%(field)s' is larger than the limit of %(limit)s.":
        "項目「%(field)s」のファイルは上限 %(limit)s を超えています。",
    "The file in '%(field)s' is %(kind)s by its content; accepted are: %(accepted)s.":
        "項目「%(field)s」のファイルは内容から見て %(kind)s です。受け付けるのは %(accepted)s です。",
    "The file in '%(field)s' is named .%(extension)s but its content is %(kind)s. Send the file its name says, "
    "or name it after its content.":
        "項目「%(field)s」のファイルは名前が .%(extension)s ですが、内容は %(kind)s です。"
        "名前どおりのファイルを送るか、内容に合った名前にしてください。",
    "The request body is larger than the limit of %(limit)s bytes for data sent in the body (files sent as "
    "multipart/form-data have limits of their own).":
        "リクエスト本文が上限 %(limit)s バイトを超えています"
        "（multipart/form-data で送るファイルには別の上限があります）。",
    "The certificate file was sent as '%(declared)s'; only a PDF (application/pdf) is accepted.":
        "消去証明書は「%(declared)s」として送られました。受け付けるのは PDF（application/pdf）だけです。",
    "no type": "種類の指定なし",
    "The certificate file is not a PDF: %(problem)s.": "消去証明書は PDF ではありません: %(problem)s。",
    "it does not start with the PDF signature %PDF-": "先頭が PDF の署名 %PDF- ではありません",
    "it has no startxref and %%EOF at its end (truncated or not a PDF)":
        "末尾に startxref と %%EOF がありません（途中で切れているか PDF ではありません）",
    "its cross-reference offset points outside the file": "相互参照の位置がファイルの外を指しています",
    "its cross-reference offset does not point at a cross-reference table":
        "相互参照の位置が相互参照表を指していません",
    "it names no document catalogue (/Root)": "文書カタログ（/Root）がありません",
    "it contains no objects": "オブジェクトが一つもありません",
    # handover ledger: what became of a received file
    "received; outcome not recorded": "受信（結果未記録）",
    "taken in": "取込済",
    "already taken in; nothing changed": "取込済みの同一ファイル（変更なし）",
    "refused; nothing taken in": "受信拒否（取込なし）",
    "Handover ledger #%(n)s: %(outcome)s": "管理簿 #%(n)s: %(outcome)s",
    "Handover ledger #%(n)s": "管理簿 #%(n)s",
    "Refused: %(n)s problem": "受信拒否: 問題 %(n)s 件",
    "Outcome": "結果",
    "The first %(n)s problems are listed.": "最初の %(n)s 件の問題を表示しています。",
    # temporary care: attendance, fees, vendor sync, lottery, half-year registrations
    "Only staff of the facility or its department record attendance":
        "出欠を記録できるのは施設または所管課の職員のみです",
    "%(time)s is not on the booked day %(date)s": "%(time)s は予約日 %(date)s ではありません",
    "%(time)s is in the future": "%(time)s は未来の時刻です",
    "The child was already checked in at %(time)s": "すでに %(time)s に登園済みです",
    "Check the child in before checking out": "降園の前に登園を記録してください",
    "The child was already checked out at %(time)s": "すでに %(time)s に降園済みです",
    "The pick-up time is before the arrival at %(time)s": "お迎えの時刻が登園時刻 %(time)s より前です",
    "The booking is already marked as a no-show": "この予約はすでに無断欠席として記録されています",
    "A no-show is marked once the booked time has begun (%(time)s)":
        "無断欠席は予約時間の開始（%(time)s）後に記録できます",
    "late pick-up fee per 30 minutes (yen)": "延長料金（30分ごと・円）",
    "fee for a no-show": "無断欠席の料金",
    "no-shows count towards the caps per child": "無断欠席を利用上限の日数に数える",
    "no-show": "無断欠席",
    "in": "登園",
    "out": "降園",
    "late pick-up: %(units)s × 30 min": "延長: 30分 × %(units)s",
    "expected": "登園予定",
    "Time": "時刻",
    "Check in": "登園",
    "No-show": "無断欠席",
    "Check out": "降園",
    "Attendance": "出欠",
    "Enter the time as HH:MM": "時刻は HH:MM で入力してください",
    "Unknown attendance action": "不明な出欠の操作です",
    "This field is required.": "この項目は必須です。",  # the committee's, missing from the table
    "Booking %(id)s: the child has no guardian to bill": "予約 %(id)s: 請求先の保護者が登録されていません",
    "%(ward)s has no fee type %(name)s to bill temporary care":
        "%(ward)s には一時保育を請求する料金種別 %(name)s がありません",
    "Only staff of %(department)s issue the temporary-care fees":
        "一時保育料を発行できるのは%(department)sの職員のみです",
    "%(month)s is not over yet; its fees are issued from %(day)s":
        "%(month)s はまだ終わっていません。%(day)s から発行できます",
    "%(count)s bookings of %(month)s have no attendance recorded (first: %(date)s); record them on the roster "
    "before issuing the fees":
        "%(month)s の予約 %(count)s 件に出欠が記録されていません（最初: %(date)s）。発行の前に名簿で記録してください",
    "Unknown fee waiver '%(waiver)s'; choose one of: %(choices)s":
        "不明な減免区分「%(waiver)s」です。次から選んでください: %(choices)s",
    "reduction for households exempt from resident tax (%)": "住民税非課税世帯の減免率（%）",
    "reduction for households on public assistance (%)": "生活保護世帯の減免率（%）",
    "none": "なし",
    "household exempt from resident tax": "住民税非課税世帯",
    "household on public assistance": "生活保護世帯",
    "fee waiver": "減免区分",
    "temporary-care fee statement": "一時保育料の請求",
    "Temporary-care fees": "一時保育料",
    "Issue the fees of %(month)s": "%(month)s 分を発行する",
    "Households billed before are skipped: a month is never billed twice.":
        "発行済みの世帯は飛ばします。同じ月を二重に請求することはありません。",
    "%(n)s booking was recorded after the month was issued and is not billed.":
        "発行後に記録された予約が %(n)s 件あり、請求されていません。",
    "Household": "世帯",
    "Use fee": "利用料",
    "No such facility": "該当する施設はありません",
    "Late pick-up": "延長料",
    "No-shows": "無断欠席",
    "Cancellations": "キャンセル料",
    "Waived": "減免額",
    "Amount": "請求額",
    "Slip": "納付書",
    "due": "納期限",
    "nothing owed": "請求なし",
    "No fees issued for this month yet.": "この月の一時保育料はまだ発行されていません。",
    "Temporary-care usage report": "一時保育 利用実績報告",
    "Child-days attended": "延べ利用児童数",
    "Total": "合計",
    "Only staff of the department owning the fee %(name)s issue the temporary-care fees":
        "一時保育料を発行できるのは料金種別 %(name)s を所管する課の職員のみです",
    "Issued %(issued)s statements; %(already)s households were billed before.":
        "%(issued)s 世帯分を発行しました。%(already)s 世帯は発行済みです。",
    "synchronising temporary-care registrations and bookings with the booking system's vendor":
        "一時保育の登録・予約情報の予約システム事業者との同期",
    "%(ward)s has no registered connection with the temporary-care booking system's vendor":
        "%(ward)s には一時保育予約システム事業者との外部結合が登録されていません",
    "The vendor's rows carry no 児童ID to match them by": "事業者のデータに照合用の児童IDがありません",
    "temporary-care registrations (after their expiry)": "一時保育の利用登録（有効期限後）",
    "temporary-care bookings and usage (after the fiscal year)": "一時保育の予約・利用実績（年度終了後）",
    "%(facility)s takes no lottery applications for %(date)s now":
        "%(facility)s は現在 %(date)s の抽選申込を受け付けていません",
    "The child has already applied for %(date)s": "この児童は %(date)s にすでに申し込んでいます",
    "This lottery has already been drawn": "この抽選はすでに実施されました",
    "Applications are open until %(time)s; the draw follows": "申込は %(time)s まで受け付けます。その後に抽選します",
    "No drawn lottery %(id)s": "抽選 %(id)s は実施されていません",
    "the fiscal year": "年度末まで",
    "the half year (April–September, October–March)": "半期末まで（4〜9月、10〜3月）",
    "lottery at the window's opening": "受付開始時に抽選する",
    "hours of applications before the draw": "抽選までの申込受付時間",
    "registrations held here are valid for": "登録有効期限",
    "temporary-care lottery": "一時保育の抽選",
    "waiting for the draw": "抽選待ち",
    "won": "当選",
    "not drawn": "落選",
    "refused by a rule at the draw": "抽選時に規則により予約不可",
    "lottery application": "抽選申込",
    "Only an approved registration is renewed": "更新できるのは承認済みの登録のみです",
    "Renewal for fiscal year %(year)s opens on %(date)s": "%(year)s 年度の更新は %(date)s から受け付けます",
    "%(facility)s draws lots for %(date)s: apply for the lottery until %(time)s":
        "%(facility)s の %(date)s は抽選です。%(time)s まで抽選に申し込んでください",
    "Applied for the lottery: the places are drawn after %(time)s.":
        "抽選に申し込みました。%(time)s 以降に抽選します。",
    "Fee waiver of the household": "世帯の減免区分",
    "Record the waiver": "減免区分を記録",
    "Kept sealed; it is not shown again.": "暗号化して保管し、再表示はしません。",
    "Renew": "更新",
    "The fee waiver was recorded.": "減免区分を記録しました。",
    "Renewed: valid until %(date)s.": "更新しました。有効期限は %(date)s です。",
    "Applied for fiscal year %(year)s with the same notes; decide it below.":
        "%(year)s 年度を同じ内容で申請しました。下で決定してください。",

    # babysitter subsidy (ベビーシッター利用支援事業)
    "Babysitter subsidy": "ベビーシッター利用支援",
    "LoGo applications: the contractor's pre-check, the ward's decision, notices, transfers":
        "LoGoフォームの申請: 委託事業者の事前審査、区の決定、通知、振込",
    "The registry holds no business “%(name)s” for this ward: register it first":
        "この区の登録業務に「%(name)s」がありません。先に登録してください",
    "The business “%(name)s” has no outsourcing contract in the registry":
        "登録業務「%(name)s」の業務委託が登録されていません",
    "Applicant": "申請者",
    "Applicant's date of birth": "申請者の生年月日",
    "Bank account": "振込口座",
    "Child's date of birth": "児童の生年月日",
    "Inquiry": "相談内容",
    "Unknown field “%(field)s”": "不明な項目「%(field)s」",
    "The field “%(field)s” has no column label": "項目「%(field)s」に列の見出しがありません",
    "The label of the use field “%(field)s” must contain {n} (the use's number)":
        "利用の項目「%(field)s」の見出しには {n}（利用の番号）を含めてください",
    "The label “%(label)s” is given to two fields": "見出し「%(label)s」が二つの項目に割り当てられています",
    "This column is empty": "この列が空欄です",
    "“%(value)s” is not %(what)s": "「%(value)s」は%(what)sではありません",
    "A bank code has 4 digits": "金融機関コードは4桁です",
    "No bank has the code %(code)s in the Zengin code list": "全銀コードに金融機関コード %(code)s はありません",
    "A branch code has 3 digits": "支店コードは3桁です",
    "The bank %(bank)s has no branch %(code)s in the Zengin code list":
        "全銀コードで金融機関 %(bank)s に支店コード %(code)s はありません",
    "The file is neither UTF-8 nor Shift_JIS (CP932) text": "ファイルが UTF-8 でも Shift_JIS（CP932）でもありません",
    "The file has no header row": "見出し行がありません",
    "The header names this column twice": "見出しにこの列が二度あります",
    "The header has no column “%(label)s” (field %(field)s)": "見出しに列「%(label)s」（項目 %(field)s）がありません",
    "The header has no complete first use (its date, times, company, sitter and care charge)":
        "見出しに1件目の利用（利用日・時刻・事業者・シッター・保育料）の列が揃っていません",
    "The row has %(found)d cells; the header has %(expected)d":
        "この行は %(found)d 列ですが、見出しは %(expected)d 列です",
    "The answer id is also on row %(row)d": "同じ回答IDが %(row)d 行目にもあります",
    "The file holds no answers": "回答が1件もありません",
    "a date": "日付",
    "The account kind is 普通 or 当座": "預金種目は「普通」か「当座」です",
    "An account number has at most 7 digits": "口座番号は7桁以内です",
    "The account holder must be written in katakana; not accepted by the banks: %(chars)s":
        "口座名義はカタカナで記入してください。金融機関で使えない文字: %(chars)s",
    "Answer はい or いいえ": "「はい」か「いいえ」で回答してください",
    "a time (HH:MM)": "時刻（HH:MM）",
    "No certified sitter company has the code “%(code)s”": "事業者コード「%(code)s」の認定事業者はありません",
    "an amount in yen": "金額（円）",
    "The answer claims no use": "利用が1件も記入されていません",
    "LoGo form mapping": "LoGoフォームの列対応",
    "certified sitter company": "認定ベビーシッター事業者",
    "certified sitter companies": "認定ベビーシッター事業者",
    "eligible sitter": "助成対象ベビーシッター",
    "received": "受付",
    "pre-checked": "事前審査済",
    "decided": "決定済",
    "notified": "通知済",
    "partly approved": "一部交付決定",
    "applicant's name": "申請者氏名",
    "applicant's address": "申請者住所",
    "applicant's date of birth": "申請者生年月日",
    "applicant's phone": "申請者電話番号",
    "applicant's e-mail": "申請者メールアドレス",
    "bank account": "振込口座",
    "child's name": "児童氏名",
    "child's date of birth": "児童生年月日",
    "reason of the decision": "決定の理由",
    "subsidy application": "助成金交付申請",
    "itemised statement": "事業者の利用明細",
    "application form": "申請書",
    "file name": "ファイル名",
    "inquiry": "相談内容",
    "transfer file": "振込ファイル",
    "importing the babysitter subsidy's LoGo form answers": "ベビーシッター利用支援事業のLoGoフォーム回答の取込",
    "Only the ward's staff of the subsidy's department may do this; the contractor receives and pre-checks, the "
    "ward decides": "これは担当課の職員だけが行えます。委託事業者は受付と事前審査を行い、決定は区が行います",
    "Name the LoGo form": "LoGoフォームの名前を入力してください",
    "No column mapping is saved for the LoGo form “%(form)s”": "LoGoフォーム「%(form)s」の列対応が登録されていません",
    "The file is refused whole; nothing was imported. %(count)d problem(s): %(first)s":
        "ファイル全体を受け付けませんでした（何も取り込んでいません）。問題 %(count)d 件: %(first)s",
    "row %(row)d, %(column)s: %(message)s": "%(row)d 行目「%(column)s」: %(message)s",
    "The pre-check is the contractor's work (事前審査); the ward decides afterwards":
        "事前審査は委託事業者の業務です。決定はその後に区が行います",
    "Only a received application can be pre-checked; this one is %(state)s":
        "事前審査できるのは受付状態の申請だけです（この申請は「%(state)s」）",
    "Only a pre-checked application can be decided; this one is %(state)s":
        "決定できるのは事前審査済の申請だけです（この申請は「%(state)s」）",
    "Decide approved, partly or refused": "交付・一部交付・不交付のいずれかを選んでください",
    "Give the reason of a partial approval or a refusal; it is printed on the notice":
        "一部交付・不交付の理由を入力してください（通知書に記載されます）",
    "A partial approval leaves out some of the uses (by number), not all of them":
        "一部交付では、除外する利用を番号で選んでください（全部は選べません）",
    "Possible duplicate: use %(line)d is claimed for the same child and hours in application %(other)d (use "
    "%(other_line)d). Refuse one of them or leave the use out first.":
        "重複の可能性: 利用%(line)d は申請 %(other)d（利用%(other_line)d）と同じ児童・同じ時間帯です。"
        "先にどちらかを不交付にするか、その利用を除外してください。",
    "The rules grant nothing for this application: refuse it, naming the rules":
        "この申請は助成額が0円です。該当する要件を示して不交付としてください",
    "Only the contractor's call centre and the ward record inquiries":
        "相談内容を記録できるのは委託事業者のコールセンターと区だけです",
    "The approved contract does not list 相談内容 for your company":
        "承認された委託内容に貴社の「相談内容」がありません",
    "Write what the caller asked": "相談の内容を入力してください",
    "An inquiry is at most 4,000 characters": "相談内容は4,000字以内です",
    "Choose the kind of document": "書類の種類を選んでください",
    "A company needs a code, a name and an hourly price": "事業者には事業者コード・名称・1時間あたりの料金が必要です",
    "Name a company of your ward and the sitter's registration number":
        "区の事業者とシッターの登録番号を指定してください",
    "Applications": "申請一覧",
    "Import a LoGo export": "LoGoフォームのCSV取込",
    "Column mappings": "列対応",
    "Transfer files": "振込ファイル",
    "Subsidy application": "助成金交付申請",
    "Submitted": "申請日",
    "Not shown to your role (not approved for the contractor):":
        "あなたの役割には表示しません（委託先への提供が承認されていない項目）:",
    "Possible duplicate": "重複の可能性",
    "the same child at overlapping hours is claimed in another application. Approving is blocked until one of them "
    "is refused or the use is left out.":
        "同じ児童・重なる時間帯の利用が別の申請にあります。どちらかを不交付にするか利用を除外するまで交付決定できま"
        "せん。",
    "Use": "利用",
    "application": "申請",
    "use": "利用",
    "Uses and the computed subsidy": "利用内容と助成額の計算",
    "Company": "事業者",
    "Care charge": "保育料",
    "Discount": "割引",
    "Not counted": "対象外経費",
    "Day hours × 2,500 yen": "日中（時間）× 2,500円",
    "Night hours × 3,500 yen": "夜間（時間）× 3,500円",
    "Subsidy": "助成額",
    "left out": "除外",
    "Computed amount": "計算上の助成額",
    "Decided amount": "交付決定額",
    "Refused by the rules": "要件により対象外",
    "Pre-check done": "事前審査完了",
    "Approve the computed amount": "計算どおり交付決定",
    "Approve in part (leave out the uses ticked)": "一部交付決定（チェックした利用を除外）",
    "Reason (printed on the notice)": "理由（通知書に記載）",
    "Decide": "決定する",
    "Steps": "経過",
    "Call-centre log": "コールセンター記録",
    "No inquiries.": "相談記録はありません。",
    "Record the inquiry": "相談内容を記録",
    "Documents": "添付書類",
    "No documents.": "添付書類はありません。",
    "Kind of document": "書類の種類",
    "Attach": "添付",
    "Decision notice (PDF)": "決定通知書（PDF）",
    "You decide: approve, approve in part or refuse. The contractor pre-checks first.":
        "区が決定します（交付・一部交付・不交付）。事前審査は委託事業者が先に行います。",
    "You receive and pre-check; the ward decides. You see only the items the approved contract lists.":
        "受付と事前審査を行います。決定は区が行います。承認された委託内容の項目だけが表示されます。",
    "Answer id": "回答ID",
    "Computed": "計算額",
    "Decided": "決定額",
    "No applications.": "申請はありません。",
    "Approve the chosen applications": "選んだ申請を交付決定",
    "Decision notices of the chosen (PDF)": "選んだ申請の決定通知書（PDF）",
    "The whole file is checked first (UTF-8 or Shift_JIS, the header, every row); a file with any problem is "
    "refused whole. The import crosses the exchange gate on the subsidy's contract: only an approved version "
    "listing the LoGo form admits it. An answer imported before is skipped.":
        "まずファイル全体（文字コード UTF-8／Shift_JIS、見出し、全行）を確認し、問題が一つでもあればファイル全体を受"
        "け付けません。"
        "取込は業務委託の交換ゲートを通り、LoGoフォームを記録媒体とする版が承認されている場合だけ受け付けます。"
        "取込済みの回答は取り込みません。",
    "LoGo form": "LoGoフォーム",
    "CSV file": "CSVファイル",
    "%(created)s application(s) imported; %(already)s already imported.":
        "%(created)s 件を取り込みました（取込済み %(already)s 件）。",
    "Row": "行",
    "Column": "列",
    "Which column (headed by its question's label) holds which field. A use's labels carry {n}, its number. A "
    "changed mapping is saved as the form's next version; every import names the version it was read with.":
        "どの列（設問の見出し）がどの項目かを設定します。利用の見出しには番号 {n} を含めます。変更は次の版として保存"
        "され、"
        "各取込は読み取った版を記録します。",
    "Save as a new version": "新しい版として保存",
    "The babysitter subsidy is handled by the ward's subsidy department and its contractor; your roles give no "
    "access to its applications.":
        "ベビーシッター利用支援は担当課と委託事業者が扱います。あなたの役割では申請を見られません。",
    "%(waiting)s notified application(s) wait for payment.": "通知済で振込待ちの申請が %(waiting)s 件あります。",
    "A run pays each application once: one already paid is never in a later file.":
        "各申請への振込は一度だけです。振込済みの申請は次のファイルに入りません。",
    "Make the Zengin transfer file (総合振込)": "全銀協 総合振込ファイルを作成",
    "Made": "作成日時",
    "Total (yen)": "合計（円）",
    "Download": "ダウンロード",
    "No transfer files yet.": "振込ファイルはまだありません。",
    "%(amount)s yen": "%(amount)s円",
    "Pre-checked. The ward decides next.": "事前審査を完了しました。次は区が決定します。",
    "Decided.": "決定しました。",
    "%(count)d application(s) approved.": "%(count)d 件を交付決定しました。",
    "Application %(id)d: %(message)s": "申請 %(id)d: %(message)s",
    "The inquiry is recorded.": "相談内容を記録しました。",
    "Choose a file": "ファイルを選んでください",
    "The document is attached.": "書類を添付しました。",
    "Choose the CSV file LoGo exported": "LoGoフォームから出力したCSVファイルを選んでください",
    "Mapping of “%(form)s” saved as version %(version)d.": "「%(form)s」の列対応を第%(version)d版として保存しました。",
    "Only the ward's staff make transfer files": "振込ファイルは区の職員だけが作成できます",
    "Transfer file made: %(count)d payment(s), %(total)s yen.":
        "振込ファイルを作成しました: %(count)d 件、%(total)s円。",
    "%(where)s: %(label)s must be at most %(length)d digits": "%(where)s: %(label)sは%(length)d桁以内の数字です",
    "%(where)s: %(label)s holds characters the banks do not accept: %(chars)s":
        "%(where)s: %(label)sに金融機関で使えない文字があります: %(chars)s",
    "The bank %(bank)s / branch %(branch)s is not in the Zengin code list":
        "金融機関 %(bank)s／支店 %(branch)s は全銀コードにありません",
    "transfer %(n)d": "振込 %(n)d",
    "The trailer's count and total do not match the data records":
        "トレーラの件数・合計金額がデータレコードと一致しません",
    "No notified application is waiting for payment": "振込待ちの通知済申請はありません",
    "receipt of payment": "領収書",
    # childcare operations support (保育業務支援): classes, check-in kiosk, board
    "Check-in codes are for guardians": "登園コードは保護者のためのものです",
    "The child has already gone home today": "この児童は本日すでに降園しています",
    "The kiosk runs on a tablet signed in by staff of the facility":
        "打刻端末は、施設の職員がログインしたタブレットで使います",
    "This code has expired: show the code your page shows now":
        "このコードは有効期限切れです。今画面に表示されているコードを見せてください",
    "This is not a check-in code of this service": "このサービスの登園コードではありません",
    "This code has already been used: show the code your page shows now":
        "このコードは使用済みです。今画面に表示されているコードを見せてください",
    "None of your children attends this facility": "この施設に通うお子さまがいません",
    "Only staff of the child's facility record this": "児童の在籍施設の職員だけが記録できます",
    "Kiosk PINs are for facility staff": "打刻端末のPINは施設職員用です",
    "A PIN is 6 to 8 digits, not all the same digit": "PINは6〜8桁の数字です（すべて同じ数字は不可）",
    "This staff member has no PIN for this facility": "この職員にはこの施設のPINがありません",
    "Too many wrong PINs: this PIN is locked for a while": "PINの誤りが多すぎます。しばらくこのPINは使えません",
    "Wrong PIN": "PINが違います",
    "staff see only their own class": "職員は担当クラスのみ閲覧",
    "kiosk locks after (seconds idle)": "端末の自動ロック（無操作の秒数）",
    "flag a child absent this many days in a row": "連続欠席として知らせる日数",
    "nursery operations settings": "保育業務の施設設定",
    "class name": "クラス名",
    "class": "クラス",
    "classes": "クラス",
    "class placement": "クラス編成",
    "guardian's QR code at the kiosk": "保護者のQRコード（打刻端末）",
    "staff at the kiosk's touch list": "職員によるタッチ打刻",
    "attendance": "登降園",
    "check-in pass": "登園コード",
    "kiosk PIN": "打刻端末PIN",
    "Only staff of a nursery or of the department that runs it see its classes":
        "クラスは保育園の職員と所管課の職員だけが閲覧できます",
    "No such class": "該当するクラスがありません",
    "Only the facility head or the department that runs the facility may set up its classes and staff":
        "クラスと担当職員の設定は園長または所管課だけが行えます",
    "Give the class a name of at most 50 characters": "クラス名を50文字以内で入力してください",
    "The fiscal year is out of range": "年度が範囲外です",
    "The facility already has a class of this name in this fiscal year": "この年度には同じ名前のクラスがすでにあります",
    "The child attends another facility than the class's": "この児童はクラスとは別の施設に在籍しています",
    "Only staff of the class's facility can be assigned to it": "クラスの施設の職員だけを担当にできます",
    "Classes": "クラス",
    "Your classes this fiscal year: children, staff, the class board": "今年度の担当クラス：児童、職員、クラスボード",
    "Nursery": "保育園",
    "Check-in code, absence notices, contact book and newsletters of your children's nursery":
        "登園コード、欠席連絡、連絡帳、園だより",
    "Present": "登園済",
    "Not yet arrived": "未登園",
    "Gone home": "降園済",
    "No child is placed in this class.": "このクラスには児童がいません。",
    "No child is placed in a class yet.": "クラスに所属する児童がまだいません。",
    "The kiosk is locked.": "端末はロックされています。",
    "Show this code to the kiosk at the entrance. It changes every minute and works once.":
        "玄関の打刻端末にこのコードをかざしてください。1分ごとに変わり、1回だけ使えます。",
    "Checked in: %(n)s child. Have a good day!": "登園を記録しました（%(n)s人）。いってらっしゃい！",
    "Checked out: %(n)s child. See you tomorrow!": "降園を記録しました（%(n)s人）。また明日！",
    "Recorded for %(n)s child.": "%(n)s人の登降園を記録しました。",
    "Class board": "クラスボード",
    "The board updates by itself as children arrive and leave.": "登園・降園に合わせて自動で更新されます。",
    "fiscal year %(year)s": "%(year)s年度",
    "Staff": "職員",
    "No staff member is assigned yet.": "担当職員はまだいません。",
    "Place a child": "児童をクラスに入れる",
    "Place": "登録",
    "Assign a staff member": "担当職員を追加",
    "Staff member": "職員",
    "Assign": "追加",
    "Kiosk PIN": "打刻端末PIN",
    "Class": "クラス",
    "Pages": "画面",
    "Kiosk": "打刻端末",
    "No class you may see this fiscal year.": "今年度に閲覧できるクラスはありません。",
    "New class": "クラスの追加",
    "Class name": "クラス名",
    "Create": "作成",
    "Check-in code": "登園コード",
    "Check-in kiosk": "登降園打刻",
    "Guardians: show your check-in code": "保護者の方：登園コードをかざしてください",
    "Code (a scanner types it here)": "コード（読取機がここに入力します）",
    "Scan with the camera": "カメラで読み取る",
    "Unlocked by %(who)s": "%(who)s がロック解除中",
    "Lock": "ロック",
    "Staff: unlock with your PIN": "職員の方：PINでロック解除",
    "Names are shown only after a staff member unlocks the kiosk; it locks itself when left alone.":
        "氏名は職員がロックを解除した後にだけ表示されます。操作がないと自動でロックされます。",
    "PIN": "PIN",
    "Unlock": "ロック解除",
    "Your personal PIN unlocks your facility's shared kiosk tablet. Every unlock and every read on the kiosk is rec"
    "orded in your name.":
        "個人のPINで施設の共用打刻タブレットのロックを解除します。解除と端末での閲覧はすべてあなたの名前で記"
        "録されます。",
    "You have a PIN; setting a new one replaces it.": "PINは設定済みです。新しく設定すると置き換わります。",
    "New PIN (6 to 8 digits)": "新しいPIN（6〜8桁）",
    "Set PIN": "PINを設定",
    "Kiosks": "打刻端末",
    "No such child": "該当する児童がいません",
    "No such staff member": "該当する職員がいません",
    "No such kiosk": "該当する打刻端末がありません",
    "The kiosk is locked: unlock it with your PIN": "端末はロックされています。PINで解除してください",
    "Your kiosk PIN is set.": "打刻端末のPINを設定しました。",
    "Only the child's guardians send absence notices": "欠席連絡は児童の保護者だけが送れます",
    "A notice is for today or a day in the next 60 days": "連絡できるのは今日から60日先までです",
    "Choose absent or late": "欠席か遅刻を選んでください",
    "Choose a reason": "理由を選んでください",
    "The details are at most 500 characters": "詳細は500文字以内です",
    "Give the time the child will arrive": "登園する時刻を入力してください",
    "The child has already arrived on this day": "この日はすでに登園しています",
    "There is already a notice for this child on this day: withdraw it first":
        "この日の連絡はすでにあります。先に取り消してください",
    "No such notice": "該当する連絡がありません",
    "A notice for a past day cannot be withdrawn": "過ぎた日の連絡は取り消せません",
    "absent": "欠席",
    "late": "遅刻",
    "illness or injury": "病気・けが",
    "family reasons": "家庭の都合",
    "details": "詳細",
    "absence notice": "欠席連絡",
    "Absent": "欠席",
    "Late": "遅刻",
    "Absent (notice)": "欠席（連絡あり）",
    "Late (arrives %(time)s)": "遅刻（%(time)s 登園予定）",
    "Absent %(n)s day in a row": "%(n)s日連続で欠席",
    "The board updates by itself as children arrive and leave and as notices come in.":
        "登園・降園・欠席連絡に合わせて自動で更新されます。",
    "Absence and lateness notice": "欠席・遅刻の連絡",
    "Notice": "連絡",
    "Arrives at (when late)": "登園予定時刻（遅刻のとき）",
    "Details (symptoms, temperature …)": "詳細（症状、体温など）",
    "Reasons are read only by the nurse and the head of the nursery.": "理由は看護師と園長だけが見ます。",
    "Send notice": "連絡する",
    "Notices sent": "送った連絡",
    "No notice for the coming days.": "今後の連絡はありません。",
    "Give the date of the absence": "欠席する日を入力してください",
    "Your notice has been sent to the nursery.": "保育園に連絡を送信しました。",
    "The notice has been withdrawn.": "連絡を取り消しました。",
    "Write the entry (at most 2,000 characters)": "連絡帳を記入してください（2,000文字以内）",
    "At most 4 photos per entry": "写真は1回に4枚までです",
    "Only the nursery's photos name other children": "ほかの児童を写真に登録できるのは園からの写真だけです",
    "A child shown is not one of your children": "写っている児童に担当外の児童が含まれています",
    "A child in this photo may not appear in photos shared with other families":
        "この写真には、ほかの家庭と共有する写真に写せない児童が含まれています",
    "Only the child's guardians decide this": "これを決められるのは児童の保護者だけです",
    "No such photo": "該当する写真がありません",
    "photo sharing choice": "写真共有の意向",
    "from home": "家庭から",
    "from the nursery": "園から",
    "entry": "記入内容",
    "contact book entry": "連絡帳",
    "contact book entries": "連絡帳",
    "photo": "写真",
    "contact book photo": "連絡帳の写真",
    "The photo has too many pixels (at most 40 megapixels)": "写真の画素数が多すぎます（4,000万画素まで）",
    "The photo could not be read as an image": "写真を画像として読み取れませんでした",
    "Contact book": "連絡帳",
    "Write from home": "家庭から記入",
    "Write from the nursery": "園から記入",
    "Today's entry": "今日の連絡",
    "Photos (JPEG or PNG, up to 4)": "写真（JPEGまたはPNG、4枚まで）",
    "Other children in the photos": "写真に写っているほかの児童",
    "Photos are kept without their location and camera data.": "写真は位置情報とカメラの情報を取り除いて保存されます。",
    "Write": "記入する",
    "Photo": "写真",
    "No entry in the last two weeks.": "この2週間の記入はありません。",
    "Photos with other families": "ほかの家庭との写真共有",
    "Your child does not appear in photos shared with other families.":
        "お子さまは、ほかの家庭と共有する写真には写りません。",
    "Your child may appear in group photos shared with the families of the other children in them.":
        "お子さまは、一緒に写ったほかの児童の家庭と共有する集合写真に写ることがあります。",
    "Allow sharing": "共有を認める",
    "Refuse sharing": "共有を断る",
    "The entry has been written.": "記入しました。",
    "title": "件名",
    "text": "本文",
    "newsletter": "園だより",
    "newsletter recipient": "園だよりの配信先",
    "Only the facility head or its department send to the whole facility":
        "園全体への配信は園長または所管課だけが行えます",
    "Only staff of the facility send its newsletters": "園だよりを配信できるのは施設の職員だけです",
    "Give a title of at most 100 characters": "件名を100文字以内で入力してください",
    "No family is addressed: the class has no child": "配信先の家庭がありません（クラスに児童がいません）",
    "No such newsletter": "該当するお便りがありません",
    "Newsletters": "園だより・お知らせ",
    "Open the attachment (PDF)": "添付ファイル（PDF）を開く",
    "new": "未読",
    "No newsletter yet.": "お便りはまだありません。",
    "%(read_count)s of %(total)s guardians have read it": "保護者 %(total)s 人中 %(read_count)s 人が既読",
    "Not read yet (hand them a paper copy)": "未読（紙で配付してください）",
    "Every family has read it.": "全家庭が既読です。",
    "Every family": "全家庭",
    "Guardian": "保護者",
    "Read": "既読",
    "not read": "未読",
    "Send a newsletter": "お便りを配信",
    "every family": "全家庭",
    "Text": "本文",
    "Attachment (PDF)": "添付ファイル（PDF）",
    "Send": "配信",
    "Sent": "配信日時",
    "No newsletter sent yet.": "配信したお便りはまだありません。",
    "Choose whom to send it to": "配信先を選んでください",
    "The newsletter has been sent.": "配信しました。",
    "Enter a number": "数値を入力してください",
    "The value is outside the plausible range": "値が想定される範囲の外です",
    "The date is in the future or before enrolment": "日付が未来か、入園前です",
    "Name the check-up (at most 100 characters)": "健診名を入力してください（100文字以内）",
    "Choose a kind of record": "記録の種類を選んでください",
    "Notes are at most 1,000 characters": "メモは1,000文字以内です",
    "height (cm)": "身長（cm）",
    "weight (kg)": "体重（kg）",
    "age in months": "月齢",
    "temperature check": "検温",
    "check-up": "健康診断",
    "growth (height and weight)": "発育（身長・体重）",
    "measurements": "測定値",
    "notes": "メモ",
    "health record": "保健記録",
    "Health records": "保健記録",
    "Sensitive personal information: shown to the nurse and the facility head only; every read is recorded.":
        "要配慮個人情報です。看護師と園長だけに表示され、閲覧はすべて記録されます。",
    "Growth chart": "成長曲線",
    "Add a record": "記録を追加",
    "Temperature (℃)": "体温（℃）",
    "Height (cm)": "身長（cm）",
    "Weight (kg)": "体重（kg）",
    "Check-up": "健診名",
    "No health record yet.": "保健記録はまだありません。",
    "Give the date": "日付を入力してください",
    "The health record has been added.": "保健記録を追加しました。",
    "annual": "年間",
    "monthly": "月間",
    "weekly": "週間",
    "aims": "ねらい",
    "content and environment": "内容・環境構成",
    "guidance plan": "指導計画",
    "log": "日誌",
    "daily log": "保育日誌",
    "Write at most 4,000 characters (and not nothing)": "4,000文字以内で記入してください（空欄は不可）",
    "Choose annual, monthly or weekly": "年間・月間・週間のいずれかを選んでください",
    "Attendance: %(n)s of %(total)s": "出席: %(n)s / %(total)s",
    "Absent (notice): %(names)s": "欠席（連絡あり）: %(names)s",
    "Late (arrival): %(names)s": "遅刻（登園時刻）: %(names)s",
    "Absent without notice: %(names)s": "連絡なしの未登園: %(names)s",
    "Aims (%(period)s): %(aims)s": "ねらい（%(period)s）: %(aims)s",
    "Today's activities:": "今日の活動:",
    "Children's health and notes:": "子どもの様子・健康:",
    "Daily log": "保育日誌",
    "Guidance plans": "指導計画",
    "Log": "日誌",
    "Aims": "ねらい",
    "Content and environment": "内容・環境構成",
    "No plan yet.": "指導計画はまだありません。",
    "The plan has been saved.": "指導計画を保存しました。",
    "The daily log has been saved.": "保育日誌を保存しました。",
    "attendance (check-in and check-out)": "登降園記録",
    "absence and lateness notices": "欠席・遅刻連絡",
    "contact book entries and their photos": "連絡帳（写真を含む）",
    "health records": "保健記録",
    "daily logs": "保育日誌",
    "These pages are for guardians": "保護者のためのページです",
    # official forms: the rows a ward's form has, the precision of a period
    "Current process (現行の処理)": "現行の処理",
    "day": "日",
    "month": "月",
    "application of the pre-approval criterion": "事前一括承認基準の適用について",
    "cancellation fee %(fee)s yen": "取り消すとキャンセル料 %(fee)s円",
    "free until %(until)s": "%(until)sまで無料で取消できます",
    "booked by you": "予約済み",
    "No day of this month can be booked any more.": "この月に予約できる日はもうありません。",
    "Cancel for the family": "保護者の連絡で取消",
    "Cancel this booking for the family? The facility’s cancellation fee applies.":
        "保護者の連絡により、この予約を取り消しますか？施設のキャンセル料の規定が適用されます。",
    # Background jobs
    "Waiting to start": "開始待ち",
    "Running": "実行中",
    "Finished": "完了",
    "Refused; nothing was applied": "拒否（何も反映していません）",
    "Stopped by an error": "エラーで中断",
    "staged file": "受付ファイル",
    "background job": "バックグラウンド処理",
    "The work stopped because of an unexpected error; nothing of it was applied. The administrator can "
    "see the details in the worker's log.":
        "予期しないエラーで処理が中断しました。何も反映していません。詳細は管理者がワーカーのログで確認できま"
        "す。",
    "Progress": "進捗",
    "%(done)s of %(total)s rules": "%(total)s 件のルールのうち %(done)s 件",
    "%(done)s of %(total)s data keys": "%(total)s 個のデータ鍵のうち %(done)s 個",
    "You may leave this page: the work goes on, and its result stays here and in your history.":
        "このページを離れても処理は続きます。結果はこのページに残ります。",
    "Started %(at)s": "開始 %(at)s",
    "ended %(at)s": "終了 %(at)s",
    "Open what the job made": "処理の結果を開く",
    "%(n)s problem": "問題 %(n)s 件",
    "The first %(n)s are listed.": "最初の %(n)s 件を表示しています。",
    "Back": "戻る",
    # Notifications
    "A place offered from the waiting list": "キャンセル待ちの空きのご案内",
    "A submission returned by the committee": "審議会からの差し戻し",
    "A deletion certificate overdue": "消去証明書の提出期限超過",
    "A certification expiring": "認証の有効期限切れ間近",
    "An import refused": "取込の拒否",
    "to be mailed": "送信待ち",
    "mailed": "送信済",
    "no address to mail to": "送信先なし",
    "mail could not be sent": "送信失敗",
    "notification": "お知らせ",
    "e-mail address": "メールアドレス",
    "notification e-mail address": "お知らせの送信先メールアドレス",
    "Details (after logging in): %(url)s": "詳細（ログイン後に表示）: %(url)s",
    "Enter an e-mail address such as hoiku@city.example.jp":
        "hoiku@city.example.jp のようなメールアドレスを入力してください",
    "Notifications": "お知らせ",
    "%(n)s unread": "未読 %(n)s 件",
    "Nothing new.": "新しいお知らせはありません。",
    "All notifications": "すべてのお知らせ",
    "Go to the page": "該当のページへ",
    "unread": "未読",
    "No notifications.": "お知らせはありません。",
    "Your notifications are also mailed to the address you set. A mail names no child: it says what "
    "happened and links here.":
        "お知らせは設定したメールアドレスにも送信されます。メールにはお子さまの氏名などは書かれず、何があった"
        "かとこのページへのリンクだけが書かれます。",
    "Your notifications are not mailed: set an address to receive them by e-mail too.":
        "お知らせはメールで送信されていません。メールでも受け取るには送信先を設定してください。",
    "E-mail address for notifications (empty: do not mail)": "お知らせの送信先メールアドレス（空欄: 送信しない）",
    "The payment result file import": "収納データの取込",
    "The LoGo form import": "LoGoフォームの取込",
    "A temporary care place is offered to you: confirm it by %(deadline)s":
        "一時保育の空きのご案内: %(deadline)s までに確定してください",
    "The committee returned submission #%(submission)s": "審議会が諮問 #%(submission)s を差し戻しました",
    "Deletion certificate overdue: deletion request #%(request)s": "消去証明書の提出期限超過: 消去依頼 #%(request)s",
    "%(party)s's %(certification)s expires on %(valid_until)s":
        "%(party)s の%(certification)sの有効期限は %(valid_until)s です",
    "Import refused: nothing was applied (job #%(job)s)": "取込が拒否されました（何も反映していません、処理 #%(job)s）",
    "A place has become free at %(facility)s on %(day)s, and it is offered to you from the waiting list. "
    "Confirm the booking by %(deadline)s; after that the place is offered to the next family.":
        "%(facility)s の %(day)s の一時保育に空きが出たため、キャンセル待ちの順番でご案内します。%(deadline)s"
        " までに予約を確定してください。過ぎると次の方にご案内します。",
    "The committee did not approve submission #%(submission)s (%(title)s) and returned it. Read the "
    "decision, revise the plan and submit it again.":
        "審議会は諮問 #%(submission)s（%(title)s）を承認せず差し戻しました。決定内容を確認し、計画を修正して"
        "再度提出してください。",
    "The certificate that %(party)s owes for deletion request #%(request)s was due on %(due)s and has not "
    "been confirmed. Until it is, the gate refuses new exchanges with this party.":
        "消去依頼 #%(request)s について %(party)s が提出すべき消去証明書の期限は %(due)s でしたが、まだ確認さ"
        "れていません。確認されるまで、この相手との新たな受け渡しは拒否されます。",
    "%(party)s's %(certification)s is valid until %(valid_until)s. Ask for the renewed certificate and "
    "record it; once it has expired, the gate refuses exchanges that require it.":
        "%(party)s の%(certification)sの有効期限は %(valid_until)s です。更新後の認証を確認して登録してくださ"
        "い。期限が切れると、その認証を要する受け渡しは拒否されます。",
    "The import": "取込",
    "%(what)s you started (job #%(job)s) was refused with %(problems)s problem(s); nothing from the file "
    "was applied. The job's page lists the problems by line.":
        "開始した%(what)s（処理 #%(job)s）は %(problems)s 件の問題により拒否されました。ファイルの内容は何も"
        "反映していません。処理のページに問題が行ごとに表示されます。",
    "Notifications will no longer be mailed.": "お知らせをメールで送信しないようにしました。",
    "Notifications will be mailed to the new address.": "お知らせを新しいメールアドレスに送信します。",
    # Retention sweep and key rotation as jobs
    "As of %(day)s: %(erased)s record(s) removed under %(rules)s rule(s).":
        "%(day)s 時点: %(rules)s 件のルールにより %(erased)s 件のレコードを削除しました。",
    "Retention sweep": "保存期間満了レコードの削除",
    "Rules applied": "適用したルール",
    "Records removed": "削除したレコード",
    "Rules skipped": "スキップしたルール",
    "Sweep run": "削除実行番号",
    "Removing expired records, batch by batch": "期限切れのレコードをバッチごとに削除中",
    "Sweep now": "今すぐ削除",
    "Remove today's expired records now": "本日時点の期限切れレコードを今すぐ削除",
    "The sweep runs in the background, batch by batch; its page shows how far it got, then what it "
    "removed. The nightly sweep does the same.":
        "削除はバックグラウンドでバッチごとに行われ、そのページに進捗と削除結果が表示されます。毎晩の定期削除"
        "と同じ処理です。",
    "Already current (version %(version)s, master key '%(key)s'); nothing to do.":
        "すでに最新です（バージョン %(version)s、マスター鍵「%(key)s」）。処理はありません。",
    "%(count)s data key(s) re-wrapped under version %(version)s (master key '%(key)s').":
        "%(count)s 件のデータ鍵をバージョン %(version)s（マスター鍵「%(key)s」）で再ラップしました。",
    "Key rotation": "鍵の更新",
    "Data keys re-wrapped": "再ラップしたデータ鍵",
    "Key version now": "現在の鍵バージョン",
    "Re-wrapping data keys, batch by batch": "データ鍵をバッチごとに再ラップ中",
    "Encryption keys": "暗号鍵",
    "New data keys are wrapped under the master key '%(key)s'. A rotation re-wraps the older ones, batch "
    "by batch, while the product keeps running; an interrupted rotation continues where it stopped.":
        "新しいデータ鍵はマスター鍵「%(key)s」でラップされます。鍵の更新は古いデータ鍵をバッチごとに再ラップ"
        "し、その間もサービスは止まりません。中断した更新は続きから再開します。",
    "Data keys under an older master key": "古いマスター鍵のデータ鍵",
    "Rotate": "更新",
    "also a new tenant key": "自治体の鍵も新しくする",
    "Rotate now": "今すぐ更新",
    # Payment import as a job
    "Payment result file import": "収納データの取込",
    "Data records": "データレコード",
    "New records": "新規レコード",
    "Already imported (unchanged)": "取込済（変更なし）",
    "Provisional receipts": "速報の収納",
    "Confirmed receipts": "確報の収納",
    "Reversed receipts": "取消された収納",
    "Cases opened": "発生した案件",
    "Reading the file": "ファイルを読込中",
    "Checking and writing the records": "レコードを検査・書込中",
    "Reconciling": "消込中",
    "A large file takes a while: the import runs in the background and its page shows how far it got, then the result.":
        "大きなファイルは時間がかかります。取込はバックグラウンドで行われ、そのページに進捗と結果が表示されま"
        "す。",
    "LoGo export import": "LoGoエクスポートの取込",
    "Applications imported": "取り込んだ申請",
    "Already imported": "取込済",
    "Checking and storing the answers": "回答を検査・保存中",
    "What the job made is kept for a day only and is gone: start the job again.":
        "処理が作成したファイルの保管は1日だけで、すでに削除されています。もう一度処理を開始してください。",
    "%(count)s slip(s) rendered as one PDF; download it within a day.":
        "%(count)s 件の納付書を1つのPDFにしました。1日以内にダウンロードしてください。",
    "Slip PDFs": "納付書PDFの作成",
    "Rendering the slips": "納付書を作成中",
    "Make the PDF in the background (many slips)": "バックグラウンドでPDFを作成（多数の納付書）",
    # The babysitter subsidy: documents, companies, lists, the mapping's field labels.
    "The approved contract does not list every item this document shows (%(kind)s) for your company":
        "承認された委託契約は、この書類（%(kind)s）に記載される項目を貴社にすべては認めていません",
    "Date of application": "申請日",
    "Applicant's name": "申請者氏名",
    "Applicant's address": "申請者住所",
    "Bank code": "金融機関コード",
    "Branch code": "支店コード",
    "Account kind (ordinary / current)": "預金種目（普通・当座）",
    "Account number": "口座番号",
    "Account holder (katakana)": "口座名義（カナ）",
    "Multiple birth": "多胎児",
    "Day of use {n}": "利用日{n}",
    "Start time {n}": "開始時刻{n}",
    "End time {n}": "終了時刻{n}",
    "Sitter company's code {n}": "事業者コード{n}",
    "Sitter's registration number {n}": "シッター登録番号{n}",
    "Care charge {n}": "保育料{n}",
    "Costs not counted (entry fee, travel, cancellation, insurance) {n}":
        "対象外経費（入会金・交通費・キャンセル料・保険料）{n}",
    "Discount {n}": "割引額{n}",
    "Only the ward's staff issue decision notices": "決定通知書は区の職員が発行します",
    "Only decided applications have a notice; not decided: %(ids)s":
        "決定通知書は決定済みの申請にのみあります。未決定: %(ids)s",
    "The company's code is 1 to 20 letters, digits or hyphens, as on the application form":
        "事業者コードは申請書のとおり、英数字またはハイフン1～20文字です",
    "Another certified company already has the code %(code)s": "コード %(code)s は既に別の認定事業者が使っています",
    "Give the company's name (at most 200 characters)": "事業者名を入力してください（200文字以内）",
    "The hourly price is a whole number of yen from 1 to 100,000":
        "1時間あたりの料金は1～100,000円の整数で入力してください",
    "Give the day the company's certification began": "認定開始日を入力してください",
    "The certification cannot end before it began": "認定終了日は認定開始日より前にできません",
    "Name a company of your ward": "自区の事業者を指定してください",
    "Applications name this company by its code %(code)s: it cannot change":
        "申請がこの事業者をコード %(code)s で指定しているため、コードは変更できません",
    "Name a company of your ward and one of its sitters": "自区の事業者とそのシッターを指定してください",
    "The sitter's registration number is 1 to 20 letters, digits or hyphens":
        "シッター登録番号は英数字またはハイフン1～20文字です",
    "The company already has a sitter numbered %(number)s": "この事業者には登録番号 %(number)s のシッターが既にいます",
    "Give the day the sitter became eligible": "助成対象となった日を入力してください",
    "The eligibility cannot end before it began": "対象終了日は対象開始日より前にできません",
    "Sitter companies": "ベビーシッター事業者",
    "Received": "受付日",
    "Day of transfer": "振込指定日",
    "Number of transfers": "振込件数",
    "Page navigation": "ページ移動",
    "Previous": "前へ",
    "Page %(number)s of %(pages)s (%(total)s in all)": "%(number)s / %(pages)s ページ（全 %(total)s 件）",
    "Next": "次へ",
    "Received from": "受付日（から）",
    "until": "まで",
    "Only possible duplicates": "重複の疑いのみ",
    "Clear": "解除",
    "%(total)s application": "%(total)s 件の申請",
    ("The babysitter companies certified by Tokyo, as the ward keeps them: applications name a company by its code, "
     "and its hourly price is the ceiling of the subsidy."):
        "区が管理する東京都認定ベビーシッター事業者です。申請は事業者をコードで指定し、1時間あたりの料金が助成の上限になります。",
    "Hourly price": "1時間あたりの料金",
    "Certified": "認定期間",
    "Eligible sitters": "対象シッター",
    "not certified today": "本日は認定期間外",
    "No companies yet.": "事業者はまだ登録されていません。",
    "Add a certified company": "認定事業者を追加",
    "Code (as on the application form)": "コード（申請書の記載どおり）",
    "Hourly price (yen)": "1時間あたりの料金（円）",
    "Certified from": "認定開始日",
    "Certified until (if it ended)": "認定終了日（終了した場合）",
    "Add the company": "事業者を追加",
    "Save the company": "事業者を保存",
    "Registration number": "登録番号",
    "Eligible from": "対象開始日",
    "Eligible until": "対象終了日",
    "No eligible sitters yet.": "対象シッターはまだ登録されていません。",
    "Add an eligible sitter": "対象シッターを追加",
    "Add the sitter": "シッターを追加",
    "“%(value)s” is not a date (YYYY-MM-DD)": "「%(value)s」は日付（YYYY-MM-DD）ではありません",
    "The last day of reception comes before the first": "受付日の終わりが始まりより前です",
    "Only the ward's staff of the subsidy's department keep the certified companies":
        "認定事業者は担当課の職員が管理します",
    "The company %(code)s is added.": "事業者 %(code)s を追加しました。",
    "The sitter %(number)s is added.": "シッター %(number)s を追加しました。",
    "The company is saved.": "事業者を保存しました。",
    "The sitter %(number)s is saved.": "シッター %(number)s を保存しました。",
    "The ward's requester code and account for transfer files are not configured (MIMAMORI_SUBSIDY_ZENGIN_REQUESTER)":
        "振込ファイルの依頼人コードと区の口座が設定されていません（MIMAMORI_SUBSIDY_ZENGIN_REQUESTER）",
    "Sex": "性別",
    "sex": "性別",
    "Nationality": "国籍",
    "nationality": "国籍",
    "Development": "発育状況",
    "development": "発育状況",
    "Care situation": "保育状況",
    "care situation": "保育状況",
    "Family doctor or clinic": "かかりつけ医療機関",
    "family doctor or clinic": "かかりつけ医療機関",
    "Mobile phone": "携帯電話番号",
    "Home phone": "自宅電話番号",
    "home phone": "自宅電話番号",
    "Fax": "Fax番号",
    "fax": "Fax番号",
    "Employer": "勤務先名称",
    "employer": "勤務先名称",
    "Employer's address": "勤務先住所",
    "employer's address": "勤務先住所",
    "Employer's phone": "勤務先電話番号",
    "employer's phone": "勤務先電話番号",
    "Family situation": "家庭状況",
    "family situation": "家庭状況",
    "Illnesses": "疾病内容",
    "illnesses": "疾病内容",
    "Housing situation": "居住状況",
    "housing situation": "居住状況",
    "sensitive": "要配慮",
    "Household members": "同居家族",
    "Remove": "削除",
    "No household member recorded.": "同居家族は登録されていません。",
    "Add a household member": "同居家族を追加",
    "Edit the record": "記録を編集",
    "Opening and changing this record is recorded in the audit log with the fields, never the "
    "values.":
        "この記録の表示と変更は、項目名（値は含みません）とともに監査ログに記録されます。",
    "Only the items the registry lists for %(business)s are held.":
        "%(business)s について登録簿に記載された項目のみを保有します。",
    "My record and household": "自分の情報と同居家族",
    "Keep your contact details, work and household up to date. Health, illness, disability and "
    "family situation are read only by the nurse and the head of the nursery. Your bank "
    "account is changed at the ward's counter.":
        "連絡先・就労状況・同居家族を最新に保ってください。健康・疾病・障害・家庭状況は園の看護師と園長だけが"
        "閲覧します。口座は区の窓口で変更します。",
    "You": "あなた",
    "Edit my record and household": "自分の情報と同居家族を編集",
    "What the ward holds about your children and your family. Your own contact details, work "
    "and household you can correct yourself; for anything else, contact your child's facility.":
        "区が保有しているお子さんとご家族の情報です。ご自身の連絡先・就労状況・同居家族はご自身で訂正できます"
        "。それ以外はお子さんの施設にご連絡ください。",
    "No scanner? Type these digits at the kiosk:": "読み取り機がないときは、この数字を受付端末に入力してください:",
    "Code (a scanner types it here, or type the 8 digits under the QR code)":
        "コード（読み取り機が入力します。QRコードの下の8桁の数字を入力することもできます）",
    "%(field)s is not a date (YYYY-MM-DD)": "%(field)sが日付（YYYY-MM-DD）ではありません",
    "Saved.": "保存しました。",
    "This child has no such guardian": "この児童にその保護者はいません",
    "Unknown form section": "不明なフォームです",
    "Your role may not change %(fields)s": "あなたの役割では %(fields)s を変更できません",
    "Register a guardian first: household members belong to a guardian's household":
        "先に保護者を登録してください（同居家族は保護者の世帯に属します）",
    "No guardian record is linked to your login": "あなたのログインに保護者の記録が結び付いていません",
    "No check-in code is free just now: try again": "いま使える打刻コードがありません。もう一度お試しください",
    "These digits are not a live check-in code: type the code your page shows now":
        "この数字は有効な打刻コードではありません。いまページに表示されているコードを入力してください",
    "%(ward)s has no registered connection with the operations-support system's vendor":
        "%(ward)s には保育業務支援システムの事業者との外部結合が登録されていません",
    "synchronising the nurseries' children, guardians and households with the "
    "operations-support system's ASP vendor":
        "保育業務支援システムのASP事業者との児童・保護者・同居家族の情報の同期",
    "%(fields)s: not an item the registry lists for %(business)s, so it is not held":
        "%(fields)s: %(business)s について登録簿に記載のない項目のため保有しません",
    "%(field)s must be a date (YYYY-MM-DD)": "%(field)s は日付（YYYY-MM-DD）で入力してください",
    "%(field)s is in the future": "%(field)s が未来の日付です",
    "Unknown field(s): %(fields)s": "不明な項目: %(fields)s",
    "Only the guardian themselves or staff of their children's facility or department may "
    "change a guardian's record":
        "保護者の記録を変更できるのは、本人と、その子どもの施設または所管課の職員だけです",
    "The household has no member '%(member)s'": "世帯に '%(member)s' はいません",
    "The guardian holds %(fields)s, which the registry does not list for %(business)s: remove "
    "it before linking":
        "この保護者は %(business)s の登録簿に記載のない %(fields)s を保有しています"
        "。結び付ける前に削除してください",
    # Refusals of the services and APIs, and the admin site's change history.
    "%(CHECKPOINTS)s is missing or altered: its SHA-256 is not the manifest's.":
        "%(CHECKPOINTS)s がないか改変されています: SHA-256 がマニフェストと一致しません。",
    "%(DUMP)s is missing or altered: its SHA-256 is not the manifest's.":
        "%(DUMP)s がないか改変されています: SHA-256 がマニフェストと一致しません。",
    "%(criterion)s already lists %(providing_business)s → %(using_business)s":
        "%(criterion)s には %(providing_business)s → %(using_business)s が既に記載されています",
    "%(facility)s neither uses the business '%(business)s' nor belongs to its department":
        "%(facility)s は業務「%(business)s」を利用しておらず、その所管課にも属していません",
    "%(field)s is longer than %(max_length)s characters": "%(field)s は %(max_length)s 文字以内で入力してください",
    "%(field)s is required": "%(field)s は必須です",
    "%(field)s must be a date (YYYY-MM-DD), not %(value)s":
        "%(field)s は日付 (YYYY-MM-DD) で指定してください (%(value)s は日付ではありません)",
    "%(field)s must be a date like 2026-12-17": "%(field)s は 2026-12-17 のような日付で指定してください",
    "%(field)s must be a list": "%(field)s はリストで指定してください",
    "%(field)s must be a list of objects": "%(field)s はオブジェクトのリストで指定してください",
    "%(field)s must be a list of texts": "%(field)s は文字列のリストで指定してください",
    "%(field)s must be an object": "%(field)s はオブジェクトで指定してください",
    "%(field)s must be one of %(items)s, not %(value)s":
        "%(field)s は %(items)s のいずれかで指定してください (%(value)s は指定できません)",
    "%(field)s must be text": "%(field)s は文字列で指定してください",
    "%(field)s must be true or false": "%(field)s は true または false で指定してください",
    "%(field)s: %(problems)s": "%(field)s: %(problems)s",
    "%(key)s of '%(contractor)s' must name another contractor of this contract, not %(target)s":
        "「%(contractor)s」の %(key)s には、この契約の別の受託者を指定してください (%(target)s は指定できません)",
    "%(label)s #%(pk)s does not open with this environment's keys: %(exc)s":
        "%(label)s #%(pk)s はこの環境の鍵で復号できません: %(exc)s",
    "%(label)s %(pk)s has no data key: it was never saved":
        "%(label)s %(pk)s にはデータ鍵がありません: 一度も保存されていません",
    "%(label)s has no encrypted fields, so it cannot be crypto-shredded":
        "%(label)s には暗号化された項目がないため、暗号消去できません",
    "%(municipality)s has no pre-approval criterion 類型%(type_number)s":
        "%(municipality)s には事前一括承認基準 類型%(type_number)s がありません",
    "%(name)s is not installed (Debian: postgresql-client-%(major)s).":
        "%(name)s がインストールされていません (Debian: postgresql-client-%(major)s)。",
    "%(part)s is not a registry part": "%(part)s は台帳の登録対象ではありません",
    "'%(directory)s' is not a backup: %(MANIFEST)s is missing or unreadable (%(exc)s).":
        "「%(directory)s」はバックアップではありません: %(MANIFEST)s がないか読めません (%(exc)s)。",
    "'%(label)s' (%(item_values)s) is already an item of '%(business)s'":
        "「%(label)s」(%(item_values)s) は既に「%(business)s」の項目です",
    "'%(label)s' is listed twice for %(party)s (%(direction)s)":
        "「%(label)s」が %(party)s (%(direction)s) に二重に記載されています",
    "'%(part)s' belongs to another municipality": "「%(part)s」は別の自治体のものです",
    "'%(part)s' is already part of the submission": "「%(part)s」は既にこの付議事項に含まれています",
    (
        "'%(part)s' version %(number)s changed after the submission was submitted; the committee can only approve "
        "what was submitted"
    ):
        "「%(part)s」の版 %(number)s は付議後に変更されています。審議会が承認できるのは付議された内容だけです",
    "'%(part)s' version %(number)s no longer matches its content hash":
        "「%(part)s」の版 %(number)s が内容のハッシュと一致しなくなっています",
    "'%(path)s' exists: a key backup is never overwritten.":
        "「%(path)s」は既に存在します: 鍵のバックアップは上書きしません。",
    "'%(path)s' is not a key backup (%(__name__)s).": "「%(path)s」は鍵のバックアップではありません (%(__name__)s)。",
    "'%(raw)s' is not a valid %(name)s": "「%(raw)s」は %(name)s として正しくありません",
    "'%(subject_type)s' is not a subject type such as payments.payer":
        "「%(subject_type)s」は本人の種類 (payments.payer など) ではありません",
    "'%(user)s' already has an authenticator": "「%(user)s」には既に認証アプリが設定されています",
    "'%(user)s' already has an authenticator; an administrator must reset it first":
        "「%(user)s」には既に認証アプリが設定されています。先に管理者がリセットしてください",
    "'%(user)s' already has an authenticator; reset it first":
        "「%(user)s」には既に認証アプリが設定されています。先にリセットしてください",
    "'%(user)s' already has this membership": "「%(user)s」には既にこの所属があります",
    "'%(user)s' has no authenticator being set up; start again":
        "「%(user)s」には設定中の認証アプリがありません。最初からやり直してください",
    "'%(user)s' is deactivated": "「%(user)s」は無効化されています",
    "'%(user)s' logs in without a second factor (no staff role)":
        "「%(user)s」は二要素認証なしでログインします (職員の役割がありません)",
    "A business cannot use its own data out of purpose": "業務が自らのデータを目的外利用することはできません",
    "A business needs a name": "業務には名称が必要です",
    "A charge is at least ¥1": "請求額は1円以上です",
    "A data item needs a name": "データ項目には名称が必要です",
    "A fee-type code is 2 digits": "料金種別コードは2桁です",
    "A field is requested twice": "同じ項目が二度指定されています",
    "A party named '%(values)s' already exists": "「%(values)s」という名前の相手方は既に存在します",
    "A party needs a name": "相手方には名称が必要です",
    "A payer reference is 1–20 letters or digits": "納付者番号は英数字1〜20文字です",
    "A payer with this reference exists already": "この納付者番号の納付者は既に存在します",
    "A phone number holds digits, spaces, hyphens, brackets and +":
        "電話番号に使えるのは数字、空白、ハイフン、括弧、+ です",
    "A position (%(items)s) is given to facility staff only, not '%(position)s' for the role '%(role)s'":
        "職位 (%(items)s) は施設職員にのみ付けられます。役割「%(role)s」に「%(position)s」は付けられません",
    "A registered business named '%(values)s' already exists": "「%(values)s」という名称の登録業務は既に存在します",
    "A registered business needs a %(missing)s": "登録業務には %(missing)s が必要です",
    "A retailer company code is 6 digits": "請求書発行企業コードは6桁です",
    "A slip is reissued at most 9 times (one barcode digit)": "納付書の再発行は9回までです (バーコードの1桁)",
    "A title is required": "件名は必須です",
    "A user named '%(username)s' already exists": "ユーザー名「%(username)s」は既に存在します",
    "Agenda item %(agenda_number)s of %(meeting)s is taken":
        "%(meeting)s の議題番号 %(agenda_number)s は既に使われています",
    "Amount ¥%(amount)s is outside ¥1–¥%(limit)s, the most a store accepts on one slip":
        "金額 %(amount)s円 は1円〜%(limit)s円 (店舗が納付書1枚で受け付ける上限) の範囲外です",
    "An %(label)s titled '%(title)s' already exists": "件名「%(title)s」の%(label)sは既に存在します",
    "An agreement with these codes exists already": "これらのコードの収納契約は既に存在します",
    "An approval with conditions needs at least one condition": "条件付き承認には条件が1つ以上必要です",
    "Answer item %(code)s before attaching evidence to it": "根拠資料を添付する前に項目 %(code)s に回答してください",
    "Answer item %(code)s with ○ or −, not %(mark)s":
        "項目 %(code)s には ○ か − で回答してください (%(mark)s は使えません)",
    (
        "Backup and restore work on PostgreSQL; the embedded SQLite database is a single file under var/ (copy it "
        "while Mimamori is stopped)."
    ):
        (
            "バックアップと復元は PostgreSQL で行います。組込みの SQLite データベースは var/ の下の1ファイルです "
            "(見守りを止めてからコピーしてください)。"
        ),
    "Case %(pk)s is already %(status)s": "案件 %(pk)s は既に %(status)s です",
    "Certificate %(pk)s was already %(status)s.": "証明書 %(pk)s は既に %(status)s です。",
    "Child %(record_uid)s already left on %(left_on)s": "児童 %(record_uid)s は %(left_on)s に既に退所しています",
    "Children cannot be searched by %(items)s; use %(items2)s":
        "児童は %(items)s では検索できません。%(items2)s を使ってください",
    "Choose the erasure method: one of %(items)s.": "消去方法を %(items)s から選んでください。",
    "Choose the municipality": "自治体を選んでください",
    "Conditions belong to an approval with conditions": "条件は条件付き承認にのみ付けられます",
    "Deletion request %(pk)s already has a certificate (status: %(status)s); wait for the ward's decision.":
        "削除依頼 %(pk)s には既に証明書があります (状態: %(status)s)。区の判断をお待ちください。",
    "Deletion request %(pk)s already has a certificate; wait for the ward's decision.":
        "削除依頼 %(pk)s には既に証明書があります。区の判断をお待ちください。",
    "Deletion requests are for vendor users and the ward's staff and auditors":
        "削除依頼は事業者と区の職員・監査人のためのものです",
    "Demo data (with its published password) is only loaded when DEBUG is on":
        "デモデータ (公開されたパスワード付き) は DEBUG が有効なときだけ読み込めます",
    "Each answer must be an object": "各回答はオブジェクトで指定してください",
    "Fee-type code %(code)s is taken": "料金種別コード %(code)s は既に使われています",
    "Fee-type code '%(fee_code)s' must be 2 digits": "料金種別コード「%(fee_code)s」は2桁の数字にしてください",
    "Fiscal year %(fiscal_year)s does not fit the barcode": "年度 %(fiscal_year)s はバーコードに収まりません",
    "Fiscal year %(fiscal_year)s is out of range": "年度 %(fiscal_year)s は範囲外です",
    "Give at least one answer": "回答を1つ以上入力してください",
    "Give at least one of %(items)s to search": "検索には %(items)s のいずれかを1つ以上指定してください",
    "Give both subject_type and subject_id": "subject_type と subject_id の両方を指定してください",
    "Give exactly one of: a payload with record ids, incoming rows, an incoming file":
        "レコードIDを指定した送信内容、受信行、受信ファイルのうち、ちょうど1つを指定してください",
    "Give the date the data was erased.": "データを消去した日を入力してください。",
    "Give the reason for revoking the approval": "承認を取り消す理由を入力してください",
    "Give the subject's id (up to 64 characters)": "本人のID (64文字以内) を入力してください",
    "Guardian %(record_uid)s is already a guardian of child %(record_uid2)s":
        "保護者 %(record_uid)s は既に児童 %(record_uid2)s の保護者です",
    "Invalid barcode: %(problem)s": "バーコードが正しくありません: %(problem)s",
    "Item %(code)s is answered twice": "項目 %(code)s に二度回答しています",
    "Item %(code)s is answered − (not needed): give the reason":
        "項目 %(code)s は − (不要) と回答されています。理由を入力してください",
    "Ledger entry %(pk)s has no file": "授受記録 %(pk)s にはファイルがありません",
    "Ledger entry %(pk)s is not a received file waiting for its outcome":
        "授受記録 %(pk)s は結果待ちの受信ファイルではありません",
    "Loading the seed decisions needs a %(role)s%(where)s in %(tenant)s":
        "審議結果の読み込みには %(tenant)s の %(role)s%(where)s が必要です",
    "Log in first": "先にログインしてください",
    "Name at least one registered business": "登録業務を1つ以上指定してください",
    "Name the business the item belongs to": "項目が属する業務を指定してください",
    "Name the erased media (serial numbers or labels), one per line.":
        "消去した媒体 (製造番号またはラベル) を1行に1つずつ入力してください。",
    "Name the meeting at which the committee decided": "審議会が決定した会議を指定してください",
    "Name the municipality the row is for": "この行の自治体を指定してください",
    "Name the party of '%(channel)s' to exchange with (its parties: %(names)s)":
        "「%(channel)s」で授受する相手方を指定してください (相手方: %(names)s)",
    "Name the witness of the erasure.": "消去の立会人を入力してください。",
    "No %(data)s %(part_id)s in %(municipality)s": "%(municipality)s に %(data)s %(part_id)s はありません",
    "No %(kind)s %(pk)s in your municipality": "あなたの自治体に %(kind)s %(pk)s はありません",
    "No %(label)s %(pk)s that you may see": "閲覧できる %(label)s %(pk)s はありません",
    "No case %(case_id)s among your department's cases": "あなたの課の案件に %(case_id)s はありません",
    "No child has the id '%(record_uid)s'": "ID「%(record_uid)s」の児童はいません",
    "No child has the id '%(uid)s'": "ID「%(uid)s」の児童はいません",
    "No condition %(pk)s": "条件 %(pk)s はありません",
    "No form %(form)s for this use; forms: %(items)s": "この利用に様式 %(form)s はありません。様式: %(items)s",
    "No form %(form)s; forms: %(items)s": "様式 %(form)s はありません。様式: %(items)s",
    "No ledger entry %(pk)s that you may see": "閲覧できる授受記録 %(pk)s はありません",
    "No municipality %(municipality)s that you may see": "閲覧できる自治体 %(municipality)s はありません",
    "No out-of-purpose use %(pk)s": "目的外利用 %(pk)s はありません",
    "No party %(v)s in this municipality": "この自治体に相手方 %(v)s はありません",
    "No registry part of kind %(kind)s": "種類 %(kind)s の台帳登録対象はありません",
    "No slip %(slip_id)s among your department's slips": "あなたの課の納付書に %(slip_id)s はありません",
    "No submission %(pk)s": "付議事項 %(pk)s はありません",
    "No subsidy application has the id '%(pk)s'": "ID「%(pk)s」の助成申請はありません",
    "No such municipality among yours": "あなたの自治体にその自治体はありません",
    "No transfer run %(run_id)s": "振込処理 %(run_id)s はありません",
    "Only administrators and department staff of the municipality may set retention rules":
        "保存期間の規則を設定できるのは、その自治体の管理者と所管課職員だけです",
    "Only administrators and department staff of the tenant may preview a retention sweep":
        "保存期間による削除の事前確認ができるのは、その自治体の管理者と所管課職員だけです",
    "Only auditors (and administrators) may look up a subject's trail":
        "本人の追跡を照会できるのは監査人 (と管理者) だけです",
    "Only committee members and administrators may schedule meetings": "会議を予定できるのは委員と管理者だけです",
    "Only committee members and administrators may set the agenda": "議題を設定できるのは委員と管理者だけです",
    "Only committee members have a review queue": "審議待ちの一覧は委員だけにあります",
    "Only committee members may close a condition of an approval": "承認の条件を完了にできるのは委員だけです",
    "Only decided applications have a notice (not: %(undecided)s)":
        "通知書があるのは決定済みの申請だけです (未決定: %(undecided)s)",
    "Only staff of %(department)s may %(what)s": "%(what)s ができるのは %(department)s の職員だけです",
    "Only staff of %(facility)s or of the department that runs it may change its children's records":
        "この施設の児童の記録を変更できるのは、%(facility)s またはその所管課の職員だけです",
    "Only staff of a department that collects through this agreement may import its files":
        "この収納契約のファイルを取り込めるのは、この契約で収納する課の職員だけです",
    "Only staff of one of the submission's departments may draft it":
        "付議事項を作成できるのは、その付議事項の課の職員だけです",
    "Only staff of the using department may request the out-of-purpose use '%(use)s'":
        "目的外利用「%(use)s」を申請できるのは利用する課の職員だけです",
    "Payments are for department staff": "収納の画面は所管課職員のためのものです",
    "Reissue count %(reissue)s does not fit in one digit (0–9)": "再発行回数 %(reissue)s は1桁 (0〜9) に収まりません",
    (
        "Retention rule %(pk)s cannot delete %(name)s records: other records still refer to them (%(items)s); "
        "delete those first or crypto-shred instead"
    ):
        (
            "保存期間の規則 %(pk)s は %(name)s の記録を削除できません: 他の記録がまだ参照しています (%(items)s)。"
            "先にそれらを削除するか、暗号消去してください"
        ),
    "Retention rule %(pk)s does not exist or is not yours to see":
        "保存期間の規則 %(pk)s は存在しないか、閲覧できません",
    "Row counts differ from the backup's (expected, restored): %(differing)s":
        "行数がバックアップと異なります (期待値, 復元後): %(differing)s",
    "Say what was done to resolve the case": "案件を解決するために行ったことを入力してください",
    "Say why the certificate is rejected; the party sees the reason.":
        "証明書を差し戻す理由を入力してください。理由は相手方に表示されます。",
    "Set up your authenticator by logging in on the web first": "先にウェブでログインして認証アプリを設定してください",
    "Slip number %(slip_number)s does not fit in 10 digits": "納付書番号 %(slip_number)s は10桁に収まりません",
    "That retention rule no longer exists": "その保存期間の規則はもう存在しません",
    "The %(field)s '%(scoped)s' belongs to another municipality": "%(field)s「%(scoped)s」は別の自治体のものです",
    "The %(label)s '%(obj)s' %(not_allowed)s": "%(label)s「%(obj)s」: %(not_allowed)s",
    "The %(label)s '%(obj)s' belongs to another municipality": "%(label)s「%(obj)s」は別の自治体のものです",
    "The %(label)s '%(part)s' has no version %(number)s": "%(label)s「%(part)s」に版 %(number)s はありません",
    "The %(name)s must be %(size)s digits": "%(name)s は %(size)s 桁の数字にしてください",
    "The admin site is for administrators": "管理サイトは管理者のためのものです",
    "The agency client code must be at most 5 digits": "収納代行会社の委託者コードは5桁以内です",
    "The agreement belongs to another municipality": "この収納契約は別の自治体のものです",
    "The amount limit must be ¥1–¥999,999": "金額の上限は1円〜999,999円にしてください",
    (
        "The audit checkpoint file '%(checkpoints)s' exists and is not the backup's: move it away first (it may be "
        "the only record of a later head)."
    ):
        (
            "監査チェックポイントファイル「%(checkpoints)s」が既にあり、バックアップのものではありません。"
            "先に移動してください (それより後の先頭の唯一の記録かもしれません)。"
        ),
    "The backup directory '%(directory)s' is not empty: give a new one.":
        "バックアップ先「%(directory)s」は空ではありません。新しいディレクトリを指定してください。",
    "The backup's format %(get)s is not %(FORMAT)s.": "バックアップの形式 %(get)s は %(FORMAT)s ではありません。",
    "The batch size must be at least 1, not %(batch_size)s":
        "バッチサイズは1以上にしてください (%(batch_size)s は指定できません)",
    "The business '%(business)s' belongs to another municipality": "業務「%(business)s」は別の自治体のものです",
    "The business '%(business)s' belongs to another municipality than %(facility)s":
        "業務「%(business)s」は %(facility)s とは別の自治体のものです",
    "The business number '%(values)s' is already registered": "業務番号「%(values)s」は既に登録されています",
    "The checklist %(template)s is not one for a %(kind)s": "チェックリスト %(template)s は %(kind)s 用ではありません",
    "The checklist '%(title)s' has no item %(code)s": "チェックリスト「%(title)s」に項目 %(code)s はありません",
    "The client code must be at most 5 digits": "委託者コードは5桁以内です",
    "The code does not match the authenticator's secret; check the app's clock and enter the code it shows now":
        "コードが認証アプリの秘密鍵と一致しません。アプリの時刻を確認し、今表示されているコードを入力してください",
    (
        "The collection agreement %(agreement)s names no approved external connection: register it before "
        "importing its files"
    ):
        "収納契約 %(agreement)s には承認された外部結合が指定されていません。ファイルを取り込む前に登録してください",
    "The condition is already closed": "この条件は既に完了しています",
    "The connection belongs to another municipality": "この外部結合は別の自治体のものです",
    "The data key of %(label)s %(pk)s was already shredded on %(localtime)s":
        "%(label)s %(pk)s のデータ鍵は %(localtime)s に既に消去されています",
    "The database '%(settings_dict)s' is not empty: restore into a new, empty database.":
        "データベース「%(settings_dict)s」は空ではありません。新しい空のデータベースに復元してください。",
    "The date of birth is in the future": "生年月日が未来の日付です",
    "The department '%(department)s' belongs to another municipality": "課「%(department)s」は別の自治体のものです",
    "The enrolment code is wrong, already used or expired; an administrator issues a new one":
        "登録コードが誤っているか、使用済みか、期限切れです。管理者に新しいコードを発行してもらってください",
    "The enrolment date is before the date of birth": "入所日が生年月日より前です",
    "The erasure date %(isoformat)s is before the data was sent (%(isoformat2)s).":
        "消去日 %(isoformat)s がデータの送付日 (%(isoformat2)s) より前です。",
    "The erasure date %(isoformat)s is in the future.": "消去日 %(isoformat)s が未来の日付です。",
    "The exchange check is for readers of the registry": "授受の確認は台帳を閲覧できる人のためのものです",
    "The format must be csv or pdf, not %(fmt)s": "形式は csv か pdf にしてください (%(fmt)s は指定できません)",
    "The guardian belongs to another municipality than the child": "保護者が児童とは別の自治体のものです",
    "The guardian portal is for guardians": "保護者ページは保護者のためのものです",
    "The handling deadline must fall in 2000–2099 (YYMMDD)": "取扱期限は2000〜2099年 (YYMMDD) の範囲にしてください",
    "The leaving date %(left_on)s is before the enrolment date %(enrolled_on)s":
        "退所日 %(left_on)s が入所日 %(enrolled_on)s より前です",
    "The login '%(user)s' is already linked to a guardian record":
        "ログイン「%(user)s」は既に保護者の記録に結び付いています",
    "The login '%(user)s' is not a guardian of this municipality":
        "ログイン「%(user)s」はこの自治体の保護者ではありません",
    "The master key '%(key_id)s' is already retired": "マスター鍵「%(key_id)s」は既に廃止されています",
    (
        "The master key '%(key_id)s' is the current one; put a new key first in MIMAMORI_FIELD_KEYS and run "
        "rotate_keys before retiring it"
    ):
        (
            "マスター鍵「%(key_id)s」は現在の鍵です。廃止する前に MIMAMORI_FIELD_KEYS の先頭に新しい鍵を置き、"
            "rotate_keys を実行してください"
        ),
    (
        "The master key '%(key_id)s' still wraps the current key of %(usage)s key ring(s) and %(usage2)s data "
        "key(s); run rotate_keys for every tenant first"
    ):
        (
            "マスター鍵「%(key_id)s」はまだ %(usage)s 個の鍵束の現在の鍵と %(usage2)s 個のデータ鍵を包んでいます。"
            "先にすべての自治体で rotate_keys を実行してください"
        ),
    "The meeting %(label)s already exists": "会議 %(label)s は既に存在します",
    "The meeting belongs to another municipality": "この会議は別の自治体のものです",
    "The out-of-purpose use of '%(providing)s' by '%(using)s' is already recorded":
        "「%(using)s」による「%(providing)s」の目的外利用は既に記録されています",
    "The party '%(party)s' is listed twice": "相手方「%(party)s」が二重に記載されています",
    "The passphrase does not open this key backup (or the file was altered).":
        "このパスフレーズでは鍵のバックアップを開けません (またはファイルが改変されています)。",
    "The passphrase must have at least %(MIN_PASSPHRASE)s characters.":
        "パスフレーズは %(MIN_PASSPHRASE)s 文字以上にしてください。",
    "The payer belongs to another municipality": "この納付者は別の自治体のものです",
    "The payer's %(field_name)s is longer than %(limit)s characters":
        "納付者の %(field_name)s は %(limit)s 文字以内にしてください",
    "The period of '%(channel)s' has not ended on %(isoformat)s":
        "「%(channel)s」の期間は %(isoformat)s には終了していません",
    "The question '%(key)s' needs %(items)s": "質問「%(key)s」には %(items)s が必要です",
    "The reason for item %(code)s must be text": "項目 %(code)s の理由は文字列で入力してください",
    "The request body must be a JSON object": "リクエスト本文は JSON オブジェクトにしてください",
    "The restored audit log does not verify: %(summary)s": "復元した監査ログの検証に失敗しました: %(summary)s",
    "The retention sweep commits batch by batch; call it outside a transaction":
        "保存期間による削除はバッチごとに確定します。トランザクションの外で呼び出してください",
    "The role '%(role)s' needs a %(required)s": "役割「%(role)s」には %(required)s が必要です",
    "The search is a JSON object of terms, e.g. {\"name\": \"…\"}":
        "検索条件は JSON オブジェクトで指定してください (例: {\"name\": \"…\"})",
    "The search term %(key)s has nothing left to match once spaces and separators are removed":
        "検索条件 %(key)s は空白と区切り文字を除くと何も残りません",
    "The search term %(key)s must be a string": "検索条件 %(key)s は文字列で指定してください",
    "The second-factor code is missing or wrong": "二要素認証のコードがないか、誤っています",
    "The submission '%(title)s' already has an open amendment": "付議事項「%(title)s」には既に作業中の変更があります",
    (
        "The submission '%(title)s' is %(get_state_display)s, not a draft: %(what)s is only possible while it is a "
        "draft"
    ):
        "付議事項「%(title)s」は下書きではなく %(get_state_display)s です。%(what)s は下書きの間だけできます",
    "The submission already has an attachment %(label)s": "付議事項には既に添付資料 %(label)s があります",
    "The submission covers no registry part; there is nothing to approve":
        "付議事項に台帳の登録対象が含まれていないため、承認するものがありません",
    "The submission has no checklist %(checklist_id)s": "付議事項にチェックリスト %(checklist_id)s はありません",
    "There is no deletion certificate %(pk)s for you": "あなた宛ての削除証明書 %(pk)s はありません",
    "There is no deletion request %(pk)s for you: it does not exist or concerns another party.":
        "あなた宛ての削除依頼 %(pk)s はありません: 存在しないか、別の相手方に関するものです。",
    "There is no deletion request %(pk)s for your company: it does not exist or was sent to another party.":
        "貴社宛ての削除依頼 %(pk)s はありません: 存在しないか、別の相手方に送られたものです。",
    "This charge has a slip already; reissue it instead": "この請求には既に納付書があります。再発行してください",
    "This charge has been paid (at least provisionally); it is not reissued":
        "この請求は (少なくとも速報で) 納付済みのため、再発行しません",
    "This municipality has no collection agreement to import files for":
        "この自治体にはファイルを取り込む収納契約がありません",
    "This municipality has no collection agreement, so no slip can carry a barcode":
        "この自治体には収納契約がないため、納付書にバーコードを付けられません",
    "Unknown %(label)s %(value)s": "%(label)s %(value)s は見つかりません",
    "Unknown channel kind '%(kind)s'": "経路の種類「%(kind)s」は不明です",
    "Unknown checklist template %(template)s (known: %(items)s)":
        "チェックリストのひな形 %(template)s は不明です (既知: %(items)s)",
    "Unknown child field(s): %(items)s": "不明な児童の項目: %(items)s",
    "Unknown decision %(outcome)s: approve, approve_with_conditions or reject":
        "決定 %(outcome)s は不明です: approve、approve_with_conditions、reject のいずれかです",
    "Unknown department %(value)s in %(municipality)s": "%(municipality)s に課 %(value)s はありません",
    "Unknown direction '%(direction)s' (send or receive)": "方向「%(direction)s」は不明です (send か receive)",
    "Unknown field %(key)s": "不明な項目 %(key)s",
    "Unknown fields: %(items)s": "不明な項目: %(items)s",
    "Unknown meeting %(data)s": "会議 %(data)s は見つかりません",
    "Unknown municipality %(value)s": "自治体 %(value)s は見つかりません",
    "Unknown outcome '%(outcome)s' of a received file": "受信ファイルの結果「%(outcome)s」は不明です",
    "Unknown payload '%(name)s' (registered: %(value3)s)": "送信内容「%(name)s」は不明です (登録済み: %(value3)s)",
    "Unknown personal field(s) %(items)s; known: %(items2)s": "不明な個人情報の項目 %(items)s (既知: %(items2)s)",
    "Unknown purpose '%(purpose)s'": "目的「%(purpose)s」は不明です",
    "Unknown question '%(key)s'": "質問「%(key)s」は不明です",
    "Unknown registered business": "登録業務が見つかりません",
    "Unknown registered business %(value)s": "登録業務 %(value)s は見つかりません",
    "Unknown retention rule field(s): %(items)s": "不明な保存期間の規則の項目: %(items)s",
    "Unknown role '%(role)s'": "役割「%(role)s」は不明です",
    "Unknown shredding reason '%(reason)s'; use one of %(sorted)s":
        "消去理由「%(reason)s」は不明です。%(sorted)s のいずれかを使ってください",
    "Unknown status '%(status)s'": "状態「%(status)s」は不明です",
    "Version %(number)s is not a version of '%(part)s'": "版 %(number)s は「%(part)s」の版ではありません",
    "Version %(number)s of '%(use)s' is already approved under a criterion":
        "「%(use)s」の版 %(number)s は既に基準により承認されています",
    "Version %(number)s of the %(label)s '%(part)s' is already frozen (%(value7)s)":
        "%(label)s「%(part)s」の版 %(number)s は既に確定しています (%(value7)s)",
    (
        "Version %(number)s of the %(label)s '%(part)s' is frozen (%(value7)s) and cannot be edited in place; "
        "update the %(label)s to create a new draft"
    ):
        (
            "%(label)s「%(part)s」の版 %(number)s は確定済み (%(value7)s) のため、そのままでは編集できません。"
            "%(label)sを更新して新しい下書きを作ってください"
        ),
    "You may not change %(what)s: only administrators and staff of the owning department may":
        "%(what)s は変更できません: 変更できるのは管理者と保有課の職員だけです",
    "You may not change the submission '%(title)s': only staff of its department may":
        "付議事項「%(title)s」は変更できません: 変更できるのはその課の職員だけです",
    (
        "You may not decide on the certificates of deletion request %(pk)s: only administrators and staff of the "
        "department owning the exchanged data may."
    ):
        (
            "削除依頼 %(pk)s の証明書について判断できません: 判断できるのは管理者と、"
            "授受したデータを保有する課の職員だけです。"
        ),
    "You may not read this tenant's erasure records": "この自治体の消去記録は閲覧できません",
    "Your role gives no access to committee meetings": "あなたの役割では審議会の会議を閲覧できません",
    "Your role gives no access to committee submissions": "あなたの役割では付議事項を閲覧できません",
    "Your role gives no access to registered businesses, items, findings or flows":
        "あなたの役割では登録業務、項目、所見、データの流れを閲覧できません",
    "Your role gives no access to retention rules": "あなたの役割では保存期間の規則を閲覧できません",
    "Your role gives no access to the registry": "あなたの役割では台帳を閲覧できません",
    "Your roles give no access to children's records; auditors find reads and changes of them in the audit log":
        "あなたの役割では児童の記録を閲覧できません。監査人は閲覧と変更を監査ログで確認できます",
    "capacity must not be negative": "capacity (定員) は負の数にできません",
    "channel is 'connection' or 'contract'": "channel は 'connection' か 'contract' です",
    "conditions must be a list of texts": "conditions (条件) は文字列のリストで指定してください",
    "content_base64 is not base64": "content_base64 が base64 ではありません",
    "end is before start": "終了が開始より前です",
    "erased_on is not a date (YYYY-MM-DD)": "erased_on (消去日) が日付 (YYYY-MM-DD) ではありません",
    "held_on is required": "held_on (開催日) は必須です",
    "hosting_country must be a two-letter ISO 3166 code such as JP":
        "hosting_country (保管国) は JP のような ISO 3166 の2文字コードで指定してください",
    "kind must be one of %(items)s": "kind (種類) は %(items)s のいずれかで指定してください",
    "number must be a whole number": "number (番号) は整数で指定してください",
    "order must be a whole number": "order (順序) は整数で指定してください",
    "period_end %(isoformat)s is before period_start %(isoformat2)s":
        "period_end (終了日) %(isoformat)s が period_start (開始日) %(isoformat2)s より前です",
    "pg_dump failed: %(strip)s": "pg_dump が失敗しました: %(strip)s",
    "pg_restore failed: %(strip)s": "pg_restore が失敗しました: %(strip)s",
    "roles must be a list": "roles (役割) はリストで指定してください",
    "subject_count must be a whole number": "subject_count (対象者数) は整数で指定してください",
    "subject_count must be a whole number of people": "subject_count (対象者数) は人数を整数で指定してください",
    "transition must be one of %(items)s": "transition (遷移) は %(items)s のいずれかで指定してください",
    "type_number must be a number": "type_number (類型番号) は数値で指定してください",
    "類型%(type_number)s already exists": "類型%(type_number)s は既に存在します",
    (
        "Every event the audit log holds about this record, newest first: changes made here and by the services, "
        "and reads of its personal fields. Field names only, never their values."
    ):
        (
            "監査ログにあるこの記録についてのすべてのイベント (新しい順): この画面と各機能による変更、"
            "個人情報の閲覧。記録するのは項目名だけで、値は記録しません。"
        ),
    "Date/time": "日時",
    "Sequence number": "連番",
    "Newer": "新しいもの",
    "Older": "古いもの",
    "%(counter)s event": "%(counter)s 件のイベント",
    "The audit log holds no event about this record yet.": "監査ログにはこの記録についてのイベントがまだありません。",
    "Change history: %s": "変更履歴: %s",
    "%(name)s with the id “%(key)s” does not exist.": "ID「%(key)s」の%(name)sは存在しません。",
    "History": "履歴",
    # A policy's reasons worded for the reader, and accessible names of controls.
    (
        "%(field)s is sensitive personal information: only nursing staff and the head of the child's own facility "
        "may read it."
    ):
        "%(field)s は要配慮個人情報です: 閲覧できるのは看護職員と児童の在籍施設の施設長だけです。",
    "Your role does not permit reading %(field)s of this person.":
        "あなたの役割ではこの方の%(field)sを閲覧できません。",
    "The policy input has no valid fields; access is denied.":
        "ポリシーへの入力に有効な項目がないため、閲覧を拒否しました。",
    "submit": "付議",
    "withdraw": "取り下げ",
    "amend": "変更",
    "start the review of": "審議開始",
    "approve": "承認",
    "approve with conditions": "条件付き承認",
    "reject": "不承認",
    "revoke the approval of": "承認の取消し",
    "a committee member": "委員",
    "%(transition)s is not a transition of a submission.": "%(transition)s は付議事項の操作ではありません。",
    "The policy input has no valid %(field)s; the transition is refused.":
        "ポリシーへの入力に有効な %(field)s がないため、操作を拒否しました。",
    "A submission that is %(state)s cannot be moved by “%(verb)s”.": "%(state)sの付議事項に「%(verb)s」はできません。",
    "Only %(role)s may %(verb)s a submission.": "付議事項の%(verb)sができるのは%(role)sだけです。",
    "Only staff of the submission's department may %(verb)s it.":
        "この付議事項の%(verb)sができるのは、その課の職員だけです。",
    "A committee member may not %(verb)s a submission of their own department.":
        "委員は自分の課の付議事項の%(verb)sはできません。",
    "The submission has %(count)s unanswered required checklist item(s); answer them before submitting.":
        "付議事項に未回答の必須チェック項目が %(count)s 件あります。付議する前に回答してください。",
    "Unanswered: %(items)s": "未回答: %(items)s",
    "The exchange is denied: %(reasons)s": "授受は拒否されました: %(reasons)s",
    "the outsourcing contract “%(name)s”": "委託契約「%(name)s」",
    "the external connection “%(name)s”": "外部結合「%(name)s」",
    "the ward's side": "区側",
    "the counterparty's side": "相手方側",
    "the Privacy Mark": "プライバシーマーク",
    "an ISMS certification": "ISMS認証",
    "No handler is designated for %(channel)s, so nobody may exchange data over it.":
        "%(channel)s には取扱者が指定されていないため、誰もこの経路でデータを授受できません。",
    "You are not a designated handler of %(channel)s.": "あなたは%(channel)sの取扱者に指定されていません。",
    "The item %(field)s is not approved to be received from %(counterparty)s over %(channel)s.":
        "項目 %(field)s は、%(channel)sで %(counterparty)s から受け取ることが承認されていません。",
    "The item %(field)s is not approved to be sent to %(counterparty)s over %(channel)s.":
        "項目 %(field)s は、%(channel)sで %(counterparty)s へ渡すことが承認されていません。",
    "The policy input has no valid %(field)s; the exchange is denied.":
        "ポリシーへの入力に有効な %(field)s がないため、授受を拒否しました。",
    "%(channel)s has no approval from the privacy committee.":
        "%(channel)sは個人情報保護審議会の承認を受けていません。",
    "The approval of %(channel)s (%(meeting)s) has been revoked.":
        "%(channel)sの承認 (%(meeting)s) は取り消されています。",
    "%(channel)s is in use at version %(in_use)s, but the approved version is %(approved)s.":
        "%(channel)sは版 %(in_use)s で使われていますが、承認された版は %(approved)s です。",
    "Today (%(today)s) is before the approved period of %(channel)s starts (%(start)s).":
        "本日 (%(today)s) は%(channel)sの承認期間の開始 (%(start)s) より前です。",
    "Today (%(today)s) is after the approved period of %(channel)s ended (%(end)s).":
        "本日 (%(today)s) は%(channel)sの承認期間の終了 (%(end)s) より後です。",
    "Required checklist item %(item)s (%(side)s) of %(channel)s is not answered.":
        "%(channel)sの必須チェック項目 %(item)s (%(side)s) が未回答です。",
    "Required checklist item %(item)s (%(side)s) of %(channel)s is answered − without a reason.":
        "%(channel)sの必須チェック項目 %(item)s (%(side)s) が理由なしで − と回答されています。",
    "The approval of %(channel)s requires %(certification)s, but %(counterparty)s has none on record.":
        "%(channel)sの承認には%(certification)sが必要ですが、%(counterparty)s の記録にありません。",
    "The %(certification)s of %(counterparty)s (No. %(number)s) expired on %(date)s.":
        "%(counterparty)s の%(certification)s (番号 %(number)s) は %(date)s に有効期限が切れています。",
    (
        "The deletion certificate %(counterparty)s owes for deletion request %(request)s was due on %(due)s and is "
        "overdue."
    ):
        (
            "削除依頼 %(request)s について %(counterparty)s が提出すべき削除証明書の期限は %(due)s で、"
            "期限を過ぎています。"
        ),
    "The approved version of %(channel)s does not list the medium “%(medium)s” for %(counterparty)s.":
        "%(channel)sの承認された版には、%(counterparty)s との記録媒体「%(medium)s」が記載されていません。",
    "The approval of %(channel)s requires servers under Japanese law, but %(counterparty)s hosts outside Japan.":
        (
            "%(channel)sの承認には日本法の適用されるサーバーが必要ですが、%(counterparty)s "
            "は国外でホスティングしています。"
        ),
    "Older version": "比較元の版",
    "Newer version": "比較先の版",
    "Payment result file": "収納結果ファイル",
    "Select slip %(s)s": "納付書 %(s)s を選択",
    "The policy engine did not answer in time for the %(area)s policy; the request is denied.":
        "ポリシーエンジンが %(area)s ポリシーに時間内に応答しなかったため、要求を拒否しました。",
    "The policy engine failed on the %(area)s policy (%(error)s); the request is denied.":
        "ポリシーエンジンが %(area)s ポリシーで失敗したため (%(error)s)、要求を拒否しました。",
    # Why a named row is refused.
    "is not an item of %(businesses)s": "%(businesses)s の項目ではありません",
    "does not act for this municipality": "この自治体の職員ではありません",
    "is not allowed here": "ここでは指定できません",
    # Refusals of the API's permission checks.
    "Only auditors may read the audit log.": "監査ログを閲覧できるのは監査人だけです。",
    "Only administrators and department staff may preview a retention sweep":
        "保存期間による削除の事前確認ができるのは管理者と所管課職員だけです",
    # A restore undone.
    "The database was emptied again.": "データベースは空に戻しました。",
    "The result file was refused for %(count)d problem; nothing was applied.":
        "結果ファイルには問題が%(count)d件あるため受け付けませんでした。何も反映していません。",
    "The babysitter subsidy is handled by the ward's 子ども家庭支援課 and its contractor; "
    "your roles give no access to it":
        "ベビーシッター利用支援事業は子ども家庭支援課と委託事業者が扱います。あなたの役割では利用できません",
    "No certified sitter company has the id '%(pk)s'":
        "ID「%(pk)s」の認定ベビーシッター事業者はありません",
    "The company has no sitter with the id '%(pk)s'":
        "この事業者にID「%(pk)s」のシッターはいません",
    "The application has no document with the id '%(pk)s'":
        "この申請にID「%(pk)s」の書類はありません",
    "No transfer run has the id '%(pk)s'":
        "ID「%(pk)s」の振込処理はありません",
    "Unknown child field(s): %(fields)s":
        "児童の項目ではありません: %(fields)s",
    "Unknown guardian field(s): %(fields)s":
        "保護者の項目ではありません: %(fields)s",
    "Name at least one department (担当部課)":
        "担当部課を一つ以上指定してください",
    "'%(code)s' is not the code of a municipality whose log you audit":
        "「%(code)s」はあなたが監査する自治体のコードではありません",
    "Data keys still wrapped by an older master key, and their rotation":
        "古いマスター鍵で包まれたデータ鍵の数と、鍵の更新",
    # Problems of an imported file (said in the reader's language when read: common.problems)
    "line %(line)d, %(column)s: %(reason)s": "%(line)d行目「%(column)s」列: %(reason)s",
    "line %(line)d: %(reason)s": "%(line)d行目: %(reason)s",
    "%(column)s: %(reason)s": "「%(column)s」列: %(reason)s",
    "%(label)s (positions %(start)d–%(end)d)": "%(label)s（%(start)d〜%(end)dバイト目）",
    "%(field)s is '%(value)s', not one of %(choices)s":
        "%(field)sが「%(value)s」です。%(choices)sのいずれかでなければなりません",
    "%(field)s must be spaces": "%(field)sは空白でなければなりません",
    "%(field)s must be %(length)d digits": "%(field)sは%(length)d桁の数字でなければなりません",
    "%(field)s '%(value)s' is not a date (YYYYMMDD)": "%(field)sの「%(value)s」は日付（YYYYMMDD）ではありません",
    "%(field)s is zero on a data kind %(kind)s record, which needs a date":
        "%(field)sがゼロです。データ識別コード%(kind)sのデータレコードには日付が必要です",
    "%(field)s must be 00000000 on a data kind %(kind)s record":
        "%(field)sは、データ識別コード%(kind)sのデータレコードでは00000000でなければなりません",
    "%(field)s '%(value)s' is not a time (HHMM)": "%(field)sの「%(value)s」は時刻（HHMM）ではありません",
    "%(field)s starts with %(found)s, not %(expected)s":
        "%(field)sが%(found)sで始まっています。%(expected)sで始まらなければなりません",
    "%(field)s check digit is %(found)s, expected %(expected)s":
        "%(field)sのチェックデジットが%(found)sです。正しくは%(expected)sです",
    "the file ends inside the group of line %(header)d (no trailer record)":
        "%(header)d行目のヘッダーレコードで始まるグループの途中でファイルが終わっています（トレーラーレコードがありません）",
    "the file ends without an end record": "エンドレコードがないままファイルが終わっています",
    "the file is empty": "ファイルが空です",
    "the file is %(found)s (byte-order mark); the layout needs %(encoding)s":
        "ファイルが%(found)sです（バイトオーダーマークあり）。このレイアウトの文字コードは%(encoding)sです",
    "the record is %(length)d bytes, not %(expected)d":
        "レコードが%(length)dバイトです。%(expected)dバイトでなければなりません",
    "the record is UTF-8 text, not %(encoding)s": "レコードがUTF-8の文字です。%(encoding)sでなければなりません",
    "byte %(byte)d is not %(encoding)s": "%(byte)dバイト目が%(encoding)sの文字ではありません",
    "byte %(byte)d is a NUL (0x00), which no field may hold":
        "%(byte)dバイト目がNUL（0x00）です。どの項目にも使えない文字です",
    "a record follows the end record on line %(end)d": "%(end)d行目のエンドレコードの後にレコードがあります",
    "%(field)s '%(value)s' is not a known record type (%(expected)s)":
        "%(field)sの「%(value)s」は既知のレコード区分ではありません（%(expected)sのいずれか）",
    "a header record starts a group while the group of line %(header)d has no trailer record":
        "%(header)d行目から始まるグループにトレーラーレコードがないまま、ヘッダーレコードが次のグループを始めています",
    "a data record outside a group (no header record before it)":
        "グループの外にデータレコードがあります（前にヘッダーレコードがありません）",
    "a trailer record outside a group (no header record before it)":
        "グループの外にトレーラーレコードがあります（前にヘッダーレコードがありません）",
    "the end record comes before the trailer record of the group of line %(header)d":
        "%(header)d行目から始まるグループのトレーラーレコードより前にエンドレコードがあります",
    "%(field)s is '%(value)s', not '%(expected)s' of this ward's agreement":
        "%(field)sが「%(value)s」です。この区の契約では「%(expected)s」です",
    "%(field)s is %(declared)d but the group of line %(header)d holds %(actual)d data kind %(kind)s records":
        "%(field)sは%(declared)dですが、%(header)d行目から始まるグループのデータ識別コード%(kind)sのデータレコードは"
        "%(actual)d件です",
    "%(field)s is %(declared)d but the group of line %(header)d holds %(actual)d yen in data kind %(kind)s records":
        "%(field)sは%(declared)dですが、%(header)d行目から始まるグループのデータ識別コード%(kind)sのデータレコードの"
        "金額の合計は%(actual)d円です",
    "%(field)s is %(declared)d but the group of line %(header)d holds %(actual)d records from header record to "
    "trailer record":
        "%(field)sは%(declared)dですが、%(header)d行目から始まるグループのヘッダーレコードからトレーラーレコードまでの"
        "レコードは%(actual)d件です",
    "This file (sha256 %(sha256)s…) was imported on %(at)s; nothing changed.":
        "このファイル（sha256 %(sha256)s…）は%(at)sに取り込み済みです。何も変わっていません。",
    "Imported %(data)d data records: %(new)d new, %(duplicate)d already imported (unchanged); %(provisional)d "
    "provisional receipts, %(confirmed)d confirmed, %(reversed)d reversed; %(cases)d cases opened.":
        "データレコード%(data)d件を取り込みました: 新規%(new)d件、取込済み%(duplicate)d件（変更なし）。"
        "速報による仮消込%(provisional)d件、確報%(confirmed)d件、取消%(reversed)d件。%(cases)d件の案件を開きました。",
    "shredding mark": "データ鍵の抹消マーク",
    "Unknown municipality code or user": "自治体コードまたは利用者が不明です",
    "No such file: %(file)s": "ファイルがありません: %(file)s",
    "… and %(count)d more problems": "…ほかに%(count)d件の問題があります",
    "Refused for %(count)d problem; nothing was applied.":
        "%(count)d件の問題で受け付けませんでした。何も反映していません。",
    "No user '%(user)s'": "利用者「%(user)s」はいません",
    "Imported %(created)d application(s); %(already)d already imported (%(encoding)s, mapping v%(version)d, ledger "
    "entry %(entry)d).":
        "申請%(created)d件を取り込みました。%(already)d件は取込済みです（%(encoding)s、対応表 第%(version)d版、"
        "管理簿 %(entry)d）。",
    "no retention source '%(source)s' is registered": "保存期間の対象「%(source)s」が登録されていません",
    "source '%(source)s' has no '%(trigger)s' date": "対象「%(source)s」には起算日「%(trigger)s」がありません",
    "source '%(source)s' does not allow '%(action)s'": "対象「%(source)s」では「%(action)s」はできません",
    "the rule was switched off": "規則が無効になっています",
    "Rule %(rule)s (%(source)s) was not applied: %(why)s": "規則 %(rule)s（%(source)s）は適用されませんでした: %(why)s",
    "Checking the rows": "行を検査中",
    "Storing the applications": "申請を保存中",
    "You may not start this work": "この処理を開始する権限がありません",
    "Choose the file to read.": "読み込むファイルを選んでください。",
    "Only the municipality's administrators and department staff may start its retention sweep":
        "保存期間による削除を開始できるのは、その自治体の管理者と所管課職員だけです",
    "Only the municipality's administrators may rotate its keys": "鍵を更新できるのは、その自治体の管理者だけです",
    "--as-of must be a date like 2031-04-01, not '%(value)s'":
        "--as-of は 2031-04-01 のような日付で指定してください（「%(value)s」は日付ではありません）",
    "No municipality has the code '%(code)s'": "自治体コード「%(code)s」の自治体はありません",
    "--batch-size must be at least 1": "--batch-size は1以上にしてください",
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
