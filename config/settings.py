"""Settings, read from the environment.

Embedded defaults (no variable set) run the whole product on one machine with no servers:
SQLite under var/, Celery on kombu's filesystem transport, the embedded policy engine.
With DEBUG off (the default under MIMAMORI_ENV=production) the process refuses to start while any
development secret is in use, and serves HTTPS only.
"""

import json
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MIMAMORI_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("MIMAMORI_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"MIMAMORI_ENV must be 'development' or 'production', not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

# Development secrets: public, fine for the embedded demo, refused whenever DEBUG is off.
DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"
DEV_AUDIT_CHAIN_KEY = "dev-only-audit-chain-key"
DEV_AUDIT_SIGNING_KEY = "ZGV2LW9ubHktYXVkaXQtY2hlY2twb2ludC1rZXktMzI="
DEV_FIELD_KEYS = "dev1:ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZHVjdGk="

SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
# Keys the audit hash chain and its checkpoints: an edit needs this key to go unnoticed.
AUDIT_CHAIN_KEY = os.environ.get("MIMAMORI_AUDIT_CHAIN_KEY", DEV_AUDIT_CHAIN_KEY)
# Signs the audit checkpoints (Ed25519, the base64 of a 32-byte private key): auditors verify them with
# the public key alone (`manage.py audit_public_key`).
AUDIT_SIGNING_KEY = os.environ.get("MIMAMORI_AUDIT_SIGNING_KEY", DEV_AUDIT_SIGNING_KEY)
# Key-encryption keys for personal fields, "id:base64,id:base64"; the first one wraps new data keys.
FIELD_ENCRYPTION_KEYS = os.environ.get("MIMAMORI_FIELD_KEYS", DEV_FIELD_KEYS)
# Who holds the master keys: the settings/environment (default), a file, or any KMS-style provider
# implementing governance.crypto.providers.KeyProvider.
FIELD_KEY_PROVIDER = os.environ.get("MIMAMORI_FIELD_KEY_PROVIDER", "governance.crypto.providers.SettingsKeyProvider")
FIELD_KEY_FILE = os.environ.get("MIMAMORI_FIELD_KEY_FILE", "")
# Unwrapped data keys kept per process (governance.crypto.keyring.data_key_aead): how long, how many.
# 0 turns the cache off. A shredding is effective at once regardless (every read looks at the key's row).
FIELD_DATA_KEY_CACHE_SECONDS = float(os.environ.get("MIMAMORI_FIELD_DATA_KEY_CACHE_SECONDS", "300"))
FIELD_DATA_KEY_CACHE_SIZE = int(os.environ.get("MIMAMORI_FIELD_DATA_KEY_CACHE_SIZE", "20000"))

DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"

# The ward as the requester (依頼人) of the babysitter subsidy's Zengin transfer files (総合振込 header): its
# requester code at the bank, its name in half-width kana, and the account it pays from. A JSON object in
# MIMAMORI_SUBSIDY_ZENGIN_REQUESTER; the demo's made-up account (みずほ 本店) only with DEBUG on.
SUBSIDY_ZENGIN_REQUESTER_FIELDS = ("code", "name", "bank_code", "branch_code", "account_kind", "account_number")
DEV_SUBSIDY_ZENGIN_REQUESTER = {"code": "1310400001", "name": "ｼﾝｼﾞﾕｸｸ", "bank_code": "0001", "branch_code": "001",
                                "account_kind": "1", "account_number": "1234567"}
_requester = os.environ.get("MIMAMORI_SUBSIDY_ZENGIN_REQUESTER", "").strip()
try:
    SUBSIDY_ZENGIN_REQUESTER = json.loads(_requester) if _requester else (
        dict(DEV_SUBSIDY_ZENGIN_REQUESTER) if DEBUG else None)
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"MIMAMORI_SUBSIDY_ZENGIN_REQUESTER is not JSON: {exc}") from None
if SUBSIDY_ZENGIN_REQUESTER is not None and (
        not isinstance(SUBSIDY_ZENGIN_REQUESTER, dict)
        or set(SUBSIDY_ZENGIN_REQUESTER) != set(SUBSIDY_ZENGIN_REQUESTER_FIELDS)
        or not all(isinstance(v, str) and v for v in SUBSIDY_ZENGIN_REQUESTER.values())):
    raise ImproperlyConfigured("MIMAMORI_SUBSIDY_ZENGIN_REQUESTER must be a JSON object of non-empty strings with "
                               "exactly the keys " + ", ".join(SUBSIDY_ZENGIN_REQUESTER_FIELDS))
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "*" if DEBUG else "").split(",") if h]

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("Refusing to start in production with DEBUG=1")
# Not only under MIMAMORI_ENV=production: any install with DEBUG off is serving real people.
if not DEBUG:
    dev_values = {
        "SECRET_KEY": SECRET_KEY == DEV_SECRET_KEY,
        "MIMAMORI_AUDIT_CHAIN_KEY": AUDIT_CHAIN_KEY == DEV_AUDIT_CHAIN_KEY,
        "MIMAMORI_AUDIT_SIGNING_KEY": AUDIT_SIGNING_KEY == DEV_AUDIT_SIGNING_KEY,
        "MIMAMORI_FIELD_KEYS": FIELD_ENCRYPTION_KEYS == DEV_FIELD_KEYS
        and FIELD_KEY_PROVIDER.endswith(".SettingsKeyProvider"),
    }
    in_use = [name for name, is_dev in dev_values.items() if is_dev]
    if in_use:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG off while development secrets are in use: set " + ", ".join(in_use)
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG is off")
    if SUBSIDY_ZENGIN_REQUESTER is None:
        raise ImproperlyConfigured("Set MIMAMORI_SUBSIDY_ZENGIN_REQUESTER (the ward's requester code and account for "
                                   "the babysitter subsidy's transfer files) when DEBUG is off")
    if SUBSIDY_ZENGIN_REQUESTER == DEV_SUBSIDY_ZENGIN_REQUESTER:
        raise ImproperlyConfigured("MIMAMORI_SUBSIDY_ZENGIN_REQUESTER is the demo's made-up account: "
                                   "set the ward's own")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "guardian",  # per-object grants (childcare operations: staff ↔ class)
    "common",
    "audit",
    "policies",
    "governance",
    "payments",
    "childcare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the web process, before any session work
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.uploads.MultipartNamesAsUtf8",  # before anything reads the body: Shift_JIS file names arrive
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "governance.security.sessions.StaffSessionMiddleware",  # after the audit context: a timeout's logout is audited
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.NotFoundPageMiddleware",  # last: the user and language are known when it renders
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each capability keeps its templates beside its code: <app>/<capability>/templates/<capability>/.
        "DIRS": sorted(BASE_DIR.glob("*/*/templates")),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mimamori.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded run's worker applies a large file in one transaction while the pages go on being used (and
    # poll its progress): with a write-ahead log, readers never wait for that writer, and a writer waits its turn.
    # Transactions begin as writers (IMMEDIATE): a transaction that read first and then wrote while the audit
    # sealer (every second) had written would fail at once with "database is locked" instead of waiting.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 30,
                                       "transaction_mode": "IMMEDIATE"}
