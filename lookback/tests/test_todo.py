"""What look-backs add to 我的待办: the items a checker still has to give a verdict on."""

from lookback import selectors


def waiting(user):
    (item,) = selectors.todo(user)
    return item.count


def test_items_wait_for_their_checker_until_the_verdict(draft, running, cast):
    assigned = {name: running.items.filter(checker=cast[name]).count() for name in ("supervisor", "inspector")}
    assert sum(assigned.values()) == running.items.count() > 0
    for name, count in assigned.items():
        assert waiting(cast[name]) == count
    assert waiting(cast["office"]) == 0
