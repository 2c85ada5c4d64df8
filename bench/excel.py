"""Excel benchmark: importing a large messy ledger through `ledger.imports`, against a raw read and a raw insert.

    python bench/excel.py --rows 100000

builds a hospital (20 departments, their owners and leaders) and a campaign in a throwaway test
database (SQLite in a temporary file; PostgreSQL when DATABASE_URL is set), writes a messy-ish
ledger of --rows measure rows (two per problem; title and 填报单位 rows, problem cells merged over
their measures, some 序号 in full-width digits, ten deadline spellings, blank rows, a 注 row) with
xlsxwriter in constant_memory mode, and times:

(1) the importer: `ledger_import(dry_run=True)` (read, map the columns, validate every row) and the
    full import (the same, then save: numbering, bulk inserts, status counters, audit entries);
(2) the baseline: a raw read of the same file with python-calamine, and a raw `bulk_create` of the
    same problems and measures with minimal fields.

`import ratio` = full import / (raw read + raw insert); target ≤ 2. `bench_export` times the export
(`ledger.exports.ledger_export_xlsx`) of the imported ledger, when that module is there. Lines
starting with "#" are context; `--profile` prints the importer's top functions (cProfile).
"""

import argparse
import cProfile
import datetime
import importlib.util
import io
import os
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ first on the path would make bench/ledger.py shadow the `ledger` app.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key-for-a-throwaway-database")

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from accounts.models import User  # noqa: E402
from campaigns.choices import CampaignKind  # noqa: E402
from campaigns.models import Campaign, ProblemCategory  # noqa: E402
from ledger.choices import MeasureKind, ProblemSource  # noqa: E402
from ledger.imports import ledger_import  # noqa: E402
from ledger.models import Measure, Problem  # noqa: E402
from organisations.choices import OrgType, Role  # noqa: E402
from organisations.models import Membership, Org  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_ledger", ROOT / "bench" / "ledger.py")
bench_ledger = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_ledger)  # the throwaway database helpers

DEPARTMENTS = 20
CATEGORIES = [
    "工作作风方面",
    "服务意识方面",
    "思想观念方面",
    "责任担当方面",
    "标准质量方面",
    "进取精神方面",
    "政治站位方面",
]
HEADER = [
    "编号",
    "问题类别",
    "具体问题表述",
    "原因剖析",
    "整改措施",
    "完成时限",
    "责任领导",
    "责任科室",
    "责任人",
    "验收标准",
]
BATCH = 2000


class Hospital:
    office: User
    org: Org
    campaign: Campaign
    departments: list[str]
    owners: list[str]
    leaders: list[str]


def build_hospital() -> Hospital:
    """A commission, a hospital with its departments, an owner per department, leaders, a campaign."""
    h = Hospital()
    now = timezone.now()
    commission = Org.objects.create(name="县卫生健康委员会", code="BENCH-WJW", type=OrgType.COMMISSION, path="/1/")
    h.org = Org.objects.create(
        name="县人民医院", code="BENCH-RMYY", type=OrgType.HOSPITAL, parent=commission, path="", depth=1
    )
    Org.objects.filter(pk=h.org.pk).update(path=f"{commission.path}{h.org.pk}/")
    h.org.refresh_from_db()
    h.office = User.objects.create(username="office", name="院办主任", password="!", date_joined=now)
    Membership.objects.create(user=h.office, org=h.org, role=Role.OFFICE)
    h.departments, h.owners, h.leaders = [], [], []
    for i in range(DEPARTMENTS):
        name = f"第{i + 1}科"
        dept = Org.objects.create(
            name=f"县人民医院{name}", code=f"BENCH-K{i:02d}", type=OrgType.DEPARTMENT, parent=h.org, depth=2
        )
        Org.objects.filter(pk=dept.pk).update(path=f"{h.org.path}{dept.pk}/")
        owner = User.objects.create(username=f"owner{i}", name=f"责任人{i:02d}", password="!", date_joined=now)
        Membership.objects.create(user=owner, org_id=dept.pk, role=Role.OWNER)
        h.departments.append(name)
        h.owners.append(owner.name)
    for i in range(3):
        leader = User.objects.create(username=f"leader{i}", name=f"副院长{i}", password="!", date_joined=now)
        Membership.objects.create(user=leader, org=h.org, role=Role.LEADER)
        h.leaders.append(leader.name)
    today = timezone.localdate()
    h.campaign = Campaign.objects.create(
        code="BENCH-XLS",
        theme="巡察反馈问题整改（基准测试）",
        kind=CampaignKind.POBING,
        org=h.org,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=730),
    )
    for i, name in enumerate(CATEGORIES):
        ProblemCategory.objects.create(campaign=h.campaign, sort_order=i, name=name.removesuffix("方面") + "之“冰”")
    return h


FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def deadline_cells(year: int) -> list:
    return [
        f"{year}年12月31日",
        f"{year}.6.30".translate(FULL),
        f"{year}-06",
        f"{year}年1月",
        f"{year}年底",
        f"{year}年9月30日前",
        (datetime.date(year, 3, 31) - datetime.date(1899, 12, 30)).days,  # an Excel serial number
        datetime.date(year, 5, 31),  # a date cell
        "立行立改",
        "长期坚持",
    ]


def write_ledger(path: Path, rows: int, h: Hospital) -> int:
    """The messy ledger; returns the number of problems. Cells are written row by row and the merged
    ranges handed to the worksheet's list: constant_memory mode flushes a row once a later one is
    written, which `merge_range` (a cell in every row of the range) cannot live with."""
    year = timezone.localdate().year + 1
    deadlines = deadline_cells(year)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("整改台账")
    date = book.add_format({"num_format": "yyyy/m/d"})
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "县人民医院巡察反馈问题整改台账")
    sheet.write_string(1, 0, "填报单位：县人民医院")
    sheet.write_string(1, 7, "填报日期：2026年11月20日")
    for c, text in enumerate(HEADER):
        sheet.write_string(2, c, text)
    r, problems, measure = 3, 0, 0
    while measure < rows:
        problems += 1
        if problems % 1000 == 0:
            r += 1  # a blank separator row
        count = min(2, rows - measure)
        ref = str(problems).translate(FULL) if problems % 10 == 0 else str(problems)
        dept = problems % DEPARTMENTS
        for k in range(count):
            if k == 0:
                sheet.write_string(r, 0, ref)
                sheet.write_string(r, 1, CATEGORIES[problems % len(CATEGORIES)])
                sheet.write_string(r, 2, f"问题{problems}：服务意识不强，办事效率不高，群众反映等候时间长、流程繁琐。")
                sheet.write_string(r, 3, "制度执行不到位，监督考核偏软。")
            cell = deadlines[measure % len(deadlines)]
            sheet.write_string(r, 4, f"措施{measure + 1}：完善办事流程，压缩等候时间，建立首问负责和限时办结制度。")
            if isinstance(cell, datetime.date):
                sheet.write_datetime(r, 5, cell, date)
            elif isinstance(cell, int):
                sheet.write_number(r, 5, cell)
            else:
                sheet.write_string(r, 5, cell)
            sheet.write_string(r, 6, h.leaders[measure % len(h.leaders)])
            sheet.write_string(r, 7, h.departments[dept])
            sheet.write_string(r, 8, h.owners[dept])
            sheet.write_string(r, 9, "群众满意度达到90%以上，相关制度印发执行。")
            r += 1
            measure += 1
        if count > 1:
            for c in range(4):
                sheet.merge.append([r - count, c, r - 1, c])
    sheet.write_string(r + 1, 0, "注：整改时限可填写具体日期或“立行立改”“长期坚持”。")
    book.close()
    return problems


# --- (2) the baseline ----------------------------------------------------------------------------


def raw_read(path: Path) -> list[list]:
    with path.open("rb") as handle:
        return CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0).to_python(skip_empty_area=False)


def raw_insert(rows: list[list], h: Hospital) -> tuple[int, int]:
    """The same problems and measures with minimal fields, by bulk_create (a row with a 编号 starts a
    problem; the deadline is one fixed date)."""
    deadline = datetime.date(timezone.localdate().year + 1, 12, 31)
    problems, measures, owners = [], [], []
    for row in rows[3:]:
        if not row or not row[4]:
            continue
        if row[0]:
            problems.append(
                Problem(
                    campaign=h.campaign,
                    org=h.org,
                    code=f"RAW-{len(problems) + 1:06d}",
                    source=ProblemSource.INSPECTION,
                    description=row[2],
                    created_by=h.office,
                )
            )
        owners.append(problems[-1])
        measures.append(
            Measure(
                campaign=h.campaign,
                org=h.org,
                content=row[4],
                kind=MeasureKind.DEADLINE,
                deadline=deadline,
                due_on=deadline,
                created_by=h.office,
            )
        )
    Problem.objects.bulk_create(problems, batch_size=BATCH)
    for measure, problem in zip(measures, owners, strict=True):
        measure.problem = problem
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    return len(problems), len(measures)


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def run_import(path: Path, h: Hospital, *, dry_run: bool):
    with path.open("rb") as handle:
        return ledger_import(
            actor=h.office, campaign=h.campaign, org=h.org, file=handle, file_name=path.name, dry_run=dry_run
        )


