"""The plan of an import: every row turned into a problem or a measure, looked up, matched and checked."""

import datetime
import functools
import gc
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import User
from campaigns.models import Campaign
from common.dates import cn_date
from common.dates import today as local_today
from common.exceptions import DomainError
from ledger.choices import MeasureKind, MeasureStatus
from ledger.deadlines import add_months
from ledger.imports.directory import Directory
from ledger.imports.reading import (
    FIELD_LABELS,
    HEADER_SCAN_ROWS,
    KIND_LABELS,
    MEASURE_FIELDS,
    NOTE_RE,
    SECTION_RE,
    ImportColumn,
    Progress,
    Sheet,
    apply_mapping,
    cell_at,
    clean_ref,
    fill_merged,
    find_header,
    parse_deadline,
    parse_kind,
    parse_source,
    read_workbook,
    source_from_title,
    squeeze,
    text_of,
)
from ledger.models import Measure, Problem
from organisations.choices import Role
from organisations.models import Org
from organisations.selectors import user_has_role

MAX_LISTED = 500  # errors and notes kept for the page; all are counted
STATUS_LABELS = dict(MeasureStatus.choices)


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class MeasurePlan:
    row: int
    values: dict
    action: str = "new"  # new | update | same | locked
    instance: Measure | None = None  # the new measure, or the existing one
    changes: dict = field(default_factory=dict)


@dataclass
class ProblemPlan:
    row: int
    ref: str
    values: dict
    section: str = ""
    action: str = "new"
    instance: Problem | None = None
    changes: dict = field(default_factory=dict)
    measures: list[MeasurePlan] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an import would do, row by row. Any error (`error_count`) means nothing may be saved."""

    file_name: str
    sheet_name: str = ""
    title: str = ""
    unit_text: str = ""
    date_text: str = ""
    header_rows: tuple[int, int] = (0, 0)
    columns: list[ImportColumn] = field(default_factory=list)
    source: str = ""
    problems: list[ProblemPlan] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    error_count: int = 0
    note_count: int = 0
    saved: bool = False

    def error(self, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append({"row": row, "column": column, "message": message})

    def note(self, row: int | None, column: str, message: str) -> None:
        self.note_count += 1
        if len(self.notes) < MAX_LISTED:
            self.notes.append({"row": row, "column": column, "message": message})

    def counts(self) -> dict[str, int]:
        counts = Counter(f"problems_{p.action}" for p in self.problems)
        counts.update(f"measures_{m.action}" for p in self.problems for m in p.measures)
        return {
            key: counts[key]
            for key in (
                "problems_new",
                "problems_update",
                "problems_same",
                "measures_new",
                "measures_update",
                "measures_same",
                "measures_locked",
            )
        }

    def summary(self) -> str:
        c = self.counts()
        text = (
            f"新增问题 {c['problems_new']} 个、整改措施 {c['measures_new']} 条；"
            f"更新问题 {c['problems_update']} 个、措施 {c['measures_update']} 条；"
            f"未变问题 {c['problems_same']} 个、措施 {c['measures_same'] + c['measures_locked']} 条。"
        )
        if self.note_count:
            text += f"另有 {self.note_count} 处提示，请查看提示列表。"
        return text

    def error_message(self) -> str:
        listed = f"（仅列出前 {MAX_LISTED} 处）" if self.error_count > len(self.errors) else ""
        return f"文件“{self.file_name}”有 {self.error_count} 处错误{listed}，未导入任何数据。请修改后重新导入。"

    def column_header(self, name: str) -> str:
        for column in self.columns:
            if column.field == name:
                return column.header
        return FIELD_LABELS[name]


def error_line(error: dict) -> str:
    """第5行“整改时限”：无法识别的日期“2027年13月45日”"""
    where = f"第{error['row']}行" if error.get("row") else ""
    column = f"“{error['column']}”" if error.get("column") else ""
    return f"{where}{column}{'：' if where or column else ''}{error['message']}"


def collector_paused(function):
    """Run without Python's cyclic garbage collector. A 100,000-row plan is millions of live objects,
    and each of the collector's full passes during the import walks them all: it doubled the time of
    the bulk inserts. The import makes no reference cycles worth collecting meanwhile."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


