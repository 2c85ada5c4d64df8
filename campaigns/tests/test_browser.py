"""A phone-sized Chromium walks through login and a campaign overview."""

import datetime

import pytest
from django.urls import reverse

from conftest import browser_log_in, fits_the_phone

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_campaign_overview_fits_a_phone(phone_page, live_server, campaign, rolled_out, cast, monkeypatch):
    page = phone_page
    monkeypatch.setattr("campaigns.views.today", lambda: datetime.date(2026, 9, 20))
    browser_log_in(page, live_server, cast["office"].username)
    page.goto(live_server.url + reverse("campaigns:campaign-detail", args=[campaign.pk]))

    expect(page.locator("ol.timeline")).to_be_visible()
    current = page.locator("ol.timeline li.phase-current[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current.locator(".phase-name")).to_contain_text("查摆检视")
    assert campaign.plan_items.exists()
    expect(page.locator("#plan tbody tr[class^=plan-]")).to_have_count(campaign.plan_items.count())
    expect(page.locator("#sub-plans tbody tr")).to_have_count(len(rolled_out))
    # The stylesheet really applied (otherwise the overflow check below proves nothing).
    assert current.evaluate("el => getComputedStyle(el).boxShadow") != "none"
    assert fits_the_phone(page)


def test_wrong_password_is_refused_in_chinese(phone_page, live_server, cast):
    browser_log_in(phone_page, live_server, cast["office"].username, "wrong-password")
    expect(phone_page.locator(".errors")).to_contain_text("用户名/手机号或密码不正确")
