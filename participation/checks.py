"""System checks: the app refuses to start where it could not protect whistleblowers' identities."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error


def identity_key_check(app_configs=None, **kwargs) -> list[Error]:
    key = getattr(settings, "PARTICIPATION_IDENTITY_KEY", "")
    if not key:
        if settings.DEBUG:
            return []
        return [
            Error(
                "PARTICIPATION_IDENTITY_KEY is not set: whistleblowers' identities cannot be encrypted.",
                hint='Set it to the output of python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())" and keep it with the database backups.',
                id="participation.E001",
            )
        ]
    try:
        Fernet(key)
    except ValueError:
        return [
            Error(
                "PARTICIPATION_IDENTITY_KEY is not a valid Fernet key (32 bytes, url-safe base64).",
                id="participation.E002",
            )
        ]
    return []
