"""Account writes: sign-up, email verification, sign-in checks, profile.

Sign-in failures are counted per email and per client IP in the database
(customers.ratelimit), so every web server sees the same counts. Guest orders placed with an
email join the account of that email only once the email is verified: an unverified sign-up
must not reveal another person's orders.
"""

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.error_codes import AccountErrorCode
from customers.ratelimit import rate_limit_clear, rate_limit_hit, rate_limited
from customers.tokens import user_from_email_verification_token

User = get_user_model()

SIGN_IN_WINDOW_SECONDS = 15 * 60
SCOPE_SIGN_UP_IP = "sign-up-ip"
SIGN_UP_LIMIT_PER_IP = 10
SIGN_IN_LIMIT_PER_EMAIL = getattr(settings, "SHOP_SIGN_IN_LIMIT_PER_EMAIL", 5)
SIGN_IN_LIMIT_PER_IP = getattr(settings, "SHOP_SIGN_IN_LIMIT_PER_IP", 20)
SCOPE_SIGN_IN_EMAIL = "sign-in-email"
SCOPE_SIGN_IN_IP = "sign-in-ip"


def _error(field, message, code: AccountErrorCode) -> ValidationError:
    error = ValidationError(message, code=code.value)
    return ValidationError({field: error}) if field else error


def account_register(
    *, email: str, password: str, first_name: str = "", last_name: str = "", ip: str = ""
):
    """Create a customer account (not yet verified) and queue the verification email.

    Raises ValidationError (fields `email`, `password`) for a malformed or taken email and a
    password the validators refuse, and RATE_LIMITED when `ip` opened too many accounts
    lately (SIGN_UP_LIMIT_PER_IP an hour); nothing is written then.
    """
    if ip and rate_limited(
        scope=SCOPE_SIGN_UP_IP, key=ip, limit=SIGN_UP_LIMIT_PER_IP, window_seconds=3600
    ):
        raise _error(
            None,
            _("Too many accounts were opened from your connection. Please try again later."),
            AccountErrorCode.RATE_LIMITED,
        )
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise _error("email", _("Enter a valid email address."), AccountErrorCode.INVALID) from None
    if User.objects.filter(email__iexact=email).exists():
        raise _error(
            "email", _("An account with this email already exists."), AccountErrorCode.UNIQUE
        )
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
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=candidate.first_name,
            last_name=candidate.last_name,
        )
        email_verification_send(user=user)
        if ip:
            rate_limit_hit(scope=SCOPE_SIGN_UP_IP, key=ip)
    return user


def email_verification_send(*, user) -> None:
    """Queue the email with the verification link (after commit)."""
    from customers.tasks import send_verification_email

    transaction.on_commit(lambda: send_verification_email.delay(user.pk))


@transaction.atomic
def email_verify(*, token: str):
    """Mark the account's email verified and attach the guest orders placed with it.

    Raises ValidationError(INVALID_TOKEN) for a forged, expired or outdated link.
    """
    user = user_from_email_verification_token(token)
    if user is None:
        raise _error(
            None,
            _("This verification link is invalid or has expired."),
            AccountErrorCode.INVALID_TOKEN,
        )
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    guest_orders_attach(user=user)
    return user


def guest_orders_attach(*, user) -> int:
    """Give the account the guest orders placed with its email; only for a verified email.
    Returns how many orders were attached."""
    if not user.email_verified:
        return 0
    from orders.models import Order

    return Order.objects.filter(user__isnull=True, email__iexact=user.email).update(user=user)


def user_authenticate(*, email: str, password: str, ip: str, request=None):
    """The user with these credentials, counting failures per email and per IP.

    Raises ValidationError with RATE_LIMITED (checked before the password, so a locked-out
    attacker learns nothing), INVALID_CREDENTIALS (the same for an unknown email and a wrong
    password) or INACTIVE. A success clears the email's failures and, for a verified email,
    attaches the guest orders placed with it since.
    """
    email = (email or "").strip().lower()
    window = SIGN_IN_WINDOW_SECONDS
    if rate_limited(
        scope=SCOPE_SIGN_IN_EMAIL, key=email, limit=SIGN_IN_LIMIT_PER_EMAIL, window_seconds=window
    ) or rate_limited(
        scope=SCOPE_SIGN_IN_IP, key=ip, limit=SIGN_IN_LIMIT_PER_IP, window_seconds=window
    ):
        raise _error(
            None,
            _(
                "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try "
                "again, or reset your password."
            )
            % {"minutes": window // 60},
            AccountErrorCode.RATE_LIMITED,
        )
    user = authenticate(request, username=email, password=password)
    if user is None:
        rate_limit_hit(scope=SCOPE_SIGN_IN_EMAIL, key=email)
        rate_limit_hit(scope=SCOPE_SIGN_IN_IP, key=ip)
        inactive = User.objects.filter(email__iexact=email, is_active=False).first()
        if inactive is not None and inactive.check_password(password):
            raise _error(None, _("This account is disabled."), AccountErrorCode.INACTIVE)
        raise _error(
            None,
            _("The email address or the password is not correct."),
            AccountErrorCode.INVALID_CREDENTIALS,
        )
    rate_limit_clear(scope=SCOPE_SIGN_IN_EMAIL, key=email)
    guest_orders_attach(user=user)  # guest orders placed since the last sign-in
    return user


def profile_update(*, user, first_name: str, last_name: str):
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    return user
