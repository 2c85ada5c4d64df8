"""Writes on public submissions. Every step is one function; triage steps claim the submission with
a conditional update on its status, so two people triaging at once cannot both succeed."""

import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, snapshot
from campaigns.models import Campaign
from campaigns.selectors import campaign_for_org
from common.exceptions import DomainError
from common.services import full_clean_or_refuse
from common.uploads import check_photo_file
from ledger import services as ledger_services
from ledger.choices import ProblemSource
from ledger.deadlines import WorkCalendar
from ledger.models import Problem
from organisations.models import Org
from participation import selectors
from participation.choices import Channel, Rating, SubmissionStatus, WhistleblowStatus
from participation.identity import identity_decrypt, identity_encrypt
from participation.models import IdentityAccess, Submission, SubmissionEvent, SubmissionPhoto, Whistleblow

# No 0/O, 1/I/L: a code read aloud over the phone cannot be misheard as another.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
IP_LIMIT = (5, datetime.timedelta(minutes=10))
PHONE_LIMIT = (3, datetime.timedelta(days=1))
ANSWER_WORKING_DAYS = 15
# Never stored in the audit log: the code is the submitter's key, the rest is personal data.
PRIVATE_FIELDS = {"tracking_code", "ip_hash", "phone", "name"}
MAX_PHOTOS = 3


def tracking_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def tracking_code_normalise(raw: str) -> str:
    """What the person typed → the stored form: case, dashes and spaces do not matter."""
    return re.sub(r"[\s\-－—_]", "", raw or "").upper()


def ip_hash(ip: str) -> str:
    """A keyed hash of the address: equal addresses compare equal, yet the address cannot be recovered
    from the database without the secret key."""
    return hmac.new(settings.SECRET_KEY.encode(), f"participation-ip:{ip}".encode(), hashlib.sha256).hexdigest()


def answer_due(received_on: datetime.date) -> datetime.date:
    days = getattr(settings, "PARTICIPATION_ANSWER_WORKING_DAYS", ANSWER_WORKING_DAYS)
    return WorkCalendar.load().working_days_after(received_on, days)


def _private_snapshot(submission: Submission) -> dict:
    return {key: value for key, value in snapshot(submission).items() if key not in PRIVATE_FIELDS}


def _insert(submission: Submission, *, actor: User | None, remark: str) -> Submission:
    """Insert with a fresh tracking code (retrying on the vanishingly rare clash) and log it."""
    submission.answer_due_on = answer_due(submission.received_on)
    submission.tracking_code = tracking_code_new()
    full_clean_or_refuse(submission, exclude=["tracking_code"])
    for _ in range(5):
        try:
            with transaction.atomic():
                submission.save()
            break
        except IntegrityError:
            submission.pk = None
            submission.tracking_code = tracking_code_new()
    else:
        raise DomainError("提交失败，请稍后重试。")
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=submission, after=_private_snapshot(submission), remark=remark
    )
    return submission


def _check_org(campaign: Campaign, org: Org) -> None:
    if not selectors.public_org_list(campaign).filter(pk=org.pk).exists():
        raise DomainError(f"“{org}”不是本活动可反映的单位，请重新选择。")


@transaction.atomic
def submission_submit(
    *,
    campaign: Campaign,
    org: Org,
    kind: str,
    text: str,
    ip: str,
    name: str = "",
    phone: str = "",
    honeypot: str = "",
    photos: Sequence = (),
) -> Submission:
    """A submission from the public page, with up to three photos. A filled honeypot gets an unsaved
    submission with a code that leads nowhere: the bot sees success, the inbox sees nothing, and
    no photo is stored. Every photo is checked before anything is saved: one bad photo, nothing
    stored."""
    if honeypot:
        return Submission(tracking_code=tracking_code_new(), campaign=campaign, org=org, kind=kind, text=text)
    checked = photos_check(photos)
    _check_org(campaign, org)
    now = timezone.now()
    hashed = ip_hash(ip)
    limit, window = IP_LIMIT
    if Submission.objects.filter(ip_hash=hashed, created_at__gte=now - window).count() >= limit:
        raise DomainError(
            f"提交过于频繁：同一网络{int(window.total_seconds() // 60)}分钟内最多提交{limit}条，请稍后再试。"
            "您此前已提交的意见均已收到，不受影响。"
        )
    limit, window = PHONE_LIMIT
    if phone and Submission.objects.filter(phone=phone, created_at__gte=now - window).count() >= limit:
        raise DomainError(
            f"同一手机号码一天内最多提交{limit}条意见，请明天再提交。您此前已提交的意见均已收到，不受影响。"
        )
    submission = Submission(
        campaign=campaign,
        org=org,
        kind=kind,
        channel=Channel.ONLINE,
        text=text.strip(),
        name=name.strip(),
        phone=phone,
        ip_hash=hashed,
        received_on=timezone.localdate(now),
        created_at=now,
    )
    _insert(submission, actor=None, remark="网上提交")
    for upload, result in checked:
        _save_photo(submission, upload, result)
    return submission


