"""What bulletins add to 我的待办: drafts submitted for review, for the reviewers only."""

from bulletins import selectors, services


def waiting(user):
    (item,) = selectors.todo(user)
    return item.count


def test_a_submitted_bulletin_waits_for_its_reviewers_not_its_drafter(bulletin, cast):
    assert waiting(cast["supervisor"]) == 0
    services.bulletin_submit(actor=cast["office"], bulletin=bulletin)
    assert waiting(cast["supervisor"]) == 1
    assert waiting(cast["office"]) == 0
    assert waiting(cast["owner_b"]) == 0
