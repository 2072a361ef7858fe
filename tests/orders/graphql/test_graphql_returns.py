"""Returns and refunds through /graphql/: the documented operations of
graphql/operations/returns.graphql run end to end, the refusals (someone else's order reads like
a missing one, permissions, bad input as typed errors), and constant query counts."""

from decimal import Decimal

import pytest
from django.test import Client
from graphql_relay import to_global_id

from orders.models import Refund, ReturnRequest
from orders.returns.services import (
    return_request_approve,
)
from tests.api import graphql, operation_names, operations_document, run_data, run_payload
from tests.clients import logged_in
from tests.factories import UserFactory
from tests.orders.graphql.staff_graphql_support import line_gid, order_gid
from tests.orders.order_builders import (
    customers_order,
    delivered_order,
    placed_order,
    received_return,
    requested_return,
    seller,
    support_agent,
)

pytestmark = pytest.mark.django_db

DOCUMENT = operations_document("returns")
OPERATIONS = {
    "ReturnRequestCreate",
    "ReturnRequest",
    "MyReturns",
    "StaffReturns",
    "ReturnRequestApprove",
    "ReturnRequestReject",
    "ReturnRequestReceive",
    "ReturnRequestRefund",
    "ReturnRequestExchange",
    "OrderRefund",
    "OrderReturns",
}


def run(client, operation, **variables):
    return run_payload(client, DOCUMENT, operation, **variables)


def call(client, operation, **variables):
    """Run an operation expecting its payload's errors; return the root field."""
    [data] = run_data(client, DOCUMENT, operation, variables).values()
    return data


def return_gid(return_request) -> str:
    return to_global_id("ReturnRequest", str(return_request.token))


def one_line(order, quantity=1, reason="WRONG_SIZE", index=0, **extra):
    line = order.lines.order_by("pk")[index]
    return [{"orderLineId": line_gid(line), "quantity": quantity, "reason": reason, **extra}]


def test_document_has_the_returns_operations():
    assert operation_names(DOCUMENT) == OPERATIONS


