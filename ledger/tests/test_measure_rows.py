"""The ledger's table of measures (`{% measure_rows %}`), built in Python: escaping, the phone
layout's labels, the office's checkboxes, translations."""

from django.template import engines
from django.utils import translation

from ledger.tests.factories import make_measure, make_problem
from ledger.views import _with_lights

TABLE = engines["django"].from_string("{% load ledger %}{% measure_rows rows selectable=selectable %}")


def render(rows, selectable=False):
    return TABLE.render({"rows": rows, "selectable": selectable})


def test_every_cell_carries_its_column_label_and_text_is_escaped(rolled_out, cast, county):
    problem = make_problem(
        actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"], description="<script>挂号</script>难"
    )
    measure = make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"], content='"自助机" & 流程')
    html = render(_with_lights([measure], measure.created_at.date()))
    assert "<script>" not in html and "&lt;script&gt;挂号&lt;/script&gt;难" in html
    assert "&quot;自助机&quot; &amp; 流程" in html
    for label in ("灯", "编号", "问题", "责任单位", "责任人", "时限", "进度", "状态"):
        assert f'<td data-label="{label}">' in html
    assert f'href="/ledger/measures/{measure.pk}/"' in html
    assert 'name="ids"' not in html
    assert f'<input type="checkbox" name="ids" value="{measure.pk}"' in render([measure], selectable=True)


def test_no_rows_and_another_language(measure):
    assert "没有符合条件的整改措施。" in render([])
    with translation.override("en"):
        html = render(_with_lights([measure], measure.created_at.date()))
    assert 'data-label="Owner"' in html and 'data-label="责任人"' not in html
    # Words that appear only in this table must stay in the catalog too (gettext_noop marks them).
    assert 'data-label="Light"' in html and 'data-label="Deadline"' in html
