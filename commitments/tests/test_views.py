"""Commitment pages: the public wall for anyone, the internal pages for who may and not for who may not."""

import pytest
from django.urls import reverse

from commitments import services
from commitments.choices import CommitmentStatus
from commitments.models import Commitment, CommitmentEvidence
from commitments.tests.conftest import make_commitment
from conftest import PASSWORD, make_person
from ledger.tests.factories import pdf_file
from organisations.choices import Role


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def wall_url(campaign):
    return reverse("commitments:wall", args=[campaign.code])


@pytest.fixture
def wall(campaign, rolled_out, cast, county, published):
    """Hospital A's head with a published and a draft commitment, and a leader of B with one in B's sub-plan."""
    head = cast["head_a"]
    head.mobile, head.email = "13912345678", "head_a@example.cn"
    head.save()
    head.memberships.filter(org=county["a"]).update(position="院长")
    hidden = make_commitment(
        actor=head, campaign=campaign, org=county["a"], responsible=cast["owner_a"], content="草稿承诺不应公开"
    )
    leader_b = make_person("leader_b", county["b"], Role.LEADER, name="乙院副院长", mobile="13700000000")
    leader_b.memberships.update(position="副院长")
    responsible_b = cast["owner_b"]
    of_b = make_commitment(
        actor=leader_b, campaign=rolled_out["YYY"], org=county["b"], responsible=responsible_b, content="乙院承诺"
    )
    services.commitment_publish(actor=leader_b, commitment=of_b)
    return {"published": published, "draft": hidden, "of_b": of_b}


def test_wall_shows_published_commitments_without_login_and_no_phone_numbers(client, campaign, wall, cast):
    page = client.get(wall_url(campaign))
    assert page.status_code == 200
    html = page.content.decode()
    assert "一个月内开通门诊夜间服务" in html and "乙院承诺" in html
    assert "草稿承诺不应公开" not in html
    assert "院长" in html and "head_a" in html
    for secret in ("13912345678", "head_a@example.cn", "13700000000", "13800000001"):
        assert secret not in html
    assert "承诺中" in html


def test_wall_filters_by_unit(client, campaign, wall, county):
    html = client.get(wall_url(campaign), {"org": county["b"].pk}).content.decode()
    assert "乙院承诺" in html and "一个月内开通门诊夜间服务" not in html


def test_a_sub_plans_wall_shows_only_its_own_commitments(client, rolled_out, wall):
    html = client.get(wall_url(rolled_out["YYY"])).content.decode()
    assert "乙院承诺" in html and "一个月内开通门诊夜间服务" not in html
    assert client.get(reverse("commitments:wall", args=["NO-SUCH"])).status_code == 404


def test_wall_detail_shows_the_verified_fulfilment_report(client, campaign, wall, cast):
    commitment = wall["published"]
    services.commitment_request_fulfilment(
        actor=cast["head_a"], commitment=commitment, text="夜间门诊已开诊，满意率93%", files=[pdf_file()]
    )
    url = reverse("commitments:wall-detail", args=[campaign.code, commitment.pk])
    assert "满意率93%" not in client.get(url).content.decode()
    services.commitment_verify(actor=cast["supervisor"], commitment=commitment)
    html = client.get(url).content.decode()
    assert "满意率93%" in html and "已兑现" in html
    assert "13912345678" not in html and "整改报告.pdf" not in html


def test_wall_detail_hides_drafts_and_other_campaigns(client, campaign, rolled_out, wall):
    assert client.get(reverse("commitments:wall-detail", args=[campaign.code, wall["draft"].pk])).status_code == 404
    other = reverse("commitments:wall-detail", args=[rolled_out["JYY"].code, wall["of_b"].pk])
    assert client.get(other).status_code == 404


def test_wall_query_count_is_fixed(client, campaign, wall, cast, county, django_assert_num_queries):
    for index in range(5):
        commitment = make_commitment(
            actor=cast["head_a"],
            campaign=campaign,
            org=county["a"],
            responsible=cast["owner_a"],
            content=f"承诺{index}",
        )
        services.commitment_publish(actor=cast["head_a"], commitment=commitment)
    # the campaign, its sub-plans, the commitments (with unit, committer and responsible)
    with django_assert_num_queries(3):
        assert client.get(wall_url(campaign)).status_code == 200


