"""Settings shared by every environment, read from the environment (see README)."""

from decimal import Decimal
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # Before the admin: its translation tabs (django-modeltranslation).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "graphene_django",
    "core",
    "content",
    "customers",
    "shop",
    "orders",
    "support",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "customers.middleware.BearerTokenMiddleware",  # API clients: Authorization: Bearer …
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.storefront",
                "orders.context_processors.cart",
                "content.context_processors.footer",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "customers.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customers:login"

# Sessions live in the database (or the cache when REDIS_URL is set): nothing in process memory.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Catalog and FAQ texts per language (django-modeltranslation, see each app's translation.py):
# a text not translated yet shows in English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
# Integers in templates (ids in forms!) must never get separators; money is grouped by
# core.money.format_money itself.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private uploads (return photos, ticket attachments): a folder with no URL, outside MEDIA_ROOT;
# only views that check access serve its files (core.uploads, core.file_responses).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
PRIVATE_STORAGE = {
    "BACKEND": "core.uploads.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# An empty EMAIL_URL means "not set", like an absent one.
EMAIL_CONFIG = env.email_url_config(env("EMAIL_URL", default="") or "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Small Shop <shop@example.com>")

# Celery: with no broker, tasks run in-process (eager) so a local install needs nothing else.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE

GRAPHENE = {
    "SCHEMA": "config.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "SCHEMA_OUTPUT": str(BASE_DIR / "graphql" / "schema.graphql"),
    "SCHEMA_INDENT": 2,
}

# The shop
SHOP_NAME = env("SHOP_NAME", default="Small Shop")
SHOP_CURRENCY = env("SHOP_CURRENCY", default="EUR")
SHOP_DEFAULT_VAT_RATE = Decimal("20.00")
SHOP_PRODUCTS_PER_PAGE = 24
# Catalog searches with no result are counted for the seller at most this often per client IP.
SHOP_SEARCH_MISS_LOGS_PER_IP_PER_HOUR = env.int("SHOP_SEARCH_MISS_LOGS_PER_IP_PER_HOUR", default=30)
# How many reverse proxies (load balancer, CDN) stand in front of the app and append the
# address they saw to X-Forwarded-For. 0: the client is REMOTE_ADDR (core.http.client_ip).
SHOP_TRUSTED_PROXIES = env.int("SHOP_TRUSTED_PROXIES", default=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each layout step at INFO: not worth a log line per document.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Countries we deliver to (ISO 3166 codes) and their names.
SHOP_COUNTRIES = {
    "FR": _("France"),
    "BE": _("Belgium"),
    "LU": _("Luxembourg"),
    "DE": _("Germany"),
    "NL": _("Netherlands"),
    "ES": _("Spain"),
    "IT": _("Italy"),
    "CH": _("Switzerland"),
    "GB": _("United Kingdom"),
}
SHOP_DEFAULT_COUNTRY = "FR"
# Dates follow the language and the shop's country: English is written the European way
# (4 December 2026, 04/12/2026) unless the shop is in the United States.
FORMAT_MODULE_PATH = None if SHOP_DEFAULT_COUNTRY == "US" else ["config.formats"]
SHOP_CART_MAX_LINE_QUANTITY = env.int("SHOP_CART_MAX_LINE_QUANTITY", default=50)
SHOP_RESERVATION_MINUTES = env.int("SHOP_RESERVATION_MINUTES", default=15)
# Limits on holding stock away from other buyers (orders.checkout.stock_holds): a checkout's
# hold, however often renewed, ends this long after it began; one checkout holds at most this
# share of a variant's stock, but may always hold MIN_UNITS (a couple of the last units can
# still be bought together); one client address starts at most this many holds a day.
SHOP_RESERVATION_MAX_MINUTES = env.int("SHOP_RESERVATION_MAX_MINUTES", default=45)
SHOP_RESERVATION_MAX_SHARE = Decimal(env("SHOP_RESERVATION_MAX_SHARE", default="0.5"))
SHOP_RESERVATION_MIN_UNITS = env.int("SHOP_RESERVATION_MIN_UNITS", default=2)
SHOP_RESERVATION_HOLDS_PER_IP = env.int("SHOP_RESERVATION_HOLDS_PER_IP", default=10)
SHOP_ORDER_PAGE_SIGNED_LINK_DAYS = 365

# Payments. With no Stripe secret key the checkout offers the offline methods only.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # a localstripe URL in tests
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# A webhook event whose processing keeps failing is asked again from Stripe this many times,
# then left in the admin for staff to process again (Stripe disables an endpoint that keeps
# failing for days).
STRIPE_WEBHOOK_MAX_ATTEMPTS = env.int("STRIPE_WEBHOOK_MAX_ATTEMPTS", default=8)
# Offline methods (bank transfer, pay on delivery): tests may mark their payments paid at once.
OFFLINE_GATEWAY_MARK_PAID = env.bool("OFFLINE_GATEWAY_MARK_PAID", default=False)
# The offline methods the shop accepts, in the order the checkout lists them.
SHOP_OFFLINE_PAYMENT_METHODS = env.list(
    "SHOP_OFFLINE_PAYMENT_METHODS", default=["bank_transfer", "pay_on_delivery"]
)
SHOP_BANK_DETAILS = env(
    "SHOP_BANK_DETAILS", default="IBAN FR76 3000 6000 0112 3456 7890 189 · BIC AGRIFRPP"
)

# Absolute links in emails (the order page, the cart).
SHOP_BASE_URL = env("SHOP_BASE_URL", default="http://127.0.0.1:8000")
EMAIL_MAX_RETRIES = 3
CELERY_BEAT_SCHEDULE = {
    "release-expired-reservations": {
        "task": "orders.tasks.release_expired_reservations",
        "schedule": 60.0,
    },
    "cancel-unpaid-orders": {
        "task": "orders.tasks.cancel_unpaid_orders",
        "schedule": 3600.0,
    },
    "purge-rate-limit-hits": {
        "task": "customers.tasks.purge_rate_limit_hits",
        "schedule": 3600.0,
    },
    "retry-pending-refunds": {
        "task": "orders.tasks.retry_pending_refunds",
        "schedule": 600.0,
    },
    "support-auto-solve-tickets": {
        "task": "support.tasks.auto_solve_tickets",
        "schedule": 3600.0,
    },
}

# Carriers: name and tracking page ({number} is the tracking number).
SHOP_CARRIERS = {
    "colissimo": {
        "name": "La Poste Colissimo",
        "tracking_url": "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    },
    "chronopost": {
        "name": "Chronopost",
        "tracking_url": "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
    },
    "ups": {"name": "UPS", "tracking_url": "https://www.ups.com/track?tracknum={number}"},
    "dhl": {
        "name": "DHL",
        "tracking_url": "https://www.dhl.com/fr-en/home/tracking.html?tracking-id={number}",
    },
    "mondial_relay": {
        "name": "Mondial Relay",
        "tracking_url": "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition={number}",
    },
}

# The seller's legal details, printed on invoices and documents.
SHOP_SELLER = {
    "name": env("SHOP_SELLER_NAME", default="Small Shop SAS"),
    "address": env("SHOP_SELLER_ADDRESS", default="12 rue des Artisans\n69002 Lyon\nFrance"),
    "vat_number": env("SHOP_SELLER_VAT_NUMBER", default="FR12 345678901"),
    "registration": env("SHOP_SELLER_REGISTRATION", default="RCS Lyon 345 678 901"),
    "email": env("SHOP_SELLER_EMAIL", default="hello@smallshop.example"),
}
# The contact block of the footer (and of the legal notice).
SHOP_CONTACT_EMAIL = env("SHOP_CONTACT_EMAIL", default=SHOP_SELLER["email"])
SHOP_CONTACT_PHONE = env("SHOP_CONTACT_PHONE", default="+33 4 78 00 00 00")
SHOP_OPENING_HOURS = env(
    "SHOP_OPENING_HOURS", default="Monday to Friday, 9:00–12:30 and 14:00–17:30"
)
# Unpaid offline orders are canceled (and their stock released) after this many hours.
SHOP_UNPAID_ORDER_CANCEL_HOURS = env.int("SHOP_UNPAID_ORDER_CANCEL_HOURS", default=72)
# Unpaid offline orders hold their stock: at most this many open at once per email or account,
# and at most this many placed per client address a day (orders.checkout.stock_holds).
SHOP_UNPAID_ORDERS_MAX = env.int("SHOP_UNPAID_ORDERS_MAX", default=2)
SHOP_UNPAID_ORDERS_PER_IP = env.int("SHOP_UNPAID_ORDERS_PER_IP", default=3)

# Returns: how long after delivery a shopper may ask (at least the 14-day legal withdrawal
# period), how many photos and how large.
SHOP_RETURN_WINDOW_DAYS = max(14, env.int("SHOP_RETURN_WINDOW_DAYS", default=30))
SHOP_RETURN_MAX_PHOTOS = 3
SHOP_RETURN_PHOTO_MAX_BYTES = 5 * 1024 * 1024
SHOP_RETURN_ADDRESS = env(
    "SHOP_RETURN_ADDRESS", default="Small Shop returns\n12 rue des Artisans\n69002 Lyon\nFrance"
)
# Support agents may refund up to this amount per order, all their refunds on it together, and up
# to the daily limit across all orders (Sellers have no limit).
SUPPORT_AGENT_REFUND_LIMIT = Decimal(env("SUPPORT_AGENT_REFUND_LIMIT", default="50.00"))
SUPPORT_AGENT_REFUND_DAILY_LIMIT = Decimal(
    env("SUPPORT_AGENT_REFUND_DAILY_LIMIT", default="200.00")
)

# Support desk. Targets per priority in business minutes (a ResponseTarget row in the admin wins).
SUPPORT_RESPONSE_TARGETS = {
    "urgent": {"first_response_minutes": 60, "resolution_minutes": 8 * 60},
    "high": {"first_response_minutes": 4 * 60, "resolution_minutes": 2 * 9 * 60},
    "normal": {"first_response_minutes": 9 * 60, "resolution_minutes": 5 * 9 * 60},
    "low": {"first_response_minutes": 2 * 9 * 60, "resolution_minutes": 10 * 9 * 60},
}
# Business hours in TIME_ZONE: weekdays (0 = Monday) and opening hours "HH:MM".
SUPPORT_BUSINESS_HOURS = {"weekdays": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"}
# A ticket waiting for the customer this many days is solved automatically (Celery beat).
SUPPORT_AUTO_SOLVE_DAYS = env.int("SUPPORT_AUTO_SOLVE_DAYS", default=5)
# Agents' replies go out with Reply-To: support+<signed ticket token>@SUPPORT_REPLY_DOMAIN.
SUPPORT_REPLY_DOMAIN = env("SUPPORT_REPLY_DOMAIN", default="support.smallshop.example")
SUPPORT_REPLY_ADDRESS = env("SUPPORT_REPLY_ADDRESS", default=f"support@{SUPPORT_REPLY_DOMAIN}")
# The ticket links (and Reply-To tokens) of the support emails stay valid this many days; the
# rating links of the "solved" email this many.
SUPPORT_TICKET_LINK_DAYS = env.int("SUPPORT_TICKET_LINK_DAYS", default=365)
SUPPORT_RATING_LINK_DAYS = env.int("SUPPORT_RATING_LINK_DAYS", default=30)
# The authserv-id our receiving MTA writes in Authentication-Results (RFC 8601). Only those
# headers are believed (a sender may write its own); an inbound email is from its From: address
# only when they say dmarc=pass, or dkim=pass for a domain aligned with it. Empty: no sender is
# ever verified (every email opens an unverified ticket, threads only by the signed Reply-To).
SUPPORT_INBOUND_AUTHSERV_ID = env(
    "SUPPORT_INBOUND_AUTHSERV_ID", default=f"mx.{SUPPORT_REPLY_DOMAIN}"
)
SUPPORT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
SUPPORT_ATTACHMENT_MAX_COUNT = 5
# Flood limits of the support desk (support.limits), per rolling hour.
SUPPORT_TICKETS_PER_IP_PER_HOUR = env.int("SUPPORT_TICKETS_PER_IP_PER_HOUR", default=10)
SUPPORT_TICKETS_PER_EMAIL_PER_HOUR = env.int("SUPPORT_TICKETS_PER_EMAIL_PER_HOUR", default=5)
SUPPORT_ACKNOWLEDGEMENTS_PER_EMAIL_PER_HOUR = env.int(
    "SUPPORT_ACKNOWLEDGEMENTS_PER_EMAIL_PER_HOUR", default=3
)
SUPPORT_FAQ_SUGGESTIONS_PER_IP_PER_HOUR = env.int(
    "SUPPORT_FAQ_SUGGESTIONS_PER_IP_PER_HOUR", default=120
)
SUPPORT_FAQ_SEARCH_LOGS_PER_IP_PER_HOUR = env.int(
    "SUPPORT_FAQ_SEARCH_LOGS_PER_IP_PER_HOUR", default=30
)

# GraphQL limits, checked before a query runs (core/graphql/limits.py). The cost counts each
# field once, a connection's selection once per item of its page (`first`, else the largest
# page) and a plain list's GRAPHQL_LIST_COST_FACTOR times; the documented operations cost at
# most a few thousand.
GRAPHQL_MAX_QUERY_LENGTH = env.int("GRAPHQL_MAX_QUERY_LENGTH", default=20_000)
GRAPHQL_MAX_BODY_BYTES = env.int("GRAPHQL_MAX_BODY_BYTES", default=256 * 1024)
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=15)
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=30)
GRAPHQL_MAX_FIELD_REPEATS = env.int("GRAPHQL_MAX_FIELD_REPEATS", default=10)
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=10_000)
GRAPHQL_LIST_COST_FACTOR = env.int("GRAPHQL_LIST_COST_FACTOR", default=5)
# Introspection (`__schema`, `__type`) answers only with DEBUG on or this set.
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=False)
