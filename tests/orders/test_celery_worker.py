"""One real Celery worker, on Redis, runs the project's tasks: proves the wiring (broker URL,
serialisation, autodiscovery, the database and email from a worker, retries) that the eager
tests cannot. Skipped only when Redis does not answer (CI has it).

It cannot hang CI: every connection has a timeout, the worker runs in a thread joined with a
timeout, each wait polls against a deadline, and faulthandler ends the process with a traceback
should anything still block.
"""

import faulthandler
import os
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app
from orders.models import OrderEvent
from orders.tasks import send_order_email
from tests.files import BROKEN_EMAIL_BACKEND
from tests.orders.order_builders import placed_order

TIMEOUT = 5  # seconds, for each connection to Redis
HARD_LIMIT = 120  # seconds, for the whole test, whatever blocks


def _broker_url() -> str:
    """CELERY_BROKER_URL's Redis server, but its database 15: nothing shared with a real queue."""
    url = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))


BROKER_URL = _broker_url()


def _redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(
            BROKER_URL, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
        )
        return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _redis_answers(), reason=f"Redis does not answer at {BROKER_URL}"),
]


@pytest.fixture(autouse=True)
def _app_left_as_found():
    """The eager tests that follow must find the app as it was."""
    before = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    yield
    assert (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue) == before


def _forget_producers():
    """Eager tests made the app's producer pool for the default broker URL; publishing (and
    retrying) must go to this one."""
    app.close()
    app.amqp._producer_pool = None
    app._pool = None


@contextmanager
def _real_worker(settings):
    """The project's app, not eager, on Redis, with a worker thread consuming a queue of its
    own. Yields the queue's name."""
    queue = f"smallshop-test-{uuid.uuid4().hex}"
    overrides = {
        "broker_url": BROKER_URL,
        "task_always_eager": False,
        "task_default_queue": queue,
        "broker_connection_timeout": TIMEOUT,
        "broker_connection_retry": False,
        "broker_connection_retry_on_startup": False,
        "broker_connection_max_retries": 1,
        "broker_transport_options": {
            "socket_timeout": TIMEOUT,
            "socket_connect_timeout": TIMEOUT,
        },
        "worker_hijack_root_logger": False,
    }
    # app.conf reads Django's settings: take what to restore before changing them.
    saved = {key: app.conf.get(key) for key in overrides}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(overrides)
    _forget_producers()
    faulthandler.dump_traceback_later(HARD_LIMIT, exit=True)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=15, queues=[queue]
        ):
            yield queue
    finally:
        faulthandler.cancel_dump_traceback_later()
        app.conf.update(saved)
        _forget_producers()
        client = redis.Redis.from_url(BROKER_URL, socket_timeout=TIMEOUT)
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)


def _wait_for(condition, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"nothing after {timeout} s")


def _email_event(order, type: str, kind: str):
    return OrderEvent.objects.filter(order=order, type=type, data__kind=kind).first()


def test_a_real_worker_sends_an_order_email(settings):
    order = placed_order(paid=True)  # eager: its "placed" email is already sent
    mail.outbox.clear()

    with _real_worker(settings) as queue:
        result = send_order_email.apply_async(args=(order.pk, "confirmed"), queue=queue)
        event = _wait_for(lambda: _email_event(order, "email_sent", "confirmed"))

    assert result.id
    assert event.data["to"] == "alice@example.com"
    [message] = mail.outbox
    assert message.subject == f"Your order {order.number} is confirmed"


def test_a_real_worker_retries_a_failed_email_then_records_the_failure(settings):
    order = placed_order(paid=True)
    settings.EMAIL_BACKEND = BROKEN_EMAIL_BACKEND
    retries = []

    def count(sender=None, **kwargs):
        retries.append(kwargs.get("reason"))

    from celery.signals import task_retry

    task_retry.connect(count, sender=send_order_email, weak=False)
    try:
        with _real_worker(settings) as queue:
            send_order_email.apply_async(args=(order.pk, "confirmed"), queue=queue)
            # Backoff with jitter: at most 1 + 2 + 4 seconds between the attempts.
            event = _wait_for(lambda: _email_event(order, "email_failed", "confirmed"), 45)
    finally:
        task_retry.disconnect(count, sender=send_order_email)

    assert len(retries) == settings.EMAIL_MAX_RETRIES
    assert "SMTP server down" in event.data["error"]
    assert not _email_event(order, "email_sent", "confirmed")
    assert OrderEvent.objects.filter(order=order, type="email_failed").count() == 1
