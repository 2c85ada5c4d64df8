"""Every change to research topics and the regulation register; each refuses in Chinese.

A research topic moves planned → researching → reported → concluded, race-safe (the row changes only
where its status is still the expected one), with an event row and an audit entry per step.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Campaign
from common.dates import today as local_today
from common.exceptions import DomainError
from common.services import full_clean_or_refuse, save_changes, save_new
from common.uploads import check_evidence_file
from leadership import selectors
from leadership.choices import REPORT_FILE_TYPES, RegulationAction, ResearchStatus
from leadership.models import Regulation, ResearchTopic, ResearchTopicEvent, UploadedFileFields
from ledger.models import Problem
from organisations.models import Org

LABELS = dict(ResearchStatus.choices)
FILE_FIELDS = ["file", "file_name", "file_type", "file_size", "file_sha256"]


def _attach(instance: UploadedFileFields, upload, *, allowed: set[str] | None = None, label: str = "") -> None:
    """Check an upload by its content and put it on the instance (stored when the instance is saved)."""
    checked = check_evidence_file(upload)
    if allowed is not None and checked.file_type not in allowed:
        raise DomainError(f"文件“{upload.name}”不是{label}。")
    instance.keep_upload(upload, checked)


def _link_problems(*, actor: User, target: ResearchTopic | Regulation, problems: Iterable[Problem]) -> None:
    """Link exactly these problems; each must be one the actor sees, in the target org's subtree."""
    wanted = {problem.pk: problem for problem in problems}
    allowed = set(selectors.linkable_problems(actor, target.org).filter(pk__in=wanted).values_list("pk", flat=True))
    outside = [problem.code for pk, problem in wanted.items() if pk not in allowed]
    if outside:
        raise DomainError(f"问题 {'、'.join(sorted(outside))} 不属于“{target.org}”或不在您的查看范围内，不能关联。")
    before = sorted(target.problems.values_list("pk", flat=True))
    target.problems.set(wanted.values())
    after = sorted(wanted)
    if before != after:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=target,
            before={"problems": before},
            after={"problems": after},
            remark="关联问题",
        )


# --- research topics ---------------------------------------------------------------------------


@transaction.atomic
def research_topic_create(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    leader: User,
    title: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    major_kind: str = "",
) -> ResearchTopic:
    if not selectors.can_write(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的办公室、主要负责人或班子成员可以登记专题调研。")
    if not selectors.can_lead(leader, org):
        raise DomainError(f"牵头领导“{leader}”须是“{org}”或其上级单位的主要负责人或班子成员。")
    return save_new(
        actor=actor,
        instance=ResearchTopic(
            campaign=campaign,
            org=org,
            leader=leader,
            title=title.strip(),
            major_kind=major_kind,
            planned_start=planned_start,
            planned_end=planned_end,
            created_by=actor,
        ),
    )


def _check_move(actor: User, topic: ResearchTopic, expected: str, doing: str) -> None:
    if not selectors.can_work_on_topic(actor, topic):
        raise DomainError("只有牵头领导或该单位的活动办公室可以推进专题调研。")
    if topic.status != expected:
        raise DomainError(f"该调研当前为“{LABELS[topic.status]}”，不能{doing}。")


def _move(*, actor: User, topic: ResearchTopic, expected: str, to: str, remark: str, **fields) -> ResearchTopic:
    """Move the topic from `expected` to `to` only if it is still in `expected`."""
    _check_move(actor, topic, expected, remark)
    before = snapshot(topic)
    for name, value in fields.items():
        setattr(topic, name, value)
    topic.status = to
    stored = {name: getattr(topic, name) for name in fields}
    if ResearchTopic.objects.filter(pk=topic.pk, status=expected).update(status=to, **stored) != 1:
        raise DomainError("该调研已被他人处理，请刷新页面查看最新情况。")
    ResearchTopicEvent.objects.create(topic=topic, actor=actor, from_status=expected, to_status=to, remark=remark)
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, target=topic, before=before, after=snapshot(topic), remark=remark
    )
    return topic


