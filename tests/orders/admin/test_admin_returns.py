"""The returns admin as staff use it: the list with its filters and search, a return's page with
its lines, photos and order, the actions through the return services (refusals as messages,
nothing changed), who may use them, and the goodwill refund on the order's page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Order, Refund, ReturnRequest
from orders.returns.services import (
    return_request_approve,
    return_request_receive,
)
from shop.models import ProductVariant
from tests.clients import logged_in, messages_of
from tests.factories import ProductVariantFactory, UserFactory
from tests.files import image_upload
from tests.orders.order_builders import (
    delivered_order,
    received_return,
    requested_return,
    support_agent,
)

pytestmark = pytest.mark.django_db


def url(name, return_request):
    return reverse(f"admin:orders_returnrequest_{name}", args=[return_request.pk])


def test_the_return_page_shows_lines_photos_order_and_the_allowed_actions(seller_client):
    return_request = requested_return(photos=[image_upload("p.png", color="blue")])

    page = seller_client.get(url("change", return_request)).content.decode()

    assert return_request.number in page
    assert return_request.order.number in page
    photo = return_request.photos.get()
    assert reverse("admin:orders_returnrequest_photo", args=[return_request.pk, photo.pk]) in page
    assert "Wrong size" in page
    assert url("approve", return_request) in page
    assert url("reject", return_request) in page
    assert url("receive", return_request) not in page
    assert url("refund", return_request) not in page


def test_a_seller_approves_receives_with_restock_and_refunds(
    seller_client, django_capture_on_commit_callbacks
):
    return_request = requested_return(delivered_order(quantities=(1, 1)))
    first, second = return_request.lines.order_by("pk")
    stock_before = [line.order_line.variant.quantity for line in (first, second)]

    response = seller_client.post(url("approve", return_request), follow=True)
    assert messages_of(response) == [
        "The return is approved; the customer is emailed the return slip."
    ]
    form = seller_client.get(url("receive", return_request))
    assert form.status_code == 200
    seller_client.post(url("receive", return_request), {f"restock_{first.pk}": "on"})
    return_request.refresh_from_db()
    assert return_request.status == "received"
    stock_after = [
        ProductVariant.objects.get(pk=line.order_line.variant_id).quantity
        for line in (first, second)
    ]
    assert stock_after == [stock_before[0] + 1, stock_before[1]]

    page = seller_client.get(url("refund", return_request)).content.decode()
    assert "€50.00" in page and "€54.90" in page  # the preview, without and with shipping
    key = "admin-test-key"
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(url("refund", return_request), {"idempotency_key": key})
        seller_client.post(url("refund", return_request), {"idempotency_key": key})
    refund = Refund.objects.get()
    assert (refund.amount, refund.status) == (Decimal("50.00"), "succeeded")
    return_request.refresh_from_db()
    assert return_request.status == "refunded"


def test_reject_needs_a_message_and_refusals_are_messages(seller_client):
    return_request = requested_return()

    blank = seller_client.post(url("reject", return_request), {"message": " "})
    assert blank.status_code == 200
    assert messages_of(blank) == ["Tell the customer why the return is refused."]
    return_request.refresh_from_db()
    assert return_request.status == "requested"

    done = seller_client.post(url("reject", return_request), {"message": "Worn"}, follow=True)
    assert messages_of(done) == ["The return is refused; the customer is emailed."]
    return_request.refresh_from_db()
    assert (return_request.status, return_request.staff_message) == ("rejected", "Worn")

    again = seller_client.post(url("approve", return_request), follow=True)
    assert messages_of(again) == ["A return that is Rejected cannot become Approved."]
    return_request.refresh_from_db()
    assert return_request.status == "rejected"


def test_an_exchange_sends_another_size(seller_client):
    return_request = received_return(delivered_order(quantities=(1,)))
    line = return_request.lines.get()
    other_size = ProductVariantFactory(product=line.order_line.variant.product, quantity=3)

    form = seller_client.get(url("exchange", return_request)).content.decode()
    assert other_size.sku in form
    seller_client.post(url("exchange", return_request), {f"variant_{line.pk}": other_size.pk})

    return_request.refresh_from_db()
    assert return_request.status == "closed"
    assert return_request.exchange_order.lines.get().variant == other_size


def test_a_support_agent_may_refund_within_the_limit_but_not_decide(
    settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("20.00")
    return_request = requested_return()
    agent = logged_in(support_agent())

    assert agent.post(url("approve", return_request)).status_code == 403
    return_request.refresh_from_db()
    assert return_request.status == "requested"
    page = agent.get(url("change", return_request)).content.decode()
    assert url("approve", return_request) not in page

    return_request_approve(return_request=return_request)
    return_request_receive(
        return_request=return_request, lines={line.pk: True for line in return_request.lines.all()}
    )
    response = agent.post(url("refund", return_request), {"idempotency_key": "k"}, follow=True)
    assert messages_of(response) == [
        "Support agents may refund at most €20.00 per order (€20.00 left on this order); "
        "ask a seller."
    ]
    assert not Refund.objects.exists()

    order_url = reverse("admin:orders_order_refund", args=[return_request.order_id])
    with django_capture_on_commit_callbacks(execute=True):
        agent.post(order_url, {"amount": "5.00", "reason": "Late", "idempotency_key": "g"})
    assert Refund.objects.get().amount == Decimal("5.00")


def test_customers_and_anonymous_users_get_no_admin():
    return_request = requested_return()

    assert Client().get(url("change", return_request)).status_code == 302
    shopper = logged_in(UserFactory())
    assert shopper.post(url("approve", return_request)).status_code == 302
    return_request.refresh_from_db()
    assert return_request.status == "requested"


def test_the_order_page_refunds_a_goodwill_gesture_and_lists_the_returns(
    seller_client, django_capture_on_commit_callbacks
):
    return_request = requested_return()
    order = return_request.order
    change = reverse("admin:orders_order_change", args=[order.pk])
    refund_url = reverse("admin:orders_order_refund", args=[order.pk])

    page = seller_client.get(change).content.decode()
    assert url("change", return_request) in page
    assert refund_url in page

    too_much = seller_client.post(
        refund_url, {"amount": "999.00", "reason": "Sorry", "idempotency_key": "a"}
    )
    assert too_much.status_code == 200
    assert messages_of(too_much) == ["At most €79.90 can still be refunded."]
    no_reason = seller_client.post(
        refund_url, {"amount": "5", "reason": "", "idempotency_key": "b"}
    )
    assert messages_of(no_reason) == ["Say why the order is refunded."]
    assert not Refund.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            refund_url, {"amount": "10.00", "reason": "Late parcel", "idempotency_key": "c"}
        )
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.status) == (
        Decimal("10.00"),
        "Late parcel",
        "succeeded",
    )
    assert Order.objects.get(pk=order.pk).payment_status == "partially_refunded"


def test_the_list_filters_by_status_age_reason_and_searches(seller_client):
    damaged = requested_return(reason="damaged")
    old = requested_return()
    ReturnRequest.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=40))
    return_request_approve(return_request=damaged)
    changelist = reverse("admin:orders_returnrequest_changelist")

    def numbers(**params):
        response = seller_client.get(changelist, params)
        return sorted(r.number for r in response.context["cl"].result_list)

    assert numbers() == sorted([damaged.number, old.number])
    assert numbers(status__exact="approved") == [damaged.number]
    assert numbers(reason="damaged") == [damaged.number]
    assert numbers(age="7") == [damaged.number]
    assert numbers(age="older") == [old.number]
    assert numbers(q=old.number) == [old.number]
    assert numbers(q=damaged.order.number) == [damaged.number]


def test_the_list_costs_the_same_queries_for_1_and_20_returns(
    seller_client, django_assert_max_num_queries
):
    changelist = reverse("admin:orders_returnrequest_changelist")
    requested_return()
    seller_client.get(changelist)
    with django_assert_max_num_queries(30) as one:
        seller_client.get(changelist)
    for _ in range(19):
        requested_return()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = seller_client.get(changelist)
    assert len(response.context["cl"].result_list) == 20
