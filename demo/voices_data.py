"""Fill the demo campaign's public voices (群众意见) and whistleblowing reports (举报).

About 200 submissions from `demo.voices_texts`, over the units the public may write about, online
(each sender from its own documentation address, so the per-address limit is never hit) and through
every offline channel (recorded by the units' offices). They are triaged in every way by the
people who may: accepted into new problems, attached to a problem already on the list, marked as
duplicates, declined with reasons; some are answered and rated, and some older letters and hotline
calls are still unanswered past their due date. A few whistleblowing reports go to the inspector.

The services act only today: `fabricate_history` then moves the dates back to where the demo puts
them.
"""

import dataclasses
import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from common.dates import today as local_today
from demo.voices_texts import CONCERNS, WHISTLEBLOW_ACCEPT_REPLY, WHISTLEBLOW_CLOSE_REPLY, WHISTLEBLOWS, Concern
from ledger.models import Problem
from ledger.selectors import campaign_family_ids
from organisations.choices import OrgType
from organisations.models import Org
from participation import selectors
from participation import services as voices
from participation.choices import OFFLINE_CHANNELS, Channel, Rating, SubmissionKind, SubmissionStatus
from participation.models import Submission, Whistleblow

DAY = datetime.timedelta(days=1)
CARRIED_CHANNELS = [Channel.HOTLINE, Channel.LETTER, Channel.BOX]
SENDER_NAMES = ["王女士", "李先生", "张大爷", "刘女士", "陈先生", "杨阿姨", "赵先生", "周女士", "吴先生", "徐大姐"]
SENDER_FULL_NAMES = ["黄秀兰", "何志刚", "罗春花", "梁永福", "宋玉梅", "唐国华", "许德明", "韩桂英", "冯建军", "曹丽娟"]
DUPLICATE_PREFIX = "您反映的问题与此前群众反映的问题相同，已一并办理。"


@dataclasses.dataclass
class Planned:
    concern: Concern
    text: str
    org: Org
    days_ago: int
    channel: str
    carried: bool
    submission: Submission | None = None
    created_at: datetime.datetime | None = None


def voices_fill(campaign: Campaign) -> bool:
    """Fill the voices of `campaign`, unless it already has submissions or reports. Returns whether
    it filled anything."""
    if Submission.objects.filter(campaign=campaign).exists() or Whistleblow.objects.filter(campaign=campaign).exists():
        return False
    with transaction.atomic():
        builder = VoicesBuilder(campaign)
        builder.build()
        fabricate_history(builder.fixups)
    return True


def fabricate_history(fixups: list[tuple[type, int, dict]]) -> None:
    """DEMO ONLY — fabricates history. Moves the dates of submissions, reports and the problems
    accepted from them, which the services wrote today, back to the days the demo puts them on
    (received, recorded, triaged, answered, rated; reported, accepted, closed), and works each
    submission's answer due date out again from its back-dated received date, as `submission_submit`
    would have. Handling events and audit entries are append-only and keep the time they were
    really written.

    Never use this outside the demo: real dates change only through the services.
    """
    for model, pk, values in fixups:
        model.objects.filter(pk=pk).update(**values)
    for submission in Submission.objects.filter(pk__in=[pk for model, pk, _ in fixups if model is Submission]):
        Submission.objects.filter(pk=submission.pk).update(answer_due_on=voices.answer_due(submission.received_on))


def voices_summary(campaign: Campaign) -> str:
    submissions = Submission.objects.filter(campaign=campaign)
    status = {value: submissions.filter(status=value).count() for value in SubmissionStatus.values}
    overdue = submissions.filter(answered_at__isnull=True, answer_due_on__lt=local_today()).count()
    return (
        f"意见箱：{submissions.count()}条意见（待处理{status[SubmissionStatus.PENDING]}、"
        f"已受理{status[SubmissionStatus.ACCEPTED] + status[SubmissionStatus.MERGED]}、"
        f"重复{status[SubmissionStatus.DUPLICATE]}、不予受理{status[SubmissionStatus.DECLINED]}；"
        f"已答复{submissions.filter(answered_at__isnull=False).count()}、逾期未答复{overdue}），"
        f"举报{Whistleblow.objects.filter(campaign=campaign).count()}件。"
    )


