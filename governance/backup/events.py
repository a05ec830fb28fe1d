"""Audit event names of backups: who took one and when, and each restore with what it checked."""

BACKUP_EVENTS = {
    "governance.backup.created": "A consistent dump of the database was written, with the audit checkpoints beside it",
    "governance.key_backup.created": "The installation's keys were sealed under a passphrase into a key backup",
    "governance.backup.restored": "A backup was restored into an empty database and checked (counts, chain, keys)",
}
