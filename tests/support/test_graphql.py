"""The support operations of graphql/operations/support.graphql, with their permissions per
object: customers read only their tickets and never internal notes; agents read all; someone
else's ticket id reads exactly like a missing one."""

import pytest
from graphql_relay import to_global_id

from support.models import CannedResponse, Ticket
from support.services import ticket_reply, ticket_set_status
from tests.api import graphql, operation_names, operations_document, run_data, run_payload
from tests.factories import UserFactory
from tests.orders.order_builders import customers_order, placed_order, support_agent
from tests.support.builders import answered_ticket, open_ticket

pytestmark = pytest.mark.django_db

DOCUMENT = operations_document("support")


def run(client, operation, **variables):
    return run_data(client, DOCUMENT, operation, variables)


def tid(ticket):
    return to_global_id("Ticket", str(ticket.token))


def test_the_whole_story_through_the_documented_operations(client):
    shopper = UserFactory(email="alice@example.com", first_name="Alice")
    order = customers_order(shopper, delivered=False)
    agent = support_agent()
    CannedResponse.objects.create(title="Tracking", body="Order {{ order.number }}")
    seen = set()

    client.force_login(shopper)
    created = run_payload(
        client,
        DOCUMENT,
        "TicketCreate",
        subject="Where is it?",
        body="Not arrived",
        category="DELIVERY",
        orderId=to_global_id("Order", str(order.token)),
    )
    seen.add("TicketCreate")
    ticket_id = created["ticket"]["id"]
    assert created["ticket"]["order"]["number"] == order.number
    assert created["ticket"]["status"] == "NEW"

    client.force_login(agent)
    listed = run(client, "SupportTickets", filter={"status": ["NEW"]})["supportTickets"]
    seen.add("SupportTickets")
    assert [e["node"]["id"] for e in listed["edges"]] == [ticket_id]
    canned = run(client, "CannedResponses", ticketId=ticket_id)["cannedResponses"]
    seen.add("CannedResponses")
    assert canned[0]["body"] == f"Order {order.number}"
    run_payload(client, DOCUMENT, "TicketReply", id=ticket_id, body="Agents only", internal=True)
    reply = run_payload(client, DOCUMENT, "TicketReply", id=ticket_id, body=canned[0]["body"])
    seen.add("TicketReply")
    assert reply["ticket"]["status"] == "PENDING_CUSTOMER"
    updated = run_payload(
        client,
        DOCUMENT,
        "TicketUpdate",
        id=ticket_id,
        status="SOLVED",
        priority="HIGH",
        tags=["parcel"],
        assigneeId=to_global_id("User", agent.pk),
    )
    seen.add("TicketUpdate")
    assert updated["ticket"]["tags"] == ["parcel"]
    assert updated["ticket"]["assignee"] == {"email": agent.email}
    agent_view = run(client, "SupportTicket", id=ticket_id)["supportTicket"]
    assert [m["internal"] for m in agent_view["messages"]] == [False, True, False]
    guest_order = placed_order()
    guest_order.email = "bob@example.com"
    guest_order.save()
    suggested = open_ticket(email="bob@example.com", order_number=guest_order.number)
    confirmed = run_payload(client, DOCUMENT, "TicketOrderLinkConfirm", id=tid(suggested))
    seen.add("TicketOrderLinkConfirm")
    assert confirmed["ticket"]["order"]["number"] == guest_order.number
    assert confirmed["ticket"]["suggestedOrder"] is None

    client.force_login(shopper)
    mine = run(client, "SupportTicket", id=ticket_id)["supportTicket"]
    seen.add("SupportTicket")
    assert [m["body"] for m in mine["messages"]] == ["Not arrived", f"Order {order.number}"]
    assert mine["assignee"] is None
    rated = run_payload(client, DOCUMENT, "TicketSatisfactionSubmit", id=ticket_id, score=5)
    seen.add("TicketSatisfactionSubmit")
    assert rated["ticket"]["satisfactionScore"] == 5
    me = run(client, "MyTickets")["me"]["tickets"]
    seen.add("MyTickets")
    assert me["totalCount"] == 1
    on_order = run(client, "OrderTickets", id=to_global_id("Order", str(order.token)))
    seen.add("OrderTickets")
    assert [t["id"] for t in on_order["order"]["tickets"]] == [ticket_id]
    assert seen == operation_names(DOCUMENT)


def test_someone_elses_ticket_reads_like_a_missing_one(client):
    owner = UserFactory(email="owner@example.com")
    ticket = open_ticket(user=owner)
    client.force_login(UserFactory(email="mallory@example.com"))
    assert run(client, "SupportTicket", id=tid(ticket))["supportTicket"] is None
    missing = to_global_id("Ticket", "7d0a4a8c-1f4e-4d7e-9a66-000000000000")
    assert run(client, "SupportTicket", id=missing)["supportTicket"] is None
    for target in (tid(ticket), missing):
        result = run(client, "TicketReply", id=target, body="hi")["ticketReply"]
        assert result["errors"] == [
            {"field": "id", "code": "NOT_FOUND", "message": "No ticket has this id."}
        ]
    assert ticket.messages.count() == 1


