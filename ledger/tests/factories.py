"""Ledger objects made the way users make them: through the services."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from common.dates import today
from ledger import services
from ledger.choices import MeasureKind, ProblemSource


def pdf_file(name="整改报告.pdf") -> SimpleUploadedFile:
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_file(name="整改说明.docx") -> SimpleUploadedFile:
    document = Document()
    document.add_paragraph("已完成门诊流程优化。")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_file(name="台账.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(["问题", "措施"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def png_file(name="现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        ),
    )


def exe_file(name="整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64)


def make_problem(*, actor, campaign, org, **fields):
    fields.setdefault("source", ProblemSource.SELF)
    fields.setdefault("description", "门诊挂号排队时间长，群众反映强烈")
    return services.problem_create(actor=actor, campaign=campaign, org=org, **fields)


def make_measure(*, actor, problem, **fields):
    fields.setdefault("content", "优化挂号流程，增设自助机")
    fields.setdefault("kind", MeasureKind.DEADLINE)
    if fields["kind"] == MeasureKind.DEADLINE:
        fields.setdefault("deadline", today() + datetime.timedelta(days=60))
    return services.measure_create(actor=actor, problem=problem, **fields)
