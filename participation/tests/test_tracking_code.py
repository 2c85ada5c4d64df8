import re

import pytest

from participation import selectors, services
from participation.models import Submission


def test_code_alphabet_and_length():
    codes = {services.tracking_code_new() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{12}", code)
        assert not set(code) & set("0O1IL")


def test_display_groups_of_four(submission):
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", submission.display_code)


@pytest.mark.parametrize("typed", ["{}", "{lower}", "{dashed}", " {spaced} ", "{lower_dashed}"])
def test_lookup_ignores_case_dashes_and_spaces(submission, typed):
    code = submission.tracking_code
    variants = {
        "lower": code.lower(),
        "dashed": submission.display_code,
        "spaced": " ".join(submission.display_code.split("-")),
        "lower_dashed": submission.display_code.lower(),
    }
    raw = typed.format(code, **variants)
    assert selectors.submission_by_code(services.tracking_code_normalise(raw)) == submission


def test_unknown_code_finds_nothing(submission):
    assert selectors.submission_by_code("ABCDEFGHJKMN") is None
    assert selectors.submission_by_code("") is None


def test_code_is_unique_and_a_clash_is_retried(submit, monkeypatch):
    first = submit()
    codes = iter([first.tracking_code, "ZZZZYYYYXXXX"])
    monkeypatch.setattr(services, "tracking_code_new", lambda: next(codes))
    second = submit(ip="198.51.100.1")
    assert second.tracking_code == "ZZZZYYYYXXXX"
    assert Submission.objects.count() == 2
