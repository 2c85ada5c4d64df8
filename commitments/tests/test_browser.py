"""On a phone: the public wall and a commitment's public page, without logging in."""

import pytest
from django.urls import reverse

from conftest import fits_the_phone

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_the_wall_fits_a_phone(phone_page, live_server, campaign, published):
    page = phone_page
    page.goto(live_server.url + reverse("commitments:wall", args=[campaign.code]))
    expect(page.locator("h1")).to_contain_text("公开承诺")
    expect(page.locator("li.card")).to_have_count(1)
    assert fits_the_phone(page)
    page.click("text=查看详情")
    expect(page.locator(".facts")).to_contain_text("衡量标准")
    assert fits_the_phone(page)
