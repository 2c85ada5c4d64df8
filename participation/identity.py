"""Encryption of whistleblowers' identities at rest (Fernet: AES-128-CBC with an HMAC-SHA256 tag).

The key is settings.PARTICIPATION_IDENTITY_KEY; the database holds only the token, so a copy of the
database (a backup, a dump handed to a developer) does not reveal who reported whom."""

import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IDENTITY_FIELDS = ("name", "phone", "contact")


def _fernet() -> Fernet:
    key = settings.PARTICIPATION_IDENTITY_KEY
    if not key:
        raise ImproperlyConfigured("PARTICIPATION_IDENTITY_KEY is not set (see .env.example).")
    return Fernet(key)


def identity_encrypt(*, name: str = "", phone: str = "", contact: str = "") -> str:
    """The token of a reporter's identity; "" when every part is empty (an anonymous report)."""
    identity = {"name": name.strip(), "phone": phone.strip(), "contact": contact.strip()}
    if not any(identity.values()):
        return ""
    return _fernet().encrypt(json.dumps(identity, ensure_ascii=False).encode()).decode("ascii")


def identity_decrypt(token: str) -> dict[str, str]:
    if not token:
        return dict.fromkeys(IDENTITY_FIELDS, "")
    try:
        return json.loads(_fernet().decrypt(token.encode("ascii")))
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "举报人身份无法解密：PARTICIPATION_IDENTITY_KEY 与加密时所用的密钥不一致。"
        ) from error
