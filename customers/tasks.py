"""Account emails, sent by Celery after the transaction that asked for them commits."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from customers.tokens import VERIFY_EMAIL_MAX_AGE, email_verification_token


def _send_or_retry(task, template: str, subject: str, context: dict, to: str) -> None:
    """Send `<template>.txt` with its `.html` alternative; a failure is retried by Celery."""
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=[to]
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    try:
        message.send()
    except Exception as exc:
        if task.request.is_eager:
            raise
        raise task.retry(exc=exc) from exc


@shared_task(bind=True, max_retries=settings.EMAIL_MAX_RETRIES, default_retry_delay=60)
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
    _send_or_retry(self, "customers/emails/verify_email", subject, context, user.email)


@shared_task(bind=True, max_retries=settings.EMAIL_MAX_RETRIES, default_retry_delay=60)
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
    _send_or_retry(self, "customers/emails/account_exists", subject, context, user.email)


@shared_task
def purge_rate_limit_hits() -> int:
    """Celery beat, hourly: forget failed sign-ins and look-ups older than any limit's window."""
    from customers.ratelimit import rate_limit_hits_purge

    return rate_limit_hits_purge()