def test_list_and_detail_are_scoped(client, wall, cast):
    commitment = wall["published"]
    login(client, cast["owner_b"])
    assert "一个月内开通门诊夜间服务" not in client.get(reverse("commitments:commitment-list")).content.decode()
    for name in ("commitment-detail", "commitment-report", "commitment-fulfil", "commitment-verify"):
        assert client.get(reverse(f"commitments:{name}", args=[commitment.pk])).status_code == 404, name
    assert client.post(reverse("commitments:commitment-publish", args=[wall["draft"].pk])).status_code == 404
    for who in ("head_a", "owner_a", "office", "supervisor"):
        client.logout()
        login(client, cast[who])
        assert "一个月内开通门诊夜间服务" in client.get(reverse("commitments:commitment-list")).content.decode(), who
        assert client.get(reverse("commitments:commitment-detail", args=[commitment.pk])).status_code == 200


def test_list_query_count_is_pinned(client, wall, cast, county, campaign, django_assert_num_queries):
    for index in range(5):
        make_commitment(
            actor=cast["head_a"],
            campaign=campaign,
            org=county["a"],
            responsible=cast["owner_a"],
            content=f"承诺{index}",
        )
    login(client, cast["office"])
    client.get(reverse("commitments:commitment-list"))
    # session, user, memberships, rows, whether the user may commit, the filter's campaigns and orgs
    with django_assert_num_queries(8):
        page = client.get(reverse("commitments:commitment-list"))
    assert len(page.context["rows"]) == 8


def test_overdue_filter(client, wall, cast):
    Commitment.objects.filter(pk=wall["published"].pk).update(deadline="2020-01-01")
    login(client, cast["office"])
    page = client.get(reverse("commitments:commitment-list"), {"overdue": "on"})
    assert [row.pk for row in page.context["rows"]] == [wall["published"].pk]
    assert "逾期" in page.content.decode()


def test_create_publish_report_and_verify_through_the_pages(client, campaign, cast, county):
    login(client, cast["owner_a"])
    assert client.get(reverse("commitments:commitment-create")).status_code == 403
    client.logout()
    login(client, cast["head_a"])
    response = client.post(
        reverse("commitments:commitment-create"),
        {
            "campaign": campaign.pk,
            "org": county["a"].pk,
            "content": "开设便民服务窗口",
            "target": "窗口每日开放8小时",
            "deadline": "2099-12-31",
            "responsible": cast["owner_a"].pk,
        },
    )
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert (
        client.post(
            reverse("commitments:commitment-edit", args=[commitment.pk]),
            {
                "content": "开设便民服务窗口",
                "target": "窗口每日开放10小时",
                "deadline": "2099-12-31",
                "responsible": cast["owner_a"].pk,
                "position": "院长",
            },
        ).status_code
        == 302
    )
    client.post(reverse("commitments:commitment-publish", args=[commitment.pk]))
    response = client.post(
        reverse("commitments:commitment-fulfil", args=[commitment.pk]), {"text": "已开设", "files": [pdf_file()]}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.REQUESTED and commitment.position == "院长"
    assert commitment.target == "窗口每日开放10小时"
    assert client.get(reverse("commitments:commitment-edit", args=[commitment.pk])).status_code == 403

    client.logout()
    login(client, cast["office"])
    page = client.post(reverse("commitments:commitment-verify", args=[commitment.pk]), {"remark": "通过"})
    assert page.status_code == 200 and "监督考核组" in page.content.decode()
    client.logout()
    login(client, cast["supervisor"])
    assert "核验兑现" in client.get(reverse("commitments:commitment-detail", args=[commitment.pk])).content.decode()
    client.post(reverse("commitments:commitment-verify", args=[commitment.pk]), {"remark": "通过"})
    assert Commitment.objects.get().status == CommitmentStatus.FULFILLED


def test_evidence_only_for_those_who_see_the_commitment(client, requested, cast):
    evidence = CommitmentEvidence.objects.get()
    url = reverse("commitments:evidence-download", args=[evidence.pk])
    login(client, cast["owner_b"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    login(client, cast["supervisor"])
    assert client.get(url).status_code == 200
