"""Account writes: sign-up, email verification, sign-in checks, profile.

Sign-in failures are counted and throttled by customers.signin_throttle, sign-ups and
password-reset emails limited by customers.ratelimit, all in the database, so every web server
sees the same counts; sign-up answers the same whether or not the email has an account.
Guest orders placed with an email join the account of that email only once the email is
verified: an unverified sign-up must not reveal another person's orders. The attaching is the
orders' (orders.lifecycle.guest_orders): customers sits below orders, so the callers of
`email_verify` and `user_authenticate` (the account pages, the admin's sign-in, `tokenCreate`)
attach after them. Emails are queued by task name (customers.outbox), never by importing
customers.tasks.
"""

import math

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import typed_error
from core.outbox import task_queue
from customers.error_codes import AccountErrorCode
from customers.outbox import ACCOUNT_EXISTS_EMAIL, VERIFICATION_EMAIL
from customers.ratelimit import rate_limit_hit, rate_limited
from customers.signin_throttle import sign_in_failed, sign_in_succeeded, sign_in_throttle
from customers.tokens import user_from_email_verification_token

User = get_user_model()

SCOPE_SIGN_UP_IP = "sign-up-ip"
SIGN_UP_LIMIT_PER_IP = 10
SCOPE_ACCOUNT_EXISTS_EMAIL = "account-exists-email"
ACCOUNT_EXISTS_EMAILS_PER_HOUR = 3
SCOPE_PASSWORD_RESET_EMAIL = "password-reset-email"
SCOPE_PASSWORD_RESET_IP = "password-reset-ip"
PASSWORD_RESET_EMAILS_PER_HOUR = 3
PASSWORD_RESET_REQUESTS_PER_HOUR_PER_IP = 20


def account_register(
    *, email: str, password: str, first_name: str = "", last_name: str = "", ip: str = ""
) -> None:
    """Open a customer account (not yet verified) and queue the verification email; for an
    email that already has an account, create nothing and queue instead the email "you
    already have an account: sign in or reset your password" (at most
    ACCOUNT_EXISTS_EMAILS_PER_HOUR an hour per email, quietly).

    Either way the caller sees the same: nothing returned, nothing raised, so the answer does
    not tell who has an account. Raises ValidationError (fields `email`, `password`) for a
    malformed email and a password the validators refuse (checked the same way in both cases),
    and RATE_LIMITED when `ip` made too many sign-ups lately (SIGN_UP_LIMIT_PER_IP an hour);
    nothing is written then.
    """
    if ip and rate_limited(
        scope=SCOPE_SIGN_UP_IP, key=ip, limit=SIGN_UP_LIMIT_PER_IP, window_seconds=3600
    ):
        raise typed_error(
            _("Too many accounts were opened from your connection. Please try again later."),
            AccountErrorCode.RATE_LIMITED,
        )
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise typed_error(
            _("Enter a valid email address."), AccountErrorCode.INVALID, field="email"
        ) from None
    candidate = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise ValidationError(
            {
                "password": [
                    ValidationError(message, code=AccountErrorCode.PASSWORD_TOO_WEAK.value)
                    for message in error.messages
                ]
            }
        ) from None
    with transaction.atomic():
        if ip:
            rate_limit_hit(scope=SCOPE_SIGN_UP_IP, key=ip)
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            # Hash anyway, as creating an account would: the time taken must not tell either.
            make_password(password)
            account_exists_notify(user=existing)
            return
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=candidate.first_name,
            last_name=candidate.last_name,
        )
        email_verification_send(user=user)


def account_exists_notify(*, user) -> None:
    """Queue the email "you already have an account" to someone who signed up again, unless
    that address got ACCOUNT_EXISTS_EMAILS_PER_HOUR of them in the last hour (quietly)."""
    if rate_limited(
        scope=SCOPE_ACCOUNT_EXISTS_EMAIL,
        key=user.email,
        limit=ACCOUNT_EXISTS_EMAILS_PER_HOUR,
        window_seconds=3600,
    ):
        return
    rate_limit_hit(scope=SCOPE_ACCOUNT_EXISTS_EMAIL, key=user.email)
    task_queue(ACCOUNT_EXISTS_EMAIL, user.pk)