# The application connects as DATABASE_URL's role; on PostgreSQL, `migrate` connects as the tables' owner
# (MIGRATION_DATABASE_URL: same server and database, the owner's credentials) and then grants DATABASE_URL's
# role what it needs — audit rows INSERT and SELECT only (audit/database.py). Unset: one role does both.
MIGRATION_DATABASE = (dj_database_url.parse(os.environ["MIGRATION_DATABASE_URL"])
                      if os.environ.get("MIGRATION_DATABASE_URL") else None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "governance.User"
# The lockout backend goes first: a locked account or address is refused before any password is checked.
AUTHENTICATION_BACKENDS = ["governance.security.lockout.LockoutBackend", "governance.tenancy.auth.RoleBackend",
                           "guardian.backends.ObjectPermissionBackend"]
# django-guardian: no anonymous user row (anonymous visitors hold no object permission here).
ANONYMOUS_USER_NAME = None
# Login protection: lockout after repeated failures inside a sliding window (per account and address, per address).
LOGIN_LOCKOUT_WINDOW_SECONDS = int(os.environ.get("MIMAMORI_LOCKOUT_WINDOW_SECONDS", "900"))
LOGIN_LOCKOUT_ACCOUNT_FAILURES = int(os.environ.get("MIMAMORI_LOCKOUT_ACCOUNT_FAILURES", "5"))
LOGIN_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("MIMAMORI_LOCKOUT_ADDRESS_FAILURES", "20"))
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the client; none by default.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("MIMAMORI_TRUSTED_PROXIES", "").split(",") if p.strip()]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("MIMAMORI_STATIC_ROOT", BASE_DIR / "staticfiles"))
# `make serve` (MIMAMORI_HASHED_STATIC=1) collects each file under its content's hash, compressed, so WhiteNoise
# serves it with a far-future cache; elsewhere files keep their names (a process that never collected works).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if os.environ.get("MIMAMORI_HASHED_STATIC") == "1"
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps are for developers' tools, not worth compressing (most of collectstatic's time otherwise).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

