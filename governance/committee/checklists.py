
"""個人情報保護対策チェックリスト — the two checklist templates of the seeds, transcribed verbatim.

- 外部結合 (external connection), seed 001: ward operational 5 + technical 11, counterparty 5 + 11.
- 業務委託 (outsourcing, 電磁的媒体・紙媒体の取扱い), seed 001: ward operational 13 + technical 11, contractor 13 + 11.
- 業務委託, seed 004's variant: the same without the sub-contracting (再委託先) and management-system
  (確認する体制) items, so operational 11 on each side; its ward-side virus item spells コンピューター.

Seed 001 prints the ward-side connection items 10 and 11 in one cell ("入退室管理等…防止する。 システムを…");
they are two measures, split here as the counterparty side prints them. Every item is required: it must be
answered ○ (measure in place) or − (not needed) with a reason.
"""

import re
from dataclasses import dataclass

WARD, PARTY = "ward", "party"
OPERATIONAL, TECHNICAL = "op", "sys"
LEGEND = "・対策が可能であれば「○」 ・対策の必要がない場合は「-」"

CONNECTION_WARD_OPERATIONAL = (
    '個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。また、クラウドサービスを利用する場合は、総務省「クラウドサービス提供における情報セキュリティ対策ガイドライン」を準拠するよう指導する。',
    '必要に応じて、事業者への立入り調査等を実施するとともに、結合先に対し速やかに状況報告をするよう指導する。',
    'システム上で不要となった電子データを削除し、電子データの消去を行ったことの報告書を提出するよう指導する。',
    '業務開始前に、事故、災害、トラブルに対応できる体制及び手順を整備し、結合先と緊急時の連絡体制や対応手順を確認する。',
    '事故が発生した場合又は個人情報保護及び情報セキュリティ対策の変更があった場合は、直ちに結合先と今後の対応を協議する。',
)

CONNECTION_WARD_TECHNICAL = (
    '接続するネットワークについては、特定相手以外との通信を不可とする。',
    'ネットワーク機器やサーバを制御し、通信できるシステムを限定する。',
    '通信内容は暗号化し、通信途上の個人情報の盗用、改ざん、成りすましを防止する。',
    'ファイアウォールの設置、サーバの要塞化、侵入検知、セキュリティパッチの適用等の対策を講じ、外部からの不正侵入やデータ破壊・漏えい等各種の攻撃から防御する。',
    'コンピューターウイルス感染等がないよう、ウイルス対策ソフトウェアの導入及び最新のパターンファイルを適用する。',
    'ID・パスワードやアドレス情報による運用により、第三者による個人情報の盗用、改ざん、成りすましを防止する。',
    '個人情報を保存する場合は、保存先フォルダへアクセス権を設定するとともに、ファイルにパスワードを付すなど、情報へのアクセス制御を徹底する。',
    'システム・ネットワークの状態、機器操作、サービス利用等の監視及びアクセスログ等を取得する。取得したログは、定期的に分析する。',
    'サーバ冗長化、バックアップ等により、事故や障害発生時におけるシステム稼働体制を整備する。',
    '入退室管理等により情報資産の危殆化を防止する。',
    'システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にする。',
)

CONNECTION_PARTY_OPERATIONAL = (
    '個人情報保護法及び新宿区情報セキュリティポリシーを遵守させる。また、クラウドサービスを利用する場合は、総務省「クラウドサービス提供における情報セキュリティ対策ガイドライン」を準拠させる。',
    '必要に応じて、事業者への立入り調査等を受けさせるとともに、結合先に対し速やかに状況報告をさせる。',
    'システム上で不要となった電子データを削除させ、電子データの消去を行ったことの報告書を提出させる。',
    '業務開始前に、事故、災害、トラブルに対応できる体制及び手順を整備させ、区と緊急時の連絡体制や対応手順を確認させる。',
    '事故が発生した場合又は個人情報保護及び情報セキュリティ対策の変更があった場合は、直ちに区と今後の対応を協議させる。',
)