def photos_check(photos: Sequence) -> list:
    """Each photo with its check, or a refusal naming the first that is not acceptable."""
    if len(photos) > MAX_PHOTOS:
        raise DomainError(f"最多上传{MAX_PHOTOS}张照片，您选择了{len(photos)}张，请删减后再提交。")
    return [(upload, check_photo_file(upload)) for upload in photos]


def _save_photo(submission: Submission, upload, checked) -> SubmissionPhoto:
    """Store under a random name (the original is kept only as `name`); the path is never logged."""
    photo = SubmissionPhoto(
        submission=submission,
        name=(upload.name or "照片")[:255],
        file_type=checked.file_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    ending = ".jpg" if checked.file_type == "jpeg" else f".{checked.file_type}"
    photo.file.save(f"{secrets.token_hex(8)}{ending}", upload, save=False)
    full_clean_or_refuse(photo)
    photo.save()
    after = {key: value for key, value in snapshot(photo).items() if key != "file"}
    audit_record(actor=None, action=AuditAction.CREATE, target=photo, after=after, remark="网上提交照片")
    return photo


@transaction.atomic
def submission_record(
    *,
    actor: User,
    campaign: Campaign,
    org: Org,
    kind: str,
    channel: str,
    text: str,
    received_on: datetime.date,
    name: str = "",
    phone: str = "",
) -> Submission:
    """Staff record a submission that came through an offline channel (座谈会, 意见箱, 来信来访…)."""
    if channel == Channel.ONLINE:
        raise DomainError("请选择线下渠道；网上意见由群众在公开页面提交。")
    _check_org(campaign, org)
    if not selectors.can_triage(actor, org):
        raise DomainError(
            f"您不能为“{org}”录入群众意见：须是该单位或其上级单位的办公室、负责人、班子成员或监督考核组成员。"
        )
    if received_on > timezone.localdate():
        raise DomainError("收到日期不能晚于今天。")
    submission = Submission(
        campaign=campaign,
        org=org,
        kind=kind,
        channel=channel,
        text=text.strip(),
        name=name.strip(),
        phone=phone,
        received_on=received_on,
        recorded_by=actor,
    )
    return _insert(submission, actor=actor, remark=f"线下录入（{Channel(channel).label}）")


def _step(
    *, actor: User | None, submission: Submission, action: str, expect: dict, remark: str = "", **fields
) -> Submission:
    """Apply `fields` only where the row still matches `expect`; log the step. Refused when someone
    else got there first."""
    before = _private_snapshot(submission)
    from_status = submission.status
    changed = Submission.objects.filter(pk=submission.pk, **expect).update(**fields)
    if changed != 1:
        raise DomainError("该意见已被处理，请刷新页面查看最新状态。")
    submission.refresh_from_db()
    SubmissionEvent.objects.create(
        submission=submission,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=submission.status,
        remark=remark,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=submission,
        before=before,
        after=_private_snapshot(submission),
        remark=action,
    )
    return submission


def _require_triage(actor: User, submission: Submission) -> None:
    if not selectors.can_triage(actor, submission.org):
        raise DomainError("您不能处理该意见：须是该单位或其上级单位的办公室、负责人、班子成员或监督考核组成员。")
    if submission.status != SubmissionStatus.PENDING:
        raise DomainError("该意见已被处理，请刷新页面查看最新状态。")


def _triaged(actor: User, status: str, **fields) -> dict:
    return {"status": status, "triaged_by": actor, "triaged_at": timezone.now(), **fields}


@transaction.atomic
def submission_accept(*, actor: User, submission: Submission, description: str = "") -> Submission:
    """Accept as a new problem on the ledger (source 群众反映), linked both ways."""
    _require_triage(actor, submission)
    problem = ledger_services.problem_create(
        actor=actor,
        campaign=campaign_for_org(submission.campaign, submission.org),
        org=submission.org,
        source=ProblemSource.PUBLIC,
        description=description.strip() or submission.text,
        origin=submission,
        origin_note=f"群众{submission.get_kind_display()}（{submission.get_channel_display()}）",
    )
    return _step(
        actor=actor,
        submission=submission,
        action="转为问题",
        expect={"status": SubmissionStatus.PENDING},
        remark=problem.code,
        **_triaged(actor, SubmissionStatus.ACCEPTED, problem=problem),
    )


@transaction.atomic
def submission_attach(*, actor: User, submission: Submission, problem: Problem) -> Submission:
    """Accept by attaching to a problem already on the list (of the same campaign, in the actor's scope)."""
    _require_triage(actor, submission)
    if not selectors.attachable_problems(actor, submission).filter(pk=problem.pk).exists():
        raise DomainError("只能并入本活动中您有权处理的问题。")
    return _step(
        actor=actor,
        submission=submission,
        action="并入问题",
        expect={"status": SubmissionStatus.PENDING},
        remark=problem.code,
        **_triaged(actor, SubmissionStatus.MERGED, problem=problem),
    )


@transaction.atomic
def submission_mark_duplicate(*, actor: User, submission: Submission, original: Submission) -> Submission:
    """Mark as a repeat of another submission of the same campaign (pointing at the first of the chain)."""
    _require_triage(actor, submission)
    original = original.duplicate_of or original
    if original.pk == submission.pk:
        raise DomainError("不能标记为与自身重复。")
    if (
        original.campaign_id != submission.campaign_id
        or not selectors.submission_list(actor).filter(pk=original.pk).exists()
    ):
        raise DomainError("只能标记为与本活动中您可查看的另一条意见重复。")
    return _step(
        actor=actor,
        submission=submission,
        action="标记重复",
        expect={"status": SubmissionStatus.PENDING},
        remark=f"#{original.pk}",
        **_triaged(actor, SubmissionStatus.DUPLICATE, duplicate_of=original),
    )


@transaction.atomic
def submission_decline(*, actor: User, submission: Submission, reason: str) -> Submission:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("不予受理须写明理由。")
    _require_triage(actor, submission)
    return _step(
        actor=actor,
        submission=submission,
        action="不予受理",
        expect={"status": SubmissionStatus.PENDING},
        remark=reason,
        **_triaged(actor, SubmissionStatus.DECLINED, decline_reason=reason),
    )


@transaction.atomic
def submission_answer(*, actor: User, submission: Submission, text: str) -> Submission:
    """The answer (答复) the submitter reads with the code. Given once."""
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写答复内容。")
    if not selectors.can_answer(actor, submission.org):
        raise DomainError("您不能答复该意见：须是该单位或其上级单位的办公室、负责人或班子成员。")
    if submission.answered_at is not None:
        raise DomainError("该意见已答复，不能重复答复。")
    return _step(
        actor=actor,
        submission=submission,
        action="答复",
        expect={"answered_at__isnull": True},
        answer=text,
        answered_by=actor,
        answered_at=timezone.now(),
    )


@transaction.atomic
def submission_rate(*, submission: Submission, rating: str) -> Submission:
    """The submitter's 回访: one rating of the answer, never changed."""
    if rating not in Rating.values:
        raise DomainError("请选择满意、基本满意或不满意。")
    if submission.answered_at is None:
        raise DomainError("该意见尚未答复，答复后才能评价。")
    if submission.rating:
        raise DomainError("您已评价过该答复，每条意见只能评价一次。")
    try:
        return _step(
            actor=None,
            submission=submission,
            action="回访评价",
            expect={"rating": "", "answered_at__isnull": False},
            remark=Rating(rating).label,
            rating=rating,
            rated_at=timezone.now(),
        )
    except DomainError as error:
        raise DomainError("您已评价过该答复，每条意见只能评价一次。") from error


# --- whistleblowing (举报) ---------------------------------------------------------------------

# Only these reach the audit log: the log is read more widely than the report, and must carry
# neither the reporter's identity (nor its ciphertext), nor the code, nor what was reported.
WHISTLEBLOW_AUDIT_FIELDS = {
    "campaign",
    "org",
    "status",
    "created_at",
    "accepted_by",
    "accepted_at",
    "closed_by",
    "closed_at",
}


def _whistleblow_snapshot(whistleblow: Whistleblow) -> dict:
    return {key: value for key, value in snapshot(whistleblow).items() if key in WHISTLEBLOW_AUDIT_FIELDS}


@transaction.atomic
def whistleblow_submit(
    *,
    campaign: Campaign,
    org: Org,
    subject: str,
    text: str,
    ip: str,
    name: str = "",
    phone: str = "",
    contact: str = "",
    honeypot: str = "",
) -> Whistleblow:
    """A report from the public page, anonymous unless a name, phone or contact is given; the identity
    is encrypted before it reaches the database. Honeypot and per-address limit as for submissions."""
    if honeypot:
        return Whistleblow(tracking_code=tracking_code_new(), campaign=campaign, org=org, subject=subject, text=text)
    _check_org(campaign, org)
    now = timezone.now()
    hashed = ip_hash(ip)
    limit, window = IP_LIMIT
    if Whistleblow.objects.filter(ip_hash=hashed, created_at__gte=now - window).count() >= limit:
        raise DomainError(
            f"提交过于频繁：同一网络{int(window.total_seconds() // 60)}分钟内最多提交{limit}条举报，请稍后再试。"
            "您此前已提交的举报均已收到，不受影响。"
        )
    whistleblow = Whistleblow(
        campaign=campaign,
        org=org,
        subject=subject.strip(),
        text=text.strip(),
        identity_token=identity_encrypt(name=name, phone=phone, contact=contact),
        ip_hash=hashed,
        created_at=now,
        tracking_code=tracking_code_new(),
    )
    full_clean_or_refuse(whistleblow, exclude=["tracking_code", "identity_token"])
    for _ in range(5):
        try:
            with transaction.atomic():
                whistleblow.save()
            break
        except IntegrityError:
            whistleblow.pk = None
            whistleblow.tracking_code = tracking_code_new()
    else:
        raise DomainError("提交失败，请稍后重试。")
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        target=whistleblow,
        after=_whistleblow_snapshot(whistleblow),
        remark="网上举报",
    )
    return whistleblow


