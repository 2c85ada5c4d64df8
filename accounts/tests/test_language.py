"""English is really available: the switch works and the English catalogue is complete and compiled."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgstr (every msgstr / msgstr[n] joined), flags. Obsolete (#~) entries are skipped."""
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            finish()
            entry = {"flags": {flag.strip() for flag in line[2:].split(",")}, "msgstr": {}}
            field = None
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ")) and (entry is None or "msgid" in entry):
            # A new entry starts with msgctxt or msgid unless a flags line has already started it.
            finish()
            entry = {"flags": set(), "msgstr": {}}
            field = line.split(" ", 1)[0]
            entry[field] = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ")):
            field = line.split(" ", 1)[0]
            entry[field] = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith("msgstr"):
            field = line.split(" ", 1)[0]
            entry["msgstr"][field] = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith('"'):
            part = ast.literal_eval(line)
            if field.startswith("msgstr"):
                entry["msgstr"][field] += part
            else:
                entry[field] += part
        else:
            raise AssertionError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-hans">' in content
    assert "登录破冰" in content
    assert "Log in to Pobing" not in content


@pytest.mark.django_db
def test_switching_to_english_translates_the_login_page(client):
    login_url = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login_url})
    assert response.status_code == 302
    assert response.url == login_url

    content = client.get(login_url).content.decode()
    assert '<html lang="en">' in content
    assert "Log in to Pobing" in content
    assert "Campaign plans · Rectification ledger · Supervision and assessment" in content
    assert "登录破冰" not in content
    assert "登录" not in content


def test_english_catalogue_is_complete_and_not_fuzzy():
    entries = read_po(CATALOGUE / "django.po")
    messages = [entry for entry in entries if entry["msgid"]]
    assert messages, "the English catalogue has no messages"
    fuzzy = [entry["msgid"] or "(header)" for entry in entries if "fuzzy" in entry["flags"]]
    empty = [entry["msgid"] for entry in messages if not all(entry["msgstr"].values())]
    assert not fuzzy, f"fuzzy entries in django.po: {fuzzy}"
    assert not empty, f"untranslated entries in django.po: {empty}"


def test_compiled_english_catalogue_matches_the_po():
    """The committed .mo must be recompiled whenever the .po changes."""
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        entry["msgid"]
        for entry in read_po(CATALOGUE / "django.po")
        if entry["msgid"] and "msgid_plural" not in entry and "msgctxt" not in entry
        if compiled.gettext(entry["msgid"]) != entry["msgstr"]["msgstr"]
    ]
    assert not stale, f"django.mo is out of date; run compilemessages. Stale: {stale}"


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_switch_is_used(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录破冰" in page.content.decode()
