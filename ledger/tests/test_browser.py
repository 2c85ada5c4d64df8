"""On a phone: the ledger, a measure's page, and an owner reporting progress with a photo."""

import pytest
from django.urls import reverse

from conftest import browser_log_in, fits_the_phone
from ledger.models import Evidence
from ledger.tests.factories import png_file

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_owner_reports_progress_with_a_photo_on_a_phone(phone_page, live_server, measure, cast, tmp_path):
    page = phone_page
    browser_log_in(page, live_server, cast["owner_a"].username)
    expect(page.locator("h1")).to_contain_text("我的待办")
    expect(page.locator("table.ledger tbody tr")).to_have_count(1)
    assert fits_the_phone(page)

    page.goto(live_server.url + reverse("ledger:measure-list"))
    expect(page.locator(".light").first).to_be_visible()
    assert fits_the_phone(page)

    page.click(f"text={measure.problem.code}")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png_file().read())
    page.click("summary:has-text('报送整改进展')")
    page.fill("textarea[name=text]", "已增设自助挂号机两台")
    page.fill("input[name=percent]", "40")
    page.set_input_files("input[name=files]", str(photo))
    with page.expect_navigation():
        page.click("button:has-text('报送')")
    expect(page.locator(".msg")).to_contain_text("已完成")
    expect(page.locator(".history")).to_contain_text("现场照片.png")
    assert fits_the_phone(page)
    assert Evidence.objects.get().file_type == "png"