def _require_inspector(actor: User, whistleblow: Whistleblow) -> None:
    if not selectors.can_inspect(actor, whistleblow.org):
        raise DomainError("您不能处理该举报：须是该单位或其上级单位的纪检监察人员。")


@transaction.atomic
def whistleblow_identity_read(*, actor: User, whistleblow: Whistleblow) -> dict[str, str]:
    """The reporter's name, phone and contact, for an inspector who asked explicitly. Every reading
    is logged (who, when, which report), never what was read."""
    _require_inspector(actor, whistleblow)
    IdentityAccess.objects.create(whistleblow=whistleblow, reader=actor)
    audit_record(actor=actor, action=AuditAction.TRANSITION, target=whistleblow, remark="查看举报人身份")
    return identity_decrypt(whistleblow.identity_token)


def _whistleblow_step(*, actor: User, whistleblow: Whistleblow, expect: str, remark: str, **fields) -> Whistleblow:
    before = _whistleblow_snapshot(whistleblow)
    changed = Whistleblow.objects.filter(pk=whistleblow.pk, status=expect).update(**fields)
    if changed != 1:
        raise DomainError("该举报已被处理，请刷新页面查看最新状态。")
    whistleblow.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=whistleblow,
        before=before,
        after=_whistleblow_snapshot(whistleblow),
        remark=remark,
    )
    return whistleblow


