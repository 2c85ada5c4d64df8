"""The org page and the org filters of list pages go down the tree a step at a time; the org page also
finds orgs by name or code, within scope."""

import pytest
from django.urls import reverse

from organisations.choices import OrgType
from organisations.selectors import org_browse
from organisations.services import org_create

URL = reverse("organisations:org-list")


def names(response) -> list[str]:
    return [org.name for org in response.context["orgs"]]


def test_the_top_of_the_scope_and_the_level_below_then_one_step_down(client, cast, county):
    client.force_login(cast["office"])
    top = client.get(URL)
    assert names(top) == ["测试县卫健委", "甲医院", "乙医院"]
    lines = {org.name: org for org in top.context["orgs"]}
    assert lines["甲医院"].more and lines["甲医院"].child_count == 1
    assert not lines["测试县卫健委"].more and not lines["乙医院"].more
    assert f'href="?under={county["a"].pk}"' in top.content.decode()

    down = client.get(URL, {"under": county["a"].pk})
    assert names(down) == ["测试县卫健委", "甲医院", "甲医院医务科"]
    assert [org.indent for org in down.context["orgs"]] == [0, 1, 2]
    # The commission's other children are not listed on this step: it still offers them.
    assert {org.name: org.more for org in down.context["orgs"]}["测试县卫健委"]


def test_search_by_name_or_code_within_scope_only(client, cast, county):
    client.force_login(cast["office"])
    assert names(client.get(URL, {"q": "医务"})) == ["甲医院医务科"]
    assert names(client.get(URL, {"q": "yyy"})) == ["乙医院"]
    found = client.get(URL, {"q": "不存在"})
    assert names(found) == [] and "没有找到单位" in found.content.decode()
    client.force_login(cast["owner_b"])
    assert names(client.get(URL, {"q": "医院"})) == ["乙医院"]


def test_drilling_outside_the_scope_is_not_found(client, cast, county):
    client.force_login(cast["owner_b"])
    assert client.get(URL, {"under": county["a"].pk}).status_code == 404
    assert names(client.get(URL, {"under": "x"})) == ["乙医院"]


@pytest.mark.parametrize("count", [3, 198, 250])
def test_a_page_never_lists_thousands(cast, county, count):
    for index in range(count):
        org_create(actor=None, name=f"科室{index}", code=f"KS{index:03d}", type=OrgType.DEPARTMENT, parent=county["b"])
    top, cut = org_browse(cast["office"])
    assert len(top) == 3 and not cut  # the commission and its two hospitals
    # B's line (the commission, B) and its departments: 200 lines exactly are all there, not cut.
    under_b, cut = org_browse(cast["office"], under=county["b"])
    assert len(under_b) == min(2 + count, 200)
    assert cut == (2 + count > 200)


@pytest.mark.parametrize("url_name", ["leadership:regulation-list", "commitments:commitment-list"])
def test_the_org_filter_offers_a_step_of_the_tree_at_a_time(client, cast, county, url_name):
    client.force_login(cast["office"])
    top = client.get(reverse(url_name)).content.decode()
    assert f'<option value="{county["a"].pk}">' in top
    assert f'<option value="{county["dept_a"].pk}">' not in top
    down = client.get(reverse(url_name), {"org": county["a"].pk}).content.decode()
    assert f'<option value="{county["dept_a"].pk}">' in down
    # Any org of the scope is still accepted, listed or not.
    chosen = client.get(reverse(url_name), {"org": county["dept_a"].pk})
    assert chosen.context["form"].is_valid()
