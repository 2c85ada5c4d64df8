from django.urls import reverse


def test_audit_page_for_office_and_inspectors_only(client, campaign, cast):
    url = reverse("audit:auditentry-list")
    for reader in ("office", "inspector"):
        client.force_login(cast[reader])
        response = client.get(url)
        assert response.status_code == 200 and str(campaign) in response.content.decode()
    client.force_login(cast["owner_a"])
    assert client.get(url).status_code == 403
    client.force_login(cast["office_a"])
    assert str(campaign) not in client.get(url).content.decode()
