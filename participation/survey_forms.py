from django import forms

from participation.choices import EvaluationKind, QuestionKind, Rating, SurveyAudience


class SurveyForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=None, empty_label="请选择活动")
    title = forms.CharField(label="标题", max_length=100)
    intro = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.ChoiceField(label="对象", choices=SurveyAudience.choices)
    evaluation_kind = forms.ChoiceField(
        label="测评类型", choices=[("", "（非测评不选）"), *EvaluationKind.choices], required=False
    )
    audience_orgs = forms.ModelMultipleChoiceField(
        label="参加单位",
        queryset=None,
        required=False,
        help_text="职工问卷和测评：所选单位（含下级）的人员可以参加；不选则为活动发起单位全体人员。",
    )
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    results_hidden_until_closed = forms.BooleanField(label="结束前不显示结果", required=False)

    def __init__(self, *args, campaigns, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["audience_orgs"].queryset = orgs


class QuestionForm(forms.Form):
    text = forms.CharField(label="题目", max_length=300)
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    choices = forms.CharField(
        label="选项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="单选题、多选题填写，每行一个选项。",
    )

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class TargetsForm(forms.Form):
    names = forms.CharField(
        label="测评对象",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="人员或单位名称，每行一个。",
    )
    orgs = forms.ModelMultipleChoiceField(label="或选择单位", queryset=None, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgs"].queryset = orgs

    def clean_names(self):
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class AnswerForm(forms.Form):
    """One field per question and per target, all optional here: the service refuses a missing required
    answer with the question's number ("第3题为必答题")."""

    def __init__(self, *args, questions, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.targets = targets
        for q in questions:
            label = f"{q.order}. {q.text}"
            name = f"q{q.pk}"
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=[(c.pk, c.text) for c in q.choices.all()], widget=forms.RadioSelect)
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c.pk, c.text) for c in q.choices.all()], widget=forms.CheckboxSelectMultiple
                )
            elif q.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(choices=[(s, f"{s}分") for s in range(1, 6)], widget=forms.RadioSelect)
            else:
                field = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))
            field.label = label
            field.required = False
            field.question = q
            self.fields[name] = field
        for t in targets:
            self.fields[f"t{t.pk}"] = forms.ChoiceField(
                label=t.name, choices=Rating.choices, widget=forms.RadioSelect, required=False
            )

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def ratings(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"t{t.pk}") for t in self.targets}

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def target_fields(self):
        return [self[f"t{t.pk}"] for t in self.targets]
