"""The agents' inbox and ticket page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from support.models import CannedResponse, Ticket
from support.services import ticket_assign, ticket_reply
from tests.clients import logged_in
from tests.customers.support import customer
from tests.orders.builders import CUSTOMER_EMAIL
from tests.orders.order_builders import placed_order, seller, shipped_order
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db

INBOX = "/support/inbox/"


def test_the_inbox_is_for_support_agents_only(agent_client):
    open_ticket()
    assert Client().get(INBOX).status_code == 302
    assert logged_in(customer(CUSTOMER_EMAIL)).get(INBOX).status_code == 403
    assert logged_in(seller()).get(INBOX).status_code == 403
    assert agent_client.get(INBOX).status_code == 200


def test_the_inbox_filters_by_status_category_assignee_order_email_and_search(agent, agent_client):
    order = placed_order()
    about_order = open_ticket(order=order, category="order_status", subject="Order question")
    assigned = open_ticket(
        email="bob@example.com", category="payment", subject="Card charged twice"
    )
    ticket_assign(ticket=assigned, assignee=agent, user=agent)

    def numbers(**params):
        page = agent_client.get(INBOX, params)
        return {t.number for t, _targets in page.context["rows"]}

    assert numbers() == {about_order.number, assigned.number}
    assert numbers(category="payment") == {assigned.number}
    assert numbers(assignee=agent.pk) == {assigned.number}
    assert numbers(unassigned="on") == {about_order.number}
    assert numbers(order=order.number) == {about_order.number}
    assert numbers(email="BOB@example.com") == {assigned.number}
    assert numbers(q="twice") == {assigned.number}
    assert numbers(status="solved") == set()


def test_the_inbox_sorts_by_due_time_and_filters_the_breached(agent_client):
    late = open_ticket(subject="Late")
    soon = open_ticket(subject="Soon")
    Ticket.objects.filter(pk=late.pk).update(
        first_response_due_at=timezone.now() - timedelta(hours=1)
    )
    Ticket.objects.filter(pk=soon.pk).update(
        first_response_due_at=timezone.now() + timedelta(hours=1)
    )

    page = agent_client.get(INBOX)
    breached = agent_client.get(INBOX, {"breached": "on"})

    assert [t.number for t, _ in page.context["rows"]][:2] == [late.number, soon.number]
    assert [t.number for t, _ in breached.context["rows"]] == [late.number]
    assert "breached" in breached.content.decode()


def test_the_inbox_query_count_does_not_grow_with_the_tickets(
    agent, agent_client, django_assert_max_num_queries
):
    order = placed_order()
    first = open_ticket(order=order)
    ticket_assign(ticket=first, assignee=agent, user=agent)
    agent_client.get(INBOX)
    with django_assert_max_num_queries(100) as one:
        agent_client.get(INBOX)
    for index in range(19):
        extra = open_ticket(order=order, subject=f"Question {index}")
        ticket_assign(ticket=extra, assignee=agent, user=agent)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = agent_client.get(INBOX)
    assert len(page.context["rows"]) == 20


def test_the_ticket_page_shows_internal_notes_marked_and_the_order_beside(agent, agent_client):
    order = shipped_order()
    ticket_ = open_ticket(order=order)
    ticket_reply(ticket=ticket_, body="Check the carrier first.", user=agent, internal=True)

    by_number = agent_client.get(reverse("support:agent_ticket", args=[ticket_.number]))
    by_token = agent_client.get(reverse("support:agent_ticket", args=[ticket_.token]))
    missing = agent_client.get(reverse("support:agent_ticket", args=["T-2026-999999"]))

    html = by_number.content.decode()
    assert "Check the carrier first." in html
    assert "Internal note" in html
    assert order.number in html
    assert order.lines.first().product_name in html
    assert "6A12345678901" in html
    assert order.fulfillments.get().tracking_url in html
    assert by_token.status_code == 200
    assert missing.status_code == 404


def test_a_canned_response_is_filled_from_the_linked_order(agent, agent_client):
    order = shipped_order()
    ticket_ = open_ticket(order=order)
    canned = CannedResponse.objects.create(
        title="Where is my parcel",
        body="Order {{ order.number }} is on its way: {{ tracking_links }}",
    )

    page = agent_client.get(
        reverse("support:agent_ticket", args=[ticket_.number]), {"canned": canned.pk}
    )

    body = page.context["reply_form"].initial["body"]
    assert order.number in body
    assert order.fulfillments.get().tracking_url in body


def test_an_agent_replies_and_an_internal_note_is_never_emailed(
    agent_client, django_capture_on_commit_callbacks
):
    ticket_ = open_ticket()
    url = reverse("support:agent_reply", args=[ticket_.number])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(url, {"body": "Staff only remark", "internal": "1"})
        agent_client.post(url, {"body": "Hello, it ships today.", "internal": "0"})

    assert ticket_.messages.filter(kind="internal", body="Staff only remark").exists()
    assert ticket_.messages.filter(kind="agent", body="Hello, it ships today.").exists()
    sent = "".join(m.body + str(getattr(m, "alternatives", "")) for m in mail.outbox)
    assert "Hello, it ships today." in sent
    assert "Staff only remark" not in sent


def test_the_agent_updates_status_priority_assignee_and_tags(agent, agent_client):
    ticket_ = open_ticket()

    response = agent_client.post(
        reverse("support:agent_update", args=[ticket_.number]),
        {
            "status": "open",
            "priority": "high",
            "category": "delivery",
            "assignee": agent.pk,
            "tags": "late, colissimo",
        },
    )

    assert response.status_code == 302
    ticket_.refresh_from_db()
    assert (ticket_.status, ticket_.priority, ticket_.assignee) == ("open", "high", agent)
    assert sorted(tag.name for tag in ticket_.tags.all()) == ["colissimo", "late"]


def test_a_refused_status_move_is_a_message_not_an_error(agent_client):
    ticket_ = open_ticket()
    Ticket.objects.filter(pk=ticket_.pk).update(status="closed")

    response = agent_client.post(
        reverse("support:agent_update", args=[ticket_.number]),
        {"status": "new", "priority": "normal", "category": "delivery"},
        follow=True,
    )

    assert response.status_code == 200
    assert list(response.context["messages"])
    ticket_.refresh_from_db()
    assert ticket_.status == "closed"


def test_the_admin_and_the_site_header_link_the_inbox(agent_client):
    assert INBOX in agent_client.get("/admin/").content.decode()
    assert INBOX in agent_client.get("/").content.decode()
    assert INBOX not in logged_in(customer(CUSTOMER_EMAIL)).get("/").content.decode()


def test_the_ticket_page_query_count_does_not_grow_with_the_conversation(
    agent, agent_client, django_assert_max_num_queries
):
    ticket_ = open_ticket(order=placed_order())
    url = reverse("support:agent_ticket", args=[ticket_.number])
    agent_client.get(url)
    with django_assert_max_num_queries(100) as one:
        agent_client.get(url)
    for index in range(10):
        ticket_reply(ticket=ticket_, body=f"Reply {index}", user=agent)
        ticket_reply(ticket=ticket_, body=f"Note {index}", user=agent, internal=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = agent_client.get(url)
    assert len(page.context["conversation"]) == 21


def test_messages_are_shown_as_text_with_their_links_clickable(agent_client):
    ticket_ = open_ticket(body="<script>alert(1)</script> see https://example.com/photo")

    html = agent_client.get(reverse("support:agent_ticket", args=[ticket_.number])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://example.com/photo"' in html