SESSION_COOKIE_HTTPONLY = True
# Staff (every role with the second factor) share ward terminals: their session ends after this long
# without a request, this long after login, and when the browser closes. Guardians keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("MIMAMORI_STAFF_SESSION_IDLE_SECONDS", "1800"))
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("MIMAMORI_STAFF_SESSION_MAX_SECONDS", str(10 * 3600)))

# With DEBUG off the site is HTTPS only (make run serves plain HTTP).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("MIMAMORI_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True
# Behind a TLS-terminating proxy, the header it sets to "https" (e.g. X-Forwarded-Proto). Name it only
# when the proxy always overwrites it: a client could otherwise claim HTTPS.
_proxy_ssl_header = os.environ.get("MIMAMORI_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

# Only the site's own files run or style a page (no CDN, no inline code). The one inline handler the
# pages use, onchange="this.form.submit()" on a picker, is allowed by its hash alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_HASHES, "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mimamori API",
    "DESCRIPTION": "見守り — privacy compliance and data governance for municipal childcare services.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name get names of their own (else drf-spectacular numbers them).
    "ENUM_NAME_OVERRIDES": {
        "AuditFindingStatusEnum": "audit.models.AuditFinding.Status",
        "AuditFindingKindEnum": "audit.models.AuditFinding.Kind",
        "ExchangeChannelEnum": ["connection", "contract"],
        "DeletionRequestStatusEnum": "governance.deletion.models.DeletionStatus",
    },
    # The API's whole surface is no one's business but its users'; make run keeps it open.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny" if DEBUG
                          else "rest_framework.permissions.IsAuthenticated"],
}

# Celery: tasks take ids, are idempotent and are enqueued on commit (see common.tasks).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'celery' / 'results'}",
)
if CELERY_BROKER_URL.startswith("filesystem"):
    _queue = VAR_DIR / "celery" / "queue"
    for folder in ("queue", "processed", "results", "control"):
        (VAR_DIR / "celery" / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "mimamori")
# The audit sealer has a queue of its own, so an event's sealing never waits behind a long job: production runs
# a worker for it alone (`celery -A config worker -Q mimamori-audit -c 1`, the others with `-X mimamori-audit`);
# a worker started without -Q consumes both queues, so a single worker still seals.
CELERY_AUDIT_QUEUE = os.environ.get("CELERY_AUDIT_QUEUE", f"{CELERY_TASK_DEFAULT_QUEUE}-audit")
CELERY_TASK_QUEUES = tuple(Queue(name, Exchange(name), routing_key=name)
                           for name in (CELERY_TASK_DEFAULT_QUEUE, CELERY_AUDIT_QUEUE))
CELERY_TASK_ROUTES = {"audit.seal": {"queue": CELERY_AUDIT_QUEUE}}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "audit-seal": {"task": "audit.seal", "schedule": 1.0},
    "audit-log-analysis": {"task": "audit.analyse_log", "schedule": crontab(hour=2, minute=0)},
    "audit-partitions": {"task": "audit.partitions", "schedule": crontab(hour=1, minute=30)},
}

