"""Importing an Excel ledger through the pages: upload → preview (column mapping, parsed rows, errors)
→ confirm → a job whose page shows the progress bar and, for a rejected file, its list of errors.

Between the preview and the confirmation the upload waits in storage under imports/pending/; the page
carries a signed token naming it, the campaign, the org, the source and the column mapping that was
previewed, so what is confirmed is exactly what was shown.
"""

import uuid
from pathlib import PurePosixPath

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from campaigns.models import Campaign
from campaigns.selectors import campaign_get, campaign_list
from common.dates import cn_date
from common.exceptions import DomainError
from common.views import get_or_404
from jobs.choices import JobKind
from jobs.services import job_start
from ledger.choices import MeasureKind, ProblemSource
from ledger.imports import FIELD_LABELS, ImportPlan, ledger_import_plan, text_of
from lookback.recurrence import likely_recurrences
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import org_get, org_list, path_q, scope_roots

PENDING_DIR = "imports/pending"
TOKEN_SALT = "ledger.import"
TOKEN_MAX_AGE = 24 * 3600
PREVIEW_ROWS = 200
ACTIONS = {"new": "新增", "update": "更新", "same": "不变", "locked": "已启动，未更新"}


def importable_campaigns(user: User):
    """Campaigns whose org lies in the user's office scope."""
    return campaign_list(user).filter(path_q(user, "org__path", {Role.OFFICE})).order_by("-starts_on", "org__path")


class LedgerImportForm(forms.Form):
    campaign = forms.ModelChoiceField(label="导入到活动", queryset=Campaign.objects.none())
    org = forms.CharField(
        label="责任单位代码",
        required=False,
        max_length=20,
        help_text="留空则为活动的发起单位（单位的子方案即为该单位）；也可填写其下级单位的代码。",
    )
    source = forms.ChoiceField(
        label="问题来源",
        required=False,
        choices=[("", "按台账标题判断（巡察、审计、督查，否则为自身查找）"), *ProblemSource.choices],
        help_text="台账中有“问题来源”列时以该列为准。",
    )
    file = forms.FileField(label="台账文件", help_text="Excel 文件（.xlsx 或 .xls），不超过 50 MB。")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["campaign"].queryset = importable_campaigns(user)
        if not self.initial.get("campaign"):
            only = list(self.fields["campaign"].queryset[:2])
            if len(only) == 1:
                self.initial["campaign"] = only[0].pk

    def clean(self):
        data = super().clean()
        campaign = data.get("campaign")
        if campaign is None:
            return data
        code = (data.get("org") or "").strip().upper()
        if not code:
            data["org"] = campaign.org
            return data
        org = org_list(self.user).filter(code=code, path__startswith=campaign.org.path).first()
        if org is None:
            self.add_error("org", f"“{campaign.org}”及其下级单位中没有代码为“{code}”的单位。")
        data["org"] = org
        return data


def _require_office(user: User) -> None:
    if not (user.is_superuser or scope_roots(user, {Role.OFFICE})):
        raise PermissionDenied("只有活动办公室可以导入整改台账。")


