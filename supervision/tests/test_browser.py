"""On a phone: a unit head signs for a notice and answers it; the lists fit the screen."""

import pytest
from django.urls import reverse

from conftest import browser_log_in, fits_the_phone
from supervision import services
from supervision.choices import UrgeStatus
from supervision.models import UrgeNotice

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_head_acknowledges_and_answers_a_notice_on_a_phone(phone_page, live_server, measure, cast):
    notice = services.urge_notice_issue(actor=cast["office"], measure=measure, text="整改进度滞后，请说明原因")
    page = phone_page
    browser_log_in(page, live_server, cast["head_a"].username)
    page.goto(live_server.url + reverse("supervision:urgenotice-list"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert fits_the_phone(page)
    page.click("text=整改进度滞后")
    with page.expect_navigation():
        page.click("button:has-text('签收')")
    page.fill("textarea[name=answer]", "已调配人员，本周内完成")
    with page.expect_navigation():
        page.click("button:has-text('提交反馈')")
    expect(page.locator(".msg")).to_contain_text("已提交反馈")
    expect(page.locator(".history")).to_contain_text("签收")
    assert fits_the_phone(page)
    assert UrgeNotice.objects.get(pk=notice.pk).status == UrgeStatus.ANSWERED
    for name in ("inspection-list", "spotcheck-list"):
        page.goto(live_server.url + reverse(f"supervision:{name}"))
        assert fits_the_phone(page)
