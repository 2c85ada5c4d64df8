from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from common.views import attachment, get_or_404
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
    return attachment(job.output_file, job.output_name, missing="该任务没有结果文件。")
