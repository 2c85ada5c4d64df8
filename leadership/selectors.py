"""Reads on leaders' work, scoped to what the user may see, and who may do what.

领办清单: a leader sees the problems they lead; the office sees those of every leader in its scope.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from leadership.models import Regulation, ResearchTopic
from ledger.deadlines import light
from ledger.models import Measure, Problem
from ledger.selectors import problem_list
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import ancestor_org_ids, org_list, scope_roots, user_has_role

WRITE_ROLES = {Role.OFFICE, Role.HEAD, Role.LEADER}
LEADER_ROLES = {Role.HEAD, Role.LEADER}


# --- 领办清单 ------------------------------------------------------------------------------------


def sees_all_leaders(user: User) -> bool:
    return user.is_superuser or bool(scope_roots(user, {Role.OFFICE}))


def led_problem_list(user: User) -> QuerySet[Problem]:
    """Problems with a leading leader: the user's own, and every one in the user's office scope."""
    mine = Q(lead_leader_id=user.pk)
    if sees_all_leaders(user):
        mine |= Q(org__in=org_list(user, {Role.OFFICE}))
    return Problem.objects.filter(mine, lead_leader__isnull=False)


def led_problems(user: User, filters: dict) -> QuerySet[Problem]:
    problems = led_problem_list(user)
    if filters.get("campaign") is not None:
        problems = problems.filter(campaign=filters["campaign"])
    if filters.get("leader") is not None:
        problems = problems.filter(lead_leader=filters["leader"])
    if filters.get("major_kind"):
        problems = problems.filter(major_kind=filters["major_kind"])
    return with_measures(problems).order_by("lead_leader__name", "campaign_id", "code")


def with_measures(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    return problems.select_related("org", "lead_leader", "campaign").prefetch_related(
        Prefetch("measures", queryset=Measure.objects.order_by("id"))
    )


def topic_problems(user: User, topic: ResearchTopic) -> QuerySet[Problem]:
    """The problems that followed from a topic, as far as the user sees them, with their measures."""
    return with_measures(problem_list(user).filter(research_topics=topic)).order_by("code")


def led_leaders(user: User) -> QuerySet[User]:
    return User.objects.filter(pk__in=led_problem_list(user).values("lead_leader_id")).order_by("name")


def with_measure_lights(problems: list[Problem], today: datetime.date) -> list[Problem]:
    """Each problem's measures with their light, and the problem's average progress."""
    for problem in problems:
        problem.measure_rows = list(problem.measures.all())
        for measure in problem.measure_rows:
            measure.light = light(
                status=measure.status, due_on=measure.due_on, yellow_from=measure.yellow_from, today=today
            )
        percents = [measure.percent for measure in problem.measure_rows]
        problem.average_percent = round(sum(percents) / len(percents)) if percents else None
    return problems


# --- research topics ---------------------------------------------------------------------------


def research_topic_list(user: User) -> QuerySet[ResearchTopic]:
    return ResearchTopic.objects.filter(Q(org__in=org_list(user)) | Q(leader_id=user.pk)).select_related(
        "campaign", "org", "leader"
    )


def research_topic_get(user: User, pk: int) -> ResearchTopic:
    return research_topic_list(user).get(pk=pk)


def can_write(user: User, org: Org) -> bool:
    """The office, the head and the leaders of an org (or above) register topics and regulations."""
    return user_has_role(user, org, WRITE_ROLES)


def can_lead(person: User, org: Org) -> bool:
    """A research topic is led by a head or leader of the org or of an org above it."""
    return user_has_role(person, org, LEADER_ROLES)


def can_work_on_topic(user: User, topic: ResearchTopic) -> bool:
    return topic.leader_id == user.pk or user_has_role(user, topic.org, {Role.OFFICE})


def linkable_problems(user: User, org: Org) -> QuerySet[Problem]:
    """Problems a topic or regulation of `org` may be linked to: seen by the user, in org's subtree."""
    return problem_list(user).filter(org__path__startswith=org.path)


def writable_orgs(user: User) -> QuerySet[Org]:
    return org_list(user, WRITE_ROLES).order_by("path")


# --- regulations -------------------------------------------------------------------------------


def regulation_list(user: User) -> QuerySet[Regulation]:
    """Rules of the orgs in the user's scope and of the orgs above the user's own (they apply to it)."""
    visible = Q(org__in=org_list(user))
    if not user.is_superuser:
        visible |= Q(org_id__in=ancestor_org_ids(user))
    return Regulation.objects.filter(visible).select_related("org", "campaign", "replaces")


def regulation_get(user: User, pk: int) -> Regulation:
    return regulation_list(user).get(pk=pk)


def regulation_filter(regulations: QuerySet[Regulation], filters: dict) -> QuerySet[Regulation]:
    if filters.get("org") is not None:
        regulations = regulations.filter(org__path__startswith=filters["org"].path)
    if filters.get("action"):
        regulations = regulations.filter(action=filters["action"])
    if filters.get("year"):
        regulations = regulations.filter(issued_on__year=filters["year"])
    return regulations


def problem_regulations(user: User, problem: Problem) -> QuerySet[Regulation]:
    return regulation_list(user).filter(problems=problem).order_by("-issued_on", "-id")