class VoicesBuilder:
    def __init__(self, campaign: Campaign):
        self.rng = random.Random(2026_07)
        self.campaign = campaign
        self.today = local_today()
        self.now = timezone.now()
        self.users = {user.username: user for user in User.objects.all()}
        units = list(selectors.public_org_list(campaign))
        self.hospitals = [org for org in units if org.type == OrgType.HOSPITAL]
        self.townships = [org for org in units if org.type == OrgType.TOWNSHIP]
        self.by_code = {org.code: org for org in units}
        self.family = campaign_family_ids(campaign)
        self.ledger_problem_ids = set(Problem.objects.filter(campaign_id__in=self.family).values_list("pk", flat=True))
        self.fixups: list[tuple[type, int, dict]] = []
        self.online = 0
        self.offline = 0
        self.phones = 0

    # --- who is who ------------------------------------------------------------------------

    def _local(self, org: Org) -> str:
        """The username stem of a unit's people: qsrmyy for a hospital, xz03 for a township centre."""
        if org.type == OrgType.TOWNSHIP:
            return "xz" + org.code[-2:]
        return org.code.lower()

    def recorder(self, org: Org, channel: str) -> User:
        if org.type == OrgType.HOSPITAL:
            return self.users[f"{self._local(org)}-office"]
        if org.type == OrgType.TOWNSHIP and channel in (Channel.FORUM, Channel.BOX, Channel.RESEARCH):
            return self.users[f"{self._local(org)}-head"]
        return self.users["office"]

    def triager(self, org: Org) -> User:
        if org.type == OrgType.HOSPITAL:
            return self.users[f"{self._local(org)}-{self.rng.choice(['office', 'office', 'head'])}"]
        if org.type == OrgType.TOWNSHIP:
            return self.users[self.rng.choice([f"{self._local(org)}-head", "office"])]
        return self.users[self.rng.choice(["office", "supervisor"])]

    def answerer(self, org: Org) -> User:
        if org.type == OrgType.HOSPITAL:
            return self.users[f"{self._local(org)}-{self.rng.choice(['office', 'head'])}"]
        if org.type == OrgType.TOWNSHIP:
            return self.users[f"{self._local(org)}-head"]
        return self.users[self.rng.choice(["office", "leader"])]

    # --- when ------------------------------------------------------------------------------

    def moment(self, day: datetime.date, first_hour: int = 8, last_hour: int = 21) -> datetime.datetime:
        naive = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(first_hour, last_hour), self.rng.randint(0, 59))
        )
        return min(timezone.make_aware(naive), self.now - datetime.timedelta(minutes=self.rng.randint(5, 90)))

    def after(self, start: datetime.datetime, low: int, high: int) -> datetime.datetime:
        """A working-hours moment `low`–`high` days after `start`, never later than now, never before `start`."""
        day = timezone.localdate(start) + self.rng.randint(low, high) * DAY
        return max(start, self.moment(day, 8, 17))

    # --- the plan --------------------------------------------------------------------------

    def plan(self) -> list[list[Planned]]:
        """Groups of submissions: one concern at one unit, earliest first."""
        groups = []
        cursor = {"hospital": 0, "township": 0, "any": 0}
        anywhere = self.hospitals + self.townships
        pools = {"hospital": self.hospitals, "township": self.townships, "any": anywhere}
        offline_cycle = 0
        for concern in CONCERNS:
            if concern.scope in pools:
                pool = pools[concern.scope]
                orgs = [pool[(cursor[concern.scope] + i) % len(pool)] for i in range(2)]
                cursor[concern.scope] += 2 if len(concern.texts) >= 5 else 1
                split = 3 if len(concern.texts) >= 5 else len(concern.texts)
            else:
                orgs, split = [self.by_code[concern.scope]], len(concern.texts)
            chunks = [concern.texts[:split], concern.texts[split:]]
            for org, texts in zip(orgs, chunks, strict=False):
                group = []
                for text in texts:
                    carried = self.rng.random() < 0.14
                    if carried:
                        days_ago, channel = self.rng.randint(22, 40), self.rng.choice(CARRIED_CHANNELS)
                    else:
                        days_ago = self.rng.randint(0, 14)
                        channel = Channel.ONLINE
                        if self.rng.random() < 0.35:
                            channel = OFFLINE_CHANNELS[offline_cycle % len(OFFLINE_CHANNELS)]
                            offline_cycle += 1
                    group.append(Planned(concern, text, org, days_ago, channel, carried))
                if group:
                    groups.append(sorted(group, key=lambda item: -item.days_ago))
        return groups

    # --- the work --------------------------------------------------------------------------

    def build(self) -> None:
        for group in self.plan():
            for item in group:
                self.submit(item)
            self.triage(group)
        self.whistleblows()

    def kind(self, concern: Concern) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice([kind for kind in SubmissionKind.values if kind != concern.kind])
        return concern.kind

    def submit(self, item: Planned) -> None:
        name = phone = ""
        if self.rng.random() < 0.3:
            name = self.rng.choice(SENDER_NAMES + SENDER_FULL_NAMES)
        if self.rng.random() < 0.22:
            self.phones += 1
            phone = f"1380000{self.phones:04d}"  # fictitious: every demo number starts 1380000
        received_on = self.today - item.days_ago * DAY
        if item.channel == Channel.ONLINE:
            self.online += 1
            # Documentation addresses (RFC 5737), one per sender: the per-address limit stays in force.
            ip = f"198.51.100.{self.online}" if self.online <= 250 else f"203.0.113.{self.online - 250}"
            item.submission = voices.submission_submit(
                campaign=self.campaign,
                org=item.org,
                kind=self.kind(item.concern),
                text=item.text,
                ip=ip,
                name=name,
                phone=phone,
            )
            created_at = self.moment(received_on, 6, 23)
        else:
            self.offline += 1
            item.submission = voices.submission_record(
                actor=self.recorder(item.org, item.channel),
                campaign=self.campaign,
                org=item.org,
                kind=self.kind(item.concern),
                channel=item.channel,
                text=item.text,
                received_on=received_on,
                name=name,
                phone=phone,
            )
            # Letters and calls from before the campaign were taken in when it began.
            recorded_on = max(received_on, self.campaign.starts_on) + self.rng.randint(0, 2) * DAY
            created_at = self.moment(min(recorded_on, self.today), 8, 17)
        self.fixups.append((Submission, item.submission.pk, {"received_on": received_on, "created_at": created_at}))
        item.created_at = created_at

    def triage(self, group: list[Planned]) -> None:
        concern = group[0].concern
        org = group[0].org
        problem, original = None, None
        for index, item in enumerate(group):
            submission = item.submission
            if item.days_ago <= 2 or (not item.carried and self.rng.random() < 0.1):
                continue  # not handled yet
            actor = self.triager(org)
            if concern.decline:
                voices.submission_decline(actor=actor, submission=submission, reason=concern.decline)
            elif problem is None:
                existing = self.hinted_problem(concern, actor, submission)
                if existing is not None:
                    voices.submission_attach(actor=actor, submission=submission, problem=existing)
                    problem = existing
                else:
                    submission = voices.submission_accept(actor=actor, submission=submission)
                    problem = submission.problem
                original = submission
            elif index % 3 == 2 or self.rng.random() < 0.15:
                voices.submission_mark_duplicate(actor=actor, submission=submission, original=original)
            else:
                voices.submission_attach(actor=actor, submission=submission, problem=problem)
            triaged_at = self.after(item.created_at, 0, 2)
            self.fixups.append((Submission, submission.pk, {"triaged_at": triaged_at}))
            if submission.status == SubmissionStatus.ACCEPTED:
                self.fixups.append((Problem, submission.problem_id, {"created_at": triaged_at}))
            self.answer(item, concern, org, triaged_at)

    def hinted_problem(self, concern: Concern, actor: User, submission: Submission) -> Problem | None:
        if not concern.hint:
            return None
        return (
            selectors.attachable_problems(actor, submission)
            .filter(pk__in=self.ledger_problem_ids, org=submission.org, description__contains=concern.hint)
            .order_by("pk")
            .first()
        )

    def answer(self, item: Planned, concern: Concern, org: Org, triaged_at: datetime.datetime) -> None:
        if not concern.answer:
            return
        submission = item.submission
        chance = 0.75 if item.carried else (0.45 if item.days_ago >= 5 else 0.15)
        if self.rng.random() >= chance:
            return
        text = concern.answer
        if submission.status == SubmissionStatus.DUPLICATE:
            text = DUPLICATE_PREFIX + text
        voices.submission_answer(actor=self.answerer(org), submission=submission, text=text)
        answered_at = self.after(triaged_at, 1, 6)
        values = {"answered_at": answered_at}
        if self.rng.random() < 0.55:
            rating = self.rng.choices(Rating.values, weights=[5, 3, 2])[0]
            voices.submission_rate(submission=submission, rating=rating)
            values["rated_at"] = self.after(answered_at, 0, 3)
        self.fixups.append((Submission, submission.pk, values))

    def whistleblows(self) -> None:
        inspector = self.users["inspector"]
        days_ago = [12, 9, 20, 4, 2]
        for index, (code, subject, text, name, phone) in enumerate(WHISTLEBLOWS):
            report = voices.whistleblow_submit(
                campaign=self.campaign,
                org=self.by_code[code],
                subject=subject,
                text=text,
                ip=f"203.0.113.{200 + index}",
                name=name,
                phone=phone,
            )
            created_at = self.moment(self.today - days_ago[index] * DAY, 7, 23)
            values = {"created_at": created_at}
            if index == 0:
                voices.whistleblow_accept(actor=inspector, whistleblow=report, reply=WHISTLEBLOW_ACCEPT_REPLY)
                values["accepted_at"] = self.after(created_at, 1, 2)
            elif name:
                report = voices.whistleblow_accept(actor=inspector, whistleblow=report)
                voices.whistleblow_close(actor=inspector, whistleblow=report, reply=WHISTLEBLOW_CLOSE_REPLY)
                values["accepted_at"] = self.after(created_at, 1, 2)
                values["closed_at"] = self.after(values["accepted_at"], 8, 12)
            self.fixups.append((Whistleblow, report.pk, values))
