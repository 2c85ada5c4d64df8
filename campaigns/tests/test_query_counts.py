"""List pages make a fixed number of queries however many rows they show (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services as campaign_services
from conftest import PASSWORD, make_person
from organisations import services as org_services
from organisations.choices import OrgType, Role


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name",
    ["campaigns:campaign-list", "organisations:org-list", "organisations:person-list", "audit:auditentry-list"],
)
def test_list_pages_do_not_grow_with_rows(client, campaign, cast, county, url_name):
    client.login(username="office", password=PASSWORD)
    url = reverse(url_name)
    before = queries(client, url)
    for index in range(5):
        unit = org_services.org_create(
            actor=cast["office"],
            name=f"新卫生院{index}",
            code=f"XWSY{index}",
            type=OrgType.TOWNSHIP,
            parent=county["commission"],
        )
        make_person(f"extra{index}", unit, Role.OWNER)
    campaign_services.campaign_roll_out(actor=cast["office"], campaign=campaign, orgs=[county["a"], county["b"]])
    assert queries(client, url) == before
