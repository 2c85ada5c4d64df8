import os
import time
from io import StringIO

from django.core.management import call_command

from ledger import services
from ledger.models import Evidence
from ledger.tests.factories import pdf_file


def test_only_old_unreferenced_files_are_removed(measure, cast, settings):
    services.progress_report(actor=cast["owner_a"], measure=measure, text="进展", percent=10, files=[pdf_file()])
    kept = Evidence.objects.get().file.path
    orphan = os.path.join(settings.MEDIA_ROOT, "evidence", "2026", "01", "orphan.pdf")
    pending = os.path.join(settings.MEDIA_ROOT, "imports", "pending", "left.xlsx")
    fresh = os.path.join(settings.MEDIA_ROOT, "imports", "pending", "in-use.xlsx")
    for path in (orphan, pending, fresh):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"x")
    two_days_ago = time.time() - 48 * 3600
    for path in (kept, orphan, pending):
        os.utime(path, (two_days_ago, two_days_ago))

    out = StringIO()
    call_command("sweep_files", "--dry-run", stdout=out)
    assert out.getvalue().strip().endswith("would remove=2")
    assert os.path.exists(orphan)

    call_command("sweep_files", stdout=StringIO())
    assert os.path.exists(kept) and os.path.exists(fresh)
    assert not os.path.exists(orphan) and not os.path.exists(pending)
