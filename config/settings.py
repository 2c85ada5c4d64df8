"""Pobing settings: one module, every knob read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from notifications.beat import BEAT_SCHEDULE as NOTIFICATIONS_BEAT

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "pobing-insecure-development-key-do-not-use-in-production"
# Fernet key (cryptography.fernet.Fernet.generate_key()) encrypting whistleblowers' names and phone
# numbers at rest. Losing it makes every stored identity unreadable; changing it needs a re-encryption.
PARTICIPATION_IDENTITY_KEY = os.environ.get("PARTICIPATION_IDENTITY_KEY", "")
if not PARTICIPATION_IDENTITY_KEY and DEBUG:
    # Development only: a key derived from SECRET_KEY, so a laptop demo works without setup. With
    # DEBUG off and no key, the system check participation.E001 refuses to start.
    import base64
    import hashlib

    PARTICIPATION_IDENTITY_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(f"participation-identity:{SECRET_KEY}".encode()).digest()
    ).decode()
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "common",
    "accounts",
    "organisations",
    "audit",
    "campaigns",
    "ledger",
    "jobs",
    "reports",
    "participation",
    "notifications",
    "supervision",
    "lookback",
    "bulletins",
    "assessment",
    "commitments",
    "leadership",
    "demo",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrMobileBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# Lockout: this many failed logins in a row lock the account for LOGIN_LOCKOUT_MINUTES.
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_MINUTES = 15
# Sessions end after 30 idle minutes: requests push the expiry forward, writing the session at most
# once a minute (accounts.middleware.SessionIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"

# The REST API (/api/): a token or the browser session, and nothing for anonymous callers.
REST_FRAMEWORK = {
    # Token first: an anonymous caller gets 401 with `WWW-Authenticate: Token`, not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "common.api.PasswordChanged",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "破冰 Pobing API",
    "DESCRIPTION": "问题清单、整改措施、进展与佐证材料、销号流转。范围与规则和页面相同；被拒绝的操作返回 400 和中文原因。",
    "VERSION": "1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several serializers have a `status` or `kind`: name each enum after its choices.
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "ledger.choices.MeasureStatus",
        "ExtensionStatusEnum": "ledger.choices.ExtensionStatus",
        "MeasureKindEnum": "ledger.choices.MeasureKind",
        "LightEnum": "ledger.choices.Light",
        "ProblemSourceEnum": "ledger.choices.ProblemSource",
    },
}

# Campaign-wide defaults.
PLAN_ITEM_DUE_SOON_DAYS = 3

# Background jobs (imports, exports, reports). Without a broker they run in-process, at once.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Periodic work (Celery beat in production; `manage.py remind` from cron does the same): 08:00 local time.
CELERY_BEAT_SCHEDULE = {**NOTIFICATIONS_BEAT}
CELERY_TIMEZONE = TIME_ZONE

# Notifications: e-mail through Django's backend (console by default), and absolute links in e-mails
# and group-robot messages.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "破冰 <noreply@localhost>"
POBING_SITE_URL = os.environ.get("POBING_SITE_URL") or ""
# Close-outs waiting for verification longer than this many working days are reminded to supervisors.
NOTIFICATIONS_CLOSEOUT_WAIT_WORKING_DAYS = int(os.environ.get("NOTIFICATIONS_CLOSEOUT_WAIT_WORKING_DAYS") or 3)

# Official documents (GB/T 9704): the fonts as they are named on the machines that open them.
# Older Windows offices have 仿宋_GB2312 / 楷体_GB2312; newer installations call them 仿宋 / 楷体.
REPORT_FONT_TITLE = os.environ.get("REPORT_FONT_TITLE") or "方正小标宋简体"
REPORT_FONT_BODY = os.environ.get("REPORT_FONT_BODY") or "仿宋_GB2312"
REPORT_FONT_HEADING = os.environ.get("REPORT_FONT_HEADING") or "黑体"
REPORT_FONT_KAI = os.environ.get("REPORT_FONT_KAI") or "楷体_GB2312"
REPORT_FONT_PAGE = os.environ.get("REPORT_FONT_PAGE") or "宋体"
