from demo.leadership_data import leadership_fill
from leadership.choices import RegulationAction, ResearchStatus
from leadership.models import Regulation, ResearchTopic


def test_leadership_fill_is_idempotent(cast, campaign, led_problem):
    assert leadership_fill(campaign)
    reported = ResearchTopic.objects.get(status=ResearchStatus.REPORTED)
    assert reported.file_type == "docx" and list(reported.problems.all()) == [led_problem]
    assert ResearchTopic.objects.filter(status=ResearchStatus.RESEARCHING).count() == 1
    assert sorted(Regulation.objects.values_list("action", flat=True)) == sorted(
        [RegulationAction.MADE, RegulationAction.MADE, RegulationAction.REVISED]
    )
    assert Regulation.objects.get(action=RegulationAction.REVISED).replaces.problems.get() == led_problem
    counts = (ResearchTopic.objects.count(), Regulation.objects.count())
    assert not leadership_fill(campaign)
    assert (ResearchTopic.objects.count(), Regulation.objects.count()) == counts
