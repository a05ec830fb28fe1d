"""What the committee's pages (and the API's detail) show of a submission: summary, parts at their versions
with sensitive items marked, the flow diagram of each business, checklists with ward and counterparty side by
side, consistency findings, the amendment diff, decision and conditions. Read-only shaping; no writes.
"""

from common.wareki import wareki_date
from governance.committee.checklists import answer_stands, checklist_template
from governance.committee.diffs import amendment_diff
from governance.committee.models import Submission
from governance.committee.services import unanswered_required
from governance.registry.consistency import version_findings
from governance.tenancy.models import Role, User


def _sensitive_items(version) -> list[str]:
    """Labels of the 要配慮個人情報 items a version carries."""
    if hasattr(version, "item_lines"):
        items = [line.item for line in version.item_lines.select_related("item")]
    elif hasattr(version, "contractors"):
        items = [line.item for c in version.contractors.all() for line in c.item_lines.select_related("item")]
    else:
        items = list(version.items.all())
    return list(dict.fromkeys(item.label for item in items if item.sensitive))


def checklist_view(checklist) -> dict | None:
    """A checklist's template sections, each item with the answer, reason, who answered when and evidence."""
    if checklist is None:
        return None
    template = checklist_template(checklist)
    answers = {a.code: a for a in checklist.answers.select_related("answered_by").prefetch_related("evidence")}
    # An answer given to a measure's earlier wording is no answer to the measure as it reads now.
    answers = {item.code: answers[item.code] for item in template.items if answer_stands(answers.get(item.code), item)}
    sections = []
    for side, kind, heading in template.sections:
        rows = []
        for item in template.section_items(side, kind):
            answer = answers.get(item.code)
            rows.append({"code": item.code, "number": item.number, "text": item.text, "required": item.required,
                         "answer": answer.answer if answer else "", "reason": answer.reason if answer else "",
                         "answered_by": answer.answered_by.username if answer and answer.answered_by else "",
                         "answered_at": answer.answered_at.isoformat() if answer else None,
                         "evidence": [{"filename": e.filename, "sha256": e.sha256} for e in answer.evidence.all()]
                         if answer else []})
        sections.append({"side": side, "kind": kind, "heading": heading, "items": rows})
    # Ward and counterparty side by side: one row per kind, the two sides' sections next to each other.
    pairs = [{"kind": kind, "ward": next(s for s in sections if s["side"] == "ward" and s["kind"] == kind),
              "party": next(s for s in sections if s["side"] == "party" and s["kind"] == kind)}
             for kind in dict.fromkeys(s["kind"] for s in sections)]
    return {"id": checklist.pk, "template": template.code, "title": template.title, "subtitle": template.subtitle,
            "column_heading": template.column_heading,
            "part": str(checklist.submission_part.part), "sections": sections, "pairs": pairs,
            "answered": len(answers), "total": len(template.items)}


def _part_view(row) -> dict:
    from governance.registry.pages import connection_view, contract_view

    version = row.version
    view = {"row": row, "kind": row.kind, "part": row.part, "version": version,
            "sensitive": _sensitive_items(version),
            "checklist": checklist_view(getattr(row, "checklist", None) if hasattr(row, "checklist") else None)}
    if row.kind == "connection":
        view["connection"] = connection_view(version)
    elif row.kind == "contract":
        view["contract"] = contract_view(version)
    return view


def _businesses(submission: Submission) -> list:
    seen = {}
    for row in submission.parts.all():
        part = row.part
        businesses = ([part.business] if row.kind == "processing" else
                      [part.using_business, part.providing_business] if row.kind == "out_of_purpose_use" else
                      list(part.businesses.all()))
        for business in businesses:
            seen.setdefault(business.pk, business)
    return list(seen.values())


def submission_view(submission: Submission, *, with_diagrams: bool = False) -> dict:
    """Everything the submission page shows."""
    rows = list(submission.parts.select_related(
        "processing", "connection", "contract", "out_of_purpose_use", "processing_version", "connection_version",
        "contract_version", "out_of_purpose_version").all())
    decision = getattr(submission, "decision", None) if hasattr(submission, "decision") else None
    view = {
        "submission": submission, "parts": [_part_view(row) for row in rows],
        "unanswered": unanswered_required(submission), "decision": decision,
        "decided_on": wareki_date(decision.decided_on) if decision else "",
        "conditions": list(submission.conditions.all()), "attachments": list(submission.attachments.all()),
        "findings": version_findings([row.version for row in rows]),
        "diff": amendment_diff(submission=submission),
        "departments": list(submission.departments.all()),
    }
    if with_diagrams:
        view["diagrams"] = _diagrams(submission)
    return view


def _diagrams(submission: Submission) -> list[dict]:
    """The registry's data-flow diagram of each business the submission touches (when the registry draws them)."""
    try:
        from governance.registry.diagram import flow_diagram
    except ImportError:  # the diagram module is optional for the committee pages
        return []
    return [{"business": business, "diagram": flow_diagram(business=business)}
            for business in _businesses(submission)]


def may_decide(*, actor: User, submission: Submission) -> bool:
    """Whether to offer the decision form (the policy still decides when it is submitted)."""
    return any(m.role == Role.COMMITTEE_MEMBER and m.municipality_id == submission.municipality_id
               for m in actor.memberships.all())


def may_draft(*, actor: User, submission: Submission) -> bool:
    """Whether to offer the department's editing controls (the services still check)."""
    departments = set(submission.departments.values_list("pk", flat=True))
    return any((m.role == Role.DEPARTMENT_STAFF and m.department_id in departments) or m.role == Role.ADMINISTRATOR
               for m in actor.memberships.all() if m.municipality_id == submission.municipality_id)