def test_a_customer_returns_items_and_the_seller_receives_and_refunds_them(
    django_capture_on_commit_callbacks,
):
    shopper = UserFactory(email="shopper@example.com")
    order = customers_order(shopper, quantities=(3, 1))
    mug, lamp = order.lines.order_by("pk")
    customer = logged_in(shopper)

    lines = [
        {"orderLineId": line_gid(mug), "quantity": 2, "reason": "DAMAGED"},
        {"orderLineId": line_gid(lamp), "quantity": 1, "reason": "OTHER", "reasonText": "Ugly"},
    ]
    created = run(customer, "ReturnRequestCreate", orderId=order_gid(order), lines=lines)
    return_request = created["returnRequest"]
    assert return_request["number"].startswith("R-")
    assert return_request["status"] == "REQUESTED"
    assert return_request["order"]["id"] == order_gid(order)
    assert [(line["quantity"], line["reason"]) for line in return_request["lines"]] == [
        (2, "DAMAGED"),
        (1, "OTHER"),
    ]
    assert return_request["returnSlipUrl"] is None
    return_id = return_request["id"]
    stored = ReturnRequest.objects.get()
    assert return_id == return_gid(stored)

    mine = run(customer, "MyReturns")["returns"]
    assert [edge["node"]["id"] for edge in mine["edges"]] == [return_id]

    staff = logged_in(seller())
    listing = run(staff, "StaffReturns", filter={"status": ["REQUESTED"], "search": order.number})
    assert listing["totalCount"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        approved = run(staff, "ReturnRequestApprove", id=return_id)
    assert approved["returnRequest"]["status"] == "APPROVED"
    assert run(customer, "ReturnRequest", id=return_id)["returnSlipUrl"].endswith("/slip/")

    mug_line, lamp_line = return_request["lines"]
    received = run(
        staff,
        "ReturnRequestReceive",
        id=return_id,
        lines=[
            {"returnLineId": mug_line["id"], "restock": False},
            {"returnLineId": lamp_line["id"], "restock": True},
        ],
    )["returnRequest"]
    assert received["status"] == "RECEIVED"
    assert [line["restock"] for line in received["lines"]] == [False, True]
    assert [line["orderLine"]["quantityReturned"] for line in received["lines"]] == [2, 1]

    with django_capture_on_commit_callbacks(execute=True):
        refunded = run(
            staff, "ReturnRequestRefund", id=return_id, includeShipping=True, idempotencyKey="k1"
        )
    assert refunded["refund"]["amount"] == {"amount": "79.90", "currency": "EUR"}
    assert refunded["refund"]["shippingAmount"] == {"amount": "4.90"}
    # In tests the providers are called when the test's transaction "commits", after the
    # response: the payload shows the booked refund, the next read its outcome.
    assert refunded["returnRequest"]["status"] == "REFUNDED"

    with django_capture_on_commit_callbacks(execute=True):
        again = run(
            staff, "ReturnRequestRefund", id=return_id, includeShipping=True, idempotencyKey="k1"
        )
    assert again["refund"]["id"] == refunded["refund"]["id"]
    assert Refund.objects.count() == 1

    seen = run(customer, "ReturnRequest", id=return_id)
    assert seen["refundedAmount"] == {"amount": "79.90", "currency": "EUR"}
    [refund] = seen["refunds"]
    assert refund["status"] == "SUCCEEDED"
    assert refund["creditNoteNumber"]
    assert refund["creditNoteUrl"].endswith("/credit-note/")
    summary = run(customer, "OrderReturns", id=order_gid(order))
    assert summary["status"] == "PARTIALLY_RETURNED"
    assert [line["quantityReturned"] for line in summary["lines"]] == [2, 1]
    assert summary["totalCaptured"] == {"amount": "104.90"}
    assert summary["totalRefunded"] == {"amount": "79.90"}
    assert [each["id"] for each in summary["returns"]] == [return_id]


def test_a_guest_holding_the_order_id_may_ask_for_a_return():
    order = delivered_order(quantities=(1,))

    payload = run(Client(), "ReturnRequestCreate", orderId=order_gid(order), lines=one_line(order))

    assert payload["returnRequest"]["status"] == "REQUESTED"


def test_someone_elses_order_is_refused_like_a_missing_one():
    owner, stranger = UserFactory(email="owner@example.com"), UserFactory(email="x@example.com")
    order = customers_order(owner, quantities=(1,))
    missing = to_global_id("Order", "00000000-0000-0000-0000-000000000000")

    theirs = call(
        logged_in(stranger), "ReturnRequestCreate", orderId=order_gid(order), lines=one_line(order)
    )
    absent = call(
        logged_in(stranger), "ReturnRequestCreate", orderId=missing, lines=one_line(order)
    )
    anonymous = call(
        Client(), "ReturnRequestCreate", orderId=order_gid(order), lines=one_line(order)
    )

    expected = [
        {
            "field": "orderId",
            "code": "NOT_FOUND",
            "message": "No order has this id.",
            "orderLines": None,
        }
    ]
    assert theirs["errors"] == absent["errors"] == anonymous["errors"] == expected
    assert theirs["returnRequest"] is None
    assert not ReturnRequest.objects.exists()


def test_someone_elses_return_reads_as_missing():
    owner, stranger = UserFactory(email="owner@example.com"), UserFactory(email="x@example.com")
    order = customers_order(owner, quantities=(1,))
    return_request = requested_return(order, reason="damaged")

    result = graphql(
        logged_in(stranger), DOCUMENT, {"id": return_gid(return_request)}, "ReturnRequest"
    )
    assert result["data"]["returnRequest"] is None
    assert run(logged_in(owner), "ReturnRequest", id=return_gid(return_request))["number"]


def test_bad_return_input_is_a_typed_error_and_writes_nothing():
    order = delivered_order(quantities=(2,))
    client = Client()

    too_many = call(
        client, "ReturnRequestCreate", orderId=order_gid(order), lines=one_line(order, 3)
    )
    no_text = call(
        client, "ReturnRequestCreate", orderId=order_gid(order), lines=one_line(order, 1, "OTHER")
    )
    bad_line = call(
        client,
        "ReturnRequestCreate",
        orderId=order_gid(order),
        lines=[{"orderLineId": "garbage", "quantity": 1, "reason": "DAMAGED"}],
    )
    not_delivered = placed_order(quantities=(1,))
    early = call(
        client,
        "ReturnRequestCreate",
        orderId=order_gid(not_delivered),
        lines=one_line(not_delivered),
    )

    [error] = too_many["errors"]
    assert (error["field"], error["code"]) == ("lines", "QUANTITY_EXCEEDED")
    assert error["orderLines"] == [line_gid(order.lines.get())]
    assert [(e["field"], e["code"]) for e in no_text["errors"]] == [("lines", "REQUIRED")]
    assert [(e["field"], e["code"]) for e in bad_line["errors"]] == [("lines", "NOT_FOUND")]
    assert [(e["field"], e["code"]) for e in early["errors"]] == [("lines", "LINE_NOT_DELIVERED")]
    assert not ReturnRequest.objects.exists()


def test_decisions_need_the_sellers_permission():
    return_request = requested_return()
    agent, shopper = logged_in(support_agent()), logged_in(UserFactory())

    for client in (agent, shopper, Client()):
        payload = call(client, "ReturnRequestApprove", id=return_gid(return_request))
        assert [error["code"] for error in payload["errors"]] == ["PERMISSION_DENIED"]
    rejected = call(agent, "ReturnRequestReject", id=return_gid(return_request), reason="No")
    assert [error["code"] for error in rejected["errors"]] == ["PERMISSION_DENIED"]
    return_request.refresh_from_db()
    assert return_request.status == "requested"


def test_reject_needs_a_message_and_a_requested_return():
    return_request = requested_return()
    staff = logged_in(seller())
    return_id = return_gid(return_request)

    blank = call(staff, "ReturnRequestReject", id=return_id, reason="  ")
    assert [(e["field"], e["code"]) for e in blank["errors"]] == [("reason", "REQUIRED")]
    return_request.refresh_from_db()
    assert return_request.status == "requested"

    rejected = run(staff, "ReturnRequestReject", id=return_id, reason="Worn")["returnRequest"]
    assert (rejected["status"], rejected["staffMessage"]) == ("REJECTED", "Worn")
    again = call(staff, "ReturnRequestApprove", id=return_id)
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
    unknown = call(staff, "ReturnRequestApprove", id=to_global_id("ReturnRequest", "nope"))
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("id", "NOT_FOUND")]


