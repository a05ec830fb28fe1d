"""Audit event names of retention (registered in GovernanceConfig.ready)."""

RETENTION_EVENTS: dict[str, str] = {
    "governance.retention_rule.created": "A retention rule was set for a business's records",
    "governance.retention_rule.updated": "A retention rule was changed",
    "governance.retention_run.started": "A retention sweep started (or resumed an interrupted one)",
    "governance.retention_run.finished": "A retention sweep finished: how many records each rule removed",
    "governance.retention_run.previewed": "A dry run listed the records a retention sweep would remove",
    "governance.retention_batch.erased": "A batch of expired records was deleted, crypto-shredded or anonymised",
}
