"""Delete stored files that nothing points to any more, for cron (e.g. nightly).

Two kinds are left behind by design: an evidence file or a submission photo written just before its
transaction rolled back (a refused close-out, a lost race), and an import upload whose preview was
never confirmed. Files younger than --older-than hours are kept, so nothing in use is ever touched.
It lives in `common` because it looks after the files of several apps.
"""

import datetime
import os

from django.conf import settings
from django.core.management.base import BaseCommand

from ledger.import_views import PENDING_DIR
from ledger.models import Evidence
from participation.models import SubmissionPhoto

EVIDENCE_DIR = "evidence"
PHOTO_DIR = "voices"


class Command(BaseCommand):
    help = "删除无人引用的佐证材料、群众意见照片文件和过期的导入暂存文件。"

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=24, help="只删除早于这么多小时的文件（默认24）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, older_than, dry_run, **options):
        root = settings.MEDIA_ROOT
        cutoff = datetime.datetime.now().timestamp() - older_than * 3600
        referenced = set(Evidence.objects.values_list("file", flat=True))
        photos = set(SubmissionPhoto.objects.values_list("file", flat=True))
        removed = 0
        for folder, keep in ((EVIDENCE_DIR, referenced), (PHOTO_DIR, photos), (PENDING_DIR, set())):
            base = os.path.join(root, folder)
            for directory, _, names in os.walk(base):
                for name in names:
                    path = os.path.join(directory, name)
                    relative = os.path.relpath(path, root).replace(os.sep, "/")
                    if relative in keep or os.path.getmtime(path) > cutoff:
                        continue
                    removed += 1
                    self.stdout.write(relative)
                    if not dry_run:
                        os.remove(path)
        self.stdout.write(f"{'would remove' if dry_run else 'removed'}={removed}")
