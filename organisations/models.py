from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from organisations.choices import OrgType, Role

org_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,19}$", "单位代码须为2至20位大写字母、数字或连字符，例如 QSRMYY。"
)


class Org(models.Model):
    """A unit in the tree: commission → hospitals / township centres → Party branches / departments.

    `path` lists the ids from the root down ("/1/4/17/"), so a whole subtree is one indexed
    prefix query. Only `organisations.services` writes it.
    """

    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    code = models.CharField(
        "单位代码",
        max_length=20,
        unique=True,
        validators=[org_code_validator],
        error_messages={"unique": "该单位代码已被其他单位使用，请换一个。"},
    )
    type = models.CharField("单位类型", max_length=20, choices=OrgType.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=OrgType.values), name="org_type_valid"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="org_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.code:
            self.code = self.code.strip().upper()
        if self.pk and self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": "不能把单位设为自己的上级。"})
            if self.parent.path.startswith(self.path) and self.path:
                raise ValidationError({"parent": f"不能把“{self.name}”移到它自己的下级单位“{self.parent.name}”之下。"})

    def audit_org_path(self) -> str:
        return self.path

    def is_within(self, other: "Org") -> bool:
        """True when this org is `other` or one of its descendants."""
        return self.path.startswith(other.path)

    def ancestors(self) -> models.QuerySet["Org"]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return Org.objects.filter(id__in=ids).order_by("depth")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """A person's place in an org: their position (职务) and their role for campaign work."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships"
    )
    org = models.ForeignKey(Org, verbose_name="单位", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    position = models.CharField("职务", max_length=50, blank=True)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        ordering = ["org__path", "role", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="membership_unique_user_org_role"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"

    def audit_org_path(self) -> str:
        return self.org.path
