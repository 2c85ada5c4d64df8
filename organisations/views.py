from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse

from common.views import call_service, form_page, fresh, get_or_404, page_of, query_without
from organisations import selectors, services
from organisations.choices import Role
from organisations.forms import OrgForm
from organisations.models import Membership


@login_required
def org_list(request):
    """The org tree, a step at a time: the top of the user's scope, one org's children (`?under=`), or
    the orgs whose name or code matches (`?q=`)."""
    query = request.GET.get("q", "").strip()[:50]
    under_id = request.GET.get("under", "")
    under = get_or_404(selectors.org_get, request.user, int(under_id)) if under_id.isdigit() else None
    orgs, truncated = selectors.org_browse(request.user, under=under, query=query)
    office_paths = selectors.scope_roots(request.user, {Role.OFFICE})
    for org in orgs:
        org.can_edit = request.user.is_superuser or any(org.path.startswith(p) for p in office_paths)
    return render(
        request,
        "organisations/org_list.html",
        {
            "orgs": orgs,
            "query": query,
            "under": under,
            "truncated": truncated,
            "can_create": bool(office_paths) or request.user.is_superuser,
        },
    )


@login_required
def org_edit(request, pk: int | None = None):
    office_orgs = selectors.org_list(request.user, {Role.OFFICE})
    org = get_or_404(selectors.org_get, request.user, pk) if pk else None
    if org is not None and not selectors.user_is_office(request.user, org):
        raise PermissionDenied("只有本单位或上级单位的活动办公室可以修改单位信息。")
    if org is None and not office_orgs.exists():
        raise PermissionDenied("只有活动办公室可以新增单位。")
    initial = (
        {"name": org.name, "short_name": org.short_name, "code": org.code, "type": org.type, "parent": org.parent}
        if org
        else {}
    )
    form = OrgForm(request.POST or None, initial=initial, parents=office_orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if org is None:
            done = call_service(form, services.org_create, actor=request.user, **data)
        else:
            done = call_service(form, services.org_change, actor=request.user, org=fresh(org), **data)
        if done:
            messages.success(request, "单位信息已保存。")
            return redirect("organisations:org-list")
    return form_page(
        request, form, title=f"编辑单位 · {org}" if org else "新增单位", back_url=reverse("organisations:org-list")
    )


PEOPLE_PER_PAGE = 50


@login_required
def person_list(request):
    people = selectors.person_list(request.user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("org").order_by("org__path"))
    )
    query = request.GET.get("q", "").strip()
    if query:
        people = (
            people.filter(name__contains=query)
            | people.filter(username__icontains=query)
            | people.filter(mobile__contains=query)
        )
    page = page_of(request, people, PEOPLE_PER_PAGE)
    for person in page.object_list:
        person.can_reset = selectors.person_can_reset_password(request.user, person)
    return render(
        request, "organisations/person_list.html", {"page": page, "q": query, "query": query_without(request, "page")}
    )
