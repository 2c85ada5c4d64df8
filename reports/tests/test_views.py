"""The reports page: who may ask for what, and the job that makes the document."""

import zipfile

import pytest
from django.urls import reverse

from conftest import PASSWORD
from jobs.choices import JobStatus
from jobs.models import Job
from reports import views
from reports.tests.conftest import at, docx_text


def url(campaign) -> str:
    return reverse("reports:report-create", args=[campaign.pk])


@pytest.fixture
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(views, "pdf_available", lambda: False)


def test_the_campaign_page_links_to_its_reports(client, cast, campaign):
    client.login(username="office", password=PASSWORD)
    page = client.get(reverse("campaigns:campaign-detail", args=[campaign.pk])).content.decode()
    assert url(campaign) in page and "公文报告" in page


def test_the_page_offers_the_askers_orgs_and_defaults(client, cast, campaign, county, no_libreoffice):
    with at("2026-11-15"):
        client.login(username="owner_b", password=PASSWORD)
        page = client.get(url(campaign)).content.decode()
    assert "自查报告" in page and "整改情况报告" in page and "月度通报" in page
    assert "乙医院" in page and "甲医院" not in page
    assert 'value="2026-11"' in page and "测卫发〔2026〕12号" in page
    assert 'name="pdf"' not in page and "未安装 LibreOffice" in page


def test_pdf_is_offered_when_libreoffice_is_installed(client, cast, campaign, monkeypatch):
    monkeypatch.setattr(views, "pdf_available", lambda: True)
    client.login(username="office", password=PASSWORD)
    page = client.get(url(campaign)).content.decode()
    assert 'name="pdf"' in page and "同时生成PDF" in page and "未安装 LibreOffice" not in page


def test_a_report_is_made_by_a_job_and_downloaded(
    client, ledger, cast, campaign, county, no_libreoffice, django_capture_on_commit_callbacks
):
    with at("2026-11-15"):
        client.login(username="office", password=PASSWORD)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url(campaign),
                {
                    "kind": "monthly",
                    "org": county["commission"].pk,
                    "month": "2026-11",
                    "doc_number": "测卫发〔2026〕20号",
                },
            )
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("jobs:job-detail", args=[job.pk])
        assert (job.status, job.percent, job.created_by) == (JobStatus.DONE, 100, cast["office"])
        assert job.params == {
            "kind": "monthly",
            "campaign": campaign.pk,
            "org": county["commission"].pk,
            "month": "2026-11",
            "doc_number": "测卫发〔2026〕20号",
            "pdf": False,
        }
        assert job.output_name == "测试县卫健委2026年11月月度通报.docx"
        page = client.get(response["Location"]).content.decode()
        assert "已生成月度通报" in page and reverse("jobs:job-download", args=[job.pk]) in page
        download = client.get(reverse("jobs:job-download", args=[job.pk]))
    text = docx_text(b"".join(download.streaming_content))
    assert "测卫发〔2026〕20号" in text and "1 | 丙医院 | 2 | 1 | 50.0% | 100.0% | 0" in text


def test_a_job_asked_with_pdf_fails_politely_without_libreoffice(
    client, ledger, cast, campaign, county, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(views, "pdf_available", lambda: True)
    monkeypatch.setattr("reports.pdf.soffice_path", lambda: None)
    client.login(username="office", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(campaign), {"kind": "rectification", "org": county["commission"].pk, "pdf": "on"})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "未安装 LibreOffice" in job.message


def test_another_hospitals_report_is_refused(client, ledger, cast, campaign, county, rolled_out, no_libreoffice):
    client.login(username="owner_b", password=PASSWORD)
    assert client.get(url(rolled_out["JYY"])).status_code == 404
    assert client.post(url(rolled_out["JYY"]), {"kind": "self_inspection", "org": county["a"].pk}).status_code == 404
    response = client.post(url(campaign), {"kind": "self_inspection", "org": county["a"].pk})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_a_monthly_bulletin_needs_a_month_that_has_begun(client, cast, campaign, county, no_libreoffice):
    with at("2026-11-15"):
        client.login(username="office", password=PASSWORD)
        empty = client.post(url(campaign), {"kind": "monthly", "org": county["commission"].pk, "month": ""})
        future = client.post(url(campaign), {"kind": "monthly", "org": county["commission"].pk, "month": "2026-12"})
        wrong = client.post(url(campaign), {"kind": "monthly", "org": county["commission"].pk, "month": "2026-13"})
    assert "生成月度通报须选择月份" in empty.content.decode()
    assert "2026年12月尚未开始" in future.content.decode()
    assert "格式不正确" in wrong.content.decode()
    assert not Job.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, campaign):
    response = client.get(url(campaign))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_with_pdf_the_job_hands_back_both_files_in_a_zip(
    client, cast, campaign, county, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(views, "pdf_available", lambda: True)
    monkeypatch.setattr("reports.services.docx_to_pdf", lambda docx: b"%PDF-1.4 converted")
    client.login(username="office", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(campaign), {"kind": "self_inspection", "org": county["commission"].pk, "pdf": "on"})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.output_name == "测试县卫健委自查报告.zip"
    with zipfile.ZipFile(job.output_file.open("rb")) as archive:
        assert sorted(archive.namelist()) == ["测试县卫健委自查报告.docx", "测试县卫健委自查报告.pdf"]
        assert archive.read("测试县卫健委自查报告.pdf").startswith(b"%PDF")
