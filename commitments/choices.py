from django.db import models


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "承诺中"
    REQUESTED = "requested", "兑现待核验"
    FULFILLED = "fulfilled", "已兑现"


# Published commitments: on the public wall, and the deadline runs until verified.
PUBLIC_STATUSES = (CommitmentStatus.PUBLISHED, CommitmentStatus.REQUESTED, CommitmentStatus.FULFILLED)
RUNNING_STATUSES = (CommitmentStatus.PUBLISHED, CommitmentStatus.REQUESTED)


class PublicState(models.TextChoices):
    """What the wall shows: derived from the status, the deadline and today, never stored."""

    PROMISED = "promised", "承诺中"
    FULFILLED = "fulfilled", "已兑现"
    OVERDUE = "overdue", "逾期"
