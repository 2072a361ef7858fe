"""Browser tests: headless Chromium (Debian's package, or CHROMIUM_PATH) driven by Playwright
against pytest-django's live server, which runs in this process and so shares its settings.

Playwright's sync API keeps an asyncio event loop running in the test's thread while it is
started, and Django refuses ORM calls from a thread with a running loop; the tests only touch the
database between browser steps, one thing at a time, so the check is lifted while the browser is
up (DJANGO_ALLOW_ASYNC_UNSAFE) and put back after.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STEP_TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=CHROMIUM_ARGS,
            )
            try:
                yield browser
            finally:
                browser.close()
        finally:
            playwright.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the pages: {errors}"


class Screenshots:
    """`shot("home")` saves 01-home.png, 02-…, under the test's tmp_path."""

    def __init__(self, page: Page, folder: Path):
        self.page, self.folder, self.count = page, folder, 0
        self.paths: list[Path] = []

    def __call__(self, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True)
        self.paths.append(path)
        return path


@pytest.fixture
def shot(page, tmp_path):
    return Screenshots(page, tmp_path)


class CardConfirmation:
    """Makes localstripe's fake Stripe.js confirm a card payment the way Stripe.js does.

    localstripe 1.15's `confirmCardPayment` skips the confirmation: it opens its "3D Secure"
    box, then posts straight to `/v1/payment_intents/<id>/_authenticate`, which only accepts an
    intent already waiting for authentication, so every card fails with "Bad request"
    (adrienverge/localstripe#253, fixed upstream by #258, not released). Here that request is
    answered for it: the card the shopper typed in the fake card field is attached and the intent
    confirmed (`LocalStripe.pay`, what Stripe.js does), and the browser gets the intent back, or
    Stripe's error for a declined card. Everything else (our page, our script, the return page
    that checks the payment with localstripe) runs for real.
    """

    def __init__(self, page: Page, localstripe):
        self.page, self.localstripe = page, localstripe
        self.card_number = ""
        self.calls = 0

    def install(self) -> "CardConfirmation":
        self.page.route("**/v1/payment_intents/*/_authenticate*", self._answer)
        return self

    def read_card_field(self) -> None:
        """The number the shopper typed in localstripe's card element."""
        self.card_number = self.page.input_value('#card-element input[placeholder="number"]')

    def _answer(self, route: Route) -> None:
        self.calls += 1
        reference = route.request.url.split("/payment_intents/")[1].split("/")[0]
        intent = self.localstripe.pay(reference, card=self.card_number.replace(" ", ""))
        error = intent.get("last_payment_error")
        if intent["status"] == "succeeded" or not error:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(intent))
        else:
            body = json.dumps({"error": {"type": "card_error", **error}})
            route.fulfill(status=402, content_type="application/json", body=body)


@pytest.fixture
def card_confirmation(page, localstripe):
    return CardConfirmation(page, localstripe).install()
