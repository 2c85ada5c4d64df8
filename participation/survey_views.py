"""Survey pages: the office's list, builder and results (scoped), and the answer page at /voices/s/<token>/
(public surveys by device, staff surveys and evaluations by login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.dates import today
from common.views import call_service, form_page, get_or_404, run_or_message
from organisations.choices import OrgType
from organisations.selectors import org_list
from participation import survey_selectors as selectors
from participation import survey_services as services
from participation.choices import SurveyAudience, SurveyStatus
from participation.survey_export import survey_results_xlsx
from participation.survey_forms import AnswerForm, QuestionForm, SurveyForm, TargetsForm

DEVICE_COOKIE = "pb_survey_device"
DEVICE_SALT = "participation.survey.device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def _campaign_orgs(user, campaigns):
    """The orgs a survey of these campaigns may address: inside the campaigns' orgs and the user's scope."""
    q = Q(pk__in=[])
    for campaign in campaigns:
        q |= Q(path__startswith=campaign.org.path)
    return org_list(user).filter(q).order_by("path")


@login_required
def survey_list(request):
    return render(
        request,
        "participation/survey_list.html",
        {
            "surveys": selectors.survey_list(request.user).order_by("-created_at"),
            "mine": selectors.my_survey_list(request.user),
            "can_create": selectors.survey_campaign_list(request.user).exists(),
        },
    )


@login_required
def survey_create(request):
    campaigns = selectors.survey_campaign_list(request.user).order_by("-starts_on")
    if not campaigns.exists():
        raise PermissionDenied("只有活动办公室可以创建问卷。")
    form = SurveyForm(
        request.POST or None,
        campaigns=campaigns,
        orgs=_campaign_orgs(request.user, campaigns).exclude(type=OrgType.BRANCH),
        initial={"opens_on": today(), "closes_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        survey = call_service(form, services.survey_create, actor=request.user, **form.cleaned_data)
        if survey:
            messages.success(request, "问卷已创建，请添加题目或测评对象。")
            return redirect("participation:survey-detail", survey.pk)
    return form_page(
        request, form, title="新建问卷或测评", back_url=reverse("participation:survey-list"), submit_label="创建"
    )


@login_required
def survey_detail(request, pk: int):
    survey = get_or_404(selectors.survey_get, request.user, pk)
    return render(
        request,
        "participation/survey_detail.html",
        {
            "survey": survey,
            "questions": selectors.survey_questions(survey),
            "targets": survey.targets.all(),
            "audience_orgs": survey.audience_orgs.all(),
            "link": request.build_absolute_uri(reverse("participation:survey-answer", args=[survey.token])),
            "responses": survey.responses.count(),
            "is_draft": survey.status == SurveyStatus.DRAFT,
        },
    )


@login_required
def question_add(request, pk: int):
    survey = get_or_404(selectors.survey_get, request.user, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.question_add, actor=request.user, survey=survey, **form.cleaned_data):
            messages.success(request, "题目已添加。")
            return redirect("participation:survey-detail", survey.pk)
    return form_page(
        request,
        form,
        title=f"添加题目 · {survey.title}",
        back_url=reverse("participation:survey-detail", args=[pk]),
        submit_label="添加",
    )


@login_required
def targets_add(request, pk: int):
    survey = get_or_404(selectors.survey_get, request.user, pk)
    orgs = org_list(request.user).filter(path__startswith=survey.org.path).exclude(type=OrgType.BRANCH).order_by("path")
    form = TargetsForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.targets_add, actor=request.user, survey=survey, **form.cleaned_data):
            messages.success(request, "测评对象已添加。")
            return redirect("participation:survey-detail", survey.pk)
    return form_page(
        request,
        form,
        title=f"添加测评对象 · {survey.title}",
        back_url=reverse("participation:survey-detail", args=[pk]),
        submit_label="添加",
    )


@login_required
@require_POST
def survey_open(request, pk: int):
    survey = get_or_404(selectors.survey_get, request.user, pk)
    run_or_message(request, services.survey_open, actor=request.user, survey=survey)
    return redirect("participation:survey-detail", pk)


@login_required
@require_POST
def survey_close(request, pk: int):
    survey = get_or_404(selectors.survey_get, request.user, pk)
    run_or_message(request, services.survey_close, actor=request.user, survey=survey)
    return redirect("participation:survey-detail", pk)


def _visible_results(request, pk: int):
    survey = get_or_404(selectors.survey_get, request.user, pk)
    if not survey.results_visible:
        return survey, None
    return survey, selectors.survey_results(survey)


@login_required
def survey_results(request, pk: int):
    survey, results = _visible_results(request, pk)
    return render(request, "participation/survey_results.html", {"survey": survey, "results": results})


@login_required
def survey_export(request, pk: int):
    survey, results = _visible_results(request, pk)
    if results is None:
        raise Http404("结果在问卷结束后公布。")
    response = HttpResponse(
        survey_results_xlsx(results),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename=survey-{survey.pk}.xlsx"
    return response


def survey_answer(request, token: str):
    survey = selectors.survey_by_token(token)
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise Http404("未找到该问卷。")
    public = survey.audience == SurveyAudience.PUBLIC
    device_id = ""
    if public:
        device_id = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""
        new_device = not device_id
        device_id = device_id or services.device_id_new()
        done = selectors.device_has_answered(survey, services.device_hash(device_id))
    else:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        new_device = False
        done = selectors.has_answered(request.user, survey)
        if not done and not selectors.is_addressed_to(request.user, survey):
            raise PermissionDenied(f"本次{survey.noun}不面向您所在的单位。")
    closed = survey.status == SurveyStatus.CLOSED or today() > survey.closes_on
    form = None
    if not done and not closed:
        form = AnswerForm(
            request.POST or None,
            questions=selectors.survey_questions(survey),
            targets=list(survey.targets.all()) if survey.is_evaluation else [],
        )
        if request.method == "POST" and form.is_valid():
            if call_service(
                form,
                services.survey_answer,
                survey=survey,
                answers=form.answers(),
                ratings=form.ratings(),
                user=None if public else request.user,
                device_id=device_id,
            ):
                messages.success(request, "提交成功，感谢您的参与！")
                return redirect("participation:survey-answer", token)
    response = render(
        request,
        "participation/survey_answer.html",
        {"survey": survey, "form": form, "done": done, "closed": closed, "public": public},
    )
    if public and new_device:
        response.set_signed_cookie(
            DEVICE_COOKIE, device_id, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE, httponly=True, samesite="Lax"
        )
    return response
