"""One way to send a templated email and one Celery task base that retries it.

`templated_email_send` renders `<template>.txt` with `<template>.html` as its HTML alternative
(in `language` when given) and sends them as one message; it raises whatever the email backend
raises. The services of each app call it and record what they sent on their own timeline.

`EmailTask` is the base of the Celery tasks that send such an email. Its `send_with_retries`
runs the send; a failure is retried with exponential backoff (with jitter, at most
`retry_backoff_max` seconds apart) up to `max_retries` (settings.EMAIL_MAX_RETRIES) times, then
handed to `on_failed`, so no email is lost silently. Run eagerly (no broker, in the web process)
a failure is not retried, since no worker would retry it later and retrying would hold the
request: it is logged and handed to `on_failed` at once. Errors no retry can cure (`not_retried`,
such as an unknown kind) are handed over at once too.

core imports no app: each task passes its own send and its own failure recorder.
"""

import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import Any

from celery import Task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def templated_email_send(
    *,
    template: str,
    subject: str,
    context: dict,
    to: str,
    language: str | None = None,
    headers: dict[str, str] | None = None,
    reply_to: list[str] | None = None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> EmailMultiAlternatives:
    """Send `template`.txt with `template`.html as its HTML alternative to `to`.

    Both parts are rendered in `language` (the active language when None); `attachments` are
    (filename, content, mimetype). Returns the message sent; raises whatever the backend raises.
    """
    with translation.override(language) if language is not None else nullcontext():
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], reply_to=reply_to, headers=headers
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return message


def email_error(exc: BaseException) -> str:
    """How a failed send is written on a timeline: `ConnectionRefusedError: SMTP server down`."""
    return f"{type(exc).__name__}: {exc}"


class EmailTask(Task):
    """Base of the Celery tasks that send one email: `@shared_task(bind=True, base=EmailTask)`.

    A task may override, as `shared_task` options: `not_retried` (the errors handed to the
    failure recorder at once), `max_retries`, `retry_backoff` (False: a fixed
    `default_retry_delay` between attempts), `retry_backoff_max`, `retry_jitter`.
    """

    max_retries = settings.EMAIL_MAX_RETRIES
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    not_retried: tuple[type[BaseException], ...] = (ValueError,)

    def send_with_retries(
        self, send: Callable[[], Any], *, on_failed: Callable[[str], Any] | None = None
    ) -> Any:
        """Run `send()` and return what it returns. On failure: retry later (raises Celery's
        Retry) while retries remain; else call `on_failed(error)` once, then re-raise in a
        worker (the task ends failed) or return None when run eagerly."""
        try:
            return send()
        except Exception as exc:
            if not self._gives_up(exc):
                raise self.retry(exc=exc, countdown=self._retry_countdown()) from exc
            eager = self.request.is_eager
            if eager:  # a worker logs the failure of the task it runs; the web process would not
                logger.exception(
                    "Email task %s%r failed", self.name, tuple(self.request.args or ())
                )
            if on_failed is not None:
                on_failed(email_error(exc))
            if not eager:
                raise
            return None

    def _gives_up(self, exc: Exception) -> bool:
        return (
            self.request.is_eager
            or isinstance(exc, self.not_retried)
            or (self.max_retries is not None and self.request.retries >= self.max_retries)
        )

    def _retry_countdown(self) -> int | None:
        """Seconds before the next attempt, as Celery's own autoretry computes them; None lets
        `retry` use `default_retry_delay`."""
        if not self.retry_backoff:
            return None
        return get_exponential_backoff_interval(
            factor=int(self.retry_backoff),
            retries=self.request.retries,
            maximum=self.retry_backoff_max,
            full_jitter=self.retry_jitter,
        )
