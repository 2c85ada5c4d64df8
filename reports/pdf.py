"""PDF copies through LibreOffice, when the server has it (`soffice` or `libreoffice` on PATH)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from common.exceptions import DomainError

CONVERT_TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(docx: bytes) -> bytes:
    binary = soffice_path()
    if binary is None:
        raise DomainError("本服务器未安装 LibreOffice，不能生成PDF；请下载Word文档后另存为PDF。")
    with tempfile.TemporaryDirectory(prefix="pobing-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once must not share (and lock) one profile.
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=False,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as error:
            raise DomainError("PDF 转换超时，请稍后重试或下载Word文档后另存为PDF。") from error
        target = work / "report.pdf"
        if not target.exists():
            raise DomainError("PDF 转换失败，请下载Word文档后另存为PDF。")
        return target.read_bytes()
