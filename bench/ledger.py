"""Ledger benchmark: the ledger page and the status counts at county scale, each against raw SQL.

    python bench/ledger.py --measures 1000000 --orgs 10000

builds a synthetic county ledger in a throwaway test database (SQLite in a temporary file by
default; PostgreSQL when DATABASE_URL is set) and times, each against the raw SQL of the same
query in the same run (median of --repeat interleaved runs after warm-up):

(a) the ledger page of the county office, filtered by status and sorted by deadline (50 rows),
    through Django's test client; the page's ORM row query alone; the same page 10,000 rows deep
    (key cursor: it should cost what the first page costs); the unfiltered ledger (landing page);
(b) the status counts of the whole county (`ledger.selectors.status_counts`, from the counters)
    against a GROUP BY over the measures.

Lines starting with "#" add, for scale: where the page's time goes (its queries replayed as raw
SQL, and a signed-in page with no ledger), and the home pages of both offices and the county
office's org page.

Each figure is one line ending in `ratio=X`; other lines start with "#". Targets: page ratio ≤ 3;
counts ≤ 100 ms at 1,000,000 measures on PostgreSQL. `--explain` adds the page's queries with
their times and the plan of the slowest ones (EXPLAIN ANALYZE on PostgreSQL).
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ first on the path would make this file shadow the `ledger` app.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Measure what production runs: no debug query log, no debug template engine.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key-for-a-throwaway-database")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from campaigns.choices import CampaignKind  # noqa: E402
from campaigns.models import Campaign, ProblemCategory  # noqa: E402
from common.pagination import key_page  # noqa: E402
from ledger import selectors, views  # noqa: E402
from ledger.choices import MeasureKind, MeasureStatus, Priority, ProblemSource  # noqa: E402
from ledger.models import CampaignStatusCount, Measure, Problem, StatusCount  # noqa: E402
from organisations.choices import OrgType, Role  # noqa: E402
from organisations.models import Membership, Org  # noqa: E402

PAGE_URL = "/ledger/?status=in_progress&sort=due"
HOME_URL = "/ledger/?sort=due"
ROW_MARKER = '<tr class="row-'
PAGE_SIZE = 50
DEEP_ROWS = 10_000
BATCH = 5000
ROOT_PATH = "/1/"


# --- the throwaway database ----------------------------------------------------------------------


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def create_database() -> tuple[str, str | None]:
    """A fresh test database (never the developer's): its name and the temporary directory to remove."""
    tmpdir = None
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="pobing-bench-")
        test["NAME"] = str(Path(tmpdir) / "bench.sqlite3")
    else:
        # Not test_<name>: a test run of the suite against the same server must not collide with it.
        test["NAME"] = "test_pobing_bench"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    return old_name, tmpdir


def destroy_database(old_name: str, tmpdir: str | None) -> None:
    connection.close()
    connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
    if tmpdir:
        shutil.rmtree(tmpdir, ignore_errors=True)


def insert(model, rows: Iterable[tuple]) -> int:
    """Rows (tuples in the order of the model's concrete fields) into the model's table, fast:
    COPY on PostgreSQL, bulk_create in batches on SQLite. Returns the number of rows."""
    fields = model._meta.concrete_fields
    count = 0
    if is_postgres():
        qn = connection.ops.quote_name
        columns = ", ".join(qn(field.column) for field in fields)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    names = [field.attname for field in fields]
    rows = iter(rows)
    while chunk := list(islice(rows, BATCH)):
        model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in chunk], batch_size=BATCH)
        count += len(chunk)
    return count


def values(model, **given) -> tuple:
    """A row tuple for `insert`: the given values by attname, each other field's default."""
    row = []
    for field in model._meta.concrete_fields:
        if field.attname in given:
            row.append(given.pop(field.attname))
        elif field.has_default() or field.null or field.empty_strings_allowed:
            row.append(field.get_default())
        else:
            raise ValueError(f"{model.__name__}.{field.attname} needs a value")
    if given:
        raise ValueError(f"unknown fields for {model.__name__}: {sorted(given)}")
    return tuple(row)


