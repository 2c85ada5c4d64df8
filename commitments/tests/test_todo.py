"""What commitments add to 我的待办: fulfilment reports waiting for a supervisor's verification."""

from commitments import selectors, services


def waiting(user):
    (item,) = selectors.todo(user)
    return item.count


def test_a_fulfilment_report_waits_for_supervisors_until_verified(requested, cast):
    assert waiting(cast["supervisor"]) == 1
    assert waiting(cast["head_a"]) == 0
    assert waiting(cast["owner_b"]) == 0
    services.commitment_verify(actor=cast["supervisor"], commitment=requested, remark="现场核验属实")
    assert waiting(cast["supervisor"]) == 0
