"""The maintained counters (per org and per campaign) against a live count of the measures, and the
ledger's status counts read from them for every scope."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign
from campaigns.selectors import campaign_list
from common.dates import today
from ledger import selectors, services
from ledger.choices import MeasureKind, MeasureStatus
from ledger.models import CampaignStatusCount, Measure, StatusCount
from ledger.tests.factories import make_measure, make_problem, pdf_file
from organisations.choices import Role
from organisations.selectors import org_list


def assert_counters_match_measures():
    live = Measure.objects.order_by().values_list("campaign_id", "org_id", "status").annotate(n=Count("id"))
    by_org = {(campaign, org, status): n for campaign, org, status, n in live}
    by_campaign: dict = {}
    for (campaign, _, status), n in by_org.items():
        by_campaign[(campaign, status)] = by_campaign.get((campaign, status), 0) + n
    org_rows = StatusCount.objects.values_list("campaign_id", "org_id", "status", "count")
    assert {(c, o, s): n for c, o, s, n in org_rows if n} == by_org
    campaign_rows = CampaignStatusCount.objects.values_list("campaign_id", "status", "count")
    assert {(c, s): n for c, s, n in campaign_rows if n} == by_campaign
    # Every status has its rows from the first measure on: the services only ever update them.
    assert {(c, o) for c, o, _, _ in org_rows} == {(c, o) for c, o, _ in by_org}
    assert {c for c, _, _ in campaign_rows} == {c for c, _ in by_campaign}
    assert len(org_rows) == len({(c, o) for c, o, _ in by_org}) * len(MeasureStatus.values)
    assert len(campaign_rows) == len({c for c, _ in by_campaign}) * len(MeasureStatus.values)


def live_counts(user, *, campaign_ids=None, org=None):
    """What the counters must say: the measures of orgs in the user's scope, of the given campaigns."""
    measures = Measure.objects.filter(org__in=org_list(user))
    if campaign_ids is None:
        measures = measures.filter(campaign__in=campaign_list(user))
    else:
        measures = measures.filter(campaign_id__in=campaign_ids)
    if org is not None:
        measures = measures.filter(org__path__startswith=org.path)
    return {**dict.fromkeys(MeasureStatus.values, 0), **dict(measures.values_list("status").annotate(n=Count("id")))}


