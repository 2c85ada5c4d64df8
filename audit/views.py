from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from audit.selectors import audit_can_read, audit_entry_list

PAGE_SIZE = 50


@login_required
def audit_entry_list_view(request):
    if not audit_can_read(request.user):
        raise PermissionDenied("审计日志仅活动办公室和纪检监察人员可以查看。")
    entries = audit_entry_list(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(target_repr__contains=query) | entries.filter(actor_name__contains=query)
    before = request.GET.get("before", "")
    if before.isdigit():
        entries = entries.filter(id__lt=int(before))
    page = list(entries.order_by("-id")[: PAGE_SIZE + 1])
    has_more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return render(
        request,
        "audit/auditentry_list.html",
        {"entries": page, "query": query, "next_before": page[-1].id if has_more else None},
    )
