"""Fill the demo campaign's rectification ledger (整改台账) so that a newcomer sees a living one.

About 150 problems from every source, over the commission's campaign (the commission and its
township health centres) and the hospitals' sub-plans (each hospital and its departments), and
about 300 measures of every kind, moved through every status by the real services with the right
people: owners report progress with small evidence files and ask for close-out, unit heads confirm,
the commission's supervisor verifies or sends back, the offices decide extension requests, and the
office, the supervisor and the discipline inspector send urges.

Each measure's story is told in `demo.ledger_stories`; the services act only today, so
`fabricate_history` then moves every date back to where the story puts it. Problems fed in from
inspection, audit and supervision findings are older than the campaign itself: their rectification
began before it and was taken into its ledger, which is where the overdue monthly progress reports
come from.
"""

import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from common.dates import today as local_today
from demo import ledger_texts as texts
from demo.ledger_stories import DAY, StoryTeller, Unit, at
from ledger import services
from ledger.choices import ExtensionStatus, Light, MeasureStatus, Priority, ProblemSource
from ledger.deadlines import report_due
from ledger.models import Evidence, Extension, Measure, Problem, Progress, Urge
from ledger.selectors import campaign_family_ids, light_q, report_missing_q, status_counts_live
from organisations.choices import OrgType, Role
from organisations.models import Membership, Org

# How many problems each campaign of the family gets, by the code of its org.
PROBLEM_TARGETS = {"QSWJW": 54, "QSRMYY": 52, "QSZYY": 44}
CARRIED_SOURCES = {ProblemSource.INSPECTION, ProblemSource.AUDIT, ProblemSource.SUPERVISION}


def ledger_fill(campaign: Campaign) -> bool:
    """Fill the ledger of `campaign` and its sub-plans, unless one of them already has problems.
    Returns whether it filled anything."""
    family = Campaign.objects.filter(pk__in=campaign_family_ids(campaign))
    if Problem.objects.filter(campaign__in=family).exists():
        return False
    with transaction.atomic():
        builder = LedgerBuilder(campaign)
        builder.build()
        fabricate_history(builder.fixups)
        services.measures_recompute_yellow(Measure.objects.filter(campaign__in=family))
    return True


def fabricate_history(fixups: list[tuple[type, dict, dict]]) -> None:
    """DEMO ONLY — fabricates history. Moves the dates of rows the services made today back to the
    days the demo's stories put them on (creation, start, progress, evidence, extensions, urges,
    milestones, close-out), then works out each measure's last report and next report due date
    from its back-dated progress, as `progress_report` would have. Status events (MeasureEvent) and
    audit entries are append-only and keep the time they were really written.

    Never use this outside the demo: real ledger dates change only through the services.
    """
    for model, lookup, values in fixups:
        model.objects.filter(**lookup).update(**values)
    touched = {lookup["pk"] for model, lookup, _ in fixups if model is Measure}
    last_reports = dict(
        Progress.objects.filter(measure_id__in=touched)
        .values("measure_id")
        .annotate(last=Max("reported_on"))
        .values_list("measure_id", "last")
    )
    batch = []
    for measure in Measure.objects.filter(pk__in=touched).only("id", "kind", "created_at"):
        last = last_reports.get(measure.pk)
        since = last or timezone.localdate(measure.created_at)
        measure.last_report_on = last
        measure.report_due_on = report_due(kind=measure.kind, since=since)
        batch.append(measure)
    Measure.objects.bulk_update(batch, ["last_report_on", "report_due_on"], batch_size=500)


def ledger_summary(campaign: Campaign) -> str:
    ids = campaign_family_ids(campaign)
    today = local_today()
    measures = Measure.objects.filter(campaign_id__in=ids)
    counts = status_counts_live(measures)
    lights = {light: measures.filter(light_q(light, today)).count() for light in (Light.RED, Light.YELLOW, Light.GREEN)}
    extensions = Extension.objects.filter(measure__campaign_id__in=ids)
    return (
        f"整改台账：{Problem.objects.filter(campaign_id__in=ids).count()}个问题，{sum(counts.values())}条措施"
        f"（红灯{lights[Light.RED]}、黄灯{lights[Light.YELLOW]}、绿灯{lights[Light.GREEN]}；"
        + "、".join(f"{label}{counts[value]}" for value, label in MeasureStatus.choices)
        + f"；逾期未报送进展{measures.filter(report_missing_q(today)).count()}），"
        f"进展{Progress.objects.filter(measure__campaign_id__in=ids).count()}条，"
        f"佐证材料{Evidence.objects.filter(measure__campaign_id__in=ids).count()}份，"
        f"延期申请{extensions.count()}份（待审批{extensions.filter(status=ExtensionStatus.PENDING).count()}），"
        f"催办{Urge.objects.filter(measure__campaign_id__in=ids).count()}次。"
    )


