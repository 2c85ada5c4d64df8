"""The admin shows the ledger scoped, and changes statuses nowhere."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from conftest import PASSWORD


def test_admin_lists_only_measures_in_scope_and_is_read_only(client, measure, cast):
    owner_b = cast["owner_b"]
    owner_b.is_staff = True
    owner_b.save()
    owner_b.user_permissions.add(*Permission.objects.filter(codename__in=["view_measure", "change_measure"]))
    client.login(username="owner_b", password=PASSWORD)
    listing = client.get(reverse("admin:ledger_measure_changelist"))
    assert listing.status_code == 200
    assert measure.problem.code not in listing.content.decode()
    assert client.get(reverse("admin:ledger_measure_change", args=[measure.pk])).status_code in (302, 404)


def test_superuser_sees_measure_without_a_save_button(client, measure, django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.login(username="root", password=PASSWORD)
    page = client.get(reverse("admin:ledger_measure_change", args=[measure.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
