"""Jobs run once, report progress, keep their files to their owner, and fail in Chinese."""

import socket
import threading

import pytest
from django.urls import reverse

from common.exceptions import DomainError
from conftest import PASSWORD
from jobs import registry, services
from jobs.choices import JobKind, JobStatus
from jobs.models import Job


@pytest.fixture
def handlers(monkeypatch):
    table = {}
    monkeypatch.setattr(registry, "HANDLERS", table)
    monkeypatch.setattr(services, "HANDLERS", table)
    return table


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def counting(job, progress):
    for done in range(1, 4):
        progress(done, 3)
    return registry.JobResult(message="共 3 行", output_name="结果.txt", output="完成".encode())


def refusing(job, progress):
    raise DomainError(
        "文件有 1 处错误，未导入任何数据。", errors=[{"row": 5, "column": "整改时限", "message": "无法识别"}]
    )


def test_a_job_runs_at_once_in_the_default_set_up(client, cast, handlers, django_capture_on_commit_callbacks):
    handlers[JobKind.REPORT] = counting
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(actor=cast["office"], kind=JobKind.REPORT)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 3, 3, 100)
    client.login(username="office", password=PASSWORD)
    page = client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "共 3 行" in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("jobs:job-download", args=[job.pk]))
    assert b"".join(download.streaming_content).decode() == "完成"
    client.logout()
    client.login(username="owner_b", password=PASSWORD)
    assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:job-download", args=[job.pk])).status_code == 404


def test_a_refused_job_lists_its_errors(client, cast, handlers, django_capture_on_commit_callbacks):
    handlers[JobKind.IMPORT_LEDGER] = refusing
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(actor=cast["office"], kind=JobKind.IMPORT_LEDGER)
    client.login(username="office", password=PASSWORD)
    page = client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "未导入任何数据" in page and "整改时限" in page and "无法识别" in page


def test_a_job_is_claimed_once(cast, handlers):
    handlers[JobKind.REPORT] = counting
    job = services.job_start(actor=cast["office"], kind=JobKind.REPORT)
    assert services.job_run(job.pk) is not None
    assert services.job_run(job.pk) is None


def test_a_running_job_page_refreshes_itself(client, cast, handlers):
    handlers[JobKind.REPORT] = counting
    job = services.job_start(actor=cast["office"], kind=JobKind.REPORT)
    client.login(username="office", password=PASSWORD)
    assert 'http-equiv="refresh"' in client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()


def test_an_unexpected_error_fails_the_job_politely(cast, handlers):
    def broken(job, progress):
        raise ValueError("bug")

    handlers[JobKind.REPORT] = broken
    job = services.job_start(actor=cast["office"], kind=JobKind.REPORT)
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "任务执行出错" in job.message


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="Redis 不可达（127.0.0.1:6379），跳过真实消息队列测试")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_job_through_redis(cast, handlers):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    ran = threading.Event()

    def counting_then_telling(job, progress):
        try:
            return counting(job, progress)
        finally:
            ran.set()

    handlers[JobKind.REPORT] = counting_then_telling

    def use_broker(url, eager):
        app.conf.update(task_always_eager=eager, broker_url=url)
        # Celery caches its connection pools on first use; drop them so the new broker is used.
        app._pool = None
        app.amqp._producer_pool = None

    use_broker("redis://127.0.0.1:6379/15", eager=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            job = services.job_start(actor=cast["office"], kind=JobKind.REPORT)
            # Wait without reading the table: on SQLite's shared in-memory test database a read at the
            # moment the worker writes makes the write fail ("database table is locked"). Leaving the
            # block lets the worker finish its task, then stops it.
            assert ran.wait(timeout=10), "the worker did not run the job"
    finally:
        use_broker("memory://", eager=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Job.objects.get(pk=job.pk).output_name == "结果.txt"
