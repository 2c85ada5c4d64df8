"""Evidence files are accepted by their content, not by their name."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.exceptions import DomainError
from common.uploads import MAX_UPLOAD_BYTES, check_evidence_file
from ledger import services
from ledger.models import Evidence, Progress
from ledger.tests.factories import docx_file, exe_file, pdf_file, png_file, xlsx_file


@pytest.mark.parametrize(
    ("upload", "file_type"),
    [(pdf_file(), "pdf"), (png_file(), "png"), (docx_file(), "docx"), (xlsx_file(), "xlsx")],
)
def test_real_files_are_accepted(upload, file_type):
    checked = check_evidence_file(upload)
    assert checked.file_type == file_type
    assert len(checked.sha256) == 64


def test_an_executable_renamed_pdf_is_refused():
    with pytest.raises(DomainError, match="内容不是"):
        check_evidence_file(exe_file("整改报告.pdf"))


def test_content_and_name_must_agree():
    with pytest.raises(DomainError, match="与文件扩展名不符"):
        check_evidence_file(docx_file("照片.pdf"))


def test_a_zip_that_is_not_an_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DomainError, match="内容不是"):
        check_evidence_file(SimpleUploadedFile("材料.docx", buffer.getvalue()))


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(DomainError, match="空文件"):
        check_evidence_file(SimpleUploadedFile("a.pdf", b""))
    with pytest.raises(DomainError, match="超过 20 MB"):
        check_evidence_file(SimpleUploadedFile("大文件.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES))


def test_a_refused_file_saves_nothing(measure, cast, settings):
    with pytest.raises(DomainError, match="内容不是"):
        services.progress_report(
            actor=cast["owner_a"], measure=measure, text="进展", percent=30, files=[pdf_file(), exe_file()]
        )
    assert not Progress.objects.exists()
    assert not Evidence.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_accepted_evidence_is_stored_and_reads_back(measure, cast):
    services.progress_report(actor=cast["owner_a"], measure=measure, text="进展", percent=30, files=[docx_file()])
    evidence = Evidence.objects.get()
    assert evidence.file_type == "docx"
    with evidence.file.open("rb") as stored:
        assert zipfile.ZipFile(stored).read("word/document.xml").decode().count("已完成门诊流程优化") == 1
