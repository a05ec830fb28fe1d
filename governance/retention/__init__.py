"""Retention (保存期間): rules per business and source, the sweep that applies them, and its audit trail.

Higher apps register the models the sweep may remove, in their ``AppConfig.ready()``::

    from governance.retention.sources import register_source
    register_source(name="childcare.child", model=Child, triggers={"child_left": "left_on"},
                    subject_type="child", anonymise=child_anonymise)

and a tenant's :class:`~governance.retention.models.RetentionRule` says for how long and what then. The sweep
runs daily from celery beat (``governance.retention_sweep``) and on demand with
``manage.py retention_sweep [--dry-run] [--as-of YYYY-MM-DD] [--tenant CODE]``.
See docs/decisions/0015-retention.md.
"""
