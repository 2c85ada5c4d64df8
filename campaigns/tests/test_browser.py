"""A phone-sized Chromium walks through login and a campaign overview (Debian's /usr/bin/chromium, no download)."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740}

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not found (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")


@pytest.fixture
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        yield browser.new_page(viewport=PHONE)
        browser.close()


def log_in(page, live_server, username, password):
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_campaign_overview_fits_a_phone(page, live_server, campaign, rolled_out, cast, monkeypatch):
    monkeypatch.setattr("campaigns.views.today", lambda: datetime.date(2026, 9, 20))
    log_in(page, live_server, cast["office"].username, PASSWORD)
    page.goto(live_server.url + reverse("campaigns:campaign-detail", args=[campaign.pk]))

    sync_api.expect(page.locator("ol.timeline")).to_be_visible()
    current = page.locator("ol.timeline li.phase-current[aria-current=step]")
    sync_api.expect(current).to_have_count(1)
    sync_api.expect(current.locator(".phase-name")).to_contain_text("查摆检视")
    assert campaign.plan_items.exists()
    sync_api.expect(page.locator("#plan tbody tr[class^=plan-]")).to_have_count(campaign.plan_items.count())
    sync_api.expect(page.locator("#sub-plans tbody tr")).to_have_count(len(rolled_out))
    # The stylesheet really applied (otherwise the overflow check below proves nothing).
    assert current.evaluate("el => getComputedStyle(el).boxShadow") != "none"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_wrong_password_is_refused_in_chinese(page, live_server, cast):
    log_in(page, live_server, cast["office"].username, "wrong-password")
    sync_api.expect(page.locator(".errors")).to_contain_text("用户名/手机号或密码不正确")
