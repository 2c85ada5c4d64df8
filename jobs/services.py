"""Starting and running jobs. A job runs once: it is claimed with a conditional update."""

import logging
import time

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone

from audit.services import audit_create
from common.exceptions import DomainError
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.registry import HANDLERS, JobResult

log = logging.getLogger(__name__)


def job_start(*, actor, kind: str, params: dict | None = None, upload=None) -> Job:
    """Record the job and hand it to the queue once the record is committed (run at once when
    Celery is eager, the default set-up)."""
    if kind not in HANDLERS:
        raise DomainError("未知的任务类型。")
    job = Job(kind=kind, params=params or {}, created_by=actor)
    if upload is not None:
        job.input_name = upload.name[:255]
        job.input_file.save(upload.name, upload, save=False)
    job.save()
    audit_create(actor=actor, target=job)
    from jobs.tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


class _Progress:
    """Writes progress at most once a second: a 100,000-row import must not write 100,000 times."""

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= 1.0 or done >= total:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total)
            self.last = now


def job_run(job_id: int) -> Job | None:
    """Run a queued job; a job already claimed (a duplicate delivery) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if claimed != 1:
        return None
    job = Job.objects.get(pk=job_id)
    try:
        result: JobResult = HANDLERS[job.kind](job, _Progress(job))
    except DomainError as error:
        return _finish(job, status=JobStatus.FAILED, message=error.message, errors=error.errors)
    except Exception:
        log.exception("job %s failed", job_id)
        return _finish(job, status=JobStatus.FAILED, message="任务执行出错，请稍后重试或联系管理员。")
    if result.output is not None:
        job.output_file.save(result.output_name, ContentFile(result.output), save=False)
    elif result.output_path is not None:
        with open(result.output_path, "rb") as handle:
            job.output_file.save(result.output_name, File(handle), save=False)
    return _finish(job, status=JobStatus.DONE, message=result.message, output_name=result.output_name)


def _finish(job: Job, *, status: str, message: str, errors: list | None = None, output_name: str = "") -> Job:
    job.status = status
    job.message = message
    job.errors = errors or []
    job.output_name = output_name
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "errors", "output_name", "output_file", "finished_at"])
    return job