# --- the synthetic county ------------------------------------------------------------------------


class County:
    """Ids of what was built, for the measurements."""

    office: User
    unit_office: User
    unit_path: str
    campaign: Campaign
    measures: int
    problems: int
    orgs: int
    users: int


def build(measures: int, orgs: int, seed: int = 2026) -> County:
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    county = County()

    # Orgs: the commission "/1/", hospitals and township centres under it, departments under those.
    units = max(2, orgs // 20)
    departments = max(0, orgs - 1 - units)
    org_rows, org_parent, org_type = [], {}, {}
    org_rows.append(
        values(Org, id=1, name="县卫生健康委员会", code="ORG00001", type=OrgType.COMMISSION, path=ROOT_PATH)
    )
    org_type[1] = OrgType.COMMISSION
    unit_ids = list(range(2, 2 + units))
    for i, pk in enumerate(unit_ids):
        kind = OrgType.HOSPITAL if i % 3 == 0 else OrgType.TOWNSHIP
        name = f"县第{i + 1}人民医院" if kind == OrgType.HOSPITAL else f"第{i + 1}乡镇卫生院"
        org_rows.append(
            values(Org, id=pk, name=name, code=f"ORG{pk:05d}", type=kind, parent_id=1, path=f"/1/{pk}/", depth=1)
        )
        org_parent[pk], org_type[pk] = 1, kind
    dept_ids = list(range(2 + units, 2 + units + departments))
    children: dict[int, list[int]] = {pk: [] for pk in unit_ids}
    for i, pk in enumerate(dept_ids):
        unit = unit_ids[i % units]
        org_rows.append(
            values(
                Org,
                id=pk,
                name=f"第{i + 1}科室",
                code=f"ORG{pk:05d}",
                type=OrgType.DEPARTMENT,
                parent_id=unit,
                path=f"/1/{unit}/{pk}/",
                depth=2,
            )
        )
        org_parent[pk], org_type[pk] = unit, OrgType.DEPARTMENT
        children[unit].append(pk)
    county.orgs = insert(Org, org_rows)

    # People: the county office at the root, a leader per unit, an owner (科室负责人) per department.
    user_rows, membership_rows, leader_of, owner_of = [], [], {}, {}

    def person(pk: int, username: str, name: str, org_id: int, role: str) -> None:
        user_rows.append(values(User, id=pk, username=username, name=name, password="!", date_joined=now))
        membership_rows.append(values(Membership, id=pk, user_id=pk, org_id=org_id, role=role))

    person(1, "office", "县委办公室", 1, Role.OFFICE)
    for pk in unit_ids:
        leader_of[pk] = 1 + len(user_rows)
        person(leader_of[pk], f"leader{pk}", f"分管领导{pk}", pk, Role.LEADER)
    for pk in dept_ids:
        owner_of[pk] = 1 + len(user_rows)
        person(owner_of[pk], f"owner{pk}", f"责任人{pk}", pk, Role.OWNER)
    unit_office = 1 + len(user_rows)
    person(unit_office, "unit-office", "院办主任", unit_ids[0], Role.OFFICE)
    county.users = insert(User, user_rows)
    insert(Membership, membership_rows)
    county.office = User.objects.get(pk=1)
    county.unit_office = User.objects.get(pk=unit_office)
    county.unit_path = f"/1/{unit_ids[0]}/"

    campaign = Campaign.objects.create(
        code="BENCH-2026",
        theme="思想破冰大研讨（基准测试）",
        kind=CampaignKind.POBING,
        org_id=1,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=365),
    )
    county.campaign = campaign
    category_ids = [
        ProblemCategory.objects.create(campaign=campaign, sort_order=i, name=f"第{i + 1}类问题").pk for i in range(7)
    ]

    # Problems: about half as many as measures, on any org of the county.
    problems = max(1, measures // 2)
    all_orgs = [1, *unit_ids, *dept_ids]
    problem_org = [0] * (problems + 1)
    sources, priorities = ProblemSource.values, Priority.values

    def problem_rows() -> Iterator[tuple]:
        for pk in range(1, problems + 1):
            org_id = rng.choice(all_orgs)
            problem_org[pk] = org_id
            yield values(
                Problem,
                id=pk,
                campaign_id=campaign.pk,
                code=f"BENCH-{pk:07d}",
                source=rng.choice(sources),
                category_id=rng.choice(category_ids),
                org_id=org_id,
                description=f"问题{pk}：服务意识不强，办事效率不高，群众反映等候时间长、流程繁琐。",
                priority=rng.choice(priorities),
                created_by_id=1,
                created_at=now,
            )

    county.problems = insert(Problem, problem_rows())
    campaign.problem_seq = problems
    campaign.save(update_fields=["problem_seq"])

    # Measures: two per problem on average, random kinds, statuses and deadlines, within the checks.
    counts: Counter = Counter()
    day = datetime.timedelta(days=1)
    open_kinds = [MeasureKind.IMMEDIATE, MeasureKind.DEADLINE]
    open_statuses = [
        MeasureStatus.NOT_STARTED,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.PENDING_REVIEW,
        MeasureStatus.PENDING_ACCEPTANCE,
        MeasureStatus.CLOSED,
    ]
    long_statuses = [MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, MeasureStatus.ONGOING, MeasureStatus.CLOSED]

    def measure_rows() -> Iterator[tuple]:
        for pk in range(1, measures + 1):
            problem_id = (pk - 1) % problems + 1
            org_id = problem_org[problem_id]
            if org_type[org_id] == OrgType.DEPARTMENT:
                department_id, unit = org_id, org_parent[org_id]
            elif org_id != 1:
                unit = org_id
                department_id = rng.choice(children[unit]) if children[unit] else None
            else:
                unit, department_id = None, None
            owner_id = owner_of.get(department_id)
            leader_id = leader_of.get(unit)
            if rng.random() < 0.1:
                kind = MeasureKind.LONG_TERM
                status = rng.choices(long_statuses, weights=[10, 20, 60, 10])[0]
                deadline = due_on = yellow = None
            else:
                kind = rng.choices(open_kinds, weights=[2, 7])[0]
                status = rng.choices(open_statuses, weights=[15, 40, 8, 7, 30])[0]
                deadline = (
                    today + rng.randint(-60, 30) * day
                    if kind == MeasureKind.IMMEDIATE
                    else today + rng.randint(-120, 240) * day
                )
                due_on = deadline + rng.randint(7, 60) * day if rng.random() < 0.1 else deadline
                yellow = due_on - 7 * day
            started = None if status == MeasureStatus.NOT_STARTED else today - rng.randint(10, 200) * day
            reporting = status in (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, MeasureStatus.ONGOING)
            requested = status in (MeasureStatus.PENDING_REVIEW, MeasureStatus.PENDING_ACCEPTANCE, MeasureStatus.CLOSED)
            if status == MeasureStatus.NOT_STARTED:
                percent = 0
            elif status in (MeasureStatus.IN_PROGRESS, MeasureStatus.ONGOING):
                percent = rng.randint(5, 95)
            else:
                percent = 100
            counts[(campaign.pk, org_id, status)] += 1
            yield values(
                Measure,
                id=pk,
                problem_id=problem_id,
                campaign_id=campaign.pk,
                org_id=org_id,
                content=f"措施{pk}：完善办事流程，压缩等候时间，建立首问负责和限时办结制度。",
                kind=kind,
                leader_id=leader_id,
                department_id=department_id,
                owner_id=owner_id,
                acceptance_standard="群众满意度达到90%以上，相关制度印发执行。",
                deadline=deadline,
                due_on=due_on,
                status=status,
                percent=percent,
                started_on=started,
                last_report_on=started and started + rng.randint(0, 9) * day,
                report_due_on=today + rng.randint(-20, 60) * day if reporting else None,
                yellow_from=yellow if status in open_statuses[:4] else None,
                requested_by_id=owner_id if requested else None,
                confirmed_by_id=leader_id
                if status in (MeasureStatus.PENDING_ACCEPTANCE, MeasureStatus.CLOSED)
                else None,
                closed_on=today - rng.randint(0, 100) * day if status == MeasureStatus.CLOSED else None,
                created_by_id=1,
                created_at=now,
            )

    county.measures = insert(Measure, measure_rows())

    # The maintained counters, as the services keep them: every status of every (campaign, org) used,
    # and of every campaign.
    pairs = sorted({(campaign_id, org_id) for campaign_id, org_id, _ in counts})
    keys = [(campaign_id, org_id, status) for campaign_id, org_id in pairs for status in MeasureStatus.values]
    insert(
        StatusCount,
        (
            values(StatusCount, id=pk, campaign_id=key[0], org_id=key[1], status=key[2], count=counts[key])
            for pk, key in enumerate(keys, start=1)
        ),
    )
    campaign_totals: Counter = Counter()
    for (campaign_id, _, status), count in counts.items():
        campaign_totals[(campaign_id, status)] += count
    campaign_keys = [
        (campaign_id, status) for campaign_id in sorted({c for c, _ in pairs}) for status in MeasureStatus.values
    ]
    insert(
        CampaignStatusCount,
        (
            values(CampaignStatusCount, id=pk, campaign_id=key[0], status=key[1], count=campaign_totals[key])
            for pk, key in enumerate(campaign_keys, start=1)
        ),
    )
    return county


def load(measures: int, orgs: int) -> County:
    with transaction.atomic():
        county = build(measures, orgs)
    with connection.cursor() as cursor:
        if is_postgres():
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Org, User, Membership, Problem, Measure, StatusCount, CampaignStatusCount]
            ):
                cursor.execute(statement)
            # A settled database, as autovacuum leaves it: statistics and the visibility map.
            for model in (
                Org,
                User,
                Membership,
                Problem,
                Measure,
                StatusCount,
                CampaignStatusCount,
                Campaign,
                ProblemCategory,
            ):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
        else:
            # SQLite keeps no statistics by itself (`PRAGMA optimize` gathers them): without them its
            # planner takes an index on campaign_id as selective, and sorts the whole campaign.
            cursor.execute("ANALYZE")
    return county