# --- the export ----------------------------------------------------------------------------------


def bench_export(args, h: Hospital, tmpdir: Path) -> None:
    """`ledger.exports.ledger_export_xlsx` on the imported ledger against raw xlsxwriter constant-memory
    writing of the same rows (the same query, every value written as it comes: no merges, formats,
    labels or lights), with the export's peak memory."""
    from ledger.exports import ledger_export_rows, ledger_export_xlsx

    measures = Measure.objects.filter(campaign=h.campaign)
    out = tmpdir / "export.xlsx"
    export_ms, count = timed(ledger_export_xlsx, measures, str(out))

    def raw_export() -> int:
        book = xlsxwriter.Workbook(str(tmpdir / "raw-export.xlsx"), {"constant_memory": True})
        sheet = book.add_worksheet()
        n = 0
        for n, row in enumerate(ledger_export_rows(measures).iterator(2000), start=1):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write_datetime(n, c, value)
                elif value is not None:
                    sheet.write(n, c, value)
        book.close()
        return n

    raw_ms, _ = timed(raw_export)
    print(
        f"export ({count:,} measures, {out.stat().st_size / 1e6:.1f} MB): {export_ms:.1f} ms vs raw xlsxwriter write "
        f"{raw_ms:.1f} ms export ratio={export_ms / raw_ms:.2f}",
        flush=True,
    )
    # tracemalloc slows everything several times over: the peak is measured in a second, untimed run.
    tracemalloc.start()
    ledger_export_xlsx(measures, str(tmpdir / "export-traced.xlsx"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"export peak memory (Python allocations, tracemalloc, second run): {peak / 1e6:.1f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="measure rows in the ledger")
    parser.add_argument("--profile", action="store_true", help="profile the full import (cProfile, top 25)")
    parser.add_argument("--no-export", action="store_true", help="skip the export timing")
    args = parser.parse_args()

    old_name, db_tmpdir = bench_ledger.create_database()
    tmpdir = Path(tempfile.mkdtemp(prefix="pobing-bench-excel-"))
    try:
        print(f"# database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)", flush=True)
        h = build_hospital()
        path = tmpdir / "ledger.xlsx"
        write_ms, problems = timed(write_ledger, path, args.rows, h)
        print(
            f"# file: {args.rows:,} measures, {problems:,} problems, {path.stat().st_size / 1e6:.1f} MB, "
            f"written in {write_ms:.0f} ms (xlsxwriter constant_memory)",
            flush=True,
        )
        raw_read(path)  # warm the file cache for everyone

        read_ms, rows = timed(raw_read, path)
        print(f"raw read (python-calamine to_python): {read_ms:.1f} ms", flush=True)
        with transaction.atomic():
            insert_ms, (n_problems, n_measures) = timed(raw_insert, rows, h)
            transaction.set_rollback(True)
        print(
            f"raw insert (bulk_create {n_problems:,} problems + {n_measures:,} measures): {insert_ms:.1f} ms",
            flush=True,
        )
        del rows

        dry_ms, plan = timed(run_import, path, h, dry_run=True)
        assert plan.counts()["measures_new"] == args.rows, plan.counts()
        print(
            f"import dry-run (read, map, validate): {dry_ms:.1f} ms vs raw read {read_ms:.1f} ms "
            f"ratio={dry_ms / read_ms:.2f}",
            flush=True,
        )
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        full_ms, plan = timed(run_import, path, h, dry_run=False)
        if profiler:
            profiler.disable()
        assert Measure.objects.filter(campaign=h.campaign).count() == args.rows
        baseline = read_ms + insert_ms
        print(
            f"import (read, validate, save, audit): {full_ms:.1f} ms vs raw read + raw insert {baseline:.1f} ms "
            f"import ratio={full_ms / baseline:.2f}",
            flush=True,
        )
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print("\n".join("# " + line for line in out.getvalue().splitlines()))
        again_ms, plan = timed(run_import, path, h, dry_run=False)
        assert plan.counts()["measures_same"] == args.rows, plan.counts()
        print(f"# re-import of the same file (nothing changes): {again_ms:.1f} ms", flush=True)
        if not args.no_export:
            bench_export(args, h, tmpdir)
        print(f"# peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        bench_ledger.destroy_database(old_name, db_tmpdir)
        for child in tmpdir.iterdir():
            child.unlink()
        tmpdir.rmdir()


if __name__ == "__main__":
    main()