# Periodic log analysis: working hours (Asia/Tokyo, weekdays) and the daily subject count that is unusual.
AUDIT_WORKING_HOURS = (8, 20)
AUDIT_MANY_SUBJECTS_PER_DAY = int(os.environ.get("MIMAMORI_AUDIT_MANY_SUBJECTS_PER_DAY", "200"))

# The sealer writes a tenant's signed checkpoint when its head moved and the last one is this old (seconds).
AUDIT_CHECKPOINT_INTERVAL = float(os.environ.get("MIMAMORI_AUDIT_CHECKPOINT_INTERVAL", "60"))
# The sealer (the "audit.seal" task, sent by beat every second) seals, then again every AUDIT_SEAL_PAUSE seconds
# until AUDIT_SEAL_SECONDS are spent: an event waits about the pause to be sealed, not beat's interval.
AUDIT_SEAL_SECONDS = float(os.environ.get("MIMAMORI_AUDIT_SEAL_SECONDS", "0.8"))
AUDIT_SEAL_PAUSE = float(os.environ.get("MIMAMORI_AUDIT_SEAL_PAUSE", "0.2"))
# An event still unsealed this long after it was written is an auditor finding (seconds).
AUDIT_SEAL_OVERDUE = float(os.environ.get("MIMAMORI_AUDIT_SEAL_OVERDUE", "300"))
# Where the tenants' chain heads are checkpointed outside the database (append-only, signed lines).
AUDIT_CHECKPOINT_FILE = Path(os.environ.get("MIMAMORI_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit-checkpoints"))
# PostgreSQL: the events of reads are written by the host's appender (`manage.py audit_appender`) listening here,
# in one commit with other requests' events; with none listening, each request writes its own. Empty: never.
AUDIT_APPENDER_SOCKET = os.environ.get("MIMAMORI_AUDIT_APPENDER_SOCKET", str(VAR_DIR / "audit-appender.sock"))
# How long a request waits for the appender's answer (seconds) before its read fails.
AUDIT_APPENDER_TIMEOUT = float(os.environ.get("MIMAMORI_AUDIT_APPENDER_TIMEOUT", "30"))
# PostgreSQL: the audit log is partitioned by Asia/Tokyo month; beat keeps this many months ahead created.
AUDIT_PARTITIONS_AHEAD = int(os.environ.get("MIMAMORI_AUDIT_PARTITIONS_AHEAD", "3"))
# How long audit events stay in the database (months after the end of their month); `audit_archive` exports
# and drops older months. The domain notes give no figure for the log itself: five years, the longest period
# of the records it traces (childcare and subsidy files, 5 years), until a ward's rule says otherwise.
AUDIT_RETENTION_MONTHS = int(os.environ.get("MIMAMORI_AUDIT_RETENTION_MONTHS", "60"))
# Where `audit_archive` writes the exported months (a directory per month and tenant).
AUDIT_ARCHIVE_DIR = Path(os.environ.get("MIMAMORI_AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))

# Policy engine (policies/): "embedded" evaluates the Rego bundle in-process (regorus); "opa" asks
# the OPA server at OPA_URL (setting OPA_URL alone selects it). Any engine failure or a decision
# slower than OPA_TIMEOUT_SECONDS is a denial.
OPA_URL = os.environ.get("OPA_URL", "")
POLICY_ENGINE = os.environ.get("POLICY_ENGINE", "opa" if OPA_URL else "embedded")
OPA_TIMEOUT_SECONDS = float(os.environ.get("OPA_TIMEOUT_SECONDS", "0.5"))
if POLICY_ENGINE not in {"embedded", "opa"}:
    raise ImproperlyConfigured(f"POLICY_ENGINE must be 'embedded' or 'opa', not {POLICY_ENGINE!r}")
if POLICY_ENGINE == "opa" and not OPA_URL:
    raise ImproperlyConfigured("POLICY_ENGINE=opa needs OPA_URL (e.g. http://127.0.0.1:8181)")

# The exchange gate denies new exchanges with a party whose deletion certificate is overdue.
EXCHANGE_DENY_ON_OVERDUE_DELETION = os.environ.get("MIMAMORI_DENY_ON_OVERDUE_DELETION", "1") == "1"

# Deletion requests: the days a party has to certify erasure, how early it is reminded, the
# largest certificate PDF accepted, the ward mailbox told of overdue requests (none: pages only), and how
# far ahead a party's Privacy Mark / ISMS expiry is announced.
DELETION_REQUEST_DUE_DAYS = int(os.environ.get("MIMAMORI_DELETION_REQUEST_DUE_DAYS", "30"))
DELETION_REMINDER_DAYS = int(os.environ.get("MIMAMORI_DELETION_REMINDER_DAYS", "7"))
# Uploads (common.uploads): the largest committee attachment or evidence file (sent base64 in a JSON body, so the
# body limit is a third above it) and the largest payment result file (a million 120-byte records fit).
# Where each ward's form layouts are found: a directory per 全国地方公共団体コード (layout.toml and its templates),
# the first root holding a code wins, so a ward's IT staff can add or adjust a ward's layout on the server
# (MIMAMORI_VAR_DIR/form_layouts) without changing the code; the layouts shipped with the code come last.
FORM_LAYOUT_DIRS = [Path(p) for p in os.environ.get("MIMAMORI_FORM_LAYOUT_DIRS", "").split(os.pathsep) if p] + [
    VAR_DIR / "form_layouts", BASE_DIR / "governance" / "committee" / "form_layouts"]
COMMITTEE_FILE_MAX_BYTES = int(os.environ.get("MIMAMORI_COMMITTEE_FILE_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = COMMITTEE_FILE_MAX_BYTES * 4 // 3 + 1024 * 1024
PAYMENT_RESULT_FILE_MAX_BYTES = int(os.environ.get("MIMAMORI_PAYMENT_RESULT_FILE_MAX_BYTES", str(256 * 1024 * 1024)))
DELETION_CERTIFICATE_MAX_BYTES = int(os.environ.get("MIMAMORI_DELETION_CERTIFICATE_MAX_BYTES", str(10 * 1024 * 1024)))
# Notifications by e-mail: files under var/mail on the embedded run (DEBUG), SMTP otherwise (EMAIL_HOST …).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend" if DEBUG
                               else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mimamori@localhost")
# The address the links in notification mails start with (the mail is read outside the product).
MIMAMORI_BASE_URL = os.environ.get("MIMAMORI_BASE_URL", "http://127.0.0.1:8000")
DELETION_NOTICE_EMAILS = [a for a in os.environ.get("MIMAMORI_DELETION_NOTICE_EMAILS", "").split(",") if a.strip()]
CERTIFICATION_EXPIRY_NOTICE_DAYS = int(os.environ.get("MIMAMORI_CERTIFICATION_EXPIRY_NOTICE_DAYS", "60"))
CELERY_BEAT_SCHEDULE |= {
    "deletion-contract-end": {"task": "governance.deletion.open_for_ended_channels",
                              "schedule": crontab(hour=3, minute=10)},
    "deletion-escalation": {"task": "governance.deletion.escalate_overdue", "schedule": crontab(hour=7, minute=0)},
    "certification-expiry-watch": {"task": "governance.deletion.watch_certifications",
                                   "schedule": crontab(hour=7, minute=5)},
    # Temporary care: waiting-list offers not confirmed in time pass to the next family.
    "care-offers-expire": {"task": "childcare.care.expire_offers", "schedule": 300.0},
    "care-lotteries-draw": {"task": "childcare.care.draw_lotteries", "schedule": 300.0},
    # What background jobs made (slip PDFs …) is destroyed a day after.
    "job-outputs-discard": {"task": "governance.jobs.discard_outputs", "schedule": 3600.0},
    # Operations support: spent check-in passes, and group photos of a child since erased.
    "operations-passes-delete": {"task": "childcare.operations.delete_expired_passes",
                                 "schedule": crontab(hour=3, minute=20)},
    "operations-photos-of-erased-children": {"task": "childcare.operations.delete_photos_of_erased_children",
                                             "schedule": 300.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"denial_without_traceback": {"()": "common.middleware.DenialWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print each of its records a second time, beside the root's.
    "loggers": {"django": {"handlers": [], "level": "INFO"},
                "django.request": {"filters": ["denial_without_traceback"]},
                # The PDF engine reports each step of every form at INFO; its warnings are what matter.
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