def test_receive_needs_a_decision_for_every_line():
    return_request = requested_return()
    return_request_approve(return_request=return_request)
    first = return_request.lines.order_by("pk").first()

    payload = call(
        logged_in(seller()),
        "ReturnRequestReceive",
        id=return_gid(return_request),
        lines=[{"returnLineId": to_global_id("ReturnLine", first.pk), "restock": True}],
    )

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("lines", "REQUIRED")]
    return_request.refresh_from_db()
    assert return_request.status == "approved"


def test_a_support_agent_refunds_up_to_the_limit(settings, django_capture_on_commit_callbacks):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("20.00")
    return_request = received_return()
    agent = logged_in(support_agent())

    refused = call(agent, "ReturnRequestRefund", id=return_gid(return_request))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("amount", "REFUND_LIMIT_EXCEEDED")
    ]
    assert not Refund.objects.exists()

    order_id = order_gid(return_request.order)
    with django_capture_on_commit_callbacks(execute=True):
        payload = run(agent, "OrderRefund", id=order_id, amount="5.00", reason="Late parcel")
    assert payload["refund"]["amount"] == {"amount": "5.00"}
    assert payload["refund"]["reason"] == "Late parcel"
    after = run(agent, "OrderReturns", id=order_id)
    assert after["totalRefunded"] == {"amount": "5.00"}
    assert Refund.objects.get().status == "succeeded"


