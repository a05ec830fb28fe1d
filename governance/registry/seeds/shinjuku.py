# ruff: noqa: E501 — verbatim Japanese text from the seed documents; wide characters count double.
"""新宿区: seeds 000 (一時保育システム), 001 (延長保育料等のコンビニ収納), 002 (保育業務支援システム) and
004 (ベビーシッター利用支援事業, an amendment of an approved contract)."""

PM, ISMS = "privacy_mark", "isms"


def items(subject, category, *names, group="", sensitive=None):
    """Item rows (subject, group, name, category, sensitive reason or "") in the order the seed lists them."""
    sensitive = sensitive or {}
    return [(subject, group, name, category, sensitive.get(name, "")) for name in names]


def refs(rows):
    """The "subject:label" references of item rows."""
    return [f"{s}:{f'{g}({n})' if g else n}" for s, g, n, _c, _r in rows]


# --- seed 001: the payment-result record (収納データ) --------------------------------------------------
_PR = "payment_record"
PAYMENT_HEAD = items(_PR, "payment", "レコード区分", "ファイル作成日", "代行会社コード", "収納機関コード", "利用区分",
                     "データ識別コード")
PAYMENT_WHEN = items(_PR, "payment", "収納日付", "収納時間")
BARCODE = items(_PR, "payment", "識別コード", "メーカーコード", "年度", "納付書番号", "再発行区分", "支払い期限日",
                "印紙フラグ", "支払い金額", group="バーコード情報")
PAYMENT_STORE = items(_PR, "payment", "収納店舗コード", "支払い予定日", "経理処理日", "小売業企業コード")
PRELIMINARY_TOTALS = items(_PR, "payment", "速報件数合計", "速報金額合計")
CONFIRMED_TOTALS = items(_PR, "payment", "確報件数合計", "確報金額合計", "速報取消件数合計", "速報取消金額合計")
RECORD_COUNT = items(_PR, "payment", "レコード総件数")
PAYMENT_ITEMS = (PAYMENT_HEAD + PAYMENT_WHEN + BARCODE + PAYMENT_STORE + PRELIMINARY_TOTALS + CONFIRMED_TOTALS
                 + RECORD_COUNT)
# ※ 電子マネー事業者は下線の情報項目のみ取り扱う — the underlined items differ between the two sections:
# the connection section does not underline 速報件数合計・速報金額合計, the outsourcing section does.
EMONEY_SUBSET_CONNECTION = PAYMENT_WHEN + BARCODE + PAYMENT_STORE + CONFIRMED_TOTALS
EMONEY_SUBSET_CONTRACT = PAYMENT_WHEN + BARCODE + PAYMENT_STORE + PRELIMINARY_TOTALS + CONFIRMED_TOTALS

# --- seed 002: child, guardian and household items ------------------------------------------------------
_HEALTH = {
    "健康状態": "健康状態は心身の状態（病歴・健康診断の結果等）を含むため",
    "発育状況": "発育状況は健康診断・発達の所見を含み得るため",
    "疾病内容": "病歴にあたるため",
    "障害内容": "心身の機能の障害にあたるため",
}
CHILD_002 = (items("child", "identity", "氏名", "性別", "生年月日", "国籍")
             + items("child", "health", "健康状態", "発育状況", sensitive=_HEALTH)
             + items("child", "care", "保育状況") + items("child", "health", "かかりつけ医療機関"))
GUARDIAN_002 = (items("guardian", "identity", "氏名", "住所", "生年月日", "国籍", "続柄")
                + items("guardian", "contact", "自宅電話番号", "携帯電話番号", "Fax番号")
                + items("guardian", "employment", "勤務先名称", "勤務先住所", "勤務先電話番号", group="就労状況")
                + items("guardian", "family", "家庭状況")
                + items("guardian", "health", "疾病内容", "障害内容", sensitive=_HEALTH)
                + items("guardian", "family", "居住状況"))
HOUSEHOLD_002 = items("household_member", "family", "氏名", "続柄", "性別", "生年月日")
NURSERY_ITEMS = CHILD_002 + GUARDIAN_002 + HOUSEHOLD_002

