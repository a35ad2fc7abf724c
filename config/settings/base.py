"""Settings shared by every environment; values come from the environment and fail loudly when missing.

Layout follows cookiecutter-django: `base` holds everything, `local`, `test` and `production` change only
what differs.
"""

from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parents[2]
env = environ.Env()

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
# True only for `make run` (config/settings/local.py): development-only commands and http links.
DEV_SERVER = False

# --- Hosts and tenancy -------------------------------------------------------------------------------------
PLATFORM_DOMAIN: str = env("PLATFORM_DOMAIN")
# Only the platform domain and its subdomains (".x" matches "x" and "*.x"); unknown subdomains get a 404 from
# the routing middleware. One pattern: Django checks the list on every get_host().
ALLOWED_HOSTS = [f".{PLATFORM_DOMAIN}"]
# Seconds a web process trusts its in-memory host → tenant map before reloading it (changes made in the
# same process invalidate it at once; see docs/adr/0003-routing.md).
TENANT_ROUTING_TTL = env.float("TENANT_ROUTING_TTL", default=5.0)
# The per-request rollout gate (docs/adr/0039-…): seconds a process keeps a tenant's unit states (a pause
# reaches every node within this), and seconds a member's gate facts (their depth-1 unit, grants) stay cached.
ROLLOUT_STATES_TTL = env.float("ROLLOUT_STATES_TTL", default=2.0)
ROLLOUT_FACTS_TTL = env.int("ROLLOUT_FACTS_TTL", default=60)
TENANT_TEMPLATE_SCHEMA = "_template"

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# The search_path is issued once per connection and tenant, not once per cursor.
TENANT_LIMIT_SET_CALLS = True

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "tenants.rollout",
    "tenants.library",
    "tenants.backup",
    "billing_free",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.staticfiles",
    "django_otp",  # two-factor devices of console users (public schema) …
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.postgres",  # search vectors (core/content/search.py); no models
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django_otp",  # … and of each tenant's users (tenant schema): a device never leaves its schema
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core.audit",
    "core.accounts",
    "core.org",
    "core.members",
    "core.access",
    "core.imports",
    "core.home",
    "core.stats",
    "core.meetings",
    "core.content",
    "core.library",
    "core.news",
    "core.ratings",
    "core.reports",
    "core.notifications",
    "core.assistant",
    "core.feedback",
    "core.study",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]
# The default admin.site is not used: see tenants/admin_sites.py.