@login_required
def import_create(request):
    """Step 1: choose the campaign and the file; a readable file goes straight to its preview."""
    user = request.user
    _require_office(user)
    form = LedgerImportForm(
        request.POST or None, request.FILES or None, user=user, initial={"campaign": request.GET.get("campaign")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            plan = ledger_import_plan(
                actor=user,
                campaign=data["campaign"],
                org=data["org"],
                file=upload,
                file_name=upload.name,
                source=data["source"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            suffix = PurePosixPath(upload.name).suffix.lower()[:5]
            upload.seek(0)
            stored = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}{suffix}", upload)
            pending = {
                "path": stored,
                "name": upload.name[:200],
                "user": user.pk,
                "campaign": data["campaign"].pk,
                "org": data["org"].pk,
                "source": data["source"],
                "mapping": {},
            }
            return _preview(request, plan, pending, data["campaign"], data["org"])
    return render(request, "ledger/import_form.html", {"form": form})


def _pending(request) -> dict:
    try:
        pending = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise PermissionDenied("预览已过期或无效，请重新上传台账文件。") from error
    if pending.get("user") != request.user.pk or not default_storage.exists(pending["path"]):
        raise PermissionDenied("预览已过期或无效，请重新上传台账文件。")
    return pending


@login_required
@require_POST
def import_preview(request):
    """Step 2: preview again with the columns mapped by hand, or confirm what was last previewed."""
    user = request.user
    _require_office(user)
    pending = _pending(request)
    campaign = get_or_404(campaign_get, user, pending["campaign"])
    org = get_or_404(org_get, user, pending["org"])
    if request.POST.get("action") == "confirm":
        with default_storage.open(pending["path"], "rb") as handle:
            job = job_start(
                actor=user,
                kind=JobKind.IMPORT_LEDGER,
                params={
                    "campaign": campaign.pk,
                    "org": org.pk,
                    "mapping": pending["mapping"],
                    "source": pending["source"],
                },
                upload=File(handle, name=pending["name"]),
            )
        default_storage.delete(pending["path"])
        return redirect("jobs:job-detail", job.pk)
    pending["mapping"] = {
        key.removeprefix("map_"): value if value in FIELD_LABELS else ""
        for key, value in request.POST.items()
        if key.startswith("map_") and key.removeprefix("map_").isdigit()
    }
    try:
        with default_storage.open(pending["path"], "rb") as handle:
            plan = ledger_import_plan(
                actor=user,
                campaign=campaign,
                org=org,
                file=handle,
                file_name=pending["name"],
                mapping=pending["mapping"],
                source=pending["source"],
            )
    except DomainError as error:
        plan = ImportPlan(file_name=pending["name"])
        plan.error(None, "", error.message)
    return _preview(request, plan, pending, campaign, org)


def _preview(request, plan: ImportPlan, pending: dict, campaign: Campaign, org: Org):
    token = signing.dumps(pending, salt=TOKEN_SALT)
    unit_differs = bool(plan.unit_text) and not any(
        name and name in plan.unit_text for name in (org.name, org.short_name)
    )
    return render(
        request,
        "ledger/import_preview.html",
        {
            "plan": plan,
            "token": token,
            "campaign": campaign,
            "org": org,
            "fields": list(FIELD_LABELS.items()),
            "rows": _rows(plan),
            "more_rows": max(0, sum(max(1, len(p.measures)) for p in plan.problems) - PREVIEW_ROWS),
            "counts": plan.counts(),
            "source_label": ProblemSource(plan.source).label if plan.source else "",
            "unit_differs": unit_differs,
            "recurrences": likely_recurrences(
                request.user,
                org=org,
                campaign=campaign,
                rows=[(p.row, text_of(p.values["description"])) for p in plan.problems if p.action == "new"],
            ),
        },
    )


def _rows(plan: ImportPlan) -> list[dict]:
    """The first rows as they will be saved: one line per measure, the problem on its first line."""
    lines = []
    for problem in plan.problems:
        for index, measure in enumerate(problem.measures or [None]):
            if len(lines) < PREVIEW_ROWS:
                lines.append((problem, index, measure, _measure_values(measure)))
    people = {v for *_, values in lines for k, v in values.items() if k in ("owner", "leader")}
    names = dict(User.objects.filter(pk__in=people - {None}).values_list("pk", "name"))
    departments = dict(
        Org.objects.filter(pk__in={v.get("department") for *_, v in lines} - {None}).values_list("pk", "name")
    )
    rows = []
    for problem, index, measure, values in lines:
        category = problem.instance.category if problem.instance else None
        row = {
            "row": measure.row if measure else problem.row,
            "first": index == 0,
            "ref": problem.ref,
            "description": problem.values["description"],
            "category": category.name if category else "",
            "problem_action": ACTIONS[problem.action],
        }
        if measure is not None:
            deadline = values.get("deadline")
            row.update(
                content=text_of(measure.values["content"]),
                action=ACTIONS[measure.action],
                kind=dict(MeasureKind.choices).get(values.get("kind"), ""),
                deadline=cn_date(deadline) if deadline else ("—" if values else text_of(measure.values["deadline"])),
                leader=names.get(values.get("leader"), ""),
                owner=names.get(values.get("owner"), ""),
                department=departments.get(values.get("department"), ""),
            )
        rows.append(row)
    return rows


def _measure_values(measure) -> dict:
    """kind, deadline and the ids of the people and department a measure line will have."""
    if measure is None or measure.instance is None:
        return {}
    saved = measure.instance
    values = {
        "kind": saved.kind,
        "deadline": saved.deadline,
        "leader": saved.leader_id,
        "owner": saved.owner_id,
        "department": saved.department_id,
    }
    if measure.action == "update":
        for name, value in measure.changes.items():
            values[name] = value.pk if isinstance(value, Org) else value
    return values
