from django.db.models import QuerySet

from jobs.models import Job


def job_list(user) -> QuerySet[Job]:
    """A person's own jobs: their files hold what that person may see, so nobody else sees them."""
    return Job.objects.filter(created_by_id=user.pk)


def job_get(user, pk: int) -> Job:
    return job_list(user).get(pk=pk)
