"""What supervision adds to 我的待办: notices to answer, answers to accept, items to re-verify."""

from ledger.tests.factories import make_measure, make_problem
from supervision import selectors, services
from supervision.tests.factories import close_measure


def counts(user):
    return [item.count for item in selectors.todo(user)]


def test_a_notice_waits_for_its_recipients_then_its_answer_for_the_office(cast, measure):
    notice = services.urge_notice_issue(actor=cast["office"], measure=measure, text="请加快推进")
    for name in ("owner_a", "head_a", "office_a", "leader_a"):
        assert counts(cast[name])[0] == 1, name
    assert counts(cast["office"]) == [0, 0, 0]
    assert counts(cast["owner_b"]) == [0, 0, 0]
    services.urge_notice_acknowledge(actor=cast["owner_a"], notice=notice)
    services.urge_notice_answer(actor=cast["owner_a"], notice=notice, answer="已增派人手")
    assert counts(cast["owner_a"])[0] == 0
    assert counts(cast["office"])[1] == 1
    assert counts(cast["supervisor"])[1] == 1
    # A recipient never accepts an answer, even one with the office role of the target unit.
    assert counts(cast["office_a"])[1] == 0


def test_spot_check_items_wait_for_the_assigned_checker(rolled_out, cast, county, campaign):
    for _ in range(2):
        problem = make_problem(actor=cast["office"], campaign=rolled_out["JYY"], org=county["a"])
        close_measure(make_measure(actor=cast["office"], problem=problem, owner=cast["owner_a"]), cast)
    spot_check = services.spot_check_draw(actor=cast["office"], campaign=campaign, org=county["a"], sample_size=2)
    services.spot_check_assign(actor=cast["office"], spot_check=spot_check, checker=cast["inspector"])
    assert counts(cast["inspector"])[2] == 2
    assert counts(cast["supervisor"])[2] == 0