@pytest.fixture
def ledger(rolled_out, campaign, cast, county):
    """Measures of the commission's campaign and of hospital A's sub-plan, in A and in its department."""
    problems = [
        make_problem(actor=cast["office"], campaign=campaign, org=county["commission"]),
        make_problem(actor=cast["office"], campaign=campaign, org=county["b"]),
        make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"]),
        make_problem(actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["dept_a"]),
    ]
    measures = [make_measure(actor=cast["office"], problem=problem) for problem in problems[:2]]
    for problem in problems[2:]:
        measures += [make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"]) for _ in range(2)]
    return measures


def test_counters_follow_creates_and_every_transition(ledger, problem, cast):
    assert_counters_match_measures()
    measure = make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"])
    assert_counters_match_measures()
    long_term = make_measure(actor=cast["office_a"], problem=problem, kind=MeasureKind.LONG_TERM, owner=cast["owner_a"])
    steps = [
        lambda: services.measure_start(actor=cast["owner_a"], measure=measure),
        lambda: services.progress_report(actor=cast["owner_a"], measure=measure, text="进展", percent=80),
        lambda: services.measure_request_closeout(
            actor=cast["owner_a"], measure=measure, self_assessment="达到验收标准", files=[pdf_file()]
        ),
        lambda: services.measure_send_back(actor=cast["head_a"], measure=measure, reason="佐证材料不足"),
        lambda: services.measure_request_closeout(
            actor=cast["owner_a"], measure=measure, self_assessment="已补充", files=[pdf_file()]
        ),
        lambda: services.measure_confirm(actor=cast["head_a"], measure=measure),
        lambda: services.measure_send_back(actor=cast["supervisor"], measure=measure, reason="现场核验未通过"),
        lambda: services.measure_request_closeout(
            actor=cast["owner_a"], measure=measure, self_assessment="再次申请", files=[pdf_file()]
        ),
        lambda: services.measure_confirm(actor=cast["head_a"], measure=measure),
        lambda: services.measure_verify(actor=cast["supervisor"], measure=measure),
        lambda: services.measure_reopen(actor=cast["supervisor"], measure=measure, reason="问题反弹"),
        lambda: services.measure_start(actor=cast["owner_a"], measure=long_term),
        lambda: services.measure_request_closeout(
            actor=cast["owner_a"], measure=long_term, self_assessment="制度已建立", files=[pdf_file()]
        ),
        lambda: services.measure_confirm(actor=cast["head_a"], measure=long_term),
        lambda: services.measure_verify(actor=cast["supervisor"], measure=long_term),
    ]
    seen = set()
    for step in steps:
        step()
        measure.refresh_from_db()
        long_term.refresh_from_db()
        seen |= {measure.status, long_term.status}
        assert_counters_match_measures()
    assert seen == set(MeasureStatus.values)


@pytest.mark.parametrize("who", ["office", "office_a", "head_a", "owner_a", "supervisor", "owner_b", "superuser"])
def test_status_counts_agree_with_a_live_count_for_every_scope(ledger, rolled_out, campaign, cast, county, who):
    user = cast.get(who) or get_user_model().objects.create_superuser("root", password="x")
    for campaign_ids, org in [
        (None, None),
        ([campaign.pk, rolled_out["JYY"].pk, rolled_out["YYY"].pk], None),
        ([rolled_out["JYY"].pk], None),
        (None, county["a"]),
        (None, county["dept_a"]),
    ]:
        user.__dict__.pop("_pobing_memberships", None)
        expected = live_counts(user, campaign_ids=campaign_ids, org=org)
        assert selectors.status_counts(user=user, campaigns=campaigns(user, campaign_ids), org=org) == expected


def campaigns(user, campaign_ids: list[int] | None) -> dict[int, str]:
    if campaign_ids is None:
        return selectors.ledger_campaigns(user)
    return selectors.campaign_paths(Campaign.objects.filter(pk__in=campaign_ids))


def tables_read(user, campaign_ids: list[int] | None, org=None) -> set[str]:
    paths = campaigns(user, campaign_ids)
    with CaptureQueriesContext(connection) as captured:
        selectors.status_counts(user=user, campaigns=paths, org=org)
    return {
        table
        for query in captured.captured_queries
        for table in ("ledger_campaignstatuscount", "ledger_statuscount")
        if f'"{table}"' in query["sql"]
    }


def test_a_campaign_in_scope_is_counted_from_its_own_rows(ledger, cast):
    # The county office covers every campaign of the county: a few rows per campaign.
    assert tables_read(cast["office"], campaign_ids=None) == {"ledger_campaignstatuscount"}


def test_a_narrower_scope_sums_the_orgs_in_it(ledger, rolled_out, cast, county):
    # Hospital A's office follows the commission's campaign from below: only A's orgs count there.
    assert tables_read(cast["office_a"], campaign_ids=None) == {"ledger_campaignstatuscount", "ledger_statuscount"}
    assert tables_read(cast["office_a"], campaign_ids=[rolled_out["JYY"].pk]) == {"ledger_campaignstatuscount"}
    # A chosen org, or a department's person in their hospital's campaign, reads the per-org rows.
    assert "ledger_statuscount" in tables_read(cast["office"], campaign_ids=None, org=county["a"])
    assert "ledger_statuscount" in tables_read(cast["owner_a"], campaign_ids=[rolled_out["JYY"].pk])
    counts = selectors.status_counts(user=cast["owner_a"], campaigns=campaigns(cast["owner_a"], [rolled_out["JYY"].pk]))
    assert counts[MeasureStatus.NOT_STARTED] == 2  # the department's two, not hospital A's four


@pytest.mark.django_db(transaction=True)
def test_migration_fills_the_campaign_counters_from_the_org_counters(ledger, cast, problem):
    from django.db.migrations.executor import MigrationExecutor

    services.measure_start(actor=cast["owner_a"], measure=ledger[2])
    before, after = [("ledger", "0004_problem_recurrence_of")], [("ledger", "0005_campaign_status_count")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    executor.loader.build_graph()
    executor.migrate(after)
    assert_counters_match_measures()


@pytest.mark.parametrize("who", ["office", "office_a", "head_a", "owner_a", "supervisor", "owner_b", "superuser"])
def test_ledger_rows_are_the_measures_in_scope_of_the_campaigns_seen(ledger, rolled_out, campaign, cast, who):
    # The ledger leaves out the scope filter for a campaign whose org is in the user's scope; what it
    # shows must still be exactly the scoped measures of the campaigns the user sees (or has chosen).
    user = cast.get(who) or get_user_model().objects.create_superuser("root", password="x")
    for chosen in (None, campaign, rolled_out["JYY"]):
        user.__dict__.pop("_pobing_memberships", None)
        family = selectors.campaign_family_ids(chosen) if chosen else campaign_list(user).values("pk")
        expected = set(selectors.measure_list(user).filter(campaign_id__in=family).values_list("pk", flat=True))
        shown = selectors.ledger_measures(user, {"campaign": chosen} if chosen else {}, today())
        assert set(shown.values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("who", ["office", "office_a", "head_a", "owner_a", "superuser"])
def test_office_measures_are_those_of_the_orgs_where_the_user_runs_the_office(ledger, campaign, county, cast, who):
    # Hospital A also has a measure in the commission's campaign, which its office follows from below.
    make_measure(actor=cast["office"], problem=make_problem(actor=cast["office"], campaign=campaign, org=county["a"]))
    user = cast.get(who) or get_user_model().objects.create_superuser("root", password="x")
    offices = org_list(user, {Role.OFFICE})
    expected = set(Measure.objects.filter(org__in=offices).values_list("pk", flat=True))
    shown = selectors.office_measures(user, selectors.ledger_campaigns(user))
    assert set(shown.values_list("pk", flat=True)) == expected