def test_order_refund_refusals_are_typed_errors():
    order = delivered_order(quantities=(1,))
    staff = logged_in(seller())
    order_id = order_gid(order)

    too_much = call(staff, "OrderRefund", id=order_id, amount="1000.00", reason="Sorry")
    negative = call(staff, "OrderRefund", id=order_id, amount="-1", reason="Sorry")
    no_reason = call(staff, "OrderRefund", id=order_id, amount="1.00", reason=" ")
    not_a_number = call(staff, "OrderRefund", id=order_id, amount="NaN", reason="Sorry")
    huge = call(staff, "OrderRefund", id=order_id, amount="1e400", reason="Sorry")
    shopper = call(logged_in(UserFactory()), "OrderRefund", id=order_id, amount="1", reason="x")

    assert [(e["field"], e["code"]) for e in too_much["errors"]] == [
        ("amount", "REFUND_EXCEEDS_CAPTURED")
    ]
    assert [(e["field"], e["code"]) for e in negative["errors"]] == [("amount", "INVALID")]
    assert [(e["field"], e["code"]) for e in no_reason["errors"]] == [("reason", "REQUIRED")]
    for payload in (not_a_number, huge):
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("amount", "INVALID")]
    assert [e["code"] for e in shopper["errors"]] == ["PERMISSION_DENIED"]
    assert not Refund.objects.exists()


def test_an_exchange_sends_another_variant_of_the_same_product():
    from tests.factories import ProductVariantFactory

    return_request = received_return(delivered_order(quantities=(1,)))
    line = return_request.lines.get()
    other_size = ProductVariantFactory(product=line.order_line.variant.product, quantity=5)
    stranger = ProductVariantFactory(quantity=5)
    staff = logged_in(seller())
    return_line = to_global_id("ReturnLine", line.pk)

    wrong = call(
        staff,
        "ReturnRequestExchange",
        id=return_gid(return_request),
        lines=[
            {"returnLineId": return_line, "variantId": to_global_id("ProductVariant", stranger.pk)}
        ],
    )
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("lines", "INVALID_REPLACEMENT")]

    payload = run(
        staff,
        "ReturnRequestExchange",
        id=return_gid(return_request),
        lines=[
            {
                "returnLineId": return_line,
                "variantId": to_global_id("ProductVariant", other_size.pk),
            }
        ],
    )
    assert payload["returnRequest"]["status"] == "CLOSED"
    assert payload["exchangeOrder"]["total"] == {"amount": "0.00"}
    assert payload["exchangeOrder"]["lines"] == [{"sku": other_size.sku, "quantity": 1}]
    assert payload["returnRequest"]["exchangeOrder"]["id"] == payload["exchangeOrder"]["id"]


def test_only_staff_list_returns():
    requested_return()

    result = graphql(logged_in(UserFactory()), DOCUMENT, {}, "StaffReturns")

    assert result["data"]["returns"] is None
    assert result["errors"][0]["message"] == "You do not have permission to perform this action."


def test_the_staff_list_filters_by_status_and_reason():
    first = requested_return()
    other = delivered_order(quantities=(1,))
    second = requested_return(other, reason="damaged")
    return_request_approve(return_request=second)
    staff = logged_in(seller())

    def numbers(**filter_input):
        listing = run(staff, "StaffReturns", filter=filter_input)
        return [edge["node"]["number"] for edge in listing["edges"]]

    assert numbers() == [second.number, first.number]
    assert numbers(status=["APPROVED"]) == [second.number]
    assert numbers(reason=["WRONG_SIZE"]) == [first.number]
    assert numbers(search=second.number) == [second.number]
    sorted_listing = run(staff, "StaffReturns", sortBy={"field": "NUMBER", "direction": "ASC"})
    assert [edge["node"]["number"] for edge in sorted_listing["edges"]] == [
        first.number,
        second.number,
    ]


RETURNS_LIST = """
query { returns(first: 50) { totalCount edges { node {
  id number status order { id number totalCaptured { amount } payments { id } }
  exchangeOrder { id }
  lines { id quantity reason orderLine { id productName } }
  refunds { amount { amount } creditNoteUrl } refundedAmount { amount }
} } } }
"""


