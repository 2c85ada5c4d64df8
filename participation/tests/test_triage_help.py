import pytest
from django.urls import reverse

from jobs.choices import JobKind, JobStatus
from jobs.services import job_start
from participation import triage
from participation.triage import Category, SimilarityIndex, group_similar, suggest_category

INBOX = [
    "门诊挂号排队太久",  # 0
    "医院食堂饭菜价格太贵",  # 1
    "挂号要等一个多小时，太慢了",  # 2
    "停车场车位太少，经常找不到地方停车",  # 3
    "住院部夜间护士态度差，说话很冲",  # 4
    "职工食堂的饭菜又贵又难吃",  # 5
    "医保报销手续繁琐，要跑好几趟",  # 6
]
CATEGORIES = [
    Category(1, "看病就医不方便", "挂号、排队、候诊、检查时间长，就医流程繁琐"),
    Category(2, "服务态度差", "医务人员态度冷淡、说话生硬、推诿"),
    Category(3, "后勤保障不到位", "食堂、停车、卫生、水电等后勤服务"),
]


def test_paraphrased_duplicates_are_grouped_and_unrelated_ones_are_not():
    groups = group_similar(INBOX)
    assert [0, 2] in groups
    assert [1, 5] in groups
    grouped = {i for group in groups for i in group}
    assert {3, 4, 6}.isdisjoint(grouped)


def test_grouping_of_nothing_and_of_one():
    assert group_similar([]) == []
    assert group_similar(["门诊挂号排队太久"]) == []


def test_category_by_keywords_before_there_are_examples():
    assert suggest_category("挂号排队要等两个小时", CATEGORIES).pk == 1
    assert suggest_category("护士态度冷淡，爱答不理", CATEGORIES).pk == 2
    assert suggest_category("停车难，车位不够", CATEGORIES).pk == 3
    assert suggest_category("abc", CATEGORIES) is None


def test_category_from_examples_once_trained():
    # Twenty examples teach that "红包" belongs to category 2, which its keywords do not say.
    labelled = [(f"医生收红包{i}次", 2) for i in range(10)] + [(f"食堂卫生差{i}", 3) for i in range(10)]
    index = SimilarityIndex(items=[], categories=CATEGORIES, labelled=labelled)
    assert index.trained
    assert index.suggest_category("主任收了病人红包").pk == 2


def test_top_three_similar_includes_the_paraphrase():
    index = SimilarityIndex(items=[("submission", pk, text) for pk, text in enumerate(INBOX) if pk != 2])
    found = index.similar(INBOX[2])
    assert len(found) <= 3
    assert found[0].pk == 0 and found[0].kind == "submission"


def test_suggestions_on_the_submission_page(client, submit, cast, campaign):
    earlier = submit(text="门诊挂号排队太久")
    submit(text="医院食堂饭菜价格太贵")
    new = submit(text="挂号要等一个多小时，太慢了")
    client.force_login(cast["office"])
    response = client.get(reverse("participation:submission-detail", args=[new.pk]))
    assert response.status_code == 200
    similar = response.context["triage"]["similar"]
    assert similar[0].pk == earlier.pk
    assert "相似意见与问题" in response.content.decode()


def test_index_is_cached_and_refitted_when_the_campaign_changes(submit, campaign):
    submit(text="门诊挂号排队太久")
    first = triage.campaign_index(campaign)
    assert triage.campaign_index(campaign) is first
    submit(text="挂号要等一个多小时，太慢了")
    assert triage.campaign_index(campaign) is not first


def test_the_job_writes_a_csv_of_groups(submit, cast, campaign, django_capture_on_commit_callbacks):
    for number, text in enumerate(INBOX):
        submit(text=text, ip=f"203.0.113.{number}")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=cast["office"], kind=JobKind.TRIAGE, params={"campaign": campaign.pk})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert "归为 2 组" in job.message
    content = job.output_file.read().decode("utf-8-sig")
    assert content.splitlines()[0] == "组号,本组条数,意见编号,反映单位,内容"
    assert "挂号要等一个多小时" in content and "停车场" not in content


@pytest.mark.parametrize("params", [{}, {"campaign": 999999}])
def test_the_job_fails_plainly_without_a_campaign(cast, params, django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=cast["office"], kind=JobKind.TRIAGE, params=params)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "未找到该活动。"


def test_the_inbox_starts_the_job_for_staff_only(client, submit, cast, campaign, django_capture_on_commit_callbacks):
    from conftest import PASSWORD

    for number, text in enumerate(INBOX):
        submit(text=text, ip=f"203.0.113.{number}")
    client.login(username="office", password=PASSWORD)
    assert "意见归类分析" in client.get(reverse("participation:submission-list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participation:triage-start"), {"campaign": campaign.pk})
    page = client.get(response["Location"]).content.decode()
    assert "归为 2 组" in page
    client.logout()
    client.login(username="owner_b", password=PASSWORD)
    assert client.post(reverse("participation:triage-start"), {"campaign": campaign.pk}).status_code == 403
