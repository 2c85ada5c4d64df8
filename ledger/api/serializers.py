"""What the ledger API reads and writes. Input serializers only shape the request; the services decide.

Fields whose rule a service already states (a blank reason, a percent out of range, a missing
self-assessment) are left to that service, so the API refuses with the same Chinese message as
the pages.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import ProblemCategory
from campaigns.selectors import campaign_list
from common.dates import today as local_today
from ledger import selectors
from ledger.choices import Light, MajorKind, MeasureKind, MeasureStatus, Priority, ProblemSource
from ledger.deadlines import light
from ledger.models import Evidence, Extension, Measure, MeasureEvent, Milestone, Problem, Progress, Urge
from organisations.selectors import org_list, person_list


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key chosen among what the requesting user may see; anything else is "does not exist"."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


def category_scope(user):
    return ProblemCategory.objects.filter(campaign__in=campaign_list(user))


def files_field():
    return serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="佐证材料，可多个（multipart 同名多段）。",
    )


# --- problems ----------------------------------------------------------------------------------


class ProblemSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "campaign",
            "code",
            "source",
            "category",
            "org",
            "org_name",
            "person",
            "description",
            "root_cause",
            "priority",
            "lead_leader",
            "major_kind",
            "origin_note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class ProblemCreateSerializer(serializers.Serializer):
    campaign = ScopedPrimaryKeyRelatedField(campaign_list)
    org = ScopedPrimaryKeyRelatedField(org_list)
    source = serializers.ChoiceField(choices=ProblemSource.choices)
    description = serializers.CharField()
    category = ScopedPrimaryKeyRelatedField(category_scope, required=False, allow_null=True)
    person = ScopedPrimaryKeyRelatedField(person_list, required=False, allow_null=True)
    root_cause = serializers.CharField(required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    lead_leader = ScopedPrimaryKeyRelatedField(person_list, required=False, allow_null=True)
    major_kind = serializers.ChoiceField(choices=MajorKind.choices, required=False, allow_blank=True)
    origin_note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ProblemFilterSerializer(serializers.Serializer):
    campaign = ScopedPrimaryKeyRelatedField(campaign_list, required=False, help_text="活动编号（含其下发的子方案）")


# --- measures ----------------------------------------------------------------------------------


class MeasureSerializer(serializers.ModelSerializer):
    problem_code = serializers.CharField(source="problem.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True, default=None)
    light = serializers.SerializerMethodField(help_text="今天的红黄绿灯；已结束的措施为 none。")

    class Meta:
        model = Measure
        fields = [
            "id",
            "problem",
            "problem_code",
            "campaign",
            "org",
            "org_name",
            "content",
            "kind",
            "status",
            "percent",
            "light",
            "leader",
            "department",
            "owner",
            "owner_name",
            "acceptance_standard",
            "deadline",
            "due_on",
            "started_on",
            "last_report_on",
            "report_due_on",
            "closed_on",
            "requested_by",
            "confirmed_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Light.choices))
    def get_light(self, measure: Measure) -> str:
        return light(
            status=measure.status,
            due_on=measure.due_on,
            yellow_from=measure.yellow_from,
            today=self.context.get("today") or local_today(),
        )


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "due_on", "goal", "done_on"]
        read_only_fields = fields


class MeasureActionsSerializer(serializers.Serializer):
    """What the caller may do to the measure now: the same answer the detail page's buttons give."""

    report = serializers.BooleanField()
    request_closeout = serializers.BooleanField()
    confirm = serializers.BooleanField()
    verify = serializers.BooleanField()
    send_back = serializers.BooleanField()
    request_extension = serializers.BooleanField()
    urge = serializers.BooleanField()
    manage = serializers.BooleanField()
    edit = serializers.BooleanField()


class MeasureDetailSerializer(MeasureSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "milestones", "actions"]
        read_only_fields = fields

    @extend_schema_field(MeasureActionsSerializer)
    def get_actions(self, measure: Measure) -> dict:
        actions = selectors.measure_actions(self.context["request"].user, measure)
        return MeasureActionsSerializer(actions).data


class MilestoneInputSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    goal = serializers.CharField(max_length=300)


class MeasureCreateSerializer(serializers.Serializer):
    problem = ScopedPrimaryKeyRelatedField(selectors.problem_list)
    content = serializers.CharField()
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    deadline = serializers.DateField(
        required=False, allow_null=True, help_text="立行立改不填默认一个月；长期坚持不设时限。"
    )
    leader = ScopedPrimaryKeyRelatedField(person_list, required=False, allow_null=True)
    department = ScopedPrimaryKeyRelatedField(org_list, required=False, allow_null=True)
    owner = ScopedPrimaryKeyRelatedField(person_list, required=False, allow_null=True)
    acceptance_standard = serializers.CharField(required=False, allow_blank=True)
    milestones = MilestoneInputSerializer(many=True, required=False)

    def validate_milestones(self, value: list[dict]) -> list[tuple]:
        return [(item["due_on"], item["goal"]) for item in value]


class MeasureFilterSerializer(serializers.Serializer):
    """The ledger page's filters (`selectors.ledger_measures`), as query parameters."""

    campaign = ScopedPrimaryKeyRelatedField(campaign_list, required=False, help_text="活动编号（含其下发的子方案）")
    status = serializers.ChoiceField(choices=MeasureStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    light = serializers.ChoiceField(choices=Light.choices, required=False)
    owner = serializers.IntegerField(required=False, help_text="责任人编号")
    overdue = serializers.BooleanField(required=False, default=False, help_text="1：只看已超期（红灯）的措施")


# --- what happens to a measure -----------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    """Metadata only: the file itself is served by the pages, to people in scope, never by a public URL."""

    class Meta:
        model = Evidence
        fields = ["id", "progress", "name", "file_type", "size", "sha256", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.ModelSerializer):
    created_by_name = serializers.CharField(source="created_by.name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Progress
        fields = [
            "id",
            "reported_on",
            "text",
            "percent",
            "is_closeout_request",
            "created_by",
            "created_by_name",
            "created_at",
            "evidence",
        ]
        read_only_fields = fields


class MeasureEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = MeasureEvent
        fields = ["id", "at", "actor", "actor_name", "from_status", "to_status", "remark"]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Extension
        fields = [
            "id",
            "measure",
            "previous_due_on",
            "requested_due_on",
            "reason",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_remark",
        ]
        read_only_fields = fields


class UrgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Urge
        fields = ["id", "measure", "text", "urged_by", "urged_at"]
        read_only_fields = fields


# --- inputs of the transitions -----------------------------------------------------------------


class RemarkSerializer(serializers.Serializer):
    remark = serializers.CharField(required=False, allow_blank=True, default="")


class ProgressInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    percent = serializers.IntegerField(help_text="完成进度（0–100）")
    reported_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="默认今天")
    files = files_field()


class CloseoutRequestSerializer(serializers.Serializer):
    self_assessment = serializers.CharField(required=False, allow_blank=True, default="")
    files = files_field()


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionRequestSerializer(serializers.Serializer):
    requested_due_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class UrgeInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
