"""Audit event names of notifications (registered in GovernanceConfig.ready)."""

NOTIFICATION_EVENTS: dict[str, str] = {
    "governance.notification.sent": "A notification was put in a person's inbox (kind and references)",
    "governance.notification.mailed": "A notification was mailed, or could not be (no address, or the mail failed)",
    "governance.notification.read": "A person opened a notification in their inbox",
    "governance.mail_address.set": "A person set or removed the address their notifications are mailed to",
}
