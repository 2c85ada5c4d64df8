"""A PDF copy through LibreOffice, where the server has it."""

import pytest
from django.core.management import call_command

from common.exceptions import DomainError
from reports import pdf
from reports.tests.conftest import at


@pytest.mark.skipif(not pdf.pdf_available(), reason="LibreOffice（soffice/libreoffice）未安装，跳过PDF转换测试")
def test_the_command_also_writes_a_pdf(ledger, tmp_path):
    target = tmp_path / "通报.docx"
    with at("2026-11-15"):
        call_command("report", "monthly", "--campaign", "2026-PB", "--pdf", "-o", str(target))
    assert target.exists()
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_without_libreoffice_a_pdf_is_refused_politely(monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    with pytest.raises(DomainError, match="未安装 LibreOffice"):
        pdf.docx_to_pdf(b"PK")
