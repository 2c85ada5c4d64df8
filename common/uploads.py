"""Uploaded files are accepted by what they contain, not by what they are called."""

import hashlib
import zipfile
from dataclasses import dataclass

from common.exceptions import DomainError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# file type → (name endings it may carry, label shown to people)
FILE_TYPES = {
    "pdf": ((".pdf",), "PDF"),
    "png": ((".png",), "PNG 图片"),
    "jpeg": ((".jpg", ".jpeg"), "JPEG 图片"),
    "gif": ((".gif",), "GIF 图片"),
    "webp": ((".webp",), "WebP 图片"),
    "docx": ((".docx",), "Word 文档（.docx）"),
    "xlsx": ((".xlsx",), "Excel 表格（.xlsx）"),
}
ACCEPTED_LABEL = "PDF、图片（JPG/PNG/GIF/WebP）、Word（.docx）或 Excel（.xlsx）"


@dataclass(frozen=True)
class CheckedFile:
    file_type: str
    size: int
    sha256: str


def sniff(head: bytes, file) -> str | None:
    """The type the content really is, from its leading bytes (and, for Office files, the zip's parts)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


def _sha256(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_evidence_file(upload) -> CheckedFile:
    """Refuse, in Chinese, a file that is too big, empty, or whose content is not one we accept or
    does not match its name."""
    name = upload.name or ""
    if upload.size == 0:
        raise DomainError(f"文件“{name}”是空文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(f"文件“{name}”超过 20 MB（{upload.size / 1024 / 1024:.1f} MB），请压缩或拆分后再上传。")
    upload.seek(0)
    head = upload.read(16)
    file_type = sniff(head, upload)
    if file_type is None:
        raise DomainError(f"文件“{name}”的内容不是{ACCEPTED_LABEL}，不能作为佐证材料。")
    endings, label = FILE_TYPES[file_type]
    if not name.lower().endswith(endings):
        raise DomainError(f"文件“{name}”的内容是{label}，与文件扩展名不符，请核对后重新上传。")
    return CheckedFile(file_type=file_type, size=upload.size, sha256=_sha256(upload))


MAX_PHOTO_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"png", "jpeg", "gif", "webp"}
IMAGE_LABEL = "JPG、PNG、GIF 或 WebP"


def check_photo_file(upload) -> CheckedFile:
    """Like check_evidence_file, but only images (by content) of at most 10 MB: a PDF or anything
    else is refused, in Chinese. The name's ending need not match, for phones name photos oddly."""
    name = upload.name or ""
    if upload.size == 0:
        raise DomainError(f"照片“{name}”是空文件。")
    if upload.size > MAX_PHOTO_BYTES:
        raise DomainError(f"照片“{name}”超过 10 MB（{upload.size / 1024 / 1024:.1f} MB），请压缩后再上传。")
    upload.seek(0)
    file_type = sniff(upload.read(16), upload)
    if file_type not in IMAGE_TYPES:
        raise DomainError(f"文件“{name}”不是图片，只能上传{IMAGE_LABEL}格式的照片。")
    return CheckedFile(file_type=file_type, size=upload.size, sha256=_sha256(upload))