def test_internal_notes_never_reach_a_customer_or_a_guest(client):
    agent = support_agent()
    guest_ticket = open_ticket(email="guest@example.com")
    ticket_reply(ticket=guest_ticket, body="Internal: refund fraud?", user=agent, internal=True)
    ticket_reply(ticket=guest_ticket, body="We are on it.", user=agent)
    data = run(client, "SupportTicket", id=tid(guest_ticket))["supportTicket"]
    assert [m["body"] for m in data["messages"]] == [
        "Hello, I ordered a week ago and nothing arrived.",
        "We are on it.",
    ]
    result = run(client, "TicketReply", id=tid(guest_ticket), body="note", internal=True)
    assert result["ticketReply"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert guest_ticket.messages.filter(kind="internal").count() == 1


def test_customers_cannot_list_update_or_read_canned_responses(client):
    ticket = open_ticket(user=UserFactory(email="owner@example.com"))
    client.force_login(ticket.customer)
    result = graphql(client, DOCUMENT, {}, operation_name="SupportTickets")
    assert result["data"]["supportTickets"] is None and result["errors"]
    result = graphql(client, DOCUMENT, {}, operation_name="CannedResponses")
    assert result["errors"]
    updated = run(client, "TicketUpdate", id=tid(ticket), status="CLOSED")["ticketUpdate"]
    assert updated["errors"][0]["code"] == "PERMISSION_DENIED"
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_a_guest_links_an_order_by_its_id_whatever_email_they_give(client):
    # The order's id (its UUID) is the guest's proof of access, as for `order(id)`.
    order = placed_order()  # alice@example.com
    order_id = to_global_id("Order", str(order.token))
    stranger = run_payload(
        client,
        DOCUMENT,
        "TicketCreate",
        subject="Hi",
        body="Where?",
        category="DELIVERY",
        orderId=order_id,
        email="mallory@example.com",
    )
    assert stranger["ticket"]["order"]["id"] == order_id
    owner = run_payload(
        client,
        DOCUMENT,
        "TicketCreate",
        subject="Hi",
        body="Where?",
        category="DELIVERY",
        orderId=order_id,
        email="alice@example.com",
    )
    assert owner["ticket"]["order"]["id"] == order_id
    refused = run(client, "TicketCreate", subject="", body="Where?", category="OTHER")[
        "ticketCreate"
    ]
    assert {(e["field"], e["code"]) for e in refused["errors"]} == {
        ("subject", "REQUIRED"),
        ("email", "REQUIRED"),
    }
    assert Ticket.objects.count() == 2


def test_a_rating_is_kept_once(client):
    ticket, _reply = answered_ticket(user=UserFactory(email="owner@example.com"), solved=True)
    client.force_login(ticket.customer)
    run_payload(client, DOCUMENT, "TicketSatisfactionSubmit", id=tid(ticket), score=2)
    again = run(client, "TicketSatisfactionSubmit", id=tid(ticket), score=5)
    assert again["ticketSatisfactionSubmit"]["errors"][0]["code"] == "ALREADY_RATED"
    ticket.refresh_from_db()
    assert ticket.satisfaction_score == 2 and ticket.needs_lead_attention


def test_a_ticket_that_no_agent_answered_cannot_be_rated(client):
    ticket = open_ticket(user=UserFactory(email="owner@example.com"))
    ticket_set_status(ticket=ticket, status="solved", user=support_agent())
    client.force_login(ticket.customer)
    refused = run(client, "TicketSatisfactionSubmit", id=tid(ticket), score=1)
    assert refused["ticketSatisfactionSubmit"]["errors"][0]["code"] == "NOT_ANSWERED"
    ticket.refresh_from_db()
    assert ticket.satisfaction_score is None and not ticket.needs_lead_attention


def test_filters_breached_search_and_email(client):
    agent = support_agent()
    late = open_ticket(email="late@example.com", subject="Broken lamp")
    Ticket.objects.filter(pk=late.pk).update(first_response_due_at="2020-01-01T00:00:00Z")
    open_ticket(email="fine@example.com", subject="Question")
    client.force_login(agent)

    def numbers(**filter_input):
        data = run(client, "SupportTickets", filter=filter_input)["supportTickets"]
        return [edge["node"]["number"] for edge in data["edges"]]

    assert numbers(breached=True) == [late.number]
    assert len(numbers(breached=False)) == 1
    assert numbers(search="lamp") == [late.number]
    assert numbers(customerEmail="LATE@example.com") == [late.number]
    assert numbers(unassigned=True, category=["DELIVERY"]) == numbers()


@pytest.mark.parametrize("count", [1, 20])
def test_the_queue_costs_the_same_queries_for_1_and_20_tickets(
    client, count, django_assert_max_num_queries
):
    agent = support_agent()
    order = placed_order()
    for n in range(count):
        ticket = open_ticket(email="alice@example.com", order=order, subject=f"Q{n}")
        ticket_reply(ticket=ticket, body="Hello", user=agent)
    client.force_login(agent)
    with django_assert_max_num_queries(9):
        data = run(client, "SupportTickets", first=50)["supportTickets"]
    assert data["totalCount"] == count


ORDERS_WITH_TICKETS = """
query { orders(first: 50) { totalCount edges { node { number
  tickets { number subject messages { body internal } } } } } }
"""


@pytest.mark.parametrize("count", [1, 10])
def test_the_staff_order_list_reads_every_orders_tickets_in_the_same_queries(
    client, count, django_assert_max_num_queries
):
    agent = support_agent()
    for n in range(count):
        order = placed_order(quantities=(1,))
        ticket = open_ticket(email=order.email, order=order, subject=f"Where is {n}?")
        ticket_reply(ticket=ticket, body="A note", user=agent, internal=True)
    client.force_login(agent)

    with django_assert_max_num_queries(14):
        result = graphql(client, ORDERS_WITH_TICKETS)

    edges = result["data"]["orders"]["edges"]
    assert len(edges) == count
    assert all(len(edge["node"]["tickets"]) == 1 for edge in edges)
    messages = edges[0]["node"]["tickets"][0]["messages"]
    assert [m["internal"] for m in messages] == [False, True]
