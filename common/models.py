"""Model building blocks without tables of their own."""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(f"{self.model._meta.verbose_name_plural}只能追加，不可修改。")

    def delete(self):
        raise PermissionError(f"{self.model._meta.verbose_name_plural}只能追加，不可删除。")


class AppendOnlyModel(models.Model):
    """Rows written once and never edited or deleted (the audit log, a measure's events)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{self._meta.verbose_name_plural}只能追加，不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name_plural}只能追加，不可删除。")
