"""The agent's desk in headless Chromium: its own layout, a whole inbox row that opens the
ticket, a canned reply of another topic inserted into a draft without a reload, and no
horizontal scrolling on a 390-px phone even with an email's long unbroken lines."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from orders.lifecycle.fulfillment import order_fulfill
from support.models import CannedResponse, TicketCategory
from tests.orders.order_builders import placed_order, support_agent
from tests.support.builders import open_ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_LINE = "https://tracking.example.com/" + "a1b2c3d4" * 30
EMAIL_BODY = f"Hello,\nmy parcel never came. The carrier's page says:\n{LONG_LINE}\nThanks"


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_agent_works_a_ticket_from_the_desk(browser, live_server, tmp_path):
    shots = Path(os.environ.get("DESK_SCREENSHOTS", tmp_path))
    order = placed_order()
    order_fulfill(
        order=order,
        lines=[(line.pk, line.quantity) for line in order.lines.all()],
        carrier="colissimo",
        tracking_number="6A12345678901",
    )
    ticket = open_ticket(
        order=order, subject="Parcel not delivered", body=EMAIL_BODY, category="delivery"
    )
    open_ticket(email="bob@example.com", subject="Card charged twice", category="payment")
    CannedResponse.objects.create(
        title="Where is my parcel",
        category=TicketCategory.DELIVERY,
        body="Your order {{ order.number }} is on its way: {{ tracking_links }}",
    )
    CannedResponse.objects.create(
        title="Refund on its way",
        category=TicketCategory.PAYMENT,
        body="We refunded order {{ order.number }}; your bank shows it within 5 days.",
    )
    agent = support_agent()

    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="en-GB"
    )
    page = context.new_page()
    page.goto("/account/signin/?next=/support/inbox/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill("secret-pass-123")
    page.get_by_role("button", name="Sign in").click()

    # The desk's own layout: its navigation, no storefront search or cart.
    expect(page.get_by_role("heading", level=1, name="Support inbox")).to_be_visible()
    desk_nav = page.get_by_role("navigation", name="Support desk")
    expect(desk_nav.get_by_role("link", name="Inbox")).to_be_visible()
    expect(desk_nav.get_by_role("link", name="Statistics")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Cart")).to_have_count(0)
    expect(page.get_by_role("search", name="Filter tickets")).to_be_visible()
    expect(page.get_by_placeholder("Search products…")).to_have_count(0)
    # The row shows the first line of the last message.
    row = page.get_by_role("row").filter(has_text=ticket.number)
    expect(row.get_by_text("Customer: Hello,")).to_be_visible()
    page.screenshot(path=shots / "desk-inbox-1366.png", full_page=True)

    # A click anywhere on the row (here on the assignee cell) opens the ticket: the mouse
    # clicks at the cell's place, where the row's stretched link lies on top (force: Playwright
    # would otherwise wait for the cell itself to receive the click).
    row.get_by_text("Unassigned").click(force=True)
    expect(page).to_have_url(re.compile(re.escape(f"/support/tickets/{ticket.number}/")))

    # A draft, then a canned reply of another topic inserted after it without a reload.
    box = page.get_by_label("Message", exact=True)
    box.fill("Hello Alice,")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Canned response").select_option(label="Refund on its way")
    page.get_by_role("button", name="Insert").click()
    expect(box).to_have_value(
        f"Hello Alice,\n\nWe refunded order {order.number}; your bank shows it within 5 days."
    )
    assert page.evaluate("window.notReloaded === true")
    assert "canned=" not in page.url
    # The topic's own reply comes first in the list, its placeholders filled from the order.
    options = page.get_by_label("Canned response").locator("option").all_inner_texts()
    assert options == ["Where is my parcel", "Refund on its way"]
    page.get_by_label("Canned response").select_option(label="Where is my parcel")
    page.get_by_role("button", name="Insert").click()
    expect(box).to_have_value(re.compile(re.escape(order.fulfillments.get().tracking_url)))
    page.screenshot(path=shots / "desk-ticket-1366.png", full_page=True)
    assert _no_horizontal_overflow(page)

    # On a phone: nothing wider than the screen, the long line wrapped.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_text(LONG_LINE)).to_be_visible()
    assert _no_horizontal_overflow(page)
    page.screenshot(path=shots / "desk-ticket-390.png", full_page=True)
    page.goto("/support/inbox/")
    assert _no_horizontal_overflow(page)
    page.screenshot(path=shots / "desk-inbox-390.png", full_page=True)
    page.goto("/support/stats/")
    expect(page.get_by_role("heading", level=1, name="Support statistics")).to_be_visible()
    assert _no_horizontal_overflow(page)
    page.screenshot(path=shots / "desk-stats-390.png", full_page=True)

    # In French, from the desk's own language switch.
    page.goto("/support/inbox/")
    page.get_by_role("button", name="FR").click()
    expect(
        page.get_by_role("heading", level=1, name="Boîte de réception du support")
    ).to_be_visible()
    expect(
        page.get_by_role("row").filter(has_text=ticket.number).get_by_text("Client :")
    ).to_be_visible()
    assert _no_horizontal_overflow(page)
    page.screenshot(path=shots / "desk-inbox-390-fr.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/support/tickets/{ticket.number}/")
    expect(page.get_by_role("button", name="Insérer")).to_be_visible()
    page.screenshot(path=shots / "desk-ticket-1366-fr.png", full_page=True)
    context.close()
