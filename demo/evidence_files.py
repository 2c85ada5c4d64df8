"""Small but real evidence files (佐证材料) for the demo ledger: each opens in an ordinary viewer.

They are built here rather than shipped so that every file's content (and so its SHA-256) is its own,
and they stay a few kilobytes so a demo ledger of hundreds of files weighs little on disk.
"""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with Chinese text in Adobe's standard STSong-Light font (no font embedded:
    PDF readers carry it or a substitute, which keeps the file under a few KB)."""

    def text(value: str) -> str:
        return "<" + value.encode("utf-16-be").hex().upper() + ">"

    stream_lines = ["BT", "/F1 18 Tf", "72 770 Td", f"{text(title)} Tj", "/F1 11 Tf", "0 -36 Td"]
    for line in lines:
        stream_lines += [f"{text(line)} Tj", "0 -20 Td"]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def png_bytes(seed: int, width: int = 160, height: int = 100) -> bytes:
    """A small picture standing in for an on-site photo (现场照片): a sky, a building and a window
    row, coloured by `seed` so that no two photos are the same file."""
    sky = (150 + seed * 7 % 80, 190 + seed * 3 % 50, 230)
    wall = (200 + seed * 5 % 50, 170 + seed * 11 % 60, 140 + seed * 13 % 70)
    window = (70, 110 + seed % 60, 160)
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            if y < 35:
                pixel = sky
            elif (x // 12) % 3 == 1 and (45 <= y < 58 or 68 <= y < 81) and 20 < x < width - 20:
                pixel = window
            else:
                pixel = wall
            rows += bytes(pixel)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    document = Document()
    heading = document.add_paragraph()
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(16)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(title: str, header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
