# ruff: noqa: E501 — verbatim Japanese text from the seed documents; wide characters count double.
"""練馬区: seed 003 — the 乳幼児一時預かり予約管理システム connection (0804-01), its facilities, the out-of-purpose
uses by 1309-04 of 0403-01 and 0608-06, and the council's pre-approval criterion 類型1."""

from governance.registry.seeds.shinjuku import items, refs

UCHIDA = "株式会社内田洋行"
POTATO, TEWOTSUNAGO, UNCHUSHA = "特定非営利活動法人 保育サービスぽてと", "特定非営利活動法人 手をつなご", "社会福祉法人 雲柱社"

_SENSITIVE = {
    "アレルギーの有無・内容": "アレルギーは健康状態（疾病）に関する情報として要配慮個人情報に準じて扱うため",
    "疾病・ケガの有無・内容": "病歴にあたるため",
    "障害の有無・内容": "心身の機能の障害にあたるため",
}
# 6 送受信する項目 (区が送信する項目; 区が受信する項目 = 送信する項目と同じ), in the seed's order.
BOOKING_ROWS = {row[2]: row for row in (
    items("child", "identity", "児童ID", "児童氏名", "児童性別", "児童生年月日")
    + items("guardian", "identity", "住所", "世帯ID") + items("guardian", "contact", "電話番号", "電話番号(携帯)")
    + items("guardian", "identity", "保護者氏名")
    + items("booking", "registration", "更新日始期", "更新日終期", "初回登録日", "登録施設名", "登録有効期限")
    + items("child", "health", "アレルギーの有無・内容", "疾病・ケガの有無・内容", "障害の有無・内容", sensitive=_SENSITIVE)
    + items("booking", "usage", "申送事項", "予約状況") + items("booking", "payment", "料金支払状況")
    + items("booking", "usage", "利用実績") + items("guardian", "contact", "メールアドレス")
    + items("guardian", "credential", "パスワード"))}
BOOKING_ITEMS = list(BOOKING_ROWS.values())
# The 電算結合記録票 (第5号様式) lists the same items but writes 申込事項 where the summary writes 申送事項.
RECORD_FORM_NAMES = [("申込事項" if name == "申送事項" else name) for name in BOOKING_ROWS]

TAX_ITEMS = (items("resident", "identity", "個人番号", "氏名", "住所")
             + items("resident", "tax", "課税区分", "所得金額", "扶養関連情報"))
WELFARE_ITEMS = items("resident", "identity", "個人番号", "氏名", "住所")

_OOP_COMMON = {
    "purpose": "プレミアム付商品券事業を実施するにあたり、対象者の要件を確認するため",
    "period_start": "2019-05-31", "period_end": "2020-03-31", "period_note": "令和元年5月31日から令和2年3月31日まで",
    # The printed form lists every kind; which were marked is not legible in the transcription. These are the
    # kinds the used items (個人番号・氏名・住所 / 課税区分・所得金額・扶養関連情報 / 生活保護) belong to.
    "record_kinds": ["戸籍等事項", "経済活動"],
    "legal_basis": "pre_approval", "criterion": 1,
    "usage_method": "税務課と総合福祉事務所から、個人情報の提供を受け、商品券事業担当課において、プレミアム付き商品券事業の"
                    "購入対象者を抽出し、対象者リストの作成や案内の送付に利用する。",
    "responsible_officer": "産業経済部 商品券事業担当課長",
}
_OOP_FROZEN = "審議会事前一括承認基準 類型1 を適用（令和元年5月31日）"