# --- measuring -----------------------------------------------------------------------------------


def compare(
    subject: Callable[[], object], baseline: Callable[[], object], repeat: int, warmup: int = 3
) -> tuple[float, float]:
    """Median milliseconds of subject and baseline, run alternately so both see the same machine."""
    for _ in range(warmup):
        subject()
        baseline()
    a, b = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        subject()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline()
        b.append(time.perf_counter() - start)
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def figure(label: str, ms: float, baseline_label: str, baseline_ms: float) -> float:
    ratio = ms / baseline_ms
    print(f"{label}: {ms:.1f} ms vs {baseline_label} {baseline_ms:.1f} ms ratio={ratio:.2f}", flush=True)
    return ratio


def raw(sql: str, params: list) -> Callable[[], list]:
    def run() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def rows_sql(*, status: bool = True, seek: bool = False) -> str:
    """The page's row query written by hand: the same joins (what a row shows: the measure, its problem,
    org and owner), the status and scope filters, the order. Parameters: [status,] path prefix[, due_on,
    due_on, id]."""
    columns = ", ".join(f"{alias}.*" for alias in ("m", "p", "o", "ow"))
    where = "m.status = %s AND o.path LIKE %s" if status else "o.path LIKE %s"
    if seek:
        where += " AND (m.due_on > %s OR (m.due_on = %s AND m.id > %s) OR m.due_on IS NULL)"
    return f"""
        SELECT {columns}
        FROM {table(Measure)} m
        JOIN {table(Problem)} p ON p.id = m.problem_id
        JOIN {table(Org)} o ON o.id = m.org_id
        LEFT JOIN {table(User)} ow ON ow.id = m.owner_id
        WHERE {where}
        ORDER BY m.due_on ASC NULLS LAST, m.id ASC
        LIMIT {PAGE_SIZE + 1}
    """


