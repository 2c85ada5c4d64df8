"""The official document number (发文字号) of GB/T 9704-2012: 机关代字〔年份〕序号号."""

import re

from django.core.exceptions import ValidationError

WRONG_BRACKETS = "[]()（）【】［］〈〉<>{}"
DOC_NUMBER_RE = re.compile(r"^(?P<prefix>[\u4e00-\u9fffA-Za-z]+)〔(?P<year>\d+)〕(?P<serial>\d+)号$")


def validate_doc_number(value: str) -> None:
    value = value.strip()
    example = "例如：青卫发〔2026〕12号"
    if "第" in value:
        raise ValidationError(f"发文字号的序号前不加“第”。{example}", code="doc_number_di")
    if any(ch in value for ch in WRONG_BRACKETS) and "〔" not in value:
        raise ValidationError(
            f"发文字号的年份须用六角括号〔〕括入，不能用其他括号。{example}", code="doc_number_brackets"
        )
    if not value.endswith("号"):
        raise ValidationError(f"发文字号须以“号”结尾。{example}", code="doc_number_suffix")
    match = DOC_NUMBER_RE.match(value)
    if match is None:
        raise ValidationError(f"发文字号格式不正确，应为“机关代字〔年份〕序号号”。{example}", code="doc_number_format")
    year, serial = match["year"], match["serial"]
    if len(year) != 4 or not 1949 <= int(year) <= 2100:
        raise ValidationError(f"发文字号的年份须为四位数字，如 2026。{example}", code="doc_number_year")
    if int(serial) == 0:
        raise ValidationError(f"发文字号的序号须从1起编。{example}", code="doc_number_serial")
    if serial.startswith("0"):
        raise ValidationError(
            f"发文字号的序号不编虚位，不能有前导零（“{serial}号”应写作“{int(serial)}号”）。", code="doc_number_zero"
        )
