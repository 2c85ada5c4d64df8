"""Research topics: the status steps, the report checked by content, links to problems kept in scope."""

import datetime

import pytest

from audit.models import AuditAction, AuditEntry
from common.dates import today
from common.exceptions import DomainError
from leadership import services
from leadership.choices import ResearchStatus
from leadership.models import ResearchTopic, ResearchTopicEvent
from ledger.tests.factories import docx_file, exe_file, pdf_file, png_file


def test_the_whole_life_of_a_topic(topic, cast, led_problem):
    services.research_topic_start(actor=cast["leader_a"], topic=topic)
    services.research_topic_submit_report(
        actor=cast["leader_a"], topic=topic, report=docx_file("调研报告.docx"), findings="配送企业资质不足"
    )
    services.research_topic_link_problems(actor=cast["leader_a"], topic=topic, problems=[led_problem])
    services.research_topic_conclude(actor=cast["office_a"], topic=topic, findings="建议统一招标配送企业")
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert stored.status == ResearchStatus.CONCLUDED
    assert stored.file_type == "docx" and stored.file_name == "调研报告.docx" and stored.reported_on == today()
    assert stored.file.read().startswith(b"PK")
    assert stored.findings == "建议统一招标配送企业"
    assert list(stored.problems.all()) == [led_problem]
    assert list(ResearchTopicEvent.objects.values_list("to_status", flat=True)) == [
        ResearchStatus.RESEARCHING,
        ResearchStatus.REPORTED,
        ResearchStatus.CONCLUDED,
    ]
    entries = AuditEntry.objects.filter(target_id=str(topic.pk), target_type__model="researchtopic")
    assert entries.filter(action=AuditAction.TRANSITION).count() == 3
    assert entries.filter(action=AuditAction.UPDATE, after__problems=[led_problem.pk]).exists()


@pytest.mark.parametrize("upload", [png_file, exe_file])
def test_report_must_be_docx_or_pdf_by_content(topic, cast, upload):
    services.research_topic_start(actor=cast["leader_a"], topic=topic)
    with pytest.raises(DomainError):
        services.research_topic_submit_report(actor=cast["leader_a"], topic=topic, report=upload("报告.pdf"))
    assert ResearchTopic.objects.get(pk=topic.pk).status == ResearchStatus.RESEARCHING


def test_report_only_while_researching_and_from_fresh_state(topic, cast):
    with pytest.raises(DomainError, match="不能提交调研报告"):
        services.research_topic_submit_report(actor=cast["leader_a"], topic=topic, report=pdf_file())
    stale = ResearchTopic.objects.get(pk=topic.pk)
    services.research_topic_start(actor=cast["leader_a"], topic=topic)
    with pytest.raises(DomainError, match="他人"):
        services.research_topic_start(actor=cast["leader_a"], topic=stale)
    with pytest.raises(DomainError, match="结题须填写"):
        services.research_topic_conclude(actor=cast["leader_a"], topic=topic, findings=" ")


@pytest.mark.parametrize("who", ["owner_a", "head_a", "supervisor", "owner_b"])
def test_only_the_leader_or_the_office_moves_a_topic(topic, cast, who):
    with pytest.raises(DomainError, match="牵头领导"):
        services.research_topic_start(actor=cast[who], topic=topic)


def test_create_refusals(rolled_out, cast, county):
    fields = {
        "campaign": rolled_out["JYY"],
        "org": county["a"],
        "title": "调研",
        "planned_start": today(),
        "planned_end": today() + datetime.timedelta(days=10),
    }
    with pytest.raises(DomainError, match="班子成员可以登记"):
        services.research_topic_create(actor=cast["owner_a"], leader=cast["leader_a"], **fields)
    with pytest.raises(DomainError, match="牵头领导"):
        services.research_topic_create(actor=cast["office_a"], leader=cast["owner_a"], **fields)
    with pytest.raises(DomainError, match="计划完成日期"):
        services.research_topic_create(
            actor=cast["office_a"],
            leader=cast["leader_a"],
            **{**fields, "planned_end": today() - datetime.timedelta(1)},
        )


def test_link_refused_outside_the_topics_org_or_the_actors_scope(topic, cast, problem_b, led_problem):
    with pytest.raises(DomainError, match="不能关联"):
        services.research_topic_link_problems(actor=cast["office"], topic=topic, problems=[led_problem, problem_b])
    with pytest.raises(DomainError, match="不能关联"):
        services.research_topic_link_problems(actor=cast["leader_a"], topic=topic, problems=[problem_b])
    with pytest.raises(DomainError, match="牵头领导"):
        services.research_topic_link_problems(actor=cast["owner_b"], topic=topic, problems=[problem_b])
    assert not topic.problems.exists()
    services.research_topic_link_problems(actor=cast["office"], topic=topic, problems=[led_problem])
    services.research_topic_link_problems(actor=cast["office"], topic=topic, problems=[])
    assert not topic.problems.exists()
