"""The one templated-email send and the one email task base (core/emails.py): both parts rendered
in the recipient's language; a failed send retried by a real worker, then handed to the task's
failure recorder once; run eagerly, handed over at once.

The worker is a Celery app of this module's own, on kombu's in-memory broker, with a worker
thread: nothing is shared with the project's app or with a real queue.
"""

import time

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_retry
from django.core import mail

from core.emails import EmailTask, email_error, templated_email_send

TEMPLATES = {
    "tests/hello.txt": "{% load i18n %}{% translate 'Order' %} {{ name }}",
    "tests/hello.html": "{% load i18n %}<p>{% translate 'Cart' %} {{ name }}</p>",
}


@pytest.fixture(autouse=True)
def _test_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]


class BrokenEmailBackend:
    """An email backend whose server is down; counts the attempts."""

    attempts = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        BrokenEmailBackend.attempts += 1
        raise ConnectionRefusedError("SMTP server down")


BROKEN_BACKEND = f"{__name__}.BrokenEmailBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

app = Celery("core-emails-test", set_as_current=False)
app.conf.update(
    broker_url="memory://",
    task_always_eager=False,
    task_default_queue="core-emails-test",
    broker_transport_options={"polling_interval": 0.05},
    worker_hijack_root_logger=False,
)

failures: list[tuple[str, str]] = []


def _record_failure(name: str, error: str) -> None:
    failures.append((name, error))


@app.task(bind=True, base=EmailTask, retry_backoff_max=0)
def send_hello(self, name: str) -> None:
    """Retries at once (a backoff of at most 0 s) so that the test does not wait."""
    self.send_with_retries(
        lambda: templated_email_send(
            template="tests/hello",
            subject=f"Hello {name}",
            context={"name": name},
            to="alice@example.com",
        ),
        on_failed=lambda error: _record_failure(name, error),
    )


@app.task(bind=True, base=EmailTask, retry_backoff_max=0)
def send_unknown_kind(self) -> None:
    def send():
        BrokenEmailBackend.attempts += 1
        raise ValueError("Unknown email kind: nope")

    self.send_with_retries(send, on_failed=lambda error: _record_failure("nope", error))


@pytest.fixture(autouse=True)
def _fresh_state():
    failures.clear()
    BrokenEmailBackend.attempts = 0
    mail.outbox = []
    yield


@pytest.fixture(scope="module")
def worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def _wait_until_finished(timeout: float = 20) -> None:
    """Until the email is sent or its failure recorded."""
    deadline = time.monotonic() + timeout
    while not (mail.outbox or failures):
        assert time.monotonic() < deadline, f"nothing after {timeout} s"
        time.sleep(0.05)


def test_both_parts_are_rendered_in_the_language_given(settings):
    settings.EMAIL_BACKEND = LOCMEM_BACKEND

    templated_email_send(
        template="tests/hello",
        subject="Bonjour",
        context={"name": "Alice"},
        to="alice@example.com",
        language="fr",
        headers={"Auto-Submitted": "auto-generated"},
        reply_to=["support+abc@example.com"],
        attachments=[("R-1.pdf", b"%PDF-1.7", "application/pdf")],
    )

    [message] = mail.outbox
    assert (message.subject, message.to, message.reply_to) == (
        "Bonjour",
        ["alice@example.com"],
        ["support+abc@example.com"],
    )
    assert message.body == "Commande Alice"
    assert message.alternatives[0][0] == "<p>Panier Alice</p>"
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}
    assert message.attachments[0][0] == "R-1.pdf"
    assert message.message()["Auto-Submitted"] == "auto-generated"


def test_without_a_language_the_active_one_is_kept(settings):
    settings.EMAIL_BACKEND = LOCMEM_BACKEND

    templated_email_send(
        template="tests/hello", subject="Hello", context={"name": "Bob"}, to="bob@example.com"
    )

    [message] = mail.outbox
    assert message.body == "Order Bob"
    assert message.reply_to == [] and message.extra_headers == {}


def test_a_worker_sends_the_email_and_records_no_failure(settings, worker):
    settings.EMAIL_BACKEND = LOCMEM_BACKEND

    send_hello.delay("Alice")
    _wait_until_finished()

    [message] = mail.outbox
    assert message.subject == "Hello Alice"
    assert failures == []


def test_a_failed_send_is_retried_then_recorded_as_failed_once(settings, worker):
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    retries = []

    def count(sender=None, **kwargs):
        retries.append(kwargs.get("reason"))

    task_retry.connect(count, sender=send_hello, weak=False)
    try:
        send_hello.delay("Alice")
        _wait_until_finished()
    finally:
        task_retry.disconnect(count, sender=send_hello)

    assert settings.EMAIL_MAX_RETRIES == EmailTask.max_retries == 3
    assert len(retries) == EmailTask.max_retries
    assert BrokenEmailBackend.attempts == EmailTask.max_retries + 1
    assert failures == [("Alice", "ConnectionRefusedError: SMTP server down")]
    assert mail.outbox == []


def test_an_error_no_retry_can_cure_is_recorded_at_once(worker):
    send_unknown_kind.delay()
    _wait_until_finished()

    assert BrokenEmailBackend.attempts == 1
    assert failures == [("nope", "ValueError: Unknown email kind: nope")]


def test_run_eagerly_a_failed_send_is_recorded_at_once_without_retries(settings):
    settings.EMAIL_BACKEND = BROKEN_BACKEND

    result = send_hello.apply(args=("Alice",))

    assert result.successful() and result.result is None
    assert BrokenEmailBackend.attempts == 1
    assert failures == [("Alice", "ConnectionRefusedError: SMTP server down")]


def test_the_error_is_written_as_its_type_and_message():
    assert email_error(ConnectionRefusedError("SMTP server down")) == (
        "ConnectionRefusedError: SMTP server down"
    )