class LedgerBuilder:
    def __init__(self, campaign: Campaign):
        self.rng = random.Random(2026)
        self.today = local_today()
        self.campaign = campaign
        self.users = {user.username: user for user in User.objects.all()}
        self.supervisor = self.users["supervisor"]
        self.inspector = self.users["inspector"]
        self.fixups: list[tuple[type, dict, dict]] = []
        self.teller = StoryTeller(
            rng=self.rng, supervisor=self.supervisor, inspector=self.inspector, fixups=self.fixups
        )
        self.descriptions: set[str] = set()
        # Problems registered during the campaign fall between its start and a few days ago.
        self.window = (
            min(max(campaign.starts_on + DAY, self.today - 75 * DAY), self.today - 4 * DAY),
            self.today - 4 * DAY,
        )

    # --- who is who ------------------------------------------------------------------------

    def owner_of(self, org: Org) -> User:
        username = Membership.objects.filter(org=org, role=Role.OWNER).values_list("user__username", flat=True)[0]
        return self.users[username]

    def units(self) -> dict[str, list[Unit]]:
        """The units of each campaign of the family, keyed by the campaign org's code."""
        result = {}
        commission = self.campaign.org
        office, head = self.users["office"], self.users["head"]
        leader = self.users["leader"]
        offices = {
            d.code.rsplit("-", 1)[1]: d for d in commission.children.filter(type=OrgType.DEPARTMENT).order_by("code")
        }
        categories = list(self.campaign.categories.order_by("sort_order"))
        commission_unit = Unit(
            self.campaign,
            commission,
            "县卫健委",
            "commission",
            office,
            office,
            {code: (dept, self.owner_of(dept)) for code, dept in offices.items()},
            [leader, head],
            head,
            office,
            categories,
        )
        units = [commission_unit]
        for centre in commission.children.filter(type=OrgType.TOWNSHIP).order_by("code"):
            number = centre.code.removeprefix("QSXZ")
            centre_head, owner = self.users[f"xz{number}-head"], self.users[f"xz{number}-owner"]
            units.append(
                Unit(
                    self.campaign,
                    centre,
                    centre.name,
                    "township",
                    centre_head,
                    owner,
                    {"": (None, owner)},
                    [centre_head, leader],
                    centre_head,
                    office,
                    categories,
                )
            )
        result[commission.code] = units
        for sub in self.campaign.sub_plans.select_related("org").order_by("code"):
            hospital = sub.org
            prefix = hospital.code.lower()
            h_office, h_head, h_leader = (self.users[f"{prefix}-{role}"] for role in ("office", "head", "leader"))
            departments = {
                d.code.rsplit("-", 1)[1]: d for d in hospital.children.filter(type=OrgType.DEPARTMENT).order_by("code")
            }
            owners = {code: (dept, self.owner_of(dept)) for code, dept in departments.items()}
            sub_categories = list(sub.categories.order_by("sort_order"))
            units = [
                Unit(
                    sub,
                    hospital,
                    hospital.name,
                    "hospital",
                    h_office,
                    h_office,
                    owners,
                    [h_leader, h_head],
                    h_head,
                    h_office,
                    sub_categories,
                )
            ]
            for code, dept in departments.items():
                units.append(
                    Unit(
                        sub,
                        dept,
                        dept.name.removeprefix(hospital.name),
                        "department",
                        owners[code][1],
                        owners[code][1],
                        {code: owners[code], "": owners[code]},
                        [h_leader, h_head],
                        h_head,
                        h_office,
                        sub_categories,
                    )
                )
            result[hospital.code] = units
        return result

    # --- the problem list ------------------------------------------------------------------

    def problem_slots(self) -> list[tuple[Unit, texts.ProblemText, User | None]]:
        """Which template goes to which unit: every department template in each hospital, the
        hospital-wide ones, a few township templates per centre, the commission's own, personal
        problems of leaders and owners, and the general "冰" spread over the rest."""
        rng = self.rng
        by_scope: dict[str, list[texts.ProblemText]] = {}
        for template in texts.PROBLEMS:
            by_scope.setdefault(template.scope, []).append(template)
        general = by_scope["any"]
        personal = texts.PERSONAL_PROBLEMS
        slots = []
        for code, units in self.units().items():
            target = PROBLEM_TARGETS.get(code, 40)
            top, rest = units[0], units[1:]
            mine: list[tuple[Unit, texts.ProblemText, User | None]] = []
            if top.scope == "hospital":
                by_dept = {unit.org.code.rsplit("-", 1)[1]: unit for unit in rest}
                mine += [(by_dept[t.dept], t, None) for t in by_scope["department"] if t.dept in by_dept]
                mine += [
                    (top, t, None) for t in by_scope["hospital"] if "中医药" not in t.description or "中医" in top.name
                ]
                leader = top.leaders[0]
                mine += [(top, personal[0], leader), (top, personal[1], leader)]
                clinic = by_dept.get("MZB", rest[0])
                mine.append((clinic, personal[2], clinic.owners[""][1]))
            else:
                mine += [(top, t, None) for t in by_scope["commission"]]
                mine += [(top, personal[0], top.leaders[0]), (top, personal[1], top.leaders[0])]
                township = by_scope["township"]
                for index, centre in enumerate(rest):
                    mine += [(centre, township[(index + step) % len(township)], None) for step in range(4)]
                    mine.append((centre, general[index % len(general)], None))
            candidates = [(unit, t) for unit in [top, *rest] for t in general]
            rng.shuffle(candidates)
            taken = {(id(unit), id(t)) for unit, t, _ in mine}
            for unit, template in candidates:
                if len(mine) >= target:
                    break
                if (id(unit), id(template)) not in taken:
                    mine.append((unit, template, None))
                    taken.add((id(unit), id(template)))
            slots += mine[:target]
        return slots

    def words(self) -> dict:
        rng = self.rng
        n = rng.randint(20, 60)
        return {
            "n": n,
            "m": rng.randint(3, max(4, n // 4)),
            "p": rng.randint(48, 79),
            "k": rng.randint(2, 9),
            "minutes": rng.randint(35, 90),
            "month": (self.today - 30 * DAY).month,
            "topic": rng.choice(texts.TOPICS),
        }

    def build(self) -> None:
        rng = self.rng
        for unit, template, person in self.problem_slots():
            words = self.words()
            description = template.description.format(unit=unit.name, **words)
            for _ in range(10):
                if description not in self.descriptions:
                    break
                words = self.words()
                description = template.description.format(unit=unit.name, **words)
            self.descriptions.add(description)
            source = rng.choice(template.sources)
            carried = source in CARRIED_SOURCES and rng.random() < 0.75
            if carried:
                registered = self.today - rng.randint(20, 60) * DAY
            else:
                registered = self.window[0] + rng.randint(0, (self.window[1] - self.window[0]).days) * DAY
            lead_leader = unit.leaders[-1] if template.major_kind else None
            if lead_leader is None and template.scope in ("hospital", "commission") and rng.random() < 0.3:
                lead_leader = unit.leaders[0]
            registrar = self.supervisor if source == ProblemSource.SUPERVISION else unit.registrar
            note = rng.choice(texts.ORIGIN_NOTES[source]).format(k=rng.randint(1, 12))
            note += "（活动开展前已启动整改，纳入本台账）" if carried else ""
            problem = services.problem_create(
                actor=registrar,
                campaign=unit.campaign,
                org=unit.org,
                source=source,
                description=description,
                category=unit.categories[template.category] if template.category < len(unit.categories) else None,
                person=person,
                root_cause=template.root_cause,
                priority=Priority.HIGH if template.major_kind or source in CARRIED_SOURCES else Priority.NORMAL,
                lead_leader=lead_leader,
                major_kind=template.major_kind,
                origin_note=note,
            )
            self.fixups.append((Problem, {"pk": problem.pk}, {"created_at": at(registered, 8, rng.randint(0, 29))}))
            measures = list(template.measures)
            if len(measures) == 2 and rng.random() < 0.06:
                measures = measures[:1]
            for text in measures:
                created = min(registered + rng.randint(0, 2) * DAY, self.today - 3 * DAY)
                self.teller.tell(problem, unit, template, text, person, created, carried, words)

    # --- one measure -----------------------------------------------------------------------
