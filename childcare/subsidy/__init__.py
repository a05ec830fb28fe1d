"""The babysitter subsidy (ベビーシッター利用支援事業 一時預かり利用支援, seed 004): LoGo form applications, the
contractor's pre-check, the ward's decision, decision notices and Zengin transfer files."""
