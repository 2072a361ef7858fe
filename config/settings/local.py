"""Local development: `make run`. SQLite, eager Celery, emails printed and kept under var/mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-insecure-key-only-for-development")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# GraphiQL reads the schema by introspection (DEBUG alone allows it too).
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=True)

if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
