"""Signed, stateless tokens: the email-verification link and the API's Bearer token.

Both are `django.core.signing` payloads (signed with SECRET_KEY, readable by anyone, so they hold
no secret) with a maximum age. The API token carries the user id and a fragment of an HMAC of
the password hash (Django's session auth hash), never the hash itself: changing the password
changes the fragment, which revokes every token issued before.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

VERIFY_EMAIL_SALT = "customers.verify-email"
API_TOKEN_SALT = "customers.api-token"
VERIFY_EMAIL_MAX_AGE = 3 * 24 * 3600
API_TOKEN_MAX_AGE = getattr(settings, "SHOP_API_TOKEN_MAX_AGE", 30 * 24 * 3600)
PASSWORD_FRAGMENT_LENGTH = 16


def _password_fragment(user) -> str:
    return user.get_session_auth_hash()[:PASSWORD_FRAGMENT_LENGTH]


def email_verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT)


def user_from_email_verification_token(token: str):
    """The active user the token was made for, if it is genuine, fresh, and the account's email
    has not changed since; otherwise None."""
    try:
        data = signing.loads(token, salt=VERIFY_EMAIL_SALT, max_age=VERIFY_EMAIL_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("e"):
        return None
    return user


def api_token(user) -> str:
    return signing.dumps({"u": user.pk, "p": _password_fragment(user)}, salt=API_TOKEN_SALT)


def user_from_api_token(token: str):
    """The active user of a genuine, fresh token whose password has not changed; else None."""
    try:
        data = signing.loads(token, salt=API_TOKEN_SALT, max_age=API_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("p") != _password_fragment(user):
        return None
    return user
