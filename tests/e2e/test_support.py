"""A shopper asks where a parcel is from the order page; an agent answers from the inbox with a
canned reply carrying the tracking link; the shopper reads it on the ticket page. Headless
Chromium against the live server, every step through the real pages."""

import re

import pytest
from playwright.sync_api import expect

from orders.lifecycle.fulfillment import order_fulfill
from support.models import CannedResponse, Ticket
from tests.orders.order_builders import placed_order, support_agent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_shopper_asks_where_the_parcel_is_and_an_agent_answers_with_the_tracking_link(
    page, browser, live_server, shot, tmp_path
):
    order = placed_order()
    order_fulfill(
        order=order,
        lines=[(line.pk, line.quantity) for line in order.lines.all()],
        carrier="colissimo",
        tracking_number="6A12345678901",
    )
    tracking_url = order.fulfillments.get().tracking_url
    CannedResponse.objects.create(
        title="Where is my parcel",
        body="Your order {{ order.number }} is on its way. Follow it here: {{ tracking_links }}",
    )
    agent = support_agent()

    # The shopper (a guest holding the order link) asks from the order page.
    page.goto(order.get_absolute_url())
    page.get_by_role("link", name="Ask about this order").click()
    page.get_by_label("Topic").select_option("delivery")
    page.get_by_label("Subject").fill("Where is my parcel?")
    page.get_by_label("Your message").fill("It has not arrived yet.")
    shot("ask")
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_text(re.compile(r"Your question T-\d{4}-\d+ is sent"))).to_be_visible()
    shopper_ticket_url = page.url
    ticket = Ticket.objects.get()
    assert ticket.order_id == order.pk

    # The agent signs in, finds it in the inbox and answers with the canned reply.
    agent_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    agent_page = agent_context.new_page()
    agent_page.goto("/account/signin/?next=/support/inbox/")
    agent_page.get_by_label("Email").fill(agent.email)
    agent_page.get_by_label("Password").fill("secret-pass-123")
    agent_page.get_by_role("button", name="Sign in").click()
    expect(agent_page.get_by_role("heading", level=1, name="Support inbox")).to_be_visible()
    agent_page.get_by_role("link", name=ticket.number).click()
    expect(agent_page.get_by_text(order.number).first).to_be_visible()
    agent_page.get_by_label("Canned response").select_option(label="Where is my parcel")
    agent_page.get_by_role("button", name="Insert").click()
    expect(agent_page.get_by_label("Message", exact=True)).to_have_value(
        re.compile(re.escape(tracking_url))
    )
    agent_page.screenshot(path=tmp_path / "agent-ticket.png", full_page=True)
    agent_page.get_by_role("button", name="Send", exact=True).click()
    expect(agent_page.get_by_text("Reply sent.")).to_be_visible()
    agent_page.goto("/support/inbox/?status=all")
    agent_page.screenshot(path=tmp_path / "agent-inbox.png", full_page=True)
    agent_context.close()

    # The shopper reads the answer, with the tracking link, on the ticket page.
    page.goto(shopper_ticket_url)
    expect(page.get_by_text(tracking_url)).to_be_visible()
    shot("answer")
    assert Ticket.objects.get().status == "pending_customer"
