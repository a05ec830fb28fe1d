"""Deletion requests: asking the parties the ledger shows received a subject's data to erase it, their
deletion certificates, escalation when overdue, certificate-expiry notices and the auditors' subject trail.

Services (writes) are in ``services``, reads narrowed to the actor in ``selectors``, the upload checks in
``uploads``, periodic jobs in ``tasks``. See docs/decisions/0016-deletion-requests.md.
"""
