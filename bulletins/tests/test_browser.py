"""On a phone: the bulletin's tables scroll sideways inside the page, the page itself does not."""

import pytest
from django.urls import reverse

from conftest import browser_log_in, fits_the_phone

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_bulletin_fits_the_phone(phone_page, live_server, bulletin, cast):
    page = phone_page
    browser_log_in(page, live_server, cast["office"].username)
    page.goto(live_server.url + reverse("bulletins:bulletin-detail", args=[bulletin.pk]))
    expect(page.locator("#ranking tbody tr")).to_have_count(4)
    assert fits_the_phone(page)
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