MIDDLEWARE = [
    "config.edge.EdgeGuardMiddleware",  # NUL characters and deep JSON: 400 before anything else runs
    "tenants.middleware.TenantRoutingMiddleware",
    "config.observability.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.accounts.rehash.SessionCarryOverMiddleware",  # sessions survive a hash upgrade at login (ADR 0030)
    "tenants.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenants.login_required.HostLoginRequiredMiddleware",  # pages fail closed: public ones opt out by name
    "django_otp.middleware.OTPMiddleware",
    "tenants.two_factor.middleware.TwoFactorMiddleware",  # second factor before anything else when due
    "core.accounts.middleware.AccountActivityMiddleware",
    "tenants.rollout.middleware.RolloutGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls_tenants"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",  # {% csp_nonce_attr %} (Django admin's inline style)
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.tenant",
                "core.home.navigation.nav",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "tenants.db"
# Persistent connections: a tenant request reuses its connection and, for the same tenant, its search_path.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
# A reused connection is checked (one round trip) before the first query of each request or task, so after a
# PostgreSQL restart only the requests in flight fail (`make bench ARGS=faults` measures it).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: every key carries the schema (tenancy rule 3) ---------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Degrades to per-process memory while Redis is unreachable (config/resilient_cache.py; operators guide).
    CACHES = {
        "default": {
            "BACKEND": "config.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }

CACHE_REDIS_RETRY_SECONDS = env.float("CACHE_REDIS_RETRY_SECONDS", default=5.0)

# --- Auth and sessions (per schema, host-only cookies) ------------------------------------------------------
SESSION_ENGINE = "tenants.sessions"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# Checks a member's login passes after the right password (core/accounts/backends.py). Named here, not imported by
# accounts: the rollout gate lives in the public `tenants.rollout`, which sits above accounts (ADR 0042).
LOGIN_GATES = ["tenants.rollout.gating.check_login_allowed"]
# Sessions are read through the shared cache (tenants/sessions.py); a cached copy lives at most this long.
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=300)
# Members log in with their phone number or party card number; usernames (administrators) via ModelBackend.
AUTHENTICATION_BACKENDS = [
    "core.accounts.backends.MemberLoginBackend",
    "core.accounts.backends.UsernameLoginBackend",
    "django.contrib.auth.backends.ModelBackend",  # never reached at login; keeps the sessions it opened valid
]
# Argon2id at OWASP's minimum, measured (core/accounts/hashers.py, docs/adr/0030-…); PBKDF2 hashes stay valid and
# are upgraded at the next login without ending the account's other sessions and tokens.
PASSWORD_HASHERS = [
    "core.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
ACTIVATION_CODE_DAYS = env.int("ACTIVATION_CODE_DAYS", default=30)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttle (core/accounts/throttle.py, docs/adr/0011-login-throttle.md): failures allowed per (account,
# address) and per address in the window; a slower per-account back-off that spares trusted devices/addresses.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", default=15 * 60)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
LOGIN_ACCOUNT_WINDOW = env.int("LOGIN_ACCOUNT_WINDOW", default=60 * 60)
LOGIN_TRUST_DAYS = env.int("LOGIN_TRUST_DAYS", default=90)
# Peers whose X-Forwarded-For is believed (the nginx hosts): core/accounts/addresses.py.
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=["127.0.0.1", "::1"])

# --- I18n: Vietnamese first, English second -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files (vendored, no CDN) -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (documents, attachments, covers, import uploads) go to the "private" storage under keys
# `<schema>/<area>/<name>` (core/content/storage.py, ADR 0024): the local disk (MEDIA_ROOT/objects/) unless
# S3_BUCKET names an S3-compatible bucket. Objects stay private; views stream them after the access check.
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    PRIVATE_STORAGE: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "location": env("S3_LOCATION", default=""),  # a folder inside a shared bucket, if any
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own (private); never public-read
            "querystring_auth": True,
            "file_overwrite": True,  # names are random: a save never has to look for a free name first
            "max_memory_size": 4 * 1024 * 1024,
        },
    }
else:
    PRIVATE_STORAGE = {"BACKEND": "core.content.storage.LocalObjectStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}

# --- REST framework and OpenAPI ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TenantTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.GuardedJSONParser",
        "api.parsers.GuardedFormParser",
        "api.parsers.GuardedMultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ValidatedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"login": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sổ tay đảng viên điện tử — API",
    "DESCRIPTION": "API của mỗi đảng bộ, phục vụ trên tên miền riêng của đảng bộ (`<slug>.<PLATFORM_DOMAIN>/api/v1/`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema_hooks.document_error_responses",  # 400/401/403/404/429 on every operation
    ],
    # Stable enum names for the phone client's generated code (fields named "status"/"kind" are many).
    "ENUM_NAME_OVERRIDES": {
        "MeetingStatusEnum": "core.meetings.models.MeetingStatus",
        "MeetingKindEnum": "core.meetings.models.MeetingKind",
        "AttendanceStatusEnum": "core.meetings.models.AttendanceStatus",
        "TaskStatusEnum": "core.meetings.models.TaskStatus",
        "VoteStatusEnum": "core.meetings.models.VoteStatus",
        "VoteChoiceEnum": "core.meetings.models.VoteChoice",
        "MinutesStatusEnum": "core.meetings.models.MinutesStatus",
        "MemberStatusEnum": "core.members.models.MemberStatus",
        "OrgKindEnum": "core.org.models.OrgKind",
        "ImportKindEnum": "core.imports.models.ImportKind",
        "ImportStatusEnum": "core.imports.models.ImportStatus",
        "DocumentLevelEnum": "core.library.models.DocumentLevel",
        "DocumentKindEnum": "core.library.models.DocumentKind",
        "ArticleStateEnum": "core.news.models.ArticleState",
        "ArticleCategoryEnum": "core.news.models.ArticleCategory",
        "ArticleSourceEnum": "core.news.models.ArticleSource",
        "ArticleEventKindEnum": "core.news.models.ArticleEventKind",
        "RatingLevelEnum": "core.ratings.models.Level",
        "NotificationKindEnum": "core.notifications.models.Kind",
        "NotificationModeEnum": "core.notifications.models.Mode",
        "ImportModeEnum": "core.imports.models.ImportMode",
        "FeedbackStatusEnum": "core.feedback.models.Status",
        "FeedbackStatusChangeEnum": "core.feedback.models.STATUS_CHANGES",
    },
}
# External feeds are never fetched from private, loopback, link-local or reserved addresses unless the operator
# lists the network here (CIDR, e.g. "10.20.0.0/16" for an intranet news site; tests allow 127.0.0.1/32).
FEED_ALLOWED_PRIVATE_NETWORKS: list[str] = env.list("FEED_ALLOWED_PRIVATE_NETWORKS", default=[])
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