def counts_sql() -> str:
    return f"""
        SELECT m.status, COUNT(*)
        FROM {table(Measure)} m JOIN {table(Org)} o ON o.id = m.org_id
        WHERE o.path LIKE %s
        GROUP BY m.status
    """


def page_getter(client: Client, url: str) -> Callable[[], str]:
    def get() -> str:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        html = response.content.decode()
        rows = html.count(ROW_MARKER)
        assert rows == PAGE_SIZE, f"{url}: {rows} rows, expected {PAGE_SIZE}"
        return html

    return get


def page_queries(get: Callable[[], str]) -> list[tuple[str, object]]:
    """The SELECTs one page view sends, with their parameters, to replay them as raw SQL."""
    sent: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        get()
    return sent


def replay(queries: list[tuple[str, object]]) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def where_the_time_goes(client: Client, page: Callable[[], str], page_ms: float, repeat: int) -> None:
    """Two reference points for the page: every query it sends, replayed as raw SQL, and a signed-in page
    with no ledger on it (the password form), through the same client."""
    queries = page_queries(page)
    replay_ms, floor_ms = compare(replay(queries), lambda: client.get("/accounts/password-change/"), repeat)
    print(
        f"# the page's {len(queries)} queries replayed as raw SQL: {replay_ms:.1f} ms; the rest of the page "
        f"(ORM, forms, templates, middleware): {page_ms - replay_ms:.1f} ms; a signed-in page with no "
        f"ledger (the password form): {floor_ms:.1f} ms",
        flush=True,
    )