CONNECTION_PARTY_TECHNICAL = (
    '接続するネットワークについては、特定相手以外との通信を不可とさせる。',
    'ネットワーク機器やサーバを制御し、通信できるシステムを限定させる。',
    '通信内容は暗号化させ、通信途上の個人情報の盗用、改ざん、成りすましを防止させる。',
    'ファイアウォールの設置、サーバの要塞化、侵入検知、セキュリティパッチの適用等の対策を講じさせ、外部からの不正侵入やデータ破壊・漏えい等各種の攻撃から防御させる。',
    'コンピューターウイルス感染等がないよう、ウイルス対策ソフトウェアの導入及び最新のパターンファイルを適用させる。',
    'ID・パスワードやアドレス情報による運用により、第三者による個人情報の盗用、改ざん、成りすましを防止させる。',
    '個人情報を保存する場合は、保存先フォルダへアクセス権を設定させるとともに、ファイルにパスワードを付すなど、情報へのアクセス制御を徹底させる。',
    'システム・ネットワークの状態、機器操作、サービス利用等の監視及びアクセスログ等を取得させる。取得したログは、定期的に分析させる。',
    'サーバ冗長化、バックアップ等により、事故や障害発生時におけるシステム稼働体制を整備させる。',
    '入退室管理等により情報資産の危殆化を防止させる。',
    'システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にさせる。',
)

OUTSOURCING_WARD_OPERATIONAL = (
    '契約にあたり、「特記事項」を付すとともに、個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。また、クラウドサービスを利用する場合は、総務省「クラウドサービス提供における情報セキュリティ対策ガイドライン」を準拠するよう指導する。',
    '契約履行の間、特記事項に基づき立入り調査等を実施するとともに、委託先に対し速やかに状況報告をするよう指導する。',
    '再委託先がある場合には、委託先との間に立入り調査等ができる契約内容を付すとともに、必要に応じて又は定期的に立入り調査等を実施するよう指導する。',
    '取扱責任者及び取扱者をあらかじめ指定し、区に報告するよう指導する。',
    '全体の業務フローを作成し、委託先と共有する。',
    '取扱う個人情報の管理について、必要に応じて又は定期的に確認する体制を構築するよう指導する。',
    '個人情報を含むデータを作成する必要がある場合は、パスワードを付してデータを暗号化する。また、電磁的媒体（DVD-R等）とパスワード通知書の受渡しは、それぞれ別の機会を設定し、鍵付きカバン等を使用して、手渡しで行うよう指導する。',
    '個人情報を手交する場合は、鍵付きカバン等を使用して運搬する。',
    '個人情報の受渡しにあたっては、管理簿に記載する。管理簿には、日時、取扱者、情報の内容、数量を確認記録票に記録し、履歴を追跡できるようにする。',
    '個人情報は、施錠できる金庫又はキャビネット等に保管する。',
    '業務履行後、個人情報が記録された電磁的媒体（DVD-R等）、紙媒体及びパスワード通知書は返却し、電子データは消去するよう指導する。また、区に電子データの消去を行ったことの報告書を提出するよう指導する。',
    '業務開始前に、事故、災害、トラブルに対応できる体制及び手順を整備し、委託先と緊急時の連絡体制や対応手順を確認する。',
    '事故が発生した場合又は個人情報保護及び情報セキュリティ対策の変更があった場合は、直ちに委託先と今後の対応を協議する。',
)

OUTSOURCING_WARD_TECHNICAL = (
    '接続するネットワークについては、特定相手以外との通信を不可とする。',
    'ネットワーク機器やサーバを制御し、通信できるシステムを限定する。',
    '通信内容は暗号化し、通信途上の個人情報の盗用、改ざん、成りすましを防止する。',
    'ファイアウォールの設置、サーバの要塞化、侵入検知、セキュリティパッチの適用等の対策を講じ、外部からの不正侵入やデータ破壊・漏えい等各種の攻撃から防御する。',
    'コンピュータウイルス感染等がないよう、ウイルス対策ソフトウェアの導入及び最新のパターンファイルを適用する。',
    'ID・パスワードやアドレス情報による運用により、第三者による個人情報の盗用、改ざん、成りすましを防止する。',
    '個人情報を保存する場合は、保存先フォルダへアクセス権を設定するとともに、ファイルにパスワードを付すなど、情報へのアクセス制御を徹底する。',
    'システム・ネットワークの状態、機器操作、サービス利用等の監視及びアクセスログ等を取得する。取得したログは、定期的に分析する。',
    'サーバ冗長化、バックアップ等により、事故や障害発生時におけるシステム稼働体制を整備する。',
    '入退室管理等により情報資産の危殆化を防止する。',
    'システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にする。',
)

