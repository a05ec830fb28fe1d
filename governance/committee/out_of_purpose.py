"""目的外利用 requests: approved under a pre-approval criterion (事前一括承認基準) when one matches, otherwise
sent to the committee as a submission.

A request matches a criterion type when the type already lists an example with the same providing business
(seed 003: "既に…類型1に事例があるため、承認基準を適用した"). Applying it freezes the use's version, records the
application with the type, and adds the (providing, using) pair to the type's examples — as seed 003's
"8 事例への追加" does.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, Forbidden, InvalidInput
from governance.committee.models import CriterionApplication, Submission
from governance.committee.services import _actor_id, submission_create, submission_part_add
from governance.registry.models import OutOfPurposeUse, PreApprovalCriterion
from governance.registry.services import criterion_example_add
from governance.registry.validation import as_lines, as_text
from governance.registry.versioning import registry_version_freeze, version_latest
from governance.tenancy.models import Role, User


def criterion_matching(*, use: OutOfPurposeUse, type_number: int | None) -> PreApprovalCriterion | None:
    """The criterion of that type when it has a precedent for the use's providing business, else None."""
    if type_number is None:
        return None
    criterion = PreApprovalCriterion.objects.filter(municipality=use.municipality, type_number=type_number).first()
    if criterion is None:
        raise InvalidInput(
            _(
                "%(municipality)s has no pre-approval criterion 類型%(type_number)s"
            )
            % {
                "municipality": use.municipality,
                "type_number": type_number,
            }, field="type_number")
    if criterion.examples.filter(providing_business=use.providing_business).exists():
        return criterion
    return None


def _ensure_requester(actor: User | None, use: OutOfPurposeUse) -> None:
    if actor is None:
        return
    departments = {use.using_business.department_id}
    for m in actor.memberships.filter(municipality=use.municipality):
        if m.role == Role.ADMINISTRATOR or (m.role == Role.DEPARTMENT_STAFF and m.department_id in departments):
            return
    raise Forbidden(
        _(
            "Only staff of the using department may request the out-of-purpose use '%(use)s'"
        )
        % {
            "use": use,
        })


@transaction.atomic
def out_of_purpose_request(*, use: OutOfPurposeUse, type_number: int | None, actor: User | None,
                           applied_on: datetime.date | None = None, summary: str = "",
                           attachments: list[str] | None = None) -> CriterionApplication | Submission:
    """Approve an out-of-purpose use under a matching pre-approval criterion, or draft a committee submission
    for it when none matches. Returns the application or the draft submission.

    `summary` (概要) and `attachments` (添付資料) are what the using department writes in the application the
    committee files (事前一括承認基準の適用について)."""
    _ensure_requester(actor, use)
    summary = as_text(summary, "summary")
    attachments = as_lines(attachments, "attachments")
    version = version_latest(part=use)
    if CriterionApplication.objects.filter(use=use, version=version).exists():
        raise Conflict(
            _(
                "Version %(number)s of '%(use)s' is already approved under a criterion"
            )
            % {
                "number": version.number,
                "use": use,
            }, field="use")
    criterion = criterion_matching(use=use, type_number=type_number)
    if criterion is None:
        submission = submission_create(municipality=use.municipality, actor=actor, data={
            "title": f"{use.using_business.name}における{use.providing_business.name}の個人情報の目的外利用について",
            "basis": "目的外利用", "departments": [use.using_business.department_id], "purpose": version.purpose})
        submission_part_add(submission=submission, part=use, actor=actor)
        return submission
    if not version.is_frozen:
        version = registry_version_freeze(version=version, reason=f"審議会事前一括承認基準 {criterion} 適用",
                                          actor=actor)
    example = criterion.examples.filter(providing_business=use.providing_business,
                                        using_business=use.using_business).first()
    if example is None:
        example = criterion_example_add(criterion=criterion, providing_business=use.providing_business,
                                        using_business=use.using_business, actor=actor)
    application = CriterionApplication.objects.create(
        municipality=use.municipality, use=use, version=version, content_hash=version.content_hash,
        criterion=criterion, example=example, applied_on=applied_on or timezone.localdate(), applied_by=actor,
        summary=summary, attachments=attachments)
    audit_record("governance.criterion.applied", obj=use, tenant_id=use.municipality_id, actor_id=_actor_id(actor),
                 data={"criterion": criterion.pk, "type_number": criterion.type_number, "version": version.number,
                       "example": example.pk})
    return application