@transaction.atomic
def whistleblow_accept(*, actor: User, whistleblow: Whistleblow, reply: str = "") -> Whistleblow:
    """已受理, optionally with a first reply the reporter reads with the code."""
    _require_inspector(actor, whistleblow)
    reply = (reply or "").strip()
    fields = {"status": WhistleblowStatus.ACCEPTED, "accepted_by": actor, "accepted_at": timezone.now()}
    if reply:
        fields["reply"] = reply
    return _whistleblow_step(
        actor=actor, whistleblow=whistleblow, expect=WhistleblowStatus.RECEIVED, remark="受理", **fields
    )


@transaction.atomic
def whistleblow_close(*, actor: User, whistleblow: Whistleblow, reply: str) -> Whistleblow:
    """已办结, with the reply (办理结果) the reporter reads with the code. Only an accepted report."""
    reply = (reply or "").strip()
    if not reply:
        raise DomainError("办结须填写答复内容。")
    _require_inspector(actor, whistleblow)
    if whistleblow.status != WhistleblowStatus.ACCEPTED:
        raise DomainError("只能办结已受理的举报。")
    return _whistleblow_step(
        actor=actor,
        whistleblow=whistleblow,
        expect=WhistleblowStatus.ACCEPTED,
        remark="办结",
        status=WhistleblowStatus.CLOSED,
        reply=reply,
        closed_by=actor,
        closed_at=timezone.now(),
    )