OUTSOURCING_PARTY_OPERATIONAL = (
    '契約にあたり、「特記事項」を付すとともに、個人情報保護法及び新宿区情報セキュリティポリシーを遵守させる。また、クラウドサービスを利用する場合は、総務省「クラウドサービス提供における情報セキュリティ対策ガイドライン」を準拠させる。',
    '契約履行の間、特記事項に基づき立入り調査等を受けさせるとともに、委託先に対し速やかに状況報告をさせる。',
    '再委託先がある場合には、委託先との間に立入り調査等ができる契約内容を付すとともに、必要に応じて又は定期的に立入り調査等を実施させる。',
    '取扱責任者及び取扱者をあらかじめ指定させ、区に報告させる。',
    '区が作成した業務フローに基づき、業務を行わせる。',
    '取扱う個人情報の管理について、必要に応じて又は定期的に確認する体制を構築させる。',
    '個人情報を含むデータを作成する必要がある場合は、パスワードを付してデータを暗号化させる。電磁的媒体（DVD-R等）とパスワード通知書の受渡しは、それぞれ別の機会を設定し、鍵付きカバン等を使用させ、手渡しで行わせる。',
    '個人情報を手交する場合は、鍵付きカバン等を使用して運搬させる。',
    '個人情報の受け渡しにあたっては、管理簿に記載させる。管理簿には、日時、取扱者、情報の内容、数量を確認記録票に記録し、履歴を追跡できるようにさせる。',
    '個人情報は、施錠できる金庫又はキャビネット等に保管させる。',
    '業務履行後、個人情報が記録された電磁的媒体（DVD-R等）、紙媒体及びパスワード通知書は返却させ、電子データは消去させる。また、区に電子データの消去を行ったことの報告書を提出させる。',
    '業務開始前に、事故、災害、トラブルに対応できる体制及び手順を整備させ、区と緊急時の連絡体制や対応手順を確認させる。',
    '事故が発生した場合又は個人情報保護及び情報セキュリティ対策の変更があった場合は、直ちに区と今後の対応を協議させる。',
)

OUTSOURCING_PARTY_TECHNICAL = (
    '接続するネットワークについては、特定相手以外との通信を不可とする。',
    'ネットワーク機器やサーバを制御し、通信できるシステムを限定させる。',
    '通信内容は暗号化させ、通信途上の個人情報の盗用、改ざん、成りすましを防止させる。',
    'ファイアウォールの設置、サーバの要塞化、侵入検知、セキュリティパッチの適用等の対策を講じさせ、外部からの不正侵入やデータ破壊・漏えい等各種の攻撃から防御させる。',
    'コンピューターウイルス感染等がないよう、ウイルス対策ソフトウェアの導入及び最新のパターンファイルを適用させる。',
    'ID・パスワードやアドレス情報による運用により、第三者による個人情報の盗用、改ざん、成りすましを防止させる。',
    '個人情報を保存する場合は、保存先フォルダへアクセス権を設定させるとともに、ファイルにパスワードを付すなど、情報へのアクセス制御を徹底させる。',
    'システム・ネットワークの状態、機器操作、サービス利用等の監視及びアクセスログ等を取得させる。取得したログは、定期的に分析させる。',
    'サーバ冗長化、バックアップ等により、事故や障害発生時におけるシステム稼働体制を整備させる。',
    '入退室管理等により情報資産の危殆化を防止させる。',
    'システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にさせる。',
)

OUTSOURCING_004_WARD_OPERATIONAL = (
    '契約にあたり、「特記事項」を付すとともに、個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。また、クラウドサービスを利用する場合は、総務省「クラウドサービス提供における情報セキュリティ対策ガイドライン」を準拠するよう指導する。',
    '契約履行の間、特記事項に基づき立入り調査等を実施するとともに、委託先に対し速やかに状況報告をするよう指導する。',
    '取扱責任者及び取扱者をあらかじめ指定し、区に報告するよう指導する。',
    '全体の業務フローを作成し、委託先と共有する。',
    '個人情報を含むデータを作成する必要がある場合は、パスワードを付してデータを暗号化する。また、電磁的媒体（DVD-R等）とパスワード通知書の受渡しは、それぞれ別の機会を設定し、鍵付きカバン等を使用して、手渡しで行うよう指導する。',
    '個人情報を手交する場合は、鍵付きカバン等を使用して運搬する。',
    '個人情報の受渡しにあたっては、管理簿に記載する。管理簿には、日時、取扱者、情報の内容、数量を確認記録票に記録し、履歴を追跡できるようにする。',
    '個人情報は、施錠できる金庫又はキャビネット等に保管する。',
    '業務履行後、個人情報が記録された電磁的媒体（DVD-R等）、紙媒体及びパスワード通知書は返却し、電子データは消去するよう指導する。また、区に電子データの消去を行ったことの報告書を提出するよう指導する。',
    '業務開始前に、事故、災害、トラブルに対応できる体制及び手順を整備し、委託先と緊急時の連絡体制や対応手順を確認する。',
    '事故が発生した場合又は個人情報保護及び情報セキュリティ対策の変更があった場合は、直ちに委託先と今後の対応を協議する。',
)

