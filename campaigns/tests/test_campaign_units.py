"""The one rule for which units bulletins, rankings and look-back summaries compare."""

from campaigns.selectors import campaign_units
from organisations import services as org_services
from organisations.choices import OrgType


def _org(code, type_, parent):
    return org_services.org_create(actor=None, name=code, code=code, type=type_, parent=parent)


def test_rolled_out_units_and_the_other_units_below_the_campaign_org(rolled_out, campaign, county):
    township = _org("XZ", OrgType.TOWNSHIP, county["commission"])
    _org("DZB", OrgType.BRANCH, county["commission"])
    _org("GS", OrgType.DEPARTMENT, county["commission"])
    assert {org.code for org in campaign_units(campaign)} == {"JYY", "YYY", township.code}


def test_departments_when_there_is_nothing_else_and_a_leaf_is_its_own_unit(campaign, county):
    _org("JYY-DZB", OrgType.BRANCH, county["a"])
    assert [org.code for org in campaign_units(campaign, county["a"])] == ["JYY-YWK"]
    assert campaign_units(campaign, county["dept_a"]) == [county["dept_a"]]
