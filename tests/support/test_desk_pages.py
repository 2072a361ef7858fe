"""The agent's desk pages: their own layout, inbox rows that link with a preview of the last
message, and canned replies of every topic on every ticket."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from support.inbox import PREVIEW_CHARS
from support.models import CannedResponse, Ticket, TicketCategory
from support.services import ticket_customer_reply, ticket_reply
from tests.orders.order_builders import shipped_order
from tests.support.builders import open_ticket

pytestmark = pytest.mark.django_db

INBOX = "/support/inbox/"


def _desk_pages(ticket):
    return [INBOX, reverse("support:agent_ticket", args=[ticket.number]), "/support/stats/"]


def test_the_desk_pages_have_the_agents_navigation_and_no_storefront_header(agent_client):
    ticket = open_ticket()
    for url in _desk_pages(ticket):
        html = agent_client.get(url).content.decode()
        assert 'id="site-search"' not in html, url
        assert reverse("orders:cart") not in html, url
        assert 'class="category-nav"' not in html, url
        assert f'href="{INBOX}"' in html, url
        assert 'href="/support/stats/"' in html, url
        assert f'href="{reverse("admin:support_faqarticle_changelist")}"' in html, url
        assert f'action="{reverse("customers:logout")}"' in html, url


def test_each_inbox_row_links_to_its_ticket_with_a_preview_of_the_last_public_message(
    agent, agent_client
):
    answered = open_ticket(subject="Parcel", body="Hello,\nwhere is my parcel?")
    ticket_reply(ticket=answered, body="It left on Monday.\nBest regards", user=agent)
    ticket_reply(ticket=answered, body="Carrier says lost", user=agent, internal=True)
    waiting = open_ticket(subject="Long", body="x" * 500)
    Ticket.objects.filter(pk=waiting.pk).update(
        updated_at=timezone.now() - timedelta(hours=3, minutes=20)
    )

    page = agent_client.get(INBOX, {"status": "all"})

    html = page.content.decode()
    for ticket in (answered, waiting):
        link = f'class="inbox__link" href="{reverse("support:agent_ticket", args=[ticket.number])}"'
        assert link in html
    previews = {ticket.number: ticket.preview for ticket, _targets in page.context["rows"]}
    # The agent's public reply, lines joined; never the internal note.
    assert previews[answered.number] == "It left on Monday. Best regards"
    assert "Us:</span> It left on Monday. Best regards" in html
    assert "Carrier says lost" not in html
    assert previews[waiting.number] == "x" * (PREVIEW_CHARS - 1) + "…"
    assert "Customer:</span> " + "x" * (PREVIEW_CHARS - 1) + "…" in html
    # When each was last updated.
    assert {ticket.number: ticket.updated for ticket, _targets in page.context["rows"]} == {
        answered.number: "just now",
        waiting.number: "3\xa0hours ago",
    }

    # The customer answers: the row shows the new message, quoted lines left out.
    ticket_customer_reply(
        ticket=answered, body="> It left on Monday.\nStill nothing!", author_email=answered.email
    )
    again = agent_client.get(INBOX, {"status": "all"})
    assert "Customer:</span> Still nothing!" in again.content.decode()


def test_the_inbox_query_count_does_not_grow_with_tickets_and_messages(
    agent, agent_client, django_assert_max_num_queries
):
    def ticket_with_messages(index):
        ticket = open_ticket(order=order, subject=f"Question {index}")
        ticket_reply(ticket=ticket, body=f"Answer {index}", user=agent)
        ticket_reply(ticket=ticket, body="Note", user=agent, internal=True)

    order = shipped_order()
    ticket_with_messages(0)
    agent_client.get(INBOX)
    with django_assert_max_num_queries(100) as one:
        agent_client.get(INBOX)
    for index in range(1, 20):
        ticket_with_messages(index)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = agent_client.get(INBOX)
    assert len(page.context["rows"]) == 20
    assert {ticket.preview for ticket, _targets in page.context["rows"]} == {
        f"Answer {index}" for index in range(20)
    }


def _canned(title, category=""):
    return CannedResponse.objects.create(
        title=title, category=category, body=f"{title}: order {{{{ order.number }}}}."
    )


def test_every_canned_reply_is_offered_on_every_ticket_the_topics_own_first(agent_client):
    order = shipped_order()
    ticket = open_ticket(order=order, category=TicketCategory.DELIVERY)
    refund = _canned("A refund", TicketCategory.PAYMENT)
    _canned("Thanks", "")
    _canned("Parcel", TicketCategory.DELIVERY)
    CannedResponse.objects.create(title="Old", body="Old", is_active=False)
    url = reverse("support:agent_ticket", args=[ticket.number])

    page = agent_client.get(url)

    groups = [
        (str(label), [canned.title for canned, _body in replies])
        for label, replies in page.context["canned_groups"]
    ]
    assert groups == [
        ("For this topic (Delivery)", ["Parcel"]),
        ("General", ["Thanks"]),
        ("Other topics", ["A refund"]),
    ]
    html = page.content.decode()
    # Each reply is in the page, filled from the order, for the script to insert.
    assert f'<template id="canned-{refund.pk}">A refund: order {order.number}.</template>' in html
    assert 'src="/static/js/canned-replies.js"' in html
    # Without JavaScript the picker reloads the page with the reply in the box.
    fallback = agent_client.get(url, {"canned": refund.pk})
    assert fallback.context["reply_form"].initial["body"] == f"A refund: order {order.number}."


def test_the_ticket_page_query_count_does_not_grow_with_canned_replies(
    agent_client, django_assert_max_num_queries
):
    ticket = open_ticket(order=shipped_order())
    url = reverse("support:agent_ticket", args=[ticket.number])
    _canned("One")
    agent_client.get(url)
    with django_assert_max_num_queries(100) as one:
        agent_client.get(url)
    for index in range(15):
        _canned(f"Reply {index}", TicketCategory.RETURN)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = agent_client.get(url)
    assert sum(len(replies) for _label, replies in page.context["canned_groups"]) == 16


def test_the_less_used_filters_fold_away_unless_one_is_in_use(agent_client):
    open_ticket()
    folded = agent_client.get(INBOX).content.decode()
    in_use = agent_client.get(INBOX, {"email": "bob@example.com"}).content.decode()
    assert '<details class="inbox__more">' in folded
    assert '<details class="inbox__more" open>' in in_use