OUTSOURCING_004_WARD_TECHNICAL = (
    '接続するネットワークについては、特定相手以外との通信を不可とする。',
    'ネットワーク機器やサーバを制御し、通信できるシステムを限定する。',
    '通信内容は暗号化し、通信途上の個人情報の盗用、改ざん、成りすましを防止する。',
    'ファイアウォールの設置、サーバの要塞化、侵入検知、セキュリティパッチの適用等の対策を講じ、外部からの不正侵入やデータ破壊・漏えい等各種の攻撃から防御する。',
    'コンピューターウイルス感染等がないよう、ウイルス対策ソフトウェアの導入及び最新のパターンファイルを適用する。',
    'ID・パスワードやアドレス情報による運用により、第三者による個人情報の盗用、改ざん、成りすましを防止する。',
    '個人情報を保存する場合は、保存先フォルダへアクセス権を設定するとともに、ファイルにパスワードを付すなど、情報へのアクセス制御を徹底する。',
    'システム・ネットワークの状態、機器操作、サービス利用等の監視及びアクセスログ等を取得する。取得したログは、定期的に分析する。',
    'サーバ冗長化、バックアップ等により、事故や障害発生時におけるシステム稼働体制を整備する。',
    '入退室管理等により情報資産の危殆化を防止する。',
    'システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にする。',
)

OUTSOURCING_004_PARTY_OPERATIONAL = (
    '契約にあたり、「特記事項」を付すとともに、個人情報保護法及び新宿区情報セキュリティポリシーを遵守させる。また、クラウドサービスを利用する場合は、総務省「クラウドサービス提供における情報セキュリティ対策ガイドライン」を準拠させる。',
    '契約履行の間、特記事項に基づき立入り調査等を受けさせるとともに、委託先に対し速やかに状況報告をさせる。',
    '取扱責任者及び取扱者をあらかじめ指定させ、区に報告させる。',
    '区が作成した業務フローに基づき、業務を行わせる。',
    '個人情報を含むデータを作成する必要がある場合は、パスワードを付してデータを暗号化させる。電磁的媒体（DVD-R等）とパスワード通知書の受渡しは、それぞれ別の機会を設定し、鍵付きカバン等を使用させ、手渡しで行わせる。',
    '個人情報を手交する場合は、鍵付きカバン等を使用して運搬させる。',
    '個人情報の受け渡しにあたっては、管理簿に記載させる。管理簿には、日時、取扱者、情報の内容、数量を確認記録票に記録し、履歴を追跡できるようにさせる。',
    '個人情報は、施錠できる金庫又はキャビネット等に保管させる。',
    '業務履行後、個人情報が記録された電磁的媒体（DVD-R等）、紙媒体及びパスワード通知書は返却させ、電子データは消去させる。また、区に電子データの消去を行ったことの報告書を提出させる。',
    '業務開始前に、事故、災害、トラブルに対応できる体制及び手順を整備させ、区と緊急時の連絡体制や対応手順を確認させる。',
    '事故が発生した場合又は個人情報保護及び情報セキュリティ対策の変更があった場合は、直ちに区と今後の対応を協議させる。',
)

