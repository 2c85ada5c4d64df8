"""`manage.py report KIND --campaign CODE [--org CODE] [--month YYYY-MM] [--as USERNAME] -o FILE.docx`."""

import pytest
from django.core.management import CommandError, call_command

from reports.tests.conftest import at, docx_text


def test_the_command_writes_each_report(ledger, tmp_path):
    for kind in ("self_inspection", "rectification", "monthly"):
        target = tmp_path / f"{kind}.docx"
        with at("2026-11-15"):
            call_command("report", kind, "--campaign", "2026-PB", "--month", "2026-11", "-o", str(target))
        assert "测试县卫健委" in docx_text(target.read_bytes())


def test_the_command_reports_as_a_person_within_their_scope(ledger, tmp_path):
    target = tmp_path / "b.docx"
    with at("2026-11-15"):
        call_command("report", "self_inspection", "--campaign", "2026-PB", "--as", "owner_b", "-o", str(target))
    text = docx_text(target.read_bytes())
    assert "乙医院关于思想破冰大研讨自查情况的报告" in text and "门诊挂号" not in text


def test_the_command_refuses_another_hospitals_report(ledger, tmp_path):
    target = tmp_path / "a.docx"
    with pytest.raises(CommandError, match="您无权生成“甲医院”的报告"):
        call_command(
            "report", "rectification", "--campaign", "2026-PB", "--org", "JYY", "--as", "owner_b", "-o", str(target)
        )
    with pytest.raises(CommandError, match="无权查看"):
        call_command("report", "rectification", "--campaign", "2026-PB-JYY", "--as", "owner_b", "-o", str(target))
    assert not target.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--campaign", "NOPE"], "没有代码为“NOPE”的活动"),
        (["--campaign", "2026-PB", "--org", "NOPE"], "没有代码为“NOPE”的单位"),
        (["--campaign", "2026-PB", "--as", "nobody"], "没有用户名为“nobody”"),
        (["--campaign", "2026-PB", "--month", "2026/11"], "格式不正确"),
    ],
)
def test_the_command_explains_what_is_wrong(campaign, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "monthly", *arguments, "-o", str(tmp_path / "x.docx"))
