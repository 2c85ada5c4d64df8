from celery import shared_task

from jobs.services import job_run


@shared_task(name="jobs.run_job", acks_late=True)
def run_job(job_id: int) -> None:
    job_run(job_id)