OUTSOURCING_004_PARTY_TECHNICAL = (
    '接続するネットワークについては、特定相手以外との通信を不可とする。',
    'ネットワーク機器やサーバを制御し、通信できるシステムを限定させる。',
    '通信内容は暗号化させ、通信途上の個人情報の盗用、改ざん、成りすましを防止させる。',
    'ファイアウォールの設置、サーバの要塞化、侵入検知、セキュリティパッチの適用等の対策を講じさせ、外部からの不正侵入やデータ破壊・漏えい等各種の攻撃から防御させる。',
    'コンピューターウイルス感染等がないよう、ウイルス対策ソフトウェアの導入及び最新のパターンファイルを適用させる。',
    'ID・パスワードやアドレス情報による運用により、第三者による個人情報の盗用、改ざん、成りすましを防止させる。',
    '個人情報を保存する場合は、保存先フォルダへアクセス権を設定させるとともに、ファイルにパスワードを付すなど、情報へのアクセス制御を徹底させる。',
    'システム・ネットワークの状態、機器操作、サービス利用等の監視及びアクセスログ等を取得させる。取得したログは、定期的に分析させる。',
    'サーバ冗長化、バックアップ等により、事故や障害発生時におけるシステム稼働体制を整備させる。',
    '入退室管理等により情報資産の危殆化を防止させる。',
    'システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にさせる。',
)


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    side: str
    kind: str
    number: int
    text: str
    required: bool = True


@dataclass(frozen=True)
class ChecklistTemplate:
    code: str
    kind: str  # governance.committee.models.ChecklistKind
    title: str
    subtitle: str
    column_heading: str
    source: str
    sections: tuple[tuple[str, str, str], ...]  # (side, kind, heading as printed)
    items: tuple[ChecklistItem, ...]

    def section_items(self, side: str, kind: str) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.side == side and item.kind == kind)

    def item(self, code: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.code == code), None)

    def counts(self) -> dict[str, int]:
        """Items per section, e.g. {"ward.op": 5, "ward.sys": 11, …}."""
        return {f"{side}.{kind}": len(self.section_items(side, kind)) for side, kind, _h in self.sections}


def _template(code, kind, title, subtitle, column_heading, source, sections) -> ChecklistTemplate:
    items = []
    for side, section_kind, _heading, texts in sections:
        items += [ChecklistItem(f"{side}.{section_kind}.{n}", side, section_kind, n, text)
                  for n, text in enumerate(texts, start=1)]
    return ChecklistTemplate(code, kind, title, subtitle, column_heading, source,
                             tuple((s, k, h) for s, k, h, _t in sections), tuple(items))


EXTERNAL_CONNECTION = _template(
    "external_connection", "external_connection", "外部結合にかかる個人情報保護対策チェックリスト", "", "情報保護対策",
    "seed 001 (4 外部結合にかかる個人情報保護対策チェックリスト)", [
        (WARD, OPERATIONAL, "区が行う情報保護対策 【運用上の対策】", CONNECTION_WARD_OPERATIONAL),
        (WARD, TECHNICAL, "区が行う情報保護対策 【システム上の対策】", CONNECTION_WARD_TECHNICAL),
        (PARTY, OPERATIONAL, "結合先に行わせる 情報保護対策 【運用上の対策】", CONNECTION_PARTY_OPERATIONAL),
        (PARTY, TECHNICAL, "結合先に行わせる 情報保護対策 【システム上の対策】", CONNECTION_PARTY_TECHNICAL),
    ])
OUTSOURCING = _template(
    "outsourcing", "outsourcing", "業務委託にかかる個人情報保護対策チェックリスト", "(電磁的媒体・紙媒体の取扱い)",
    "個人情報保護対策", "seed 001 (5 業務委託にかかる個人情報保護対策チェックリスト)", [
        (WARD, OPERATIONAL, "委託にあたり区が行う 個人情報保護対策 【運用上の対策】", OUTSOURCING_WARD_OPERATIONAL),
        (WARD, TECHNICAL, "委託にあたり区が行う 個人情報保護対策 【システム上の対策】", OUTSOURCING_WARD_TECHNICAL),
        (PARTY, OPERATIONAL, "委託事業者に行わせる 個人情報保護対策 【運用上の対策】", OUTSOURCING_PARTY_OPERATIONAL),
        (PARTY, TECHNICAL, "委託事業者に行わせる 個人情報保護対策 【システム上の対策】", OUTSOURCING_PARTY_TECHNICAL),
    ])
