"""The printable suggestion-box poster: a QR code that opens the public page for the chosen unit."""

from django.urls import reverse

from conftest import PASSWORD


def test_poster_encodes_the_public_page_for_a_unit(client, campaign, cast, county):
    client.login(username="office", password=PASSWORD)
    url = reverse("participation:submission-poster", args=[campaign.code])
    page = client.get(url, {"org": county["a"].pk}).content.decode()
    assert "<svg" in page and "甲医院" in page
    assert f"/voices/c/{campaign.code}/?org={county['a'].pk}" in page
    public = client.get(reverse("participation:submission-submit", args=[campaign.code]), {"org": county["a"].pk})
    assert f'value="{county["a"].pk}" selected' in public.content.decode()


def test_poster_needs_a_login_and_a_visible_campaign(client, rolled_out, cast):
    url = reverse("participation:submission-poster", args=[rolled_out["JYY"].code])
    assert client.get(url).status_code == 302
    client.login(username="owner_b", password=PASSWORD)
    assert client.get(url).status_code == 404
