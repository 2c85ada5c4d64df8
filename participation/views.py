"""Public pages (no login: submit, track, rate) and the staff inbox (scoped, one service per action)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_get, campaign_list
from common.dates import today
from common.exceptions import DomainError
from common.views import call_service, form_page, get_or_404
from jobs.choices import JobKind
from jobs.services import job_start
from participation import selectors, services, triage
from participation.choices import SubmissionStatus
from participation.forms import (
    AcceptForm,
    AnswerForm,
    AttachForm,
    DeclineForm,
    DuplicateForm,
    InboxFilterForm,
    PublicSubmissionForm,
    RateForm,
    RecordForm,
    TrackForm,
    WhistleblowAcceptForm,
    WhistleblowForm,
    WhistleblowReplyForm,
)
from participation.models import SubmissionPhoto, format_code

PAGE_SIZE = 50
PHOTO_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
DONE_SESSION_KEY = "participation_done_code"


def client_ip(request) -> str:
    """The sender's address as the server saw it. Behind a reverse proxy, the proxy must pass the real
    address as REMOTE_ADDR (e.g. nginx's real_ip module): X-Forwarded-For is not trusted here."""
    return request.META.get("REMOTE_ADDR", "")


# --- public ------------------------------------------------------------------------------------


def submission_submit(request, code: str):
    try:
        campaign = selectors.public_campaign_get(code)
    except ObjectDoesNotExist as error:
        raise Http404("未找到该活动。") from error
    orgs = selectors.public_org_list(campaign)
    form = PublicSubmissionForm(
        request.POST or None, request.FILES or None, orgs=orgs, initial={"org": request.GET.get("org")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submission = call_service(
            form,
            services.submission_submit,
            campaign=campaign,
            org=data["org"],
            kind=data["kind"],
            text=data["text"],
            name=data["name"],
            phone=data["phone"],
            ip=client_ip(request),
            honeypot=data["website"],
            photos=data["photos"],
        )
        if submission:
            request.session[DONE_SESSION_KEY] = submission.tracking_code
            return redirect("participation:submission-done", code)
    return render(
        request,
        "participation/submission_form.html",
        {"campaign": campaign, "form": form, "org_count": len(form.fields["org"].queryset)},
    )


def submission_done(request, code: str):
    tracking_code = request.session.pop(DONE_SESSION_KEY, None)
    if not tracking_code:
        return redirect("participation:submission-track")
    return render(
        request,
        "participation/submission_done.html",
        {"display_code": format_code(tracking_code), "campaign_code": code},
    )


def submission_track(request):
    """Look up by code (POST, so the code stays out of addresses and logs) and rate the answer once."""
    submission = None
    form = TrackForm(request.POST or None)
    rate_form = None
    if request.method == "POST" and form.is_valid():
        submission = selectors.submission_by_code(services.tracking_code_normalise(form.cleaned_data["code"]))
        if submission is None:
            form.add_error("code", "未找到该查询码，请核对后重新输入。")
        elif "rating" in request.POST:
            rate_form = RateForm(request.POST)
            if rate_form.is_valid() and call_service(
                rate_form, services.submission_rate, submission=submission, rating=rate_form.cleaned_data["rating"]
            ):
                messages.success(request, "感谢您的评价！")
                submission.refresh_from_db()
    if submission is not None and submission.answered_at and not submission.rating and rate_form is None:
        rate_form = RateForm(initial={"code": submission.tracking_code})
    return render(
        request,
        "participation/submission_track.html",
        {"form": form, "submission": submission, "rate_form": rate_form},
    )


# --- staff inbox -------------------------------------------------------------------------------


@login_required
def submission_list(request):
    form = InboxFilterForm(request.GET or None)
    submissions = selectors.submission_list(request.user)
    day = today()
    if form.is_valid():
        if form.cleaned_data["status"]:
            submissions = submissions.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["overdue"]:
            submissions = submissions.filter(answered_at__isnull=True, answer_due_on__lt=day)
    page = Paginator(submissions.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for submission in page:
        submission.overdue = submission.is_overdue(day)
    return render(
        request,
        "participation/submission_list.html",
        {
            "form": form,
            "page": page,
            "can_record": selectors.record_org_list(request.user).exists(),
            "is_inspector": bool(selectors.scope_roots(request.user, selectors.INSPECT_ROLES)),
            "campaigns": campaign_list(request.user).order_by("-starts_on", "org__path"),
        },
    )


@login_required
def submission_detail(request, pk: int):
    submission = get_or_404(selectors.submission_get, request.user, pk)
    return render(
        request,
        "participation/submission_detail.html",
        {
            "submission": submission,
            "events": submission.events.select_related("actor"),
            "photos": submission.photos.all(),
            "overdue": submission.is_overdue(today()),
            "can_triage": submission.status == SubmissionStatus.PENDING
            and selectors.can_triage(request.user, submission.org),
            "can_answer": submission.answered_at is None and selectors.can_answer(request.user, submission.org),
            "triage": triage.submission_suggestions(request.user, submission)
            if submission.status == SubmissionStatus.PENDING
            else None,
        },
    )


@login_required
def submission_photo(request, pk: int):
    """A submission's photo, only for those who may see the submission in the inbox; never from a
    public URL. Served inline (for the thumbnails) with the type its content was checked to be."""
    photo = SubmissionPhoto.objects.filter(pk=pk, submission__in=selectors.submission_list(request.user)).first()
    if photo is None:
        raise Http404("未找到，或您无权查看。")
    response = FileResponse(
        photo.file.open("rb"), filename=photo.name, content_type=PHOTO_CONTENT_TYPES[photo.file_type]
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def submission_record(request):
    orgs = selectors.record_org_list(request.user)
    if not orgs.exists():
        raise PermissionDenied("您不能录入群众意见。")
    form = RecordForm(request.POST or None, orgs=orgs, campaigns=campaign_list(request.user))
    if request.method == "POST" and form.is_valid():
        submission = call_service(form, services.submission_record, actor=request.user, **form.cleaned_data)
        if submission:
            messages.success(request, f"已录入，查询码 {submission.display_code}，可告知反映人用于查询答复。")
            return redirect("participation:submission-detail", submission.pk)
    return form_page(
        request,
        form,
        title="录入线下意见",
        back_url=reverse("participation:submission-list"),
        intro="座谈会、意见箱、来信来访、12345热线、问卷、调研收到的意见，在此登记后与网上意见一并处理。",
        submit_label="录入",
    )


def _action_page(request, pk: int, *, form_class, service, title: str, submit_label: str, form_kwargs=None, **fixed):
    submission = get_or_404(selectors.submission_get, request.user, pk)
    kwargs = form_kwargs(submission) if form_kwargs else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        if call_service(form, service, actor=request.user, submission=submission, **form.cleaned_data, **fixed):
            messages.success(request, f"{title}：已完成。")
            return redirect("participation:submission-detail", submission.pk)
    return form_page(
        request,
        form,
        title=title,
        back_url=reverse("participation:submission-detail", args=[submission.pk]),
        intro=submission.text[:200],
        submit_label=submit_label,
    )


@login_required
def submission_accept(request, pk: int):
    if request.method == "GET":
        submission = get_or_404(selectors.submission_get, request.user, pk)
        form = AcceptForm(initial={"description": submission.text})
        return form_page(
            request,
            form,
            title="转为问题",
            back_url=reverse("participation:submission-detail", args=[pk]),
            intro="将登记为问题清单中的新问题（来源：群众反映），并与本条意见互相关联。",
            submit_label="转为问题",
        )
    return _action_page(
        request,
        pk,
        form_class=AcceptForm,
        service=services.submission_accept,
        title="转为问题",
        submit_label="转为问题",
    )


@login_required
def submission_attach(request, pk: int):
    return _action_page(
        request,
        pk,
        form_class=AttachForm,
        service=services.submission_attach,
        title="并入已有问题",
        submit_label="并入",
        form_kwargs=lambda s: {"problems": selectors.attachable_problems(request.user, s).order_by("-id")},
    )


@login_required
def submission_duplicate(request, pk: int):
    return _action_page(
        request,
        pk,
        form_class=DuplicateForm,
        service=services.submission_mark_duplicate,
        title="标记为重复",
        submit_label="标记重复",
        form_kwargs=lambda s: {
            "submissions": selectors.submission_list(request.user)
            .filter(campaign=s.campaign, duplicate_of__isnull=True)
            .exclude(pk=s.pk)
            .order_by("-id")
        },
    )


@login_required
def submission_decline(request, pk: int):
    return _action_page(
        request,
        pk,
        form_class=DeclineForm,
        service=services.submission_decline,
        title="不予受理",
        submit_label="不予受理",
    )


@login_required
def submission_answer(request, pk: int):
    return _action_page(
        request, pk, form_class=AnswerForm, service=services.submission_answer, title="答复", submit_label="发送答复"
    )


# --- whistleblowing (举报): public page, and pages for the discipline inspectors only ------------

WHISTLEBLOW_DONE_SESSION_KEY = "participation_whistleblow_done"


def whistleblow_submit(request, code: str):
    try:
        campaign = selectors.public_campaign_get(code)
    except ObjectDoesNotExist as error:
        raise Http404("未找到该活动。") from error
    form = WhistleblowForm(request.POST or None, orgs=selectors.public_org_list(campaign))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        whistleblow = call_service(
            form,
            services.whistleblow_submit,
            campaign=campaign,
            org=data["org"],
            subject=data["subject"],
            text=data["text"],
            name=data["name"],
            phone=data["phone"],
            contact=data["contact"],
            ip=client_ip(request),
            honeypot=data["website"],
        )
        if whistleblow:
            real_name = bool(data["name"] or data["phone"] or data["contact"])
            request.session[WHISTLEBLOW_DONE_SESSION_KEY] = [whistleblow.tracking_code, real_name]
            return redirect("participation:whistleblow-done", code)
    return render(request, "participation/whistleblow_form.html", {"campaign": campaign, "form": form})


def whistleblow_done(request, code: str):
    done = request.session.pop(WHISTLEBLOW_DONE_SESSION_KEY, None)
    if not done:
        return redirect("participation:whistleblow-track")
    tracking_code, real_name = done
    return render(
        request,
        "participation/whistleblow_done.html",
        {"display_code": format_code(tracking_code), "real_name": real_name, "campaign_code": code},
    )


def whistleblow_track(request):
    """The reporter's view by code (POST, so the code stays out of addresses): status and reply only."""
    whistleblow = None
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        whistleblow = selectors.whistleblow_by_code(services.tracking_code_normalise(form.cleaned_data["code"]))
        if whistleblow is None:
            form.add_error("code", "未找到该查询码，请核对后重新输入。")
    return render(request, "participation/whistleblow_track.html", {"form": form, "whistleblow": whistleblow})


def _inspector_only(request) -> None:
    if not selectors.scope_roots(request.user, selectors.INSPECT_ROLES):
        raise PermissionDenied("举报仅由纪检监察人员查看。")


@login_required
def whistleblow_list(request):
    _inspector_only(request)
    page = Paginator(selectors.whistleblow_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/whistleblow_list.html", {"page": page})


def _whistleblow_page(request, whistleblow, identity=None):
    return render(
        request,
        "participation/whistleblow_detail.html",
        {
            "whistleblow": whistleblow,
            "identity": identity,
            "accesses": whistleblow.identity_accesses.select_related("reader"),
        },
    )


@login_required
def whistleblow_detail(request, pk: int):
    _inspector_only(request)
    return _whistleblow_page(request, get_or_404(selectors.whistleblow_get, request.user, pk))


@login_required
@require_POST
def whistleblow_identity(request, pk: int):
    """Rendered in the response, never redirected: the identity must not sit in a session or a message."""
    _inspector_only(request)
    whistleblow = get_or_404(selectors.whistleblow_get, request.user, pk)
    try:
        identity = services.whistleblow_identity_read(actor=request.user, whistleblow=whistleblow)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    return _whistleblow_page(request, whistleblow, identity)


def _whistleblow_action(request, pk: int, *, form_class, service, title: str):
    _inspector_only(request)
    whistleblow = get_or_404(selectors.whistleblow_get, request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, service, actor=request.user, whistleblow=whistleblow, **form.cleaned_data):
            messages.success(request, f"{title}：已完成。")
            return redirect("participation:whistleblow-detail", whistleblow.pk)
    return form_page(
        request,
        form,
        title=title,
        back_url=reverse("participation:whistleblow-detail", args=[whistleblow.pk]),
        intro=f"{whistleblow.org.name} · {whistleblow.subject}",
        submit_label=title,
    )


@login_required
def whistleblow_accept(request, pk: int):
    return _whistleblow_action(
        request, pk, form_class=WhistleblowAcceptForm, service=services.whistleblow_accept, title="受理"
    )


@login_required
def whistleblow_close(request, pk: int):
    return _whistleblow_action(
        request, pk, form_class=WhistleblowReplyForm, service=services.whistleblow_close, title="办结"
    )


@login_required
@require_POST
def triage_start(request):
    """Group a campaign's pending submissions as a job; the job page shows progress and the CSV."""
    if not selectors.record_org_list(request.user).exists():
        raise PermissionDenied("只有活动办公室、负责人、班子成员或监督考核组成员可以进行意见归类分析。")
    campaign = get_or_404(campaign_get, request.user, request.POST.get("campaign") or 0)
    job = job_start(actor=request.user, kind=JobKind.TRIAGE, params={"campaign": campaign.pk})
    return redirect("jobs:job-detail", job.pk)


@login_required
def submission_poster(request, code: str):
    """A printable A4 poster (意见箱二维码) for a campaign and, optionally, one unit: the QR code opens
    the public page with that unit already chosen."""
    try:
        campaign = selectors.public_campaign_get(code)
    except ObjectDoesNotExist as error:
        raise Http404("未找到该活动。") from error
    if not campaign_list(request.user).filter(pk=campaign.pk).exists():
        raise Http404("未找到，或您无权查看。")
    orgs = selectors.public_org_list(campaign)
    org = orgs.filter(pk=request.GET.get("org") or 0).first() if request.GET.get("org", "").isdigit() else None
    url = request.build_absolute_uri(reverse("participation:submission-submit", args=[campaign.code]))
    if org is not None:
        url += f"?org={org.pk}"
    return render(
        request,
        "participation/submission_poster.html",
        {
            "campaign": campaign,
            "org": org,
            "orgs": orgs,
            "url": url,
            "track_url": request.build_absolute_uri(reverse("participation:submission-track")),
        },
    )