OUTSOURCING_004 = _template(
    "outsourcing_004", "outsourcing", "業務委託にかかる個人情報保護対策チェックリスト", "(電磁的媒体・紙媒体の取扱い)",
    "情報保護対策", "seed 004 (5 業務委託にかかる個人情報保護対策チェックリスト, 11-item variant)", [
        (WARD, OPERATIONAL, "委託にあたり区が行う 情報保護対策 【運用上の対策】", OUTSOURCING_004_WARD_OPERATIONAL),
        (WARD, TECHNICAL, "委託にあたり区が行う 情報保護対策 【システム上の対策】", OUTSOURCING_004_WARD_TECHNICAL),
        (PARTY, OPERATIONAL, "委託事業者に行わせる 情報保護対策 【運用上の対策】", OUTSOURCING_004_PARTY_OPERATIONAL),
        (PARTY, TECHNICAL, "委託事業者に行わせる 情報保護対策 【システム上の対策】", OUTSOURCING_004_PARTY_TECHNICAL),
    ])

# 練馬区 states its protective measures in the connection itself (seed 003, 7 個人情報の保護): each side's numbered
# measures in the registry (`ward_measures`, `party_measures`) are the items of the connection's checklist,
# answered like a checklist item and required by the gate; the lines that are not numbered ("練馬区情報セキュリティ
# ポリシーを順守し、つぎの保護措置を講ずる。") head the side's section. The template holds only the wording
# around them: its items are derived from the version the submission covers (`checklist_template`).
MEASURES = "measures"
MEASURE_SIDES = {WARD: "【区が講じる保護措置】", PARTY: "【結合先が講じる保護措置】"}
NUMBERED_MEASURE = re.compile(r"^[(（]\d+[)）]\s*")
NERIMA_MEASURES = _template(
    "nerima_measures", "external_connection", "個人情報の保護（保護措置）", "", "保護措置",
    "the connection's own measures (seed 003, 7 個人情報の保護)",
    [(WARD, MEASURES, MEASURE_SIDES[WARD], ()), (PARTY, MEASURES, MEASURE_SIDES[PARTY], ())])


def _measures_section(side: str, lines) -> tuple:
    """(side, "measures", heading, texts): "(1) …" lines are the measures, numbered in order; the other lines
    follow the side's 【…】 in the heading. A side whose lines are not numbered has each line a measure."""
    lines = [line.strip() for line in lines if line and line.strip()]
    numbered = [line for line in lines if NUMBERED_MEASURE.match(line)]
    if not numbered:
        return side, MEASURES, MEASURE_SIDES[side], tuple(lines)
    preamble = [line for line in lines if not NUMBERED_MEASURE.match(line)]
    return (side, MEASURES, " ".join([MEASURE_SIDES[side], *preamble]),
            tuple(NUMBERED_MEASURE.sub("", line) for line in numbered))


def measures_template(version) -> ChecklistTemplate:
    """The checklist of one connection version whose ward states its measures in it: each side's measures."""
    base = NERIMA_MEASURES
    return _template(base.code, base.kind, base.title, base.subtitle, base.column_heading,
                     f"{base.source}: {version.part} v{version.number}",
                     [_measures_section(WARD, version.ward_measures), _measures_section(PARTY, version.party_measures)])


# Templates whose items come from the part's version rather than from a transcription.
DERIVED = {NERIMA_MEASURES.code: measures_template}

TEMPLATES: dict[str, ChecklistTemplate] = {
    t.code: t for t in (EXTERNAL_CONNECTION, OUTSOURCING, OUTSOURCING_004, NERIMA_MEASURES)}
# The template a part of each kind gets unless the submission names another.
DEFAULT_TEMPLATE = {"connection": EXTERNAL_CONNECTION.code, "contract": OUTSOURCING.code}


def template_get(code: str) -> ChecklistTemplate:
    """The checklist template with this code (KeyError when there is none; callers validate codes first)."""
    return TEMPLATES[code]


def checklist_template(checklist) -> ChecklistTemplate:
    """What a checklist asks: its template, or — for a template derived from the part (練馬区's measures) — the
    items of the part version the submission covers, so a measure edited in the registry is asked anew."""
    derive = DERIVED.get(checklist.template)
    return derive(checklist.submission_part.version) if derive else template_get(checklist.template)


def answer_stands(answer, item: ChecklistItem) -> bool:
    """An answer answers the item as it is worded now; one given to other wording (a measure since edited) must be
    given again. An answer with no recorded wording predates recording it and answers the item."""
    return answer is not None and answer.item_text in ("", item.text)
