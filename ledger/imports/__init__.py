"""Real-world Excel ledgers in (导入整改台账): read, map the columns, validate every row, save all-or-nothing.

A ledger kept in Excel by a unit rarely looks like our export. It has a title row and a 填报单位 /
填报日期 row above the header, header words that vary from unit to unit, a problem (or a category)
merged down over the rows of its measures, numbers in full-width digits, deadlines in a dozen
spellings or as the words 立行立改 / 长期坚持, blank separator rows and a 注： row at the end. This
package turns such a sheet into a plan (`ledger_import_plan`: nothing is saved, every row is checked
and each problem is reported as 第N行“列名”：什么不对), and saves a plan without errors
(`ledger_import`) in one transaction:

- `reading`: the workbook, its merged cells, the header row(s), each kind of cell (deadlines…);
- `directory`: the people, departments and categories a cell may name, loaded once;
- `plan`: rows → problems and measures, matched with what is stored, checked;
- `saving`: the transaction, and the job handler (JobKind.IMPORT_LEDGER).

Reading. python-calamine reads the values of .xlsx and .xls (it sniffs the content, not the name)
and reports merged ranges for both; each merged range's value is copied into all of its cells, so a
measure row under a merged problem cell belongs to that problem. Measured on the benchmark's
100,000-row ledger (bench/excel.py, 4.6 MB): calamine, values and merged ranges, 1.2 s — the same as
calamine plus parsing <mergeCell> out of the sheet's XML; openpyxl read-only, values only (it cannot
report merged ranges), 10.6 s; openpyxl's full load, with merged ranges, 25 s. xlrd is not needed.

Matching what is already there. A problem is matched within the campaign and org by its 序号/编号,
stored on `Problem.external_ref` (unique per campaign and org); a problem imported without a number
is matched by its exact description. Measures are matched by their position under their problem
(the n-th measure row ↔ the problem's n-th measure by id). Re-importing the same file therefore
changes nothing, and a row whose cells changed updates its problem or measure through
`problem_update` / `measure_update`, with their checks and audit entries.

Measures already started. `measure_update` refuses once work has started (its deadline then moves
only by an approved extension). A difference on a started measure is therefore NOT applied and NOT
an error: the rest of the file imports, and each such difference is listed as a note (row, column,
old → new, why) in the preview and in the job's result, so the office can extend or reassign it
through the ledger. Making it an error would block every later re-import of a living ledger.

Saving at scale. Updates go through the services one by one (they are few). New problems and
measures — all of a first import, possibly 100,000 rows — are checked by the same rules as
`problem_create` / `measure_create` (who may write, people in the org, department inside the org,
deadline not before today, 立行立改 defaulting to one month, the model's own `full_clean`), then
inserted with `bulk_create`, numbered from the campaign's counter in one locked update, counted in
the status counters in one update, and logged with one audit entry per object written in bulk
(`audit.services.audit_create_many`). `full_clean` skips only the per-row database queries — the
existence of foreign keys (this module loaded them itself) and the unique/check constraints (the
database enforces them on insert, inside the same transaction). Python's cyclic garbage collector
is paused while an import runs (see `plan.collector_paused`).
"""

from ledger.imports.plan import (
    ImportPlan,
    can_import_ledger,
    error_line,
    ledger_import_plan,
)
from ledger.imports.reading import FIELD_LABELS, parse_deadline, text_of
from ledger.imports.saving import import_ledger_job, ledger_import

__all__ = [
    "FIELD_LABELS",
    "ImportPlan",
    "can_import_ledger",
    "error_line",
    "import_ledger_job",
    "ledger_import",
    "ledger_import_plan",
    "parse_deadline",
    "text_of",
]
