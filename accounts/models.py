from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", "请输入11位手机号码，例如 13812345678。")


class User(AbstractUser):
    """A person who logs in: office staff, heads, leaders, owners, supervisors, inspectors, staff.

    Chinese names are one field (姓名); first/last name are not used.
    """

    first_name = None
    last_name = None
    name = models.CharField("姓名", max_length=50)
    mobile = models.CharField(
        "手机号码", max_length=11, null=True, blank=True, unique=True, validators=[mobile_validator]
    )
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="由办公室重置密码后，本人须先修改密码。"
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name
