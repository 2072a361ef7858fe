"""Attack: a forged From: header opens or threads into a shopper's ticket, with their account
and order."""

import pytest
from django.urls import reverse

from support.inbound import inbound_email_process
from support.models import Ticket, TicketStatus
from support.services import ticket_sender_confirm
from tests.factories import UserFactory
from tests.orders.order_builders import placed_order, support_agent
from tests.support.builders import answered_ticket

pytestmark = pytest.mark.django_db

OUR_MTA = "mx.smallshop.example"


def forged(
    *,
    sender="alice@example.com",
    auth_results=(),
    subject="Refund",
    body="Refund me.",
    in_reply_to="",
    message_id="forged-1@evil.example",
):
    headers = [f"Authentication-Results: {value}" for value in auth_results]
    headers += [
        f"From: Alice <{sender}>",
        "To: support@support.smallshop.example",
        f"Subject: {subject}",
        f"Message-ID: <{message_id}>",
    ]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    headers += ["Content-Type: text/plain; charset=utf-8", "", body]
    return "\r\n".join(headers).encode()


@pytest.fixture(autouse=True)
def our_mta(settings):
    settings.SUPPORT_INBOUND_AUTHSERV_ID = OUR_MTA


def test_a_forged_sender_gets_no_account_and_no_order():
    UserFactory(email="alice@example.com")
    order = placed_order()  # placed with alice@example.com

    result = inbound_email_process(forged(subject=f"Cancel order {order.number}"))

    assert result.action == "created"
    assert result.ticket.customer is None and result.ticket.order is None
    assert result.ticket.sender_verified is False


def test_a_dmarc_pass_written_by_the_sender_itself_is_ignored():
    UserFactory(email="alice@example.com")
    order = placed_order()

    result = inbound_email_process(
        forged(
            subject=f"Cancel order {order.number}",
            auth_results=["mx.evil.example; dmarc=pass header.from=example.com"],
        )
    )

    assert result.ticket.customer is None and result.ticket.order is None
    assert result.ticket.sender_verified is False


def test_a_forged_in_reply_to_does_not_thread_into_or_reopen_the_shoppers_ticket():
    shopper = UserFactory(email="alice@example.com")
    ticket, reply = answered_ticket(user=shopper, reply="Solved?", solved=True)

    result = inbound_email_process(forged(in_reply_to=reply.email_message_id))

    assert result.action == "created" and result.ticket != ticket
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SOLVED
    assert ticket.messages.count() == 2


def test_dkim_of_another_domain_does_not_verify():
    result = inbound_email_process(
        forged(auth_results=[f"{OUR_MTA}; dkim=pass header.d=evil.example; dmarc=fail"])
    )

    assert result.ticket.sender_verified is False


def test_a_dmarc_pass_from_our_mta_threads_and_links_as_before():
    shopper = UserFactory(email="alice@example.com")
    order = placed_order()
    ticket, reply = answered_ticket(user=shopper, reply="Solved?")

    threaded = inbound_email_process(
        forged(
            in_reply_to=reply.email_message_id,
            auth_results=[f"{OUR_MTA}; spf=pass; dkim=pass header.d=example.com; dmarc=pass"],
        )
    )
    new = inbound_email_process(
        forged(
            subject=f"About {order.number}",
            message_id="another@example.com",
            auth_results=[f"{OUR_MTA}; dkim=pass header.d=example.com"],
        )
    )

    assert threaded.action == "replied" and threaded.ticket == ticket
    assert new.action == "created" and new.ticket.sender_verified is True
    # The account is the verified sender's; an order number in a mail is only suggested to the
    # agents (support.selectors.ticket_order_for_request), like a number typed in the form.
    assert new.ticket.customer == shopper and new.ticket.suggested_order == order
    assert Ticket.objects.count() == 2


def test_an_agent_confirms_an_unverified_sender_and_the_account_is_attached():
    shopper = UserFactory(email="alice@example.com")
    ticket = inbound_email_process(forged()).ticket

    ticket_sender_confirm(ticket=ticket, user=support_agent())

    ticket.refresh_from_db()
    assert ticket.sender_verified is True and ticket.customer == shopper
    assert ticket.events.filter(type="sender_confirmed").exists()


def test_the_agent_sees_the_unverified_sender_and_confirms_it_from_the_ticket_page(client):
    shopper = UserFactory(email="alice@example.com")
    placed_order()  # one of alice's orders: not shown beside an unverified ticket
    ticket = inbound_email_process(forged()).ticket
    client.force_login(support_agent())
    url = reverse("support:agent_ticket", args=[ticket.number])

    inbox = client.get(reverse("support:inbox")).content.decode()
    before = client.get(url).content.decode()
    client.post(reverse("support:agent_sender_confirm", args=[ticket.number]))
    after = client.get(url).content.decode()

    assert "sender not verified" in inbox
    assert "sender not verified" in before and "sender not verified" not in after
    ticket.refresh_from_db()
    assert ticket.customer == shopper and ticket.sender_verified
