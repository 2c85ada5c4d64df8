"""One measure's life in the demo ledger (a Story), planned with real dates and played through the
real services by the people who would really act, with the dates the services wrote noted down
for `demo.ledger_data.fabricate_history` to move back afterwards.

The services only ever act *today*, and refuse deadlines in the past. A story is therefore played
as if the measure had been created today, with its deadlines and stage nodes shifted forward by
its age; progress reports, which the services accept with a past date, carry their real one.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from common.dates import cn_date
from common.dates import today as local_today
from demo import evidence_files
from demo import ledger_texts as texts
from ledger import services
from ledger.choices import Light, MeasureKind, MeasureStatus
from ledger.deadlines import lag_from
from ledger.models import Evidence, Extension, Measure, Milestone, Problem, Progress, Urge
from organisations.models import Org

ST = MeasureStatus
DAY = datetime.timedelta(days=1)
# Final status by measure kind: (status, weight).
STATUS_WEIGHTS = {
    MeasureKind.IMMEDIATE: [
        (ST.CLOSED, 48),
        (ST.PENDING_REVIEW, 6),
        (ST.PENDING_ACCEPTANCE, 6),
        (ST.IN_PROGRESS, 32),
        (ST.NOT_STARTED, 8),
    ],
    MeasureKind.DEADLINE: [
        (ST.CLOSED, 28),
        (ST.PENDING_REVIEW, 6),
        (ST.PENDING_ACCEPTANCE, 6),
        (ST.IN_PROGRESS, 48),
        (ST.NOT_STARTED, 12),
    ],
    MeasureKind.LONG_TERM: [
        (ST.ONGOING, 30),
        (ST.PENDING_REVIEW, 4),
        (ST.PENDING_ACCEPTANCE, 4),
        (ST.IN_PROGRESS, 50),
        (ST.NOT_STARTED, 12),
    ],
}
OPEN = {ST.NOT_STARTED, ST.IN_PROGRESS, ST.PENDING_REVIEW, ST.PENDING_ACCEPTANCE}


@dataclass
class Unit:
    """Where problems are registered, and who does what there."""

    campaign: Campaign
    org: Org
    name: str  # as it reads at the start of a problem description
    scope: str  # department, hospital, township or commission
    registrar: User
    writer: User  # writes the measures
    owners: dict[str, tuple[Org | None, User]]  # department code ("" for the unit) → (department, owner)
    leaders: list[User]
    head: User  # confirms close-out requests
    office: User  # decides extension requests
    categories: list


@dataclass
class Action:
    day: datetime.date
    run: Callable[[], None]


@dataclass
class Story:
    """One measure's life, as planned: the dates are real ones; the services see them shifted by `age`."""

    problem: Problem
    unit: Unit
    text: texts.MeasureText
    owner: User
    department: Org | None
    leader: User
    created: datetime.date
    status: str
    deadline: datetime.date | None = None
    due: datetime.date | None = None
    started: datetime.date | None = None
    closed: datetime.date | None = None
    carried: bool = False  # taken over from before the campaign (inspection, audit, supervision)
    missing: bool = False  # a monthly progress report is overdue
    light: str | None = None  # the light aimed at
    flow: list[str] = field(default_factory=list)  # close-out steps
    flow_days: list[datetime.date] = field(default_factory=list)
    extension: tuple | None = None  # (outcome, asked on, decided on, requested due date)
    milestones: list[tuple[datetime.date, str, datetime.date | None]] = field(default_factory=list)
    reports: list[datetime.date] = field(default_factory=list)
    percents: list[int] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    measure: Measure | None = None

    @property
    def age(self) -> datetime.timedelta:
        return local_today() - self.created

    @property
    def first_flow(self) -> datetime.date | None:
        return self.flow_days[0] if self.flow_days else None


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class StoryTeller:
    def __init__(self, *, rng: random.Random, supervisor: User, inspector: User, fixups: list):
        self.rng = rng
        self.today = local_today()
        self.supervisor = supervisor
        self.inspector = inspector
        self.fixups = fixups

    def tell(self, problem, unit, template, text, person, created, carried, words) -> Story:
        """Plan the measure's story, then play it through the services."""
        story = self.plan(problem, unit, template, text, person, created, carried, words)
        self.play(story)
        return story

    def plan(self, problem, unit, template, text, person, created, carried, words) -> Story:
        """The life of one measure: who answers for it, where it ends up, and the actions that take it there."""
        rng = self.rng
        department, owner = unit.owners.get(template.dept) or rng.choice(list(unit.owners.values()))
        if person is not None:
            department, owner = (unit.org if unit.scope == "department" else None), person
        leader = rng.choice([u for u in unit.leaders if u != owner] or [unit.head])
        statuses, weights = zip(*STATUS_WEIGHTS[text.kind], strict=True)
        status = rng.choices(statuses, weights)[0]
        if carried and status == ST.NOT_STARTED:
            status = ST.IN_PROGRESS
        story = Story(problem, unit, text, owner, department, leader, created, status, carried=carried)
        story.missing = (
            carried and status == ST.IN_PROGRESS and text.kind != MeasureKind.LONG_TERM and story.age.days >= 36
        )
        story.missing = story.missing and rng.random() < 0.8
        self.plan_closeout(story)
        self.plan_deadline(story)
        self.plan_extension(story)
        self.plan_milestones(story)
        self.plan_reports(story)
        self.script(story, text.content.format(unit=unit.name, **words))
        return story

    def plan_closeout(self, story: Story) -> None:
        """The close-out steps and their days; a sent-back round is refused by the unit head at
        review, or by the supervisor at acceptance."""
        rng, today, status, created = self.rng, self.today, story.status, story.created
        sent_back = ["request", "send_back"] if rng.random() < 0.5 else ["request", "confirm", "reject"]
        flow: list[str] = []
        if status in (ST.PENDING_REVIEW, ST.PENDING_ACCEPTANCE, ST.CLOSED, ST.ONGOING):
            if rng.random() < 0.2:
                flow += [*sent_back, "report"]
            flow += ["request"]
            flow += [] if status == ST.PENDING_REVIEW else ["confirm"]
            flow += ["verify"] if status in (ST.CLOSED, ST.ONGOING) else []
        elif status == ST.IN_PROGRESS and not story.missing and story.age.days >= 5 and rng.random() < 0.12:
            flow += sent_back
        recent = status in (ST.PENDING_REVIEW, ST.PENDING_ACCEPTANCE) and "report" not in flow
        story.flow = flow
        story.flow_days = self.days(len(flow), max(created + DAY, today - 7 * DAY) if recent else created + DAY, today)
        if status != ST.NOT_STARTED:
            story.started = min(created + rng.randint(0, 1) * DAY, story.first_flow or today)
        if status == ST.CLOSED:
            story.closed = story.flow_days[-1]

    def plan_deadline(self, story: Story) -> None:
        """The deadline in force (`due`), aiming at a light. A 立行立改 measure gets days, a 限期整改
        one weeks: only the older ones can be overdue already."""
        rng, today, kind, created, age = self.rng, self.today, story.text.kind, story.created, story.age.days
        shortest = 5 if kind == MeasureKind.IMMEDIATE else 20
        if kind == MeasureKind.LONG_TERM:
            story.light = Light.YELLOW if story.status in OPEN and rng.random() < 0.12 else Light.GREEN
        elif story.status == ST.CLOSED:
            span = rng.choice([7, 10, 15, 30]) if kind == MeasureKind.IMMEDIATE else rng.randint(30, 120)
            story.due = created + span * DAY
        else:
            weights = {MeasureKind.IMMEDIATE: [55, 15, 30], MeasureKind.DEADLINE: [0, 18, 82]}[kind]
            weights = [50, 20, 30] if story.carried else weights
            light = rng.choices([Light.RED, Light.YELLOW, Light.GREEN], weights)[0]
            if light == Light.RED and age <= shortest:
                light = Light.YELLOW
            if kind == MeasureKind.IMMEDIATE and light == Light.GREEN and created + 30 * DAY < today + 12 * DAY:
                light = Light.RED
            near = created + shortest * DAY <= today + 4 * DAY
            if light == Light.RED:
                story.due = today - rng.randint(1, min(age - shortest, 15)) * DAY
            elif light == Light.YELLOW and near and (kind == MeasureKind.IMMEDIATE or rng.random() < 0.5):
                story.due = max(today + rng.randint(1, 4) * DAY, created + shortest * DAY)
            elif kind == MeasureKind.IMMEDIATE:
                story.due = created + 30 * DAY
            else:
                story.due = today + rng.randint(25, 100) * DAY
            story.light = light
        story.deadline = story.due

    def plan_extension(self, story: Story) -> None:
        """An extension request: approved (then `deadline` is the earlier date and `due` the one
        granted), refused, or still pending. Mostly on measures close to or past their deadline."""
        rng, today, status, created, due = self.rng, self.today, story.status, story.created, story.due
        if due is None or status == ST.NOT_STARTED:
            return
        roll = rng.random()
        pressed = status in OPEN and due <= today + 4 * DAY
        refuse_below, pending_below = (0.25, 0.35) if pressed else (0.1, 0.16)
        last_day = min(story.first_flow - DAY, today - DAY) if story.first_flow else today - DAY
        if roll < 0.1:
            stretch = min(rng.randint(10, 30), (due - created).days - 3)
            if stretch >= 5:
                asked = self.day(created + DAY, min(due - stretch * DAY, last_day))
                if asked <= last_day:
                    story.deadline = due - stretch * DAY
                    story.extension = ("approved", asked, self.day(asked, min(asked + 2 * DAY, last_day)), due)
        elif roll < refuse_below and pressed:
            asked = self.day(max(created + DAY, due - 7 * DAY), last_day)
            if created < asked <= last_day:
                story.extension = ("refused", asked, self.day(asked + DAY, today), due + rng.randint(10, 30) * DAY)
        elif roll < pending_below and status == ST.IN_PROGRESS:
            asked = self.day(max(created + DAY, today - 4 * DAY), today)
            story.extension = ("pending", asked, None, due + rng.randint(10, 30) * DAY)

    def plan_milestones(self, story: Story) -> None:
        """Stage nodes (阶段性节点) spread up to the deadline; the ones passed are done on time unless
        the measure is late, and a yellow measure may owe its light to the next one."""
        rng, today, kind, created, light = self.rng, self.today, story.text.kind, story.created, story.light
        goals = story.text.milestones
        if not goals and kind == MeasureKind.LONG_TERM and light == Light.YELLOW:
            goals = texts.LONG_TERM_MILESTONES
        elif not goals and kind == MeasureKind.DEADLINE and (light == Light.YELLOW or rng.random() < 0.5):
            goals = texts.DEADLINE_MILESTONES
        if not goals or kind == MeasureKind.IMMEDIATE or (rng.random() >= 0.8 and light != Light.YELLOW):
            return
        end = story.deadline or created + 90 * DAY
        count = len(goals)
        dates = [created + ((end - created).days * (i + 1) // (count + 1)) * DAY for i in range(count)]
        if kind == MeasureKind.LONG_TERM:
            dates = [created + (20 + 25 * i) * DAY for i in range(count)]
        if light == Light.YELLOW and story.due is not None and story.due > today + 10 * DAY:
            future = [i for i, d in enumerate(dates) if d > today] or [count - 1]
            dates[future[0]] = min(today + rng.randint(1, 4) * DAY, end)
        elif light == Light.YELLOW and kind == MeasureKind.LONG_TERM:
            dates[-1] = max(dates[-1], today + rng.randint(1, 4) * DAY)
            dates[-1] = min(dates[-1], today + 4 * DAY)
        finish = story.flow_days[-1] if story.status in (ST.CLOSED, ST.ONGOING) else None
        for date, goal in zip(sorted(dates), goals, strict=True):
            done = None
            if finish is not None:
                done = min(date, finish)
            elif story.status in (ST.PENDING_REVIEW, ST.PENDING_ACCEPTANCE):
                done = min(date, story.first_flow)
            elif date <= today and story.started is not None:
                late = light == Light.RED and rng.random() < 0.5
                done = None if late else max(story.started, date - rng.randint(0, 4) * DAY)
            elif date <= today + 12 * DAY and light == Light.GREEN and story.started is not None:
                done = self.day(story.started, today)
            story.milestones.append((date, goal, done))

    def plan_reports(self, story: Story) -> None:
        """Progress reports before the close-out steps (or up to today), at least monthly unless
        the story is one of a missing report; progress keeps a green measure's light green."""
        rng, today = self.rng, self.today
        if story.started is not None:
            if story.missing:
                story.reports = self.days(rng.randint(1, 2), story.started, today - 32 * DAY)
            else:
                first = story.first_flow
                story.reports = self.days(rng.randint(0 if first is None else 1, 3), story.started, first or today)
                recent = story.reports and story.reports[-1] >= today - 28 * DAY
                if first is None and story.age.days > 28 and not recent:
                    story.reports.append(self.day(today - 25 * DAY, today))
        final = rng.randint(60, 95) if story.first_flow else rng.randint(10, 90)
        if story.light == Light.GREEN and story.due is not None and story.started is not None:
            while final < 95:
                lag = lag_from(start=story.started, due=story.due, percent=final)
                if lag is None or lag > today + 3 * DAY:
                    break
                final += 5
        story.percents = [*sorted(rng.randint(5, final) for _ in story.reports[:-1]), final]

    def script(self, story: Story, content: str) -> None:
        """The service calls that play the story, in the order of their days."""
        rng, today = self.rng, self.today
        milestone_dates = [(date + story.age, goal) for date, goal, _ in story.milestones]
        story.actions.append(Action(story.created, lambda: self.create(story, content, milestone_dates)))
        if story.started and (not story.reports or rng.random() < 0.4):
            story.actions.append(Action(story.started, lambda: self.start(story)))
        for _, goal, done in story.milestones:
            if done is not None:
                story.actions.append(Action(done, lambda goal=goal, done=done: self.milestone_done(story, goal, done)))
        for day, percent in zip(story.reports, story.percents, strict=False):
            story.actions.append(Action(day, lambda day=day, percent=percent: self.report(story, day, percent)))
        head, leader = story.unit.head, story.leader
        reviewer = rng.choice([head, head, leader]) if leader != story.owner else head
        for step, day in zip(story.flow, story.flow_days, strict=True):
            if step == "request":
                story.actions.append(Action(day, lambda day=day: self.request(story, day)))
            elif step == "confirm":
                story.actions.append(Action(day, lambda: self.confirm(story, reviewer)))
            elif step in ("send_back", "reject"):
                actor = reviewer if step == "send_back" else self.supervisor
                story.actions.append(Action(day, lambda actor=actor: self.send_back(story, actor)))
            elif step == "report":
                story.actions.append(Action(day, lambda day=day: self.report(story, day, rng.randint(80, 95))))
            elif step == "verify":
                story.actions.append(Action(day, lambda: self.verify(story)))
        last = story.flow_days[-1] if story.flow_days else today
        if story.status == ST.ONGOING and last < today - 3 * DAY and rng.random() < 0.5:
            day = self.day(last + DAY, today)
            story.actions.append(Action(day, lambda day=day: self.report(story, day, story.measure.percent)))
        if story.extension:
            self.add_extension(story, *story.extension)
        if story.status in OPEN:
            self.add_urges(story)
        story.actions.sort(key=lambda action: action.day)

    def add_extension(self, story: Story, outcome, asked, decided, requested) -> None:
        holder = {}

        def ask():
            holder["extension"] = services.extension_request(
                actor=story.owner,
                measure=story.measure,
                requested_due_on=requested + story.age,
                reason=self.rng.choice(texts.EXTENSION_REASONS),
            )
            values = {"requested_at": at(asked, 9, 40), "requested_due_on": requested}
            values["previous_due_on"] = story.deadline if outcome == "approved" else story.due
            self.fixups.append((Extension, {"pk": holder["extension"].pk}, values))

        def decide():
            office = story.unit.office
            if outcome == "approved":
                services.extension_approve(
                    actor=office, extension=holder["extension"], remark=self.rng.choice(texts.APPROVE_REMARKS)
                )
            else:
                services.extension_refuse(
                    actor=office, extension=holder["extension"], remark=self.rng.choice(texts.REFUSE_REMARKS)
                )
            self.fixups.append((Extension, {"pk": holder["extension"].pk}, {"decided_at": at(decided, 16, 10)}))

        story.actions.append(Action(asked, ask))
        if outcome != "pending":
            story.actions.append(Action(decided, decide))

    def add_urges(self, story: Story) -> None:
        rng, today = self.rng, self.today
        urgers = [story.unit.office, self.supervisor, self.inspector]
        plans = []
        if story.due is not None and story.due < today:
            for _ in range(rng.choice([1, 1, 2])):
                day = self.day(story.due + DAY, today)
                plans.append((day, texts.URGE_TEXTS["red"].format(days=(day - story.due).days)))
        elif story.light == Light.YELLOW and rng.random() < 0.35:
            plans.append((self.day(today - 4 * DAY, today), texts.URGE_TEXTS["yellow"]))
        if story.missing:
            plans.append((self.day(today - 7 * DAY, today), texts.URGE_TEXTS["report"]))
        for day, text in plans:
            if day <= story.created:
                continue
            actor = rng.choice(urgers)
            story.actions.append(
                Action(day, lambda day=day, text=text, actor=actor: self.urge(story, actor, day, text))
            )

    def days(self, count: int, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        return sorted(self.day(first, last) for _ in range(count))

    def day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        if last <= first:
            return first
        return first + self.rng.randint(0, (last - first).days) * DAY

    def play(self, story: Story) -> None:
        for action in story.actions:
            action.run()
        values = {"created_at": at(story.created, 8, self.rng.randint(30, 59))}
        values |= {"deadline": story.deadline, "due_on": story.due, "started_on": story.started}
        values["closed_on"] = story.closed
        # Open measures get theirs recomputed afterwards; the others keep the one they closed with.
        yellow = story.measure.yellow_from
        values["yellow_from"] = yellow - story.age if yellow else None
        self.fixups.append((Measure, {"pk": story.measure.pk}, values))

    # --- the service calls, and the dates they need moved --------------------------------

    def create(self, story: Story, content: str, milestones) -> None:
        shift = story.age
        story.measure = services.measure_create(
            actor=story.unit.writer,
            problem=story.problem,
            content=content,
            kind=story.text.kind,
            deadline=story.deadline + shift if story.deadline else None,
            leader=story.leader,
            department=story.department,
            owner=story.owner,
            acceptance_standard=story.text.standard,
            milestones=milestones,
        )
        rows = story.measure.milestones.order_by("due_on", "id").values_list("pk", flat=True)
        for pk, (date, _, _) in zip(rows, sorted(story.milestones), strict=True):
            self.fixups.append((Milestone, {"pk": pk}, {"due_on": date}))

    def start(self, story: Story) -> None:
        services.measure_start(actor=story.owner, measure=story.measure)

    def milestone_done(self, story: Story, goal: str, done: datetime.date) -> None:
        milestone = story.measure.milestones.get(goal=goal)
        services.milestone_complete(actor=story.owner, milestone=milestone, done_on=done)

    def report(self, story: Story, day: datetime.date, percent: int) -> None:
        text = self.rng.choice(texts.PROGRESS_TEXTS).format(k=self.rng.randint(2, 6))
        files = self.files(story, day, "整改进展") if self.rng.random() < 0.5 else []
        progress = services.progress_report(
            actor=story.owner, measure=story.measure, text=text, percent=percent, files=files, reported_on=day
        )
        self.stamp(progress, day, with_files=bool(files))

    def request(self, story: Story, day: datetime.date) -> None:
        files = self.files(story, day, "销号申请") + (self.files(story, day, "佐证") if self.rng.random() < 0.4 else [])
        services.measure_request_closeout(
            actor=story.owner,
            measure=story.measure,
            self_assessment=self.rng.choice(texts.CLOSEOUT_TEXTS),
            files=files,
        )
        progress = story.measure.progress.filter(is_closeout_request=True).order_by("-id").first()
        self.stamp(progress, day, reported_on=day)

    def confirm(self, story: Story, actor: User) -> None:
        services.measure_confirm(actor=actor, measure=story.measure, remark=self.rng.choice(texts.CONFIRM_REMARKS))

    def send_back(self, story: Story, actor: User) -> None:
        services.measure_send_back(actor=actor, measure=story.measure, reason=self.rng.choice(texts.SEND_BACK_REASONS))

    def verify(self, story: Story) -> None:
        services.measure_verify(
            actor=self.supervisor, measure=story.measure, remark=self.rng.choice(texts.VERIFY_REMARKS)
        )

    def urge(self, story: Story, actor: User, day: datetime.date, text: str) -> None:
        urge = services.measure_urge(actor=actor, measure=story.measure, text=text)
        self.fixups.append((Urge, {"pk": urge.pk}, {"urged_at": at(day, 14, self.rng.randint(0, 59))}))

    def stamp(self, progress: Progress, day: datetime.date, *, with_files: bool = True, **values) -> None:
        moment = at(day, self.rng.randint(9, 17), self.rng.randint(0, 59))
        self.fixups.append((Progress, {"pk": progress.pk}, {"created_at": moment, **values}))
        if with_files:
            self.fixups.append((Evidence, {"progress_id": progress.pk}, {"uploaded_at": moment}))

    def files(self, story: Story, day: datetime.date, purpose: str) -> list:
        rng = self.rng
        code = story.problem.code
        content = story.measure.content
        lines = [
            f"问题编号：{code}",
            f"责任单位：{story.unit.org.name}",
            f"整改措施：{content[:28]}{'…' if len(content) > 28 else ''}",
            f"材料用途：{purpose}",
            f"报送日期：{cn_date(day)}",
            "（演示数据，单位和人员均为虚构）",
        ]
        # python-docx's template makes a Word file of some 36 KB: Word files stay the exception.
        kind = rng.choices(["pdf", "png", "xlsx", "docx"], [47, 37, 12, 4])[0]
        if kind == "png":
            name, content_bytes = f"{code}-整改现场照片.png", evidence_files.png_bytes(story.measure.pk * 31 + day.day)
        elif kind == "xlsx":
            rows = [[i, f"整改事项{i}", "已完成" if i < 3 else "推进中", cn_date(day)] for i in range(1, 4)]
            name = f"{code}-整改明细表.xlsx"
            content_bytes = evidence_files.xlsx_bytes(
                f"{code} 整改明细", ["序号", "整改事项", "完成情况", "日期"], rows
            )
        elif kind == "docx":
            name, content_bytes = f"{code}-整改情况报告.docx", evidence_files.docx_bytes(f"{code}整改情况报告", lines)
        else:
            title = rng.choice(["整改情况说明", "专题会议纪要", "制度文件", "自查报告"])
            name, content_bytes = f"{code}-{title}.pdf", evidence_files.pdf_bytes(title, lines)
        return [evidence_files.upload(name, content_bytes)]