def can_import_ledger(user: User, org: Org) -> bool:
    """Importing writes a whole unit's ledger: the office of the org or of an org above it (or a superuser)."""
    return user_has_role(user, org, {Role.OFFICE})


def _refuse_unless_allowed(actor: User, campaign: Campaign, org: Org) -> None:
    if not can_import_ledger(actor, org):
        raise DomainError(f"您不能向“{org}”导入整改台账：须是该单位或其上级单位的活动办公室。")
    if not org.is_within(campaign.org):
        raise DomainError(f"“{org}”不是活动“{campaign}”的发起单位或其下级单位，不能导入到该活动。")


@collector_paused
def ledger_import_plan(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    file,
    file_name: str,
    mapping: dict | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportPlan:
    """Read and check a ledger without saving anything: the preview, the dry run, and the first half
    of `ledger_import`. Problems with the file as a whole raise DomainError; problems with rows are
    collected in `plan.errors`."""
    _refuse_unless_allowed(actor, campaign, org)
    plan = ImportPlan(file_name=file_name)
    found = None
    for sheet in read_workbook(file, file_name):
        fill_merged(sheet)
        found = find_header(sheet)
        if found:
            break
    if not found:
        raise DomainError(
            f"在文件“{file_name}”的前 {HEADER_SCAN_ROWS} 行中没有找到表头：请确认表格有“问题描述”“整改措施”“整改时限”等列名。"
        )
    first, last, plan.columns = found
    plan.sheet_name, plan.header_rows = sheet.name, (first + 1, last + 1)
    _read_preamble(plan, sheet.rows[:first])
    plan.source = source or source_from_title(plan.title)
    # A mapping that cannot work is an error of the plan, not of the file: the preview still shows
    # the columns, so that the person can correct it.
    try:
        if mapping:
            apply_mapping(plan.columns, mapping)
    except ValueError as error:
        plan.error(None, "", str(error))
        return plan
    cols = {c.field: c.index for c in plan.columns if c.field}
    if "description" not in cols:
        plan.error(None, "", "没有对应“问题描述”的列：请在“各列对应的字段”中为问题描述所在的列选择“问题描述”。")
        return plan
    _Checker(plan, sheet, cols, campaign=campaign, org=org, progress=progress).run(last + 1)
    return plan


PREAMBLE_RE = {
    "unit_text": re.compile(r"填报单位(?:（盖章）|\(盖章\))?\s*[:：]?\s*(.*?)\s*(?=\t|填报日期|填报时间|$)"),
    "date_text": re.compile(r"填报(?:日期|时间)\s*[:：]?\s*(.*?)\s*(?=\t|填报单位|$)"),
}


def _read_preamble(plan: ImportPlan, rows: list[list]) -> None:
    """The title, 填报单位 and 填报日期 above the header (each in its own cell or in one line)."""
    for row in rows:
        line = "\t".join(dict.fromkeys(t for t in (text_of(v) for v in row) if t))
        if not line:
            continue
        if "填报" not in line:
            plan.title = plan.title or line.split("\t")[0]
            continue
        for attr, pattern in PREAMBLE_RE.items():
            match = pattern.search(line.replace("\t\t", "\t"))
            if match and not getattr(plan, attr):
                value = match.group(1) or line[match.end() :].lstrip("\t").split("\t")[0]
                setattr(plan, attr, value.strip())


class _Checker:
    """Turns the data rows into problem and measure plans, checking each row."""

    def __init__(self, plan: ImportPlan, sheet: Sheet, cols: dict[str, int], *, campaign, org, progress):
        self.plan, self.sheet, self.cols = plan, sheet, cols
        self.campaign, self.org = campaign, org
        self.progress = progress or (lambda done, total: None)
        self.today = local_today()
        self.directory = Directory(campaign, org)
        self.memo: dict = {}
        self.noted_sections: set[str] = set()
        self.desc_merges = self._merge_ids(cols.get("description"))

    def _merge_ids(self, column: int | None) -> dict[int, int]:
        """Row → merged range id, for the cells of one column that lie in a merged range."""
        ids: dict[int, int] = {}
        if column is None:
            return ids
        for n, (r0, c0, r1, c1) in enumerate(self.sheet.merged):
            if c0 <= column <= c1 and r1 > r0:
                for r in range(r0, r1 + 1):
                    ids[r] = n
        return ids

    def cell(self, row: list, name: str):
        index = self.cols.get(name)
        return row[index] if index is not None and index < len(row) else ""

    def run(self, start: int) -> None:
        problems = self._group(self.sheet.rows, start)
        self._qualify_refs(problems)
        self._match_existing(problems)
        for done, problem in enumerate(problems, start=1):
            self._check_problem(problem)
            if done % 1000 == 0:
                self.progress(done, len(problems) * 2)
        self.plan.problems = problems
        if not problems and not self.plan.error_count:
            self.plan.error(None, "", "没有找到可导入的问题：表头下方没有数据行。")

    # -- rows → problems

    def _group(self, rows: list[list], start: int) -> list[ProblemPlan]:
        problems: list[ProblemPlan] = []
        section = ""
        prev_row = None
        mapped = [c.index for c in self.plan.columns if c.field]
        first_column = min(c.index for c in self.plan.columns)
        for r in range(start, len(rows)):
            row = rows[r]
            texts = [text_of(v) for v in row]
            filled = [t for t in texts if t]
            if not filled:
                continue
            # The 注：/填表人 lines under the table end it (only in its first column: a description
            # that happens to begin with 说明： is data).
            if NOTE_RE.match(squeeze(filled[0])) and texts.index(filled[0]) <= first_column:
                break
            # A heading row (一、工作作风方面), usually merged across the table: it names the section.
            alone_in_text = len(filled) == 1 and any(
                cell_at(texts, self.cols[n]) for n in ("description", "content") if n in self.cols
            )
            if len(set(filled)) == 1 and (len(filled) >= 2 or SECTION_RE.match(filled[0])) and not alone_in_text:
                section = filled[0]
                prev_row = None
                continue
            if not any(cell_at(texts, c) for c in mapped):
                continue
            problem = problems[-1] if problems and prev_row is not None else None
            ref = clean_ref(self.cell(row, "ref"))
            description = text_of(self.cell(row, "description"))
            if problem is None or not self._continues(problem, r, prev_row, ref, description):
                problem = ProblemPlan(
                    row=r + 1,
                    ref=ref,
                    section=section,
                    values={
                        "description": description,
                        "root_cause": text_of(self.cell(row, "root_cause")),
                        "category": text_of(self.cell(row, "category")),
                        "source": text_of(self.cell(row, "source")),
                    },
                )
                problems.append(problem)
            if any(text_of(self.cell(row, n)) for n in MEASURE_FIELDS):
                problem.measures.append(MeasurePlan(row=r + 1, values={n: self.cell(row, n) for n in MEASURE_FIELDS}))
            prev_row = r
        return problems

    def _continues(self, problem: ProblemPlan, r: int, prev_row: int, ref: str, description: str) -> bool:
        """Does row r belong to the problem above? Same merged cell; same 序号; or no problem of its own."""
        merge = self.desc_merges.get(r)
        if merge is not None and merge == self.desc_merges.get(prev_row):
            return True
        if ref:
            return ref == problem.ref and description in ("", problem.values["description"])
        return not description or description == problem.values["description"]

    def _qualify_refs(self, problems: list[ProblemPlan]) -> None:
        """序号 restarting under each section heading (一、… 1 2 3, 二、… 1 2) is qualified by the section
        (一-1); any other repeated 序号 is an error."""
        first_row: dict[str, ProblemPlan] = {}
        repeats = False
        for problem in problems:
            if problem.ref:
                if problem.ref in first_row and first_row[problem.ref].section != problem.section:
                    repeats = True
                first_row.setdefault(problem.ref, problem)
        if repeats and all(p.section for p in problems if p.ref):
            for problem in problems:
                if problem.ref:
                    head = SECTION_RE.match(squeeze(problem.section))
                    key = head.group(0).strip("、.．第()（）") if head else problem.section[:10]
                    problem.ref = f"{key}-{problem.ref}"
        seen: dict[str, int] = {}
        column = self.plan.column_header("ref")
        for problem in problems:
            if not problem.ref:
                continue
            if len(problem.ref) > 50:
                self.plan.error(problem.row, column, f"序号“{problem.ref[:20]}…”过长（不超过50个字符）")
            elif problem.ref in seen:
                self.plan.error(problem.row, column, f"序号“{problem.ref}”与第{seen[problem.ref]}行重复")
            else:
                seen[problem.ref] = problem.row

    def _match_existing(self, problems: list[ProblemPlan]) -> None:
        """Problems by 序号 (else by description), measures by position; read with two queries whose
        size does not grow with the file (no IN list of ids)."""
        existing = Problem.objects.filter(campaign=self.campaign, org=self.org)
        if not existing.exists():
            return
        stored_problems = {p.pk: p for p in existing.select_related("campaign", "org", "category")}
        by_ref, by_description = {}, {}
        for problem in stored_problems.values():
            if problem.external_ref:
                by_ref[problem.external_ref] = problem.pk
            else:
                by_description.setdefault(problem.description, problem.pk)
        matched: dict[int, ProblemPlan] = {}
        for plan in problems:
            pk = by_ref.get(plan.ref) if plan.ref else None
            if pk is None:
                pk = by_description.pop(plan.values["description"].strip(), None)
            if pk is not None and pk not in matched:
                matched[pk] = plan
        if not matched:
            return
        for pk, plan in matched.items():
            plan.instance, plan.action = stored_problems[pk], "same"
        measures: dict[int, list[Measure]] = {}
        for measure in Measure.objects.filter(problem__in=existing).order_by("problem_id", "id"):
            if measure.problem_id in matched:
                measures.setdefault(measure.problem_id, []).append(measure)
        for pk, plan in matched.items():
            stored = measures.get(pk, [])
            for measure_plan, measure in zip(plan.measures, stored, strict=False):
                measure_plan.instance = measure
                measure_plan.action = "same"
            if len(stored) > len(plan.measures):
                self.plan.note(
                    plan.row,
                    "",
                    f"该问题在系统中有 {len(stored)} 条整改措施，文件中只有 {len(plan.measures)} 条；"
                    "多出的措施保持不变（导入不删除措施）",
                )

    # -- checking

    def _check_problem(self, plan: ProblemPlan) -> None:
        values, report = plan.values, self.plan.error
        description = values["description"].strip()
        if not description:
            report(plan.row, self.plan.column_header("description"), "请填写问题描述")
        category = None
        if values["category"]:
            category = self.directory.category(values["category"])
            if category is None:
                names = "、".join(c.name for c in self.directory.categories) or "（本活动尚未设置问题类别）"
                report(
                    plan.row,
                    self.plan.column_header("category"),
                    f"本活动没有问题类别“{values['category']}”（现有：{names}）",
                )
        elif plan.section:
            category = self.directory.category(plan.section)
            if category is None and self.directory.categories and plan.section not in self.noted_sections:
                self.noted_sections.add(plan.section)
                self.plan.note(plan.row, "", f"分组标题“{plan.section}”未对应本活动的问题类别，其下问题不设类别")
        source = self.plan.source
        if values["source"]:
            try:
                source = parse_source(values["source"])
            except ValueError as error:
                report(plan.row, self.plan.column_header("source"), str(error))
        wanted = {
            "description": description,
            "root_cause": values["root_cause"].strip(),
            "category": category,
            "source": source,
        }
        if plan.instance is None:
            plan.instance = Problem(
                campaign=self.campaign,
                org=self.org,
                source=source,
                category=category,
                description=description,
                root_cause=wanted["root_cause"],
                external_ref=plan.ref,
                code="pending",
            )
            if description:
                self._full_clean(plan.instance, plan.row, PROBLEM_EXCLUDE)
        else:
            self._problem_changes(plan, wanted)
        for measure_plan in plan.measures:
            self._check_measure(plan, measure_plan)

    def _problem_changes(self, plan: ProblemPlan, wanted: dict) -> None:
        """Only what the file says: a column it lacks, or a blank category or source cell, changes nothing."""
        problem = plan.instance
        present = ["description"]
        if "root_cause" in self.cols:
            present.append("root_cause")
        if plan.values["source"]:
            present.append("source")
        if wanted["category"] is not None:
            present.append("category")
        for name in present:
            if wanted[name] != getattr(problem, name):
                plan.changes[name] = wanted[name]
        if plan.ref and problem.external_ref != plan.ref:
            plan.changes["external_ref"] = plan.ref
        if plan.changes:
            plan.action = "update"

    def _lookup(self, row: int, name: str, function, *args, **kwargs):
        """`function(*args)` remembered per distinct arguments (a ledger repeats the same names and
        dates on row after row); a ValueError becomes this row's error in column `name`."""
        key = (name, *args, *kwargs.values())
        result = self.memo.get(key, self.memo)
        if result is self.memo:
            try:
                result = function(*args, **kwargs)
            except ValueError as error:
                result = error
            self.memo[key] = result
        if isinstance(result, ValueError):
            self.plan.error(row, self.plan.column_header(name), str(result))
            return None
        return result

    def _check_measure(self, problem: ProblemPlan, plan: MeasurePlan) -> None:
        values, row, lookup = plan.values, plan.row, self._lookup
        errors_before = self.plan.error_count
        content = text_of(values["content"])
        if not content:
            self.plan.error(row, self.plan.column_header("content"), "请填写整改措施（其他列已填写）")
        kind = lookup(row, "kind", parse_kind, text_of(values["kind"]))
        deadline, deadline_kind = lookup(row, "deadline", parse_deadline, values["deadline"]) or (None, None)
        kind = kind or deadline_kind or MeasureKind.DEADLINE
        department = lookup(row, "department", self.directory.department, text_of(values["department"]), "责任科室")
        people = {
            name: lookup(
                row,
                name,
                self.directory.person,
                text_of(values[name]),
                FIELD_LABELS[name],
                above_too=name == "leader",
                within=department,
            )
            for name in ("owner", "leader")
        }
        wanted = {
            "content": content,
            "kind": kind,
            "deadline": deadline,
            "department": department,
            "owner_id": people["owner"],
            "leader_id": people["leader"],
            "acceptance_standard": text_of(values["acceptance_standard"]),
        }
        if self.plan.error_count > errors_before:
            return
        if plan.instance is None:
            self._new_measure(problem, plan, wanted)
        else:
            self._measure_changes(plan, wanted)

    def _new_measure(self, problem: ProblemPlan, plan: MeasurePlan, wanted: dict) -> None:
        """As `measure_create` would: 立行立改 defaults to one month, 长期坚持 has no deadline, no deadline
        before today."""
        kind, deadline = wanted["kind"], wanted["deadline"]
        if kind == MeasureKind.IMMEDIATE and deadline is None:
            deadline = add_months(self.today, 1)
        if kind == MeasureKind.LONG_TERM and deadline is not None:
            self.plan.error(
                plan.row, self.plan.column_header("deadline"), "长期坚持的措施不设整改时限，请删去日期或改为限期整改"
            )
            return
        if deadline is not None and deadline < self.today:
            self.plan.error(plan.row, self.plan.column_header("deadline"), f"整改时限{cn_date(deadline)}早于今天")
            return
        plan.instance = Measure(
            problem=problem.instance,
            campaign=self.campaign,
            org=self.org,
            content=wanted["content"],
            kind=kind,
            deadline=deadline,
            due_on=deadline,
            department=wanted["department"],
            owner_id=wanted["owner_id"],
            leader_id=wanted["leader_id"],
            acceptance_standard=wanted["acceptance_standard"],
        )
        self._full_clean(plan.instance, plan.row, MEASURE_EXCLUDE)

    def _measure_changes(self, plan: MeasurePlan, wanted: dict) -> None:
        """Differences between the row and the stored measure, in the columns the file has. A deadline
        equal to the original one or to the one in force after an extension is no difference."""
        measure = plan.instance
        present = {n for n in MEASURE_FIELDS if n in self.cols}
        changes = {}
        for name in ("content", "acceptance_standard"):
            if name in present and wanted[name] != getattr(measure, name):
                changes[name] = wanted[name]
        department = wanted["department"]
        if "department" in present and (department.pk if department else None) != measure.department_id:
            changes["department"] = department
        for name in ("owner", "leader"):
            if name in present and wanted[f"{name}_id"] != getattr(measure, f"{name}_id"):
                changes[name] = wanted[f"{name}_id"]
        if present & {"kind", "deadline"}:
            kind, deadline = wanted["kind"], wanted["deadline"]
            if kind != measure.kind:
                changes["kind"] = kind
            if kind == MeasureKind.LONG_TERM:
                deadline = None
            elif deadline is None and kind == MeasureKind.IMMEDIATE:
                deadline = measure.deadline or add_months(self.today, 1)
            if deadline != measure.deadline and (deadline is None or deadline != measure.due_on):
                changes["deadline"] = deadline
        if not changes:
            return
        if measure.status != MeasureStatus.NOT_STARTED:
            plan.action = "locked"
            for name, value in changes.items():
                self.plan.note(
                    plan.row,
                    self.plan.column_header(name),
                    f"措施已{STATUS_LABELS[measure.status]}，未更新（系统中为“{_shown(getattr(measure, name), name)}”，"
                    f"文件中为“{_shown(value, name)}”）" + ("；时限请通过延期申请调整" if name == "deadline" else ""),
                )
            return
        deadline = changes.get("deadline", measure.deadline)
        if "deadline" in changes and deadline is not None and deadline < self.today:
            self.plan.error(plan.row, self.plan.column_header("deadline"), f"整改时限{cn_date(deadline)}早于今天")
            return
        plan.action, plan.changes = "update", changes
        trial = Measure(**{f.attname: getattr(measure, f.attname) for f in Measure._meta.concrete_fields})
        trial.org = self.org
        trial.department = changes.get("department", self.directory.orgs.get(measure.department_id))
        for name, value in changes.items():
            setattr(trial, f"{name}_id" if name in ("owner", "leader") else name, value)
        if "deadline" in changes:
            trial.due_on = trial.deadline
        self._full_clean(trial, plan.row, MEASURE_EXCLUDE)

    def _full_clean(self, instance: models.Model, row: int, exclude: list[str]) -> None:
        """The model's own validation, without per-row queries (see the module docstring)."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
                column = self.plan.column_header(name) if name in FIELD_LABELS else ""
                for message in messages:
                    self.plan.error(row, column, message.rstrip("。"))


PROBLEM_EXCLUDE = ["campaign", "org", "category", "person", "lead_leader", "origin_type", "created_by", "code"]
MEASURE_EXCLUDE = [
    "problem",
    "campaign",
    "org",
    "leader",
    "department",
    "owner",
    "requested_by",
    "confirmed_by",
    "created_by",
]


def _shown(value, name: str) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, datetime.date):
        return cn_date(value)
    if name == "kind":
        return KIND_LABELS.get(value, value)
    if name in ("owner", "leader") and isinstance(value, int):
        user = User.objects.filter(pk=value).first()
        return str(user) if user else str(value)
    return str(value)[:40]
