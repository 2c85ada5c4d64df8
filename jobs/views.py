from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from common.views import get_or_404
from jobs import selectors


@login_required
def job_list(request):
    return render(request, "jobs/job_list.html", {"jobs": selectors.job_list(request.user)[:50]})


@login_required
def job_detail(request, pk: int):
    """The progress bar: the page reloads itself every two seconds until the job has finished."""
    return render(request, "jobs/job_detail.html", {"job": get_or_404(selectors.job_get, request.user, pk)})


@login_required
def job_download(request, pk: int):
    job = get_or_404(selectors.job_get, request.user, pk)
    if not job.output_file:
        raise Http404("该任务没有结果文件。")
    return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=job.output_name)
