from django.db import models


class OrgType(models.TextChoices):
    COMMISSION = "commission", "卫健委/卫生局"
    HOSPITAL = "hospital", "医院"
    TOWNSHIP = "township", "乡镇卫生院"
    COMMUNITY = "community", "社区卫生服务中心"
    BRANCH = "branch", "党支部"
    DEPARTMENT = "department", "科室/股室"
    OTHER = "other", "其他"


class Role(models.TextChoices):
    OFFICE = "office", "活动办公室"
    HEAD = "head", "主要负责人"
    LEADER = "leader", "班子成员/分管领导"
    OWNER = "owner", "科室负责人/责任人"
    SUPERVISOR = "supervisor", "监督考核组"
    INSPECTOR = "inspector", "纪检监察"
    STAFF = "staff", "职工"
