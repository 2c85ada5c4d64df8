"""Saving a checked plan in one transaction, and the job that runs an import."""

from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import User
from audit.services import audit_create_many
from campaigns.models import Campaign
from common.dates import today as local_today
from common.exceptions import DomainError
from jobs.choices import JobKind
from jobs.registry import JobResult, register
from ledger import services
from ledger.choices import MeasureStatus
from ledger.deadlines import WorkCalendar, report_due, yellow_from
from ledger.imports.plan import ImportPlan, collector_paused, error_line, ledger_import_plan
from ledger.imports.reading import Progress
from ledger.models import Measure, Problem
from organisations.models import Org

BATCH = 2000

# --- saving ------------------------------------------------------------------------------------


@collector_paused
def ledger_import(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    file,
    file_name: str,
    mapping: dict | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Import a ledger: all rows or none. A file with any bad row raises DomainError whose `errors`
    list each one (row, column, message). With `dry_run`, check only."""
    plan = ledger_import_plan(
        actor=actor,
        campaign=campaign,
        org=org,
        file=file,
        file_name=file_name,
        mapping=mapping,
        source=source,
        progress=progress,
    )
    if plan.error_count:
        raise DomainError(plan.error_message(), errors=plan.errors)
    if not dry_run:
        try:
            _save(plan, actor=actor, campaign=campaign, org=org, progress=progress)
        except IntegrityError as error:
            # The plan was checked before the transaction: only a concurrent import of the same
            # ledger (the same 序号 saved meanwhile) gets here.
            raise DomainError(
                "保存失败：该台账中的问题刚刚已被登记（可能有人同时导入了同一台账），未导入任何数据；请稍后重新导入。"
            ) from error
        plan.saved = True
    return plan


@transaction.atomic
def _save(plan: ImportPlan, *, actor: User, campaign: Campaign, org: Org, progress: Progress | None) -> None:
    remark = f"导入台账“{plan.file_name}”"
    total = len(plan.problems) * 2
    for problem in plan.problems:
        if problem.action == "update":
            _row_service(problem.row, services.problem_update, actor=actor, problem=problem.instance, **problem.changes)
    people = User.objects.in_bulk(
        {v for p in plan.problems for m in p.measures for k, v in m.changes.items() if k in ("owner", "leader") and v}
    )
    for problem in plan.problems:
        for measure in problem.measures:
            if measure.action == "update":
                changes = {
                    k: (people.get(v) if k in ("owner", "leader") and v else v) for k, v in measure.changes.items()
                }
                _row_service(measure.row, services.measure_update, actor=actor, measure=measure.instance, **changes)

    new_problems = [p.instance for p in plan.problems if p.action == "new"]
    if new_problems:
        # The counter row stays locked until the transaction ends, as in problem_create.
        Campaign.objects.filter(pk=campaign.pk).update(problem_seq=F("problem_seq") + len(new_problems))
        last = Campaign.objects.values_list("problem_seq", flat=True).get(pk=campaign.pk)
        for seq, problem in enumerate(new_problems, start=last - len(new_problems) + 1):
            problem.code = f"{campaign.code}-{seq:03d}"
            problem.created_by = actor
        Problem.objects.bulk_create(new_problems, batch_size=BATCH)
        if progress:
            progress(len(plan.problems) + len(new_problems) // 2, total)
        audit_create_many(actor=actor, targets=new_problems, remark=remark)

    new_measures = [m.instance for p in plan.problems for m in p.measures if m.action == "new"]
    if new_measures:
        today, calendar, yellow = local_today(), WorkCalendar.load(), {}
        for measure in new_measures:
            measure.created_by = actor
            measure.report_due_on = report_due(kind=measure.kind, since=today)
            if measure.due_on not in yellow:
                yellow[measure.due_on] = yellow_from(
                    calendar=calendar,
                    yellow_days=campaign.yellow_days,
                    start=today,
                    due=measure.due_on,
                    percent=0,
                )
            measure.yellow_from = yellow[measure.due_on]
        Measure.objects.bulk_create(new_measures, batch_size=BATCH)
        audit_create_many(actor=actor, targets=new_measures, remark=remark)
        # Last, so that the counter rows (shared by the whole campaign) stay locked only until the commit.
        services._ensure_counters(campaign.pk, org.pk)
        services._count(campaign.pk, org.pk, MeasureStatus.NOT_STARTED, len(new_measures))
    if progress:
        progress(total, total)


def _row_service(row: int, service, **kwargs) -> None:
    try:
        service(**kwargs)
    except DomainError as error:
        raise DomainError(
            f"第{row}行未能保存，未导入任何数据：{error.message}",
            errors=[{"row": row, "column": "", "message": error.message}],
        ) from error


# --- the job -----------------------------------------------------------------------------------


@register(JobKind.IMPORT_LEDGER)
def import_ledger_job(job, progress) -> JobResult:
    """params: campaign (pk), org (pk), mapping ({column index: field}), source."""
    params = job.params
    campaign = Campaign.objects.select_related("org").get(pk=params["campaign"])
    org = Org.objects.get(pk=params["org"])
    with job.input_file.open("rb") as handle:
        plan = ledger_import(
            actor=job.created_by,
            campaign=campaign,
            org=org,
            file=handle,
            file_name=job.input_name,
            mapping=params.get("mapping") or None,
            source=params.get("source", ""),
            progress=progress,
        )
    message = f"已导入“{job.input_name}”到“{campaign}”：{plan.summary()}"
    if plan.notes:
        message += "\n" + "\n".join(error_line(note) for note in plan.notes)
    return JobResult(message=message)