def explain(client: Client, url: str, top: int = 2) -> None:
    """The page's queries with their times, and the plans of the slowest."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    total = sum(float(q["time"]) for q in queries)
    print(f"# {url}: {len(queries)} queries, {total * 1000:.1f} ms in the database")
    for query in queries[:top]:
        sql = query["sql"]
        print(f"#   {float(query['time']) * 1000:8.1f} ms  {sql[:400]}{' …' if len(sql) > 400 else ''}")
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if is_postgres() else "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            for line in cursor.fetchall():
                print("#       " + " | ".join(str(part) for part in line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="show the page's queries and plans")
    parser.add_argument("--profile", action="store_true", help="profile 20 renders of the page (cProfile)")
    args = parser.parse_args()
    if args.orgs < 3:
        parser.error("--orgs must be at least 3")
    if args.measures < 4 * DEEP_ROWS:
        parser.error(f"--measures must be at least {4 * DEEP_ROWS}")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    started = time.perf_counter()
    old_name, tmpdir = create_database()
    try:
        print(f"# database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)", flush=True)
        build_start = time.perf_counter()
        county = load(args.measures, args.orgs)
        print(
            f"# build: {county.measures:,} measures, {county.problems:,} problems, {county.orgs:,} orgs, "
            f"{county.users:,} people in {time.perf_counter() - build_start:.1f} s",
            flush=True,
        )

        office = county.office
        client = Client()
        client.force_login(office)
        like = ROOT_PATH + "%"
        status = MeasureStatus.IN_PROGRESS

        # (a) the first page; the page's row query alone; a page deep in the list via the key cursor.
        page = page_getter(client, PAGE_URL)
        assert "after=" in page(), "the first page has no next-page link"
        page_ms, raw_ms = compare(page, raw(rows_sql(), [status, like]), args.repeat)
        page_ratio = figure("ledger page (status filter, sort by deadline, 50 rows)", page_ms, "raw SQL", raw_ms)
        where_the_time_goes(client, page, page_ms, args.repeat)

        order, value_type = views.ORDERS["due"]

        def orm_rows() -> list:
            office.__dict__.pop("_pobing_memberships", None)  # cached per request: count its query too
            measures = selectors.ledger_measures(office, {"status": status}, timezone.localdate())
            rows = key_page(views._row_queryset(measures), order, cursor=None, size=PAGE_SIZE, value_type=value_type)
            return rows.rows

        assert len(orm_rows()) == PAGE_SIZE
        orm_ms, raw_ms = compare(orm_rows, raw(rows_sql(), [status, like]), args.repeat)
        figure("ledger rows alone (the page's ORM row query, 50 rows)", orm_ms, "raw SQL", raw_ms)

        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT due_on, id FROM {table(Measure)} WHERE status = %s"
                " ORDER BY due_on ASC NULLS LAST, id ASC LIMIT 1 OFFSET %s",
                [status, DEEP_ROWS - 1],
            )
            due_on, pk = cursor.fetchone()
        deep = page_getter(client, f"{PAGE_URL}&after={due_on.isoformat() if due_on else '-'}_{pk}")
        deep_ms, raw_ms = compare(deep, raw(rows_sql(seek=True), [status, like, due_on, due_on, pk]), args.repeat)
        figure(f"ledger page after {DEEP_ROWS:,} rows (key cursor, 50 rows)", deep_ms, "raw SQL", raw_ms)

        # The landing page: no filter, sorted by deadline (counts from the counters).
        home_ms, raw_ms = compare(page_getter(client, HOME_URL), raw(rows_sql(status=False), [like]), args.repeat)
        figure("ledger page (no filter, sort by deadline, 50 rows)", home_ms, "raw SQL", raw_ms)

        # The same page for the office of one unit: a narrow scope inside the big ledger.
        unit_client = Client()
        unit_client.force_login(county.unit_office)
        unit_ms, raw_ms = compare(
            page_getter(unit_client, PAGE_URL), raw(rows_sql(), [status, county.unit_path + "%"]), args.repeat
        )
        figure("ledger page of one unit's office (status filter, 50 rows)", unit_ms, "raw SQL", raw_ms)

        # Other pages the same offices open most, for scale (no raw-SQL baseline).
        for label, who, url in (
            ("我的待办 (home) of the county office", client, "/"),
            ("我的待办 (home) of one unit's office", unit_client, "/"),
            ("the org page of the county office", client, "/orgs/"),
        ):
            ms, _ = compare(lambda who=who, url=url: who.get(url), lambda: None, args.repeat)
            print(f"# {label}: {ms:.1f} ms", flush=True)

        # (b) the status counts of the whole county.
        def counts() -> dict:
            office.__dict__.pop("_pobing_memberships", None)  # cached per request: count its query too
            return selectors.status_counts(user=office, campaigns=selectors.ledger_campaigns(office))

        expected = dict.fromkeys(MeasureStatus.values, 0)
        expected.update(dict(raw(counts_sql(), [like])()))
        assert counts() == expected, f"counters {counts()} != measures {expected}"
        counts_ms, group_ms = compare(counts, raw(counts_sql(), [like]), args.repeat)
        counts_ratio = figure("status counts (whole county)", counts_ms, "raw GROUP BY", group_ms)

        size = f"{county.measures:,} measures on {connection.vendor}"
        verdict = (
            ("met" if counts_ms <= 100 else "NOT met") if is_postgres() and county.measures >= 1_000_000 else "n/a"
        )
        print(f"# target page ratio ≤ 3: {'met' if page_ratio <= 3 else 'NOT met'} (ratio={page_ratio:.2f})")
        print(f"# target counts ≤ 100 ms at 1,000,000 measures on postgresql: {verdict} ({counts_ms:.1f} ms at {size})")
        print(f"# counts vs GROUP BY: {'faster' if counts_ratio < 1 else 'slower'} (ratio={counts_ratio:.2f})")
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(lambda: [page() for _ in range(20)])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        if args.explain:
            explain(client, PAGE_URL)
            explain(client, HOME_URL)
    finally:
        destroy_database(old_name, tmpdir)
        print(f"# total {time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
