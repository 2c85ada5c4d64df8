"""Optional photos on public submissions: images only (by content), at most three, all or nothing,
seen only by the staff who can see the submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from common.exceptions import DomainError
from common.uploads import MAX_PHOTO_BYTES
from conftest import PASSWORD
from ledger.tests.factories import exe_file, pdf_file, png_file
from participation.models import Submission, SubmissionPhoto

TEXT = "医院门口道路积水严重，群众出行不便，附现场照片。"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def _post(client, campaign, county, photos, **extra):
    data = {"kind": "problem", "org": county["a"].pk, "text": TEXT, "photos": photos, **extra}
    return client.post(reverse("participation:submission-submit", args=[campaign.code]), data, REMOTE_ADDR="192.0.2.5")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_public_form_offers_a_camera_friendly_photo_input(client, campaign):
    page = client.get(reverse("participation:submission-submit", args=[campaign.code])).text
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="photos"' in page and 'accept="image/*"' in page and "multiple" in page


def test_a_real_png_is_accepted_and_shown_to_the_office(client, campaign, county, cast, media_root):
    response = _post(client, campaign, county, [png_file("门口积水.png")])
    assert response.status_code == 302
    submission = Submission.objects.get()
    photo = SubmissionPhoto.objects.get()
    assert photo.submission == submission and photo.file_type == "png" and photo.name == "门口积水.png"
    assert photo.file.name.startswith("voices/") and photo.file.name.endswith(".png")
    assert "门口积水" not in photo.file.name  # stored under a random name
    assert len(stored_files(media_root)) == 1
    # The audit entry never carries the stored path.
    entry = AuditEntry.objects.get(target_type__model="submissionphoto")
    assert photo.file.name not in str(entry.after)

    login(client, cast["office_a"])
    url = reverse("participation:submission-photo", args=[photo.pk])
    detail = client.get(reverse("participation:submission-detail", args=[submission.pk])).text
    assert f'<img src="{url}"' in detail and photo.file.name not in detail and "/media/" not in detail
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png_file().read()
    assert "attachment" not in served.get("Content-Disposition", "")


def test_the_tracking_page_does_not_show_photos(client, campaign, county):
    _post(client, campaign, county, [png_file()])
    submission = Submission.objects.get()
    page = client.post(reverse("participation:submission-track"), {"code": submission.display_code}).text
    assert submission.text in page
    photo = SubmissionPhoto.objects.get()
    assert reverse("participation:submission-photo", args=[photo.pk]) not in page
    assert photo.file.name not in page and photo.name not in page and "<img" not in page


def test_an_exe_renamed_jpg_is_refused_and_nothing_saved(client, campaign, county, media_root):
    response = _post(client, campaign, county, [png_file(), exe_file("现场照片.jpg")])
    assert response.status_code == 200
    assert "“现场照片.jpg”不是图片" in response.text
    assert not Submission.objects.exists() and not SubmissionPhoto.objects.exists()
    assert stored_files(media_root) == []


def test_a_pdf_is_refused(client, campaign, county, media_root, submit):
    response = _post(client, campaign, county, [pdf_file("情况说明.pdf")])
    assert response.status_code == 200 and "“情况说明.pdf”不是图片" in response.text
    with pytest.raises(DomainError, match="只能上传JPG、PNG、GIF 或 WebP格式的照片"):
        submit(photos=[pdf_file()])  # the service checks too, whatever calls it
    assert not Submission.objects.exists() and stored_files(media_root) == []


def test_a_fourth_photo_is_refused(client, campaign, county, media_root, submit):
    response = _post(client, campaign, county, [png_file(f"{i}.png") for i in range(4)])
    assert response.status_code == 200 and "最多上传3张照片" in response.text
    with pytest.raises(DomainError, match="最多上传3张照片"):
        submit(photos=[png_file(f"{i}.png") for i in range(4)])
    assert not Submission.objects.exists() and stored_files(media_root) == []
    submit(photos=[png_file(f"{i}.png") for i in range(3)])
    assert SubmissionPhoto.objects.count() == 3 and len(stored_files(media_root)) == 3


def test_a_photo_over_10_mb_is_refused(submit, media_root):
    big = SimpleUploadedFile("大图.png", png_file().read() + b"\0" * MAX_PHOTO_BYTES)
    with pytest.raises(DomainError, match="超过 10 MB"):
        submit(photos=[big])
    assert not Submission.objects.exists() and stored_files(media_root) == []


def test_the_honeypot_stores_no_photo(client, campaign, county, media_root):
    response = _post(client, campaign, county, [png_file()], website="http://spam.example")
    assert response.status_code == 302
    assert not Submission.objects.exists() and not SubmissionPhoto.objects.exists()
    assert stored_files(media_root) == []


def test_out_of_scope_staff_get_404(client, cast, submit):
    submit(photos=[png_file()])
    photo = SubmissionPhoto.objects.get()
    login(client, cast["owner_b"])
    assert client.get(reverse("participation:submission-photo", args=[photo.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, submit):
    submit(photos=[png_file()])
    photo = SubmissionPhoto.objects.get()
    response = client.get(reverse("participation:submission-photo", args=[photo.pk]))
    assert response.status_code == 302 and "login" in response.url
