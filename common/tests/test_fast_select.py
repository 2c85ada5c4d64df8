"""fast_select: the ledger's drop-downs, built as plain strings, escaped and with the choice kept."""

from django import forms

from common.templatetags.pobing import fast_select


class Filter(forms.Form):
    org = forms.ChoiceField(choices=[("", "全部"), ("1", "甲医院"), ("2", '<b>"乙"&医院</b>')], required=False)


def test_options_are_escaped_and_the_chosen_one_is_selected():
    html = fast_select(Filter({"org": "2"})["org"])
    assert html == (
        '<select name="org" id="id_org"><option value="">全部</option><option value="1">甲医院</option>'
        '<option value="2" selected>&lt;b&gt;&quot;乙&quot;&amp;医院&lt;/b&gt;</option></select>'
    )


def test_an_unbound_form_selects_the_empty_choice():
    assert '<option value="" selected>全部</option>' in fast_select(Filter()["org"])