@transaction.atomic
def research_topic_start(*, actor: User, topic: ResearchTopic) -> ResearchTopic:
    return _move(
        actor=actor, topic=topic, expected=ResearchStatus.PLANNED, to=ResearchStatus.RESEARCHING, remark="开始调研"
    )


@transaction.atomic
def research_topic_submit_report(*, actor: User, topic: ResearchTopic, report, findings: str = "") -> ResearchTopic:
    """The research report (DOCX or PDF, checked by content) is in: 调研中 → 已提交报告."""
    _check_move(actor, topic, ResearchStatus.RESEARCHING, "提交调研报告")
    checked = ResearchTopic()
    _attach(checked, report, allowed=REPORT_FILE_TYPES, label="Word（.docx）或 PDF 格式的调研报告")
    file_fields = {name: getattr(checked, name) for name in FILE_FIELDS}
    file_fields["file"] = checked.file.name
    return _move(
        actor=actor,
        topic=topic,
        expected=ResearchStatus.RESEARCHING,
        to=ResearchStatus.REPORTED,
        remark="提交调研报告",
        findings=findings.strip() or topic.findings,
        reported_on=local_today(),
        **file_fields,
    )


@transaction.atomic
def research_topic_conclude(*, actor: User, topic: ResearchTopic, findings: str) -> ResearchTopic:
    if not findings.strip():
        raise DomainError("结题须填写调研发现与成果。")
    return _move(
        actor=actor,
        topic=topic,
        expected=ResearchStatus.REPORTED,
        to=ResearchStatus.CONCLUDED,
        remark="结题",
        findings=findings.strip(),
    )


@transaction.atomic
def research_topic_link_problems(*, actor: User, topic: ResearchTopic, problems: Iterable[Problem]) -> ResearchTopic:
    """The problems and measures that followed from the research."""
    if not selectors.can_work_on_topic(actor, topic):
        raise DomainError("只有牵头领导或该单位的活动办公室可以关联问题。")
    _link_problems(actor=actor, target=topic, problems=problems)
    return topic


# --- regulations -------------------------------------------------------------------------------


def _check_regulation(actor: User, org: Org, replaces: Regulation | None) -> None:
    if not selectors.can_write(actor, org):
        raise DomainError(f"只有“{org}”或其上级单位的办公室、主要负责人或班子成员可以登记制度。")
    if replaces is not None and not selectors.regulation_list(actor).filter(pk=replaces.pk).exists():
        raise DomainError("所选原制度不在您的查看范围内。")


@transaction.atomic
def regulation_create(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    title: str,
    action: str,
    issued_on: datetime.date,
    doc_number: str = "",
    summary: str = "",
    replaces: Regulation | None = None,
    problems: Iterable[Problem] = (),
    file=None,
) -> Regulation:
    _check_regulation(actor, org, replaces)
    regulation = Regulation(
        campaign=campaign,
        org=org,
        title=title.strip(),
        doc_number=doc_number.strip(),
        action=action,
        issued_on=issued_on,
        summary=summary.strip(),
        replaces=replaces,
        created_by=actor,
    )
    full_clean_or_refuse(regulation, exclude=["file"])
    if file is not None:
        _attach(regulation, file)
    save_new(actor=actor, instance=regulation)
    _link_problems(actor=actor, target=regulation, problems=problems)
    return regulation


REGULATION_FIELDS = ("title", "doc_number", "action", "issued_on", "summary", "replaces")


@transaction.atomic
def regulation_update(
    *, actor: User, regulation: Regulation, problems: Iterable[Problem] | None = None, file=None, **changes
) -> Regulation:
    if set(changes) - set(REGULATION_FIELDS):
        raise DomainError("制度的活动和制定单位登记后不能修改。")
    _check_regulation(actor, regulation.org, changes.get("replaces"))
    if changes.get("action") == RegulationAction.MADE:
        changes["replaces"] = None
    if file is not None:
        before = snapshot(regulation)
        _attach(regulation, file)
        regulation.save(update_fields=FILE_FIELDS)
        audit_update(actor=actor, target=regulation, before=before, remark="更换附件")
    save_changes(actor=actor, instance=regulation, changes=changes)
    if problems is not None:
        _link_problems(actor=actor, target=regulation, problems=problems)
    return regulation
