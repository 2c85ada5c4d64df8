"""A phone-sized Chromium opens the notification centre and follows a notification."""

import pytest
from django.urls import reverse

from conftest import browser_log_in, fits_the_phone
from notifications.choices import NotificationKind
from notifications.services import notify

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_notification_centre_fits_a_phone(phone_page, live_server, cast):
    notify(
        users=[cast["owner_a"]],
        kind=NotificationKind.MEASURE_RED,
        title="红灯：整改措施已超过时限（2026年11月20日）",
        body="2026-PB-001 优化挂号流程，增设自助机，门诊高峰期排队时间压缩到15分钟以内",
        url=reverse("notifications:preference-edit"),
        key="browser",
    )
    page = phone_page
    browser_log_in(page, live_server, cast["owner_a"].username)
    page.goto(live_server.url + reverse("notifications:notification-list"))
    expect(page.locator(".card .tag-now")).to_have_count(1)
    assert fits_the_phone(page)
    with page.expect_navigation():
        page.click(".card button.link")
    expect(page.locator("h1")).to_contain_text("消息推送设置")
    assert fits_the_phone(page)