# --- Two-factor authentication (django-otp; tenants/two_factor/) ---------------------------------------------


def _totp_issuer(device: object) -> str:  # read by django-otp when it builds the QR code's otpauth:// URL
    from tenants.two_factor.policy import totp_issuer

    return totp_issuer(device)


OTP_TOTP_ISSUER = _totp_issuer

# --- Celery (tenant-aware; see config/celery.py) -------------------------------------------------------------
DATA_DIR = Path(env("SOTAY_DATA_DIR", default=str(BASE_DIR / ".data")))
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message taken by a worker that then died whole goes back to the queue this long after delivery…
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # … found by a sweep every this many seconds (kombu's default sweeps every ~100 s).
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_SECONDS", default=10),
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_IGNORE_RESULT = True
# A task's message is acknowledged after the task ends, and given back to the broker when the worker running it
# dies (SIGKILL, out of memory): every task must be safe to run again (docs/adr/0018-background-work-survives-a-
# killed-worker.md). With Redis, a message of a worker that died whole comes back after the visibility timeout,
# which must exceed the longest task (bulk issuance of 3,000 accounts: ~25 min).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TENANT_CACHE_SECONDS = 30
# A job another live worker is running (tenants.db.locks.JobBusy) is retried after this many seconds.
JOB_BUSY_RETRY_SECONDS = env.int("JOB_BUSY_RETRY_SECONDS", default=30)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sessions-and-tokens": {
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": 60 * 60,
        "args": ("core.accounts.tasks.purge_expired_credentials",),
    },
    "refresh-report-tallies": {  # standard reports: only tenants whose members or ratings changed do work
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": 10 * 60,
        "args": ("core.reports.tasks.tally_refresh_if_stale",),
    },
    "refresh-adoption-figures": {
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": 5 * 60,
        "args": ("core.stats.tasks.adoption_refresh_recent",),
    },
    "meetings-series-daily": {  # generate monthly meetings ahead; reminders on the 15th
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": crontab(hour=5, minute=30),
        "args": ("core.meetings.tasks.series_daily",),
    },
    "library-platform-sync": {  # platform-wide documents into subscribing tenants (reconciles missed syncs)
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": 60 * 60,
        "args": ("core.library.tasks.platform_sync",),
    },
    "news-publish-scheduled": {  # scheduled articles whose time has come
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": 60,
        "args": ("core.news.tasks.publish_due",),
    },
    "notifications-daily-digest": {  # one summary a day to members who chose the digest for some kinds
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": crontab(hour=env.int("DIGEST_HOUR", default=18), minute=0),
        "args": ("core.notifications.tasks.digest_daily",),
    },
    "news-fetch-feeds": {  # external RSS/Atom feeds that are due (each feed has its own back-off)
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": 10 * 60,
        "args": ("core.news.tasks.feeds_fetch_due",),
    },
    "tenant-backups-daily": {  # one archive per ready tenant, then retention (see docs/guides/operators.md)
        "task": "tenants.tasks.dispatch_to_ready_tenants",
        "schedule": crontab(hour=env.int("BACKUP_HOUR", default=2), minute=15),
        "args": ("tenants.backup.tasks.scheduled_backup",),
    },
    "snapshot-adoption-overview": {
        "task": "tenants.rollout.tasks.adoption_overview_snapshot",
        "schedule": 5 * 60,
    },
    "billing-usage-flush": {"task": "billing_free.tasks.usage_flush", "schedule": 60},  # worker's counters
    "billing-usage-hourly": {"task": "billing_free.tasks.usage_hourly", "schedule": crontab(minute=5)},
    "billing-usage-nightly": {  # plan changes due, storage reconciliation, 24-month retention
        "task": "billing_free.tasks.usage_nightly",
        "schedule": crontab(hour=env.int("BILLING_NIGHTLY_HOUR", default=1), minute=30),
    },
}