# --- seed 004: subsidy applicant ----------------------------------------------------------------------
APPLICANT_ITEMS = (items("applicant", "identity", "氏名", "住所", "生年月日") + items("applicant", "contact", "電話番号",
                   "メールアドレス") + items("applicant", "financial", "銀行口座情報")
                   + items("applicant", "consultation", "相談内容"))

ASP_000 = "ASP事業者（一時保育システム）"
ASP_002 = "ASP事業者（保育業務支援システム）"
STORE, EMONEY = "コンビニ事業者", "電子マネー事業者"
DATA_LINK_000, COLLECTOR_000 = "データ連携事業者（一時保育料）", "納付サービス提供事業者（一時保育料）"
NTT, BILLING, BACKS = "株式会社NTTデータ", "ビリングシステム株式会社", "株式会社バックスグループ"

WARD = {
    "municipality": ("131041", "新宿区"),
    "departments": [("子ども家庭部", "保育課"), ("教育委員会事務局", "学校運営課"),
                    ("子ども総合センター", "子ども家庭支援課")],
    "facilities": [],
    "parties": [
        {"name": ASP_000, "roles": ["asp", "connection_counterparty"], "selection": "to_be_selected",
         "description": "クラウドサーバ管理(稼働・保守)事業者",
         "selection_note": "令和6年度公募型プロポーザルにより選定予定",
         "certification_note": "プライバシーマーク、ISMS認証取得事業者を予定"},
        {"name": STORE, "roles": ["convenience_store"], "selection": "unnamed", "description": "コンビニの運営事業者"},
        {"name": EMONEY, "roles": ["emoney_operator"], "selection": "unnamed",
         "description": "電子マネー決済アプリの運営事業者"},
        {"name": DATA_LINK_000, "roles": ["data_link"], "selection": "unnamed",
         "description": "データ連携事業者（seed 000 は事業者名を記載していない）"},
        {"name": COLLECTOR_000, "roles": ["collection_service", "connection_counterparty"], "selection": "unnamed",
         "description": "納付サービス提供事業者（seed 000 は事業者名を記載していない）",
         "certification_note": "プライバシーマーク、ISMS認証取得事業者"},
        {"name": NTT, "roles": ["collection_service", "connection_counterparty"],
         "description": "収納サービス提供事業者（収納データセンター）",
         "certification_note": "プライバシーマーク及びISMS認証取得事業者", "certifications": [PM, ISMS]},
        {"name": BILLING, "roles": ["data_link"], "description": "データ連携事業者",
         "certification_note": "プライバシーマーク及びISMS認証取得事業者", "certifications": [PM, ISMS]},
        {"name": ASP_002, "roles": ["asp", "connection_counterparty"], "selection": "to_be_selected",
         "description": "保育業務支援システムのASP事業者",
         "selection_note": "令和6年度にプロポーザルにより事業者選定",
         "certification_note": "プライバシーマーク、ISMS認証取得事業者を予定"},
        {"name": BACKS, "roles": ["call_centre"], "description": "コールセンター・申請受付・事前審査等の受託事業者",
         "certification_note": "プライバシーマーク取得済", "certifications": [PM]},
    ],
    "businesses": [
        # seed 000
        {"name": "一時保育", "department": "保育課", "purpose": "利用者の利便性向上及び保育園等の業務効率化",
         "subject_scope": "区立認可保育園・区立認定こども園の一時保育利用者及びその児童",
         "subject_count": 6000, "subject_count_note": "約6,000人/年", "items": []},
        {"name": "保育料収納", "department": "保育課", "purpose": "利用者の利便性向上及び保育園等の業務効率化",
         "subject_scope": "一時保育を利用する児童の保護者", "items": []},
        # seed 001
        {"name": "延長保育料等の収納", "department": "保育課", "other_departments": ["学校運営課"],
         "purpose": "延長保育料等について、コンビニエンスストア（以下「コンビニ」という。）及び電子マネー納付を導入する"
                    "ことにより納付方法を拡充し、利便性の向上を図る。",
         "subject_scope": "延長保育料等の納付義務者", "subject_count": 860,
         "subject_count_note": "保育課 延べ約600人（納付書件数：約1,000件／年）、"
                               "学校運営課 延べ約260人（納付書件数：約280件／年）",
         "items": PAYMENT_ITEMS},
        # seed 002
        {"name": "保育業務支援システム", "department": "保育課",
         "purpose": "利用者の利便性向上及び保育施設における事務の効率化",
         "subject_scope": "区立保育園・子ども園に在籍する園児及びその保護者", "subject_count": 7524,
         "subject_count_note": "児童数 2,524人（園の定員）、保護者数 約5,000人", "items": NURSERY_ITEMS},
        # seed 004
        {"name": "ベビーシッター利用支援事業（一時預かり利用支援）", "department": "子ども家庭支援課",
         "purpose": "ベビーシッター利用支援事業につき、区民の利便性向上と業務の効率化を図るため。",
         "subject_scope": "0歳から満6歳に達する年度の末日までの間にある児童の保護者", "subject_count": 2000,
         "subject_count_note": "約2,000人（想定人数）", "items": APPLICANT_ITEMS},
    ],
    "processing": [
        {"title": "一時保育システムの開発", "business": "一時保育", "versions": [{"content": {
            "system_name": "一時保育システム",
            "subject_scope": "区立認可保育園・区立認定こども園の一時保育利用者及びその児童",
            "items_reference": "資料74-2のとおり", "storage": "委託事業者が提供するクラウドサーバ",
            "reason": "一時保育手続きのオンライン化及び支払い方法の拡大により、利用者の利便性を向上させる。",
            "content": ["1 一時保育の利用申込み等をオンライン化するため、システムを構築する。",
                        "2 利用者のニーズに対応するため、保育料のコンビニ収納及び電子マネー決済を導入する。"],
            "schedule": ["令和6年7月から令和6年12月(ASP業者選定後)"]}}]},
        {"title": "保育業務支援システムの開発", "business": "保育業務支援システム", "versions": [{"content": {
            "system_name": "保育業務支援システム",
            "subject_scope": "区立保育園・子ども園に在籍する園児及びその保護者", "items": refs(NURSERY_ITEMS),
            "storage": "ASP事業者が保有または外部委託するクラウドサーバ",
            "reason": "Webサービス導入により、事務効率化及び利便性向上を図る。",
            "content": ["連絡帳アプリ", "登降園打刻機能", "指導計画・保育記録作成支援機能", "児童情報記録機能",
                        "各機能の相互連携機能"],
            "schedule": ["令和6年4月 プロポーザルの公募", "8月 システム委託事業者の決定",
                         "9月 システムに使用する端末等の入札", "12月 試験稼働", "令和7年1月 本稼働"]}}]},
    ],
    "connections": [
        {"title": "一時保育システムの外部結合（ASP事業者）", "businesses": ["一時保育", "保育料収納"],
         "versions": [{"content": {
             "counterparty": ASP_000, "line": "internet",
             "line_note": "インターネット回線を利用して、委託事業者が提供するクラウドサーバと区のイントラネット端末を接続する。",
             "reason": "一時保育の利用申込み等をオンライン化することで、利用者の利便性を向上するため、利用申込み情報や"
                       "利用者情報をクラウドサービスで管理する必要がある。",
             "ward_endpoints": ["区のイントラネット端末"], "party_endpoints": ["委託事業者が提供するクラウドサーバ"],
             "period_start": "2025-01-01", "period_end": "2025-03-31",
             "period_note": "令和7年1月1日から令和7年3月31日まで(次年度以降も、同様の外部結合を行う。)",
             "renews_yearly": True, "required_certifications": [PM, ISMS], "items_reference": "資料74-2のとおり"}}]},
        {"title": "保育料収納データの外部結合（納付サービス提供事業者）", "businesses": ["一時保育", "保育料収納"],
         "versions": [{"content": {
             "counterparty": COLLECTOR_000, "line": "lgwan",
             "line_note": "LGWAN回線を利用して、コンビニ収納システムと区のイントラネット端末を接続する。",
             "reason": "電子マネー事業者が受付し、データ連携事業者が作成する収納データは、納付サービス提供事業者が有する"
                       "収納センターを経由し、区と外部結合する専用回線により区に送られる仕組みとなっている。このため、区が"
                       "電子マネー決済を活用した電子マネー納付の収納を行うには、納付サービス提供事業者に収納データの集約及び"
                       "収納データの管理業務を委託することが必要である。",
             "ward_endpoints": ["区のイントラネット端末"], "party_endpoints": ["コンビニ収納システム（収納センター）"],
             "period_start": "2025-01-01", "period_end": "2025-03-31",
             "period_note": "令和7年1月1日から令和7年3月31日まで(次年度以降も、同様の外部結合を行う。)",
             "renews_yearly": True, "required_certifications": [PM, ISMS], "items_reference": "資料74-2のとおり"}}]},
        {"title": "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合",
         "businesses": ["延長保育料等の収納"], "versions": [{"content": {
             "counterparty": NTT, "line": "lgwan",
             "line_note": "LGWAN 回線を利用して、収納サービス提供事業者の収納データセンターと区のイントラネット端末を接続する。",
             "reason": "収納サービス提供事業者が有する収納データセンターとの外部結合により区が収納データを取得するため",
             "ward_endpoints": ["区のイントラネット端末"], "party_endpoints": ["収納サービス提供事業者の収納データセンター"],
             "period_start": "2026-05-01", "period_end": "2027-03-31",
             "period_note": "令和8年5月～令和9年3月(次年度以降も、同様の外部結合を行う。)", "period_precision": "month",
             "renews_yearly": True,
             "requires_japanese_jurisdiction": True, "required_certifications": [PM, ISMS],
             "items": [{"party": NTT, "direction": "received", "items": refs(PAYMENT_ITEMS)},
                       {"party": EMONEY, "direction": "handled", "items": refs(EMONEY_SUBSET_CONNECTION)}]}}]},
        {"title": "保育業務支援システムの外部結合", "businesses": ["保育業務支援システム"], "versions": [{"content": {
            "counterparty": ASP_002, "line": "internet",
            "line_note": "インターネット回線を利用して、各園に別途整備する端末と保育業務支援システムとの接続を行う。",
            "reason": "アナログ媒体が中心である区立保育園・子ども園の業務や連絡手段を電子化することにより、保護者の利便性"
                      "向上及び職員の業務効率化を図るため。園・保護者間の連絡や園内業務における情報連携を円滑に行うため、"
                      "保育業務支援システムに外部結合する。",
            "ward_endpoints": ["各園に別途整備する端末（タブレット端末）"],
            "party_endpoints": ["ASP事業者が使用するクラウドサーバ（保育業務支援システム）",
                                "保護者が利用するスマートフォン（アプリ）"],
            "period_start": "2024-12-01", "period_end": "2025-03-31",
            "period_note": "令和6年12月1日から令和7年3月31日まで(次年度以降も、同様の外部結合を行う。)",
            "renews_yearly": True, "required_certifications": [PM, ISMS],
            # 対象者の情報を含む情報の取得及び送信を行う: the same items travel both ways.
            "items": [{"party": ASP_002, "direction": "sent", "items": refs(NURSERY_ITEMS)},
                      {"party": ASP_002, "direction": "received", "items": refs(NURSERY_ITEMS)}]}}]},
    ],
    "contracts": [
        {"title": "一時保育システム及び保育料収納データ作成等の業務の委託", "businesses": ["一時保育", "保育料収納"],
         "versions": [{"content": {
             "summary": "一時保育システム及び保育料収納データ作成等の業務を委託する。",
             "period_start": "2025-01-01", "period_end": "2025-03-31",
             "period_note": "令和7年1月1日から令和7年3月31日まで(次年度以降も、同様の業務委託を行う。)",
             "renews_yearly": True, "required_certifications": [PM, ISMS], "items_reference": "資料74-2のとおり",
             "items_note": "《委託先に提供する項目》(委託先に収集させる情報項目なし)",
             "contractors": [
                 {"party": ASP_000, "group": "クラウドサーバ管理(稼働・保守)事業者", "role_label": "ASP事業者",
                  "reason": "利用者情報をクラウドサービスで管理する必要がある。",
                  "work": ["一時保育システムの導入構築及び運用保守"], "media": ["委託事業者が提供するクラウドサーバ"]},
                 {"party": STORE, "group": "納付サービス提供事業者", "role_label": "コンビニ事業者",
                  "reason": "事業者が運営するコンビニを利用した納付があった場合の受付及び納付情報の納付サービス提供事業者への"
                            "送信を委託する必要がある。",
                  "work": ["コンビニ収納等の導入に伴う収納データ作成等"],
                  "media": ["納付サービス提供事業者等が利用するファイル伝送基盤"], "delivers_to": [COLLECTOR_000]},
                 {"party": EMONEY, "group": "納付サービス提供事業者", "role_label": "電子マネー事業者",
                  "reason": "事業者が運営する電子マネー決済アプリを利用した納付があった場合の受付及び納付情報のデータ連携"
                            "事業者への送信を委託する必要がある。",
                  "work": ["コンビニ収納等の導入に伴う収納データ作成等"],
                  "media": ["納付サービス提供事業者等が利用するファイル伝送基盤"], "delivers_to": [DATA_LINK_000]},
                 {"party": DATA_LINK_000, "group": "納付サービス提供事業者", "role_label": "データ連携事業者",
                  "reason": "電子マネー事業者が受付した収納データの作成及び納付サービス提供事業者への送信を委託する必要がある。",
                  "work": ["コンビニ収納等の導入に伴う収納データ作成等"],
                  "media": ["納付サービス提供事業者等が利用するファイル伝送基盤"], "delivers_to": [COLLECTOR_000]},
                 {"party": COLLECTOR_000, "group": "納付サービス提供事業者", "role_label": "納付サービス提供事業者",
                  "reason": "電子マネー事業者が受付し、データ連携事業者が作成する収納データは、納付サービス提供事業者が有する"
                            "収納センターを経由し、区と外部結合する専用回線により区に送られる仕組みとなっている。このため、"
                            "区が電子マネー決済を活用した電子マネー納付の収納を行うには、納付サービス提供事業者に収納データの"
                            "集約及び収納データの管理業務を委託することが必要である。",
                  "work": ["コンビニ収納等の導入に伴う収納データ作成等"],
                  "media": ["納付サービス提供事業者等が利用するファイル伝送基盤"]},
             ]}}]},
        {"title": "延長保育料等のコンビニ収納等に伴う収納データ作成等業務の委託", "businesses": ["延長保育料等の収納"],
         "versions": [{"content": {
             "summary": "納付された延長保育料等の収納データの作成及び管理、区への収納データの送信等を委託するため",
             "period_start": "2026-05-01", "period_end": "2027-03-31",
             "period_note": "令和8年5月～令和9年3月（次年度以降も、同様の業務委託を行う。）", "period_precision": "month",
             "renews_yearly": True,
             "requires_japanese_jurisdiction": True, "required_certifications": [PM, ISMS],
             "contractors": [
                 {"party": STORE, "role_label": "コンビニ事業者",
                  "reason": "事業者が運営するコンビニを利用した納付があった場合の受付及び納付情報の収納サービス提供事業者への"
                            "送信のため",
                  "work": ["コンビニ納付の受付、納付データの管理、収納データの作成、収納サービス提供事業者への収納データの送信"],
                  "media": ["電磁的媒体(委託先のサーバ)"], "delivers_to": [NTT],
                  "items": {"processed": refs(PAYMENT_ITEMS)}},
                 {"party": EMONEY, "role_label": "電子マネー事業者",
                  "reason": "事業者が運営する電子マネー決済アプリを利用した納付があった場合の受付及び納付情報のデータ連携"
                            "事業者又は収納サービス提供事業者への送信のため",
                  "work": ["電子マネー決済アプリによる納付の受付、納付データの管理、データ連携事業者への納付情報の送信又は"
                           "収納サービス提供事業者への収納データの送信"],
                  "media": ["電磁的媒体(委託先のサーバ)"], "delivers_to": [BILLING, NTT],
                  "items": {"processed": refs(EMONEY_SUBSET_CONTRACT)}},
                 {"party": BILLING, "role_label": "データ連携事業者",
                  "reason": "電子マネー事業者からの納付情報に基づき収納データを作成し収納サービス提供事業者へ送信するため",
                  "work": ["電子マネー事業者からの納付情報に基づく収納データの作成、収納サービス提供事業者への収納データの送信"],
                  "media": ["電磁的媒体(委託先のサーバ)"], "delivers_to": [NTT],
                  "items": {"processed": refs(PAYMENT_ITEMS)}},
                 {"party": NTT, "role_label": "収納サービス提供事業者",
                  "reason": "コンビニ事業者、電子マネー事業者及びデータ連携事業者からの収納データの集約及び管理を行い、区へ"
                            "収納データを送信するため",
                  "work": ["コンビニ事業者、電子マネー事業者及びデータ連携事業者からの収納データの集約及び管理、区への収納"
                           "データの送信"],
                  "media": ["電磁的媒体(委託先のサーバ)"], "items": {"processed": refs(PAYMENT_ITEMS)}},
             ]}}]},
        {"title": "保育業務支援システム業務の委託", "businesses": ["保育業務支援システム"], "versions": [{"content": {
            "summary": "上記(1)のシステムに係るサービス提供を委託する。",
            "period_start": "2024-12-01", "period_end": "2025-03-31",
            "period_note": "令和6年12月1日から令和7年3月31日まで(次年度以降も、同様の業務委託を行う。)",
            "renews_yearly": True, "required_certifications": [PM, ISMS],
            "contractors": [
                {"party": ASP_002, "role_label": "ASP事業者",
                 "reason": "保育ICT化は国が推進しており、複数のSaaS事業者がサブスクリプション方式により全国の保育施設に"
                           "サービスを提供している。保護者の利便性向上及び職員の業務効率化を効果的に実現するため、多くの"
                           "実績・ノウハウを有し、継続的に機能改善を行っていく必要があることから、事業者へ委託する。",
                 "work": ["1 サービスの構築", "2 サービスの運用保守"],
                 "media": ["ASP事業者が保有または外部委託するクラウドサーバ"],
                 "items": {"processed": refs(NURSERY_ITEMS)}},
            ]}}]},
        # seed 004: approved at 令和5年度第1回; the LoGo form (media and work (5)) is the amendment.
        {"title": "ベビーシッター利用支援事業（一時預かり利用支援）に係る業務の委託",
         "businesses": ["ベビーシッター利用支援事業（一時預かり利用支援）"], "versions": [
             {"freeze": "令和5年度第1回新宿区個人情報保護管理運営会議承認済", "content": {
                 "summary": "事業を円滑に実施するため、助成の申請受付から交付決定までの事務や問合せへの対応等において、"
                            "区の業務を補助するため。",
                 # The amendment marks only the LoGo form as changed, so the period it states is the approved one.
                 "period_start": "2024-07-26", "period_end": "2025-03-31",
                 "period_note": "令和6年7月26日から令和7年3月31日 （次年度以降も、同様の業務委託を行う。）",
                 "renews_yearly": True,
                 "approval_reference": "令和5年度第1回新宿区個人情報保護管理運営会議承認済",
                 "requires_japanese_jurisdiction": True, "required_certifications": [PM],
                 "contractors": [{
                     "party": BACKS, "role_label": "受託事業者",
                     "reason": "事業を円滑に実施するため、助成の申請受付から交付決定までの事務や問合せへの対応等において、"
                               "区の業務を補助するため。",
                     "work": ["(1) コールセンター業務", "(2) 申請書類の受付及び事前審査業務（申請の審査、助成決定は区が実施）",
                              "(3) 申請データ管理", "(4) 交付決定通知の送付"],
                     "media": ["紙", "電磁的媒体（委託先のパソコン）"],
                     "items": {"provided": refs(APPLICANT_ITEMS), "collected": refs(APPLICANT_ITEMS)}}]}},
             {"content": {
                 "contractors": [{
                     "party": BACKS, "role_label": "受託事業者",
                     "reason": "事業を円滑に実施するため、助成の申請受付から交付決定までの事務や問合せへの対応等において、"
                               "区の業務を補助するため。",
                     "work": ["(1) コールセンター業務", "(2) 申請書類の受付及び事前審査業務（申請の審査、助成決定は区が実施）",
                              "(3) 申請データ管理", "(4) 交付決定通知の送付",
                              "(5) Logo フォームへの電子申請内容の確認及び集計管理"],
                     "media": ["紙", "電磁的媒体（委託先のパソコン）", "電磁的媒体（LoGoフォーム）"],
                     "items": {"provided": refs(APPLICANT_ITEMS), "collected": refs(APPLICANT_ITEMS)}}]}},
         ]},
    ],
    "facility_uses": [],
    "criteria": [],
    "out_of_purpose_uses": [],
}
