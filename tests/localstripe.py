"""localstripe (a fake Stripe server, from PyPI) as a real peer of the tests.

Registered from tests/conftest.py. Fixtures:
- `localstripe`: one server per test session on a free port of 127.0.0.1 (`--from-scratch`);
  its handle talks to it through the real `stripe` SDK, as the shopper's browser would.
- `stripe_settings`: the Stripe settings pointed at it, with its data wiped before the test.
- `stripe_webhooks`: localstripe delivers its events to our `/webhooks/stripe/` on
  `live_server`, signed with STRIPE_WEBHOOK_SECRET; `.wait(n)` waits for n deliveries.

What localstripe does not do (our code guards both): it ignores `Idempotency-Key`, and it
accepts refunds above the charge. `POST /v1/payment_intents/{id}/confirm` with a
`payment_method` answers 500 "Not implemented": attach the card by updating the PaymentIntent,
then confirm without parameters (`LocalStripe.pay`). It never sends `payment_intent.canceled`.
"""

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import stripe
from django.core.signals import request_finished, request_started

SECRET_KEY = "sk_test_localstripe"
PUBLISHABLE_KEY = "pk_test_localstripe"
WEBHOOK_SECRET = "whsec_localstripe_test"
WEBHOOK_ID = "smallshop"
WEBHOOK_PATH = "/webhooks/stripe/"
WEBHOOK_EVENTS = [
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
]
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000341"  # attaches fine, the charge is declined


def stripe_signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe (and localstripe) would send for `payload`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalStripe:
    def __init__(self, url: str):
        self.url = url
        self.deliveries_done_at = 0.0

    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(SECRET_KEY, base_addresses={"api": self.url})

    def _request(self, method: str, path: str, data: dict | None = None) -> None:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            self.url + path, data=body, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10):
            pass

    def flush(self) -> None:
        """Wipe its data; note when the deliveries of recent events will be over."""
        since = int(time.time()) - 5
        recent = self.client().v1.events.list(params={"created": {"gte": since}, "limit": 100})
        if recent.data:
            # An event goes out about a second after it was made (`created` is in whole
            # seconds), to whichever webhook is registered at that moment.
            last = max(event.created for event in recent.data)
            self.deliveries_done_at = max(self.deliveries_done_at, last + 2.1)
        self._request("DELETE", "/_config/data")

    def wait_for_past_deliveries(self) -> None:
        """So that the events of an earlier test never reach the webhook of this one."""
        time.sleep(max(0.0, self.deliveries_done_at - time.time()))

    def register_webhook(self, url: str, secret: str, events: list[str]) -> None:
        self._request(
            "POST",
            f"/_config/webhooks/{WEBHOOK_ID}",
            {"url": url, "secret": secret, "events": events},
        )

    def mute_webhook(self) -> None:
        """localstripe cannot forget a webhook: make ours listen to no event at all."""
        self.register_webhook("http://127.0.0.1:9/", WEBHOOK_SECRET, ["smallshop.none"])

    def payment_intent(self, reference: str) -> dict:
        return self.client().v1.payment_intents.retrieve(reference).to_dict()

    def payment_intents(self) -> list[dict]:
        return [intent.to_dict() for intent in self.client().v1.payment_intents.list().data]

    def refunds(self, reference: str) -> list[dict]:
        refunds = self.client().v1.refunds.list(params={"payment_intent": reference})
        return [refund.to_dict() for refund in refunds.data]

    def pay(self, reference: str, card: str = CARD_OK) -> dict:
        """What Stripe.js does when the shopper submits a card; returns the PaymentIntent."""
        client = self.client()
        method = client.v1.payment_methods.create(
            params={
                "type": "card",
                "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
            }
        )
        client.v1.payment_intents.update(reference, params={"payment_method": method.id})
        try:
            return client.v1.payment_intents.confirm(reference).to_dict()
        except stripe.CardError:  # declined: localstripe answers 402, as Stripe does
            return self.payment_intent(reference)


def _start(port: int, log) -> subprocess.Popen:
    script = Path(sys.executable).parent / "localstripe"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "localstripe"]
    return subprocess.Popen(
        [*command, "--port", str(port), "--from-scratch"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until_up(process: subprocess.Popen, url: str, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
    with log_path.open("wb") as log:
        for _attempt in range(3):  # the free port may be taken between the probe and the bind
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            process = _start(port, log)
            if _wait_until_up(process, url):
                break
            process.kill()
            process.wait()
        else:
            pytest.fail(f"localstripe did not start: {log_path.read_text()[-2000:]}")
        try:
            yield LocalStripe(url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def stripe_settings(settings, localstripe):
    """Stripe enabled and pointed at localstripe, whose data is wiped first."""
    localstripe.flush()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_JS_URL = f"{localstripe.url}/js.stripe.com/v3/"
    return settings


class WebhookDeliveries:
    """Counts the webhook requests our live server has finished answering."""

    def __init__(self):
        self.count = 0
        self._condition = threading.Condition()
        self._local = threading.local()

    def started(self, sender, environ, **kwargs):
        self._local.webhook = environ.get("PATH_INFO") == WEBHOOK_PATH

    def finished(self, sender, **kwargs):
        if getattr(self._local, "webhook", False):
            self._local.webhook = False
            with self._condition:
                self.count += 1
                self._condition.notify_all()

    def wait(self, count: int = 1, timeout: float = 15) -> None:
        with self._condition:
            if not self._condition.wait_for(lambda: self.count >= count, timeout=timeout):
                pytest.fail(f"{self.count} webhook(s) delivered, expected {count}")


@pytest.fixture
def stripe_webhooks(live_server, stripe_settings, localstripe):
    localstripe.wait_for_past_deliveries()
    deliveries = WebhookDeliveries()
    request_started.connect(deliveries.started, weak=False)
    request_finished.connect(deliveries.finished, weak=False)
    localstripe.register_webhook(f"{live_server.url}{WEBHOOK_PATH}", WEBHOOK_SECRET, WEBHOOK_EVENTS)
    try:
        yield deliveries
    finally:
        localstripe.mute_webhook()
        request_started.disconnect(deliveries.started)
        request_finished.disconnect(deliveries.finished)
