"""The people page: fifty to a page, searchable, within scope."""

from django.urls import reverse

from conftest import make_person
from organisations.choices import Role

URL = reverse("organisations:person-list")


def test_people_come_fifty_to_a_page_and_the_search_keeps_its_pages(client, cast, county):
    for index in range(55):
        make_person(f"staff{index:02d}", county["b"], Role.STAFF, name=f"职工{index:02d}")
    client.force_login(cast["office"])
    first = client.get(URL)
    everyone = first.context["page"].paginator.count
    assert everyone == len(cast) + 55
    assert len(first.context["page"].object_list) == 50
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == everyone - 50
    found = client.get(URL, {"q": "职工"})
    assert found.context["page"].paginator.count == 55
    assert 'href="?q=%E8%81%8C%E5%B7%A5&amp;page=2"' in found.content.decode()
    # Hospital B's owner sees only the people of B.
    client.force_login(cast["owner_b"])
    assert client.get(URL).context["page"].paginator.count == 56