# --- Backups of one tenant (tenant_backup / tenant_restore, the daily beat task) -------------------------------
BACKUP_DIR = env("BACKUP_DIR", default=str(DATA_DIR / "backups"))
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=14)  # scheduled archives older than this go …
BACKUP_KEEP_COUNT = env.int("BACKUP_KEEP_COUNT", default=14)  # … and so do those beyond this many newer ones
BACKUP_COMPRESSION = env("BACKUP_COMPRESSION", default="gzip:1")  # pg_dump --compress
BACKUP_LOCK_WAIT_SECONDS = env.int("BACKUP_LOCK_WAIT_SECONDS", default=120)
PG_BIN_DIR = env("PG_BIN_DIR", default="")  # pg_dump/pg_restore/psql of the server's major version, if elsewhere

# --- Observability -----------------------------------------------------------------------------------------
SENTRY_DSN = env("SENTRY_DSN", default="")
# /readyz details (which check failed) for monitoring that sends it as X-Health-Token; empty = operators only.
HEALTH_DETAIL_TOKEN = env("HEALTH_DETAIL_TOKEN", default="")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "config.observability.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [tenant=%(tenant)s req=%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Mail (Django 6.1 mailers) -----------------------------------------------------------------------------
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Sổ tay <no-reply@localhost>")

# --- Notifications: Web Push (VAPID keys of this deployment: `manage.py webpush_keys`) and email -------------
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY", default="")
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY", default="")
WEBPUSH_CONTACT = env("WEBPUSH_CONTACT", default="mailto:admin@localhost")
# Push endpoints are accepted only on these hosts (and their subdomains): the browsers' push services. Extra hosts
# (a self-hosted push service; tests use 127.0.0.1) go in WEBPUSH_EXTRA_HOSTS and may use plain http.
WEBPUSH_ENDPOINT_HOSTS = [
    "fcm.googleapis.com",
    "android.googleapis.com",
    "updates.push.services.mozilla.com",
    "push.services.mozilla.com",
    "notify.windows.com",
    "push.apple.com",
]
WEBPUSH_EXTRA_HOSTS: list[str] = env.list("WEBPUSH_EXTRA_HOSTS", default=[])
WEBPUSH_TIMEOUT_SECONDS = env.int("WEBPUSH_TIMEOUT_SECONDS", default=10)
# Notifications by email to members whose account has an address: on when the deployment has a mail server.
# Member ids per INSERT … SELECT of a committee-wide fan-out (core/notifications/fanout.py).
NOTIFY_FANOUT_CHUNK = env.int("NOTIFY_FANOUT_CHUNK", default=100_000)
NOTIFY_BY_EMAIL = env.bool("NOTIFY_BY_EMAIL", default=bool(env("EMAIL_URL", default="")))

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy (Django's own middleware; docs/adr/0014-edge-guard-csp-and-two-factor.md) ------
# Every page: scripts, styles, fonts and images from our own host only, no inline script, no inline style
# (except a tag carrying this response's nonce: Django admin's change list), no eval, no plugins, no framing.
# Behaviour lives in static/js/, styles in static/css/. The API docs pages (Swagger UI, Redoc) are the one
# documented exception: see DOCS_CSP in api/urls.py.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],  # the nonce: only tags rendered with it (none of ours; Django admin)
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
