"""Account emails, sent by Celery after the transaction that asked for them commits.

They are core.emails.EmailTask tasks that keep their fixed minute between attempts (no
backoff); they have no timeline to write a final failure on: it is logged. Each task is
registered under its name in customers.outbox, by which the account services queue it."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from core.emails import EmailTask, templated_email_send
from customers.outbox import ACCOUNT_EXISTS_EMAIL, PURGE_RATE_LIMIT_HITS, VERIFICATION_EMAIL
from customers.ratelimit import rate_limit_hits_purge
from customers.tokens import VERIFY_EMAIL_MAX_AGE, email_verification_token


def _send_to_user(task: EmailTask, user, template: str, subject: str, context: dict) -> None:
    """Send an account email (`<template>.txt` and `.html`) to `user`, retried by `task`."""
    task.send_with_retries(
        lambda: templated_email_send(
            template=template, subject=subject, context=context, to=user.email
        )
    )


@shared_task(
    name=VERIFICATION_EMAIL, bind=True, base=EmailTask, retry_backoff=False, default_retry_delay=60
)
def send_verification_email(self, user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or user.email_verified:
        return
    path = reverse("customers:verify_email", kwargs={"token": email_verification_token(user)})
    context = {
        "user": user,
        "verify_url": settings.SHOP_BASE_URL.rstrip("/") + path,
        "shop_name": settings.SHOP_NAME,
        "days": VERIFY_EMAIL_MAX_AGE // (24 * 3600),
    }
    subject = _("Confirm your email address for %(shop)s") % {"shop": settings.SHOP_NAME}
    _send_to_user(self, user, "customers/emails/verify_email", subject, context)


@shared_task(
    name=ACCOUNT_EXISTS_EMAIL,
    bind=True,
    base=EmailTask,
    retry_backoff=False,
    default_retry_delay=60,
)
def send_account_exists_email(self, user_id: int) -> None:
    """To someone who signed up with the email of an existing account: sign in or reset."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    base = settings.SHOP_BASE_URL.rstrip("/")
    context = {
        "user": user,
        "signin_url": base + reverse("customers:login"),
        "reset_url": base + reverse("customers:password_reset"),
        "shop_name": settings.SHOP_NAME,
    }
    subject = _("You already have an account at %(shop)s") % {"shop": settings.SHOP_NAME}
    _send_to_user(self, user, "customers/emails/account_exists", subject, context)


@shared_task(name=PURGE_RATE_LIMIT_HITS)
def purge_rate_limit_hits() -> int:
    """Celery beat, hourly: forget failed sign-ins and look-ups older than any limit's window."""
    return rate_limit_hits_purge()