def test_the_staff_list_costs_the_same_queries_for_1_and_20_returns(
    django_assert_max_num_queries,
):
    staff = logged_in(seller())
    requested_return()
    graphql(staff, RETURNS_LIST)  # warm the session and permission caches
    with django_assert_max_num_queries(20) as one:
        graphql(staff, RETURNS_LIST)
    for _ in range(19):
        requested_return()
    with django_assert_max_num_queries(len(one.captured_queries)):
        result = graphql(staff, RETURNS_LIST)
    assert result["data"]["returns"]["totalCount"] == 20


ORDERS_WITH_RETURNS = """
query { orders(first: 50) { edges { node {
  id lines { quantityReturned } totalCaptured { amount } totalRefunded { amount }
  returns { id number status lines { quantity orderLine { id } } refunds { id } }
} } } }
"""


def test_the_orders_list_with_returns_costs_the_same_queries_for_1_and_20_orders(
    django_assert_max_num_queries,
):
    staff = logged_in(seller())
    requested_return()
    graphql(staff, ORDERS_WITH_RETURNS)
    with django_assert_max_num_queries(30) as one:
        graphql(staff, ORDERS_WITH_RETURNS)
    for _ in range(19):
        requested_return()
    with django_assert_max_num_queries(len(one.captured_queries)):
        result = graphql(staff, ORDERS_WITH_RETURNS)
    assert len(result["data"]["orders"]["edges"]) == 20


MY_ORDERS_WITH_RETURNS = """
query { me { orders(first: 50) { edges { node {
  id returns { id number status lines { quantity reason } refunds { id } }
} } } returns(first: 50) { totalCount edges { node { id order { id } } } } } }
"""


def test_my_orders_with_returns_cost_the_same_queries_for_1_and_20_orders(
    django_assert_max_num_queries,
):
    shopper = UserFactory(email="shopper@example.com")
    client = logged_in(shopper)
    requested_return(customers_order(shopper, quantities=(1,)))
    graphql(client, MY_ORDERS_WITH_RETURNS)
    with django_assert_max_num_queries(30) as one:
        graphql(client, MY_ORDERS_WITH_RETURNS)
    for _ in range(19):
        requested_return(customers_order(shopper, quantities=(1,)))
    with django_assert_max_num_queries(len(one.captured_queries)):
        result = graphql(client, MY_ORDERS_WITH_RETURNS)
    assert len(result["data"]["me"]["orders"]["edges"]) == 20
    assert result["data"]["me"]["returns"]["totalCount"] == 20


def test_a_customer_reads_only_the_public_timeline_through_a_return():
    from orders.lifecycle.transitions import order_note_add

    shopper = UserFactory(email="shopper@example.com")
    order = customers_order(shopper, quantities=(1,))
    return_request = requested_return(order)
    order_note_add(order=order, message="Internal: refund later", customer_visible=False)
    query = """query ($id: ID!, $order: ID!) {
      returnRequest(id: $id) { order { events { type message } } }
      order(id: $order) { returns { order { events { message } } } }
      me { returns(first: 5) { edges { node { order { events { message } } } } } }
    }"""

    variables = {"id": return_gid(return_request), "order": order_gid(order)}
    result = graphql(logged_in(shopper), query, variables)

    assert "errors" not in result, result["errors"]
    assert "Internal: refund later" not in str(result["data"])
    assert result["data"]["returnRequest"]["order"]["events"]
    staff_view = graphql(logged_in(seller()), query, variables)
    assert "Internal: refund later" in str(staff_view["data"]["returnRequest"])


def test_node_follows_the_return_access_rule():
    owner, stranger = UserFactory(email="owner@example.com"), UserFactory(email="x@example.com")
    return_request = requested_return(customers_order(owner, quantities=(1,)))
    line = return_request.lines.get()
    query = """query ($id: ID!, $line: ID!) {
      node(id: $id) { ... on ReturnRequest { number } }
      line: node(id: $line) { ... on ReturnLine { quantity } }
    }"""
    variables = {"id": return_gid(return_request), "line": to_global_id("ReturnLine", line.pk)}

    theirs = graphql(logged_in(stranger), query, variables)["data"]
    mine = graphql(logged_in(owner), query, variables)["data"]

    assert theirs == {"node": None, "line": None}
    assert mine == {"node": {"number": return_request.number}, "line": {"quantity": 1}}
