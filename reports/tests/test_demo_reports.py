"""Each report can be made from the demo campaign (`manage.py demo`)."""

import io

from django.core.management import call_command

from common.dates import today
from reports.tests.conftest import docx_text


def test_each_report_is_made_from_the_demo_campaign(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    for kind in ("self_inspection", "rectification", "monthly"):
        target = tmp_path / f"{kind}.docx"
        call_command(
            "report",
            kind,
            "--campaign",
            "2026-PB",
            "--month",
            f"{today():%Y-%m}",
            "-o",
            str(target),
            stdout=io.StringIO(),
        )
        text = docx_text(target.read_bytes())
        assert "青山县卫生健康委员会" in text and "一、" in text
    target = tmp_path / "ywk.docx"
    call_command(
        "report", "monthly", "--campaign", "2026-PB", "--as", "qsrmyy-ywk", "-o", str(target), stdout=io.StringIO()
    )
    assert "青山县人民医院医务科关于" in docx_text(target.read_bytes())