def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Whether a password-reset email may be sent now to `email` for a request from `ip`, and
    count it if so: at most PASSWORD_RESET_EMAILS_PER_HOUR per email and
    PASSWORD_RESET_REQUESTS_PER_HOUR_PER_IP per address. The page answers the same either way."""
    email = (email or "").strip().lower()
    if rate_limited(
        scope=SCOPE_PASSWORD_RESET_IP,
        key=ip,
        limit=PASSWORD_RESET_REQUESTS_PER_HOUR_PER_IP,
        window_seconds=3600,
    ) or rate_limited(
        scope=SCOPE_PASSWORD_RESET_EMAIL,
        key=email,
        limit=PASSWORD_RESET_EMAILS_PER_HOUR,
        window_seconds=3600,
    ):
        return False
    rate_limit_hit(scope=SCOPE_PASSWORD_RESET_IP, key=ip)
    rate_limit_hit(scope=SCOPE_PASSWORD_RESET_EMAIL, key=email)
    return True


def email_verification_send(*, user) -> None:
    """Queue the email with the verification link (after commit)."""
    task_queue(VERIFICATION_EMAIL, user.pk)


def email_verify(*, token: str):
    """Mark the account's email verified; returns the user. The caller then attaches the guest
    orders placed with that email (orders.lifecycle.guest_orders.guest_orders_attach).

    Raises ValidationError(INVALID_TOKEN) for a forged, expired or outdated link.
    """
    user = user_from_email_verification_token(token)
    if user is None:
        raise typed_error(
            _("This verification link is invalid or has expired."), AccountErrorCode.INVALID_TOKEN
        )
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def sign_in_rate_limited_error(retry_after: int) -> ValidationError:
    """The RATE_LIMITED error of a throttled sign-in, with `retry_after` (seconds) as param."""
    minutes = max(1, math.ceil(retry_after / 60))
    message = ngettext(
        "Too many failed sign-in attempts. Please wait %(minutes)s minute and try again, "
        "or reset your password.",
        "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again, "
        "or reset your password.",
        minutes,
    ) % {"minutes": minutes}
    return typed_error(
        message.replace("%", "%%"), AccountErrorCode.RATE_LIMITED, retry_after=retry_after
    )


def user_authenticate(*, email: str, password: str, ip: str, request=None):
    """The user with these credentials; the one sign-in check of the shop's sign-in page,
    `tokenCreate` and /admin/login/, throttled by customers.signin_throttle.

    Raises ValidationError with RATE_LIMITED (param `retry_after`, in seconds; checked before
    the password, so a throttled attacker learns nothing, not even from the right password),
    INVALID_CREDENTIALS (the same for an unknown email and a wrong password) or INACTIVE. A
    success clears this address's failures on the account; the caller then attaches the guest
    orders placed since with a verified email (orders.lifecycle.guest_orders.guest_orders_attach).
    """
    email = (email or "").strip().lower()
    throttle = sign_in_throttle(email=email, ip=ip)
    if throttle.throttled:
        raise sign_in_rate_limited_error(throttle.retry_after)
    user = authenticate(request, username=email, password=password)
    if user is None:
        sign_in_failed(email=email, ip=ip)
        inactive = User.objects.filter(email__iexact=email, is_active=False).first()
        if inactive is not None and inactive.check_password(password):
            raise typed_error(_("This account is disabled."), AccountErrorCode.INACTIVE)
        raise typed_error(
            _("The email address or the password is not correct."),
            AccountErrorCode.INVALID_CREDENTIALS,
        )
    sign_in_succeeded(email=email, ip=ip)
    return user


def profile_update(*, user, first_name: str, last_name: str):
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    return user