WARD = {
    "municipality": ("131202", "練馬区"),
    "departments": [("こども家庭部", "練馬子ども家庭支援センター"), ("産業経済部", "商品券事業担当課"),
                    ("区民部", "税務課"), ("福祉部", "総合福祉事務所")],
    # name, department, kind
    "facilities": [
        ("練馬子ども家庭支援センター", "練馬子ども家庭支援センター", "子ども家庭支援センター"),
        ("練馬ぴよぴよ", "練馬子ども家庭支援センター", "子育てのひろば"),
        ("貫井ぴよぴよ", "練馬子ども家庭支援センター", "子育てのひろば"),
        ("関ぴよぴよ", "練馬子ども家庭支援センター", "子育てのひろば"),
        ("大泉ぴよぴよ", "練馬子ども家庭支援センター", "子育てのひろば"),
        ("光が丘ぴよぴよ", "練馬子ども家庭支援センター", "子育てのひろば"),
    ],
    "parties": [
        {"name": UCHIDA, "roles": ["connection_counterparty", "asp"], "address": "東京都江東区東陽二丁目3番25号",
         "description": "乳幼児一時預かり予約管理システムのデータセンター（結合先）",
         "certification_note": "個人情報保護方針（JIS「個人情報保護マネジメントシステム-要求事項」を順守）"},
        {"name": POTATO, "roles": ["facility_operator"], "description": "練馬ぴよぴよの運営事業者"},
        {"name": TEWOTSUNAGO, "roles": ["facility_operator"], "description": "貫井ぴよぴよ・関ぴよぴよの運営事業者"},
        {"name": UNCHUSHA, "roles": ["facility_operator"], "description": "大泉ぴよぴよ・光が丘ぴよぴよの運営事業者"},
    ],
    "businesses": [
        {"number": "0804-01", "name": "子育て支援に関する業務", "department": "練馬子ども家庭支援センター",
         "purpose": "乳幼児一時預かりの利用希望者が、自宅のパソコンやスマートフォンから、各乳幼児一時預かり実施施設の"
                    "空き状況を確認したり、利用予約を行うため。",
         "privacy_officer_title": "練馬子ども家庭支援センター所長",
         "subject_scope": "乳幼児一時預かりの利用者（就学前の児童及びその保護者）", "items": BOOKING_ITEMS},
        {"number": "1309-04", "name": "消費者への経済対策に関する業務", "department": "商品券事業担当課",
         "purpose": "プレミアム付商品券事業を実施するにあたり、対象者の要件を確認するため",
         "privacy_officer_title": "産業経済部 商品券事業担当課長", "items": []},
        {"number": "0403-01", "name": "特別区民税・都民税に関する業務", "department": "税務課", "items": TAX_ITEMS},
        {"number": "0608-06", "name": "生活保護に関する業務", "department": "総合福祉事務所", "items": WELFARE_ITEMS},
    ],
    # facility, address, capacity, operator (システム利用施設一覧)
    "facility_uses": [{"business": "子育て支援に関する業務", "uses": [
        ("練馬子ども家庭支援センター", "豊玉北6-12-1 練馬区役所", None, None),
        ("練馬ぴよぴよ", "練馬1-17-1 ココネリ4階 (練馬子ども家庭支援センター 練馬駅北分室内)", 15, POTATO),
        ("貫井ぴよぴよ", "貫井3-25-15 (貫井子ども家庭支援センター内)", 6, TEWOTSUNAGO),
        ("関ぴよぴよ", "関町北1-21-15 (関子ども家庭支援センター内)", 15, TEWOTSUNAGO),
        ("大泉ぴよぴよ", "東大泉5-35-1 (大泉子ども家庭支援センター内)", 15, UNCHUSHA),
        ("光が丘ぴよぴよ", "光が丘2-9-6 光が丘区民センター 6階 (光が丘子ども家庭支援センター内)", 15, UNCHUSHA),
    ]}],
    "processing": [],
    "connections": [
        {"title": "子育て支援に関する業務に係る電子計算組織の結合（乳幼児一時預かり予約管理システム）",
         "businesses": ["子育て支援に関する業務"], "versions": [
             {"freeze": "審議会 令和元年9月2日 諮問第6号", "content": {
                 "counterparty": UCHIDA, "line": "dedicated",
                 "line_note": "練馬子ども家庭支援センターおよび各施設を結ぶネットワークを新たに構築し、システムを管理する"
                              "データセンターと電算結合を行う。接続は新たに設置する専用の端末装置からのみ許可し、専用の"
                              "回線により第三者からのアクセスは行えない構成とする。",
                 "reason": "乳幼児一時預かりの利用希望者が、自宅のパソコンやスマートフォンから、各乳幼児一時預かり実施"
                           "施設の空き状況を確認したり、利用予約を行うため。",
                 "ward_endpoints": ["練馬子ども家庭支援センターおよび各施設に新たに設置する専用の端末装置"],
                 "party_endpoints": ["システムを管理するデータセンター（利用者からの接続と区からの接続を分ける）"],
                 "period_start": "2020-01-01", "period_precision": "month",
                 "period_note": "令和2年1月（結合年月日・実施予定年月）",
                 "approval_reference": "審議会 令和元年9月2日 諮問第6号",
                 "ward_measures": [
                     "練馬区情報セキュリティポリシーを順守し、つぎの保護措置を講ずる。",
                     "(1) 区（練馬子ども家庭支援センターおよび各施設）とデータセンターとの接続は、新たに設置する専用の"
                     "端末装置からのみ許可する設定とする。また、専用の回線により、第三者からのアクセスは行えない構成とする。",
                     "(2) データセンター内のシステムサーバへの接続は、利用者からの接続と区からの接続を分けて、アクセス"
                     "できる範囲を制限する。",
                     "(3) 決められた区職員および施設職員に対して、専用の端末装置を操作できるIDとパスワードを付与する。"],
                 "party_measures": [
                     "契約内容に含む受託情報の取扱いに関する特記事項を順守するとともに、つぎの保護措置を講ずる。",
                     "(1) サーバが保管された区画への入退室は、ICカードによる入退管理を行い、出入口はカメラで常時監視する。",
                     "(2) ファイアウォール、侵入検知、ログ監視等の不正アクセスに対する防護策を講じ、あわせて、システムの"
                     "操作ログを集積する。",
                     "(3) データのバックアップは、1日2回以上実施する。"],
                 "record_form_items": {"sent": RECORD_FORM_NAMES, "received": RECORD_FORM_NAMES},
                 "items": [{"party": UCHIDA, "direction": "sent", "items": refs(BOOKING_ITEMS)},
                           {"party": UCHIDA, "direction": "received", "items": refs(BOOKING_ITEMS)}]}}]},
    ],
    "contracts": [],
    "criteria": [{"type_number": 1,
                  "description": "実施機関が行政施策を行うに際し、あらかじめ収集された情報により、居住要件・資格要件・"
                                 "助成要件・加入要件の確認をする必要がある場合",
                  "examples": [("特別区民税・都民税に関する業務", "消費者への経済対策に関する業務"),
                               ("生活保護に関する業務", "消費者への経済対策に関する業務")]}],
    "out_of_purpose_uses": [
        {"using": "消費者への経済対策に関する業務", "providing": "特別区民税・都民税に関する業務",
         "versions": [{"freeze": _OOP_FROZEN, "content": {**_OOP_COMMON, "items": refs(TAX_ITEMS)}}]},
        {"using": "消費者への経済対策に関する業務", "providing": "生活保護に関する業務",
         "versions": [{"freeze": _OOP_FROZEN, "content": {**_OOP_COMMON, "items": refs(WELFARE_ITEMS)}}]},
    ],
}
