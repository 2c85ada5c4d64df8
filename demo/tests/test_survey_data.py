from demo.survey_data import EVALUATION_TITLE, PUBLIC_TITLE, survey_fill
from participation import survey_selectors as selectors
from participation.survey_models import Response, ResponseReceipt, Survey


def test_survey_fill_is_idempotent(cast, campaign):
    survey_fill(campaign)
    evaluation = Survey.objects.get(title=EVALUATION_TITLE)
    public = Survey.objects.get(title=PUBLIC_TITLE)
    assert evaluation.status == "closed" and public.status == "open"
    results = selectors.survey_results(evaluation)
    assert results.responses == ResponseReceipt.objects.filter(survey=evaluation).count() > 0
    assert all(row.valid == results.responses for row in results.targets)
    assert public.responses.count() == 12
    counts = (Survey.objects.count(), Response.objects.count())
    survey_fill(campaign)
    assert (Survey.objects.count(), Response.objects.count()) == counts
