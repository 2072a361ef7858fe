"""The order admin as a seller uses it: the order page (timeline, payments with their ledger,
parcels with tracking links, shipped quantities, documents), the action buttons through the
lifecycle services, and who may use them."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from orders.events import order_event
from orders.lifecycle.fulfillment import order_fulfill
from orders.lifecycle.transitions import order_confirm, order_note_add
from orders.models import Fulfillment, Invoice
from tests.clients import messages_of
from tests.orders.order_builders import placed_order, seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return placed_order(quantities=(3, 1))


def _url(name, order, *args):
    return reverse(f"admin:orders_order_{name}", args=[order.pk, *args])


def _ship_data(order, *quantities, carrier="colissimo", tracking="6A123"):
    data = {"carrier": carrier, "tracking_number": tracking}
    for line, quantity in zip(order.lines.order_by("pk"), quantities, strict=True):
        data[f"line_{line.pk}"] = str(quantity)
    return data


def test_the_order_page_shows_lines_parcels_payments_timeline_and_documents(
    seller_client, order, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    order_fulfill(
        order=order,
        lines=[(order.lines.order_by("pk").first().pk, 2)],
        carrier="colissimo",
        tracking_number="6A123",
    )
    order_note_add(order=order, message="Fragile parcel")
    parcel = order.fulfillments.get()
    parcel.packing_slip.save("slip.pdf", ContentFile(b"%PDF"))
    invoice = Invoice.objects.create(order=order, number="F-2026-000001")
    invoice.file.save("invoice.pdf", ContentFile(b"%PDF"))

    response = seller_client.get(_url("change", order))

    page = response.content.decode()
    assert response.status_code == 200
    assert "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123" in page
    assert "La Poste Colissimo" in page
    assert "Fragile parcel" in page  # the timeline
    assert "Parcel shipped" in page
    assert "capture" in page.lower() and "bank_transfer-" in page  # the payment's ledger
    assert invoice.file.url in page and parcel.packing_slip.url in page
    assert "Quantity shipped" in page or "quantity shipped" in page
    for name in ("ship", "deliver", "note", "resend_email"):
        assert _url(name, order) in page
    # Partly shipped: it can no longer be confirmed or canceled, so no button says so.
    for name in ("confirm", "cancel"):
        assert _url(name, order) not in page
    assert _url("tracking", order, parcel.pk) in page
    assert _url("parcel_deliver", order, parcel.pk) in page


def test_seller_confirms_ships_in_two_parcels_tracks_and_delivers(seller_client, order):
    response = seller_client.post(_url("confirm", order), follow=True)
    assert messages_of(response) == ["The order is confirmed."]
    order.refresh_from_db()
    assert order.status == "unfulfilled"

    form = seller_client.get(_url("ship", order)).content.decode()
    assert 'value="colissimo"' in form and 'name="notify_customer"' in form
    response = seller_client.post(_url("ship", order), _ship_data(order, 2, 1))
    assert response.status_code == 302
    assert response["Location"] == _url("change", order)
    order.refresh_from_db()
    assert order.status == "partially_fulfilled"
    response = seller_client.post(_url("ship", order), _ship_data(order, 1, 0, carrier="ups"))
    order.refresh_from_db()
    assert order.status == "fulfilled"
    first, second = order.fulfillments.order_by("number")
    assert (first.carrier, first.tracking_number, second.carrier) == ("colissimo", "6A123", "ups")
    assert list(order.lines.order_by("pk").values_list("quantity_fulfilled", flat=True)) == [3, 1]

    response = seller_client.post(
        _url("tracking", order, second.pk), {"carrier": "dhl", "tracking_number": "JD1"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.carrier, second.tracking_number) == ("dhl", "JD1")

    seller_client.post(_url("parcel_deliver", order, first.pk))
    first.refresh_from_db()
    assert first.status == Fulfillment.Status.DELIVERED
    response = seller_client.post(_url("deliver", order), follow=True)
    assert messages_of(response)[-1] == "Every shipped parcel is marked delivered."
    assert set(order.fulfillments.values_list("status", flat=True)) == {"delivered"}
    response = seller_client.post(_url("deliver", order), follow=True)
    assert messages_of(response) == ["There is no shipped parcel to mark delivered."]


def test_refusals_are_admin_messages_and_change_nothing(seller_client, order):
    response = seller_client.post(_url("ship", order), _ship_data(order, 4, 0), follow=True)
    assert messages_of(response) == [f"Only 3 of {order.lines.first().sku} are left to ship."]
    assert not order.fulfillments.exists()
    response = seller_client.post(_url("ship", order), _ship_data(order, 0, 0), follow=True)
    assert messages_of(response) == ["Choose at least one item to ship."]
    response = seller_client.post(_url("note", order), {"message": ""}, follow=True)
    assert messages_of(response) == ["Write a note."]

    seller_client.post(_url("ship", order), _ship_data(order, 1, 0))
    response = seller_client.post(_url("cancel", order), {"reason": "Too late"}, follow=True)
    assert messages_of(response)[-1] == (
        "An order that is Partially shipped cannot become Canceled."
    )
    order.refresh_from_db()
    assert order.status == "partially_fulfilled"


def test_seller_cancels_with_a_reason_and_adds_a_note(seller_client, order):
    assert seller_client.get(_url("cancel", order)).status_code == 200
    response = seller_client.post(_url("cancel", order), {"reason": "Out of paper"}, follow=True)
    assert messages_of(response) == ["The order is canceled."]
    order.refresh_from_db()
    assert order.status == "canceled"
    assert order.events.get(type="canceled").message == "Out of paper"

    seller_client.post(_url("note", order), {"message": "Called the customer"})
    note = order.events.get(type="note_added")
    assert (note.message, note.customer_visible) == ("Called the customer", False)


def test_resend_last_email(seller_client, order, django_capture_on_commit_callbacks, mailoutbox):
    response = seller_client.post(_url("resend_email", order), follow=True)
    assert messages_of(response) == ["No email has been sent for this order yet."]
    assert mailoutbox == []
    order_event(order=order, type="email_sent", data={"kind": "placed", "to": order.email})

    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(_url("resend_email", order), follow=True)

    assert messages_of(response) == ["The last email is sent again."]
    [email] = mailoutbox
    assert email.to == [order.email] and order.number in email.subject
    assert order.events.filter(type="email_sent").count() == 2


def test_actions_are_post_only(seller_client, order):
    for name in ("confirm", "deliver", "note", "resend_email"):
        assert seller_client.get(_url(name, order)).status_code == 405
    order.refresh_from_db()
    assert order.status == "unconfirmed"


def test_a_support_agent_sees_the_order_but_may_not_act(agent_client, order):
    page = agent_client.get(_url("change", order))
    assert page.status_code == 200
    assert _url("confirm", order) not in page.content.decode()
    order_fulfill(order=order, lines=[(order.lines.order_by("pk").first().pk, 1)])
    parcel = order.fulfillments.get()
    before = list(order.events.values_list("type", flat=True))

    requests = [
        ("confirm", (), {}),
        ("ship", (), _ship_data(order, 1, 1)),
        ("tracking", (parcel.pk,), {"carrier": "ups", "tracking_number": "1Z"}),
        ("parcel_deliver", (parcel.pk,), {}),
        ("deliver", (), {}),
        ("cancel", (), {"reason": "no"}),
        ("note", (), {"message": "hi"}),
        ("resend_email", (), {}),
    ]
    for name, args, data in requests:
        assert agent_client.post(_url(name, order, *args), data).status_code == 403, name
        assert agent_client.get(_url(name, order, *args)).status_code == 403, name

    order.refresh_from_db()
    assert order.status == "partially_fulfilled"
    assert list(order.events.values_list("type", flat=True)) == before
    assert order.fulfillments.get().tracking_number == ""


def test_the_admin_actions_check_the_csrf_token(order):
    client = Client(enforce_csrf_checks=True)
    client.force_login(seller())
    assert client.post(_url("confirm", order)).status_code == 403
    order.refresh_from_db()
    assert order.status == "unconfirmed"


@pytest.mark.parametrize("count", [1, 20])
def test_the_order_list_filters_searches_and_keeps_its_query_count(
    seller_client, django_assert_num_queries, count
):
    orders = [placed_order(quantities=(1,)) for _ in range(count)]
    order_confirm(order=orders[0])
    url = reverse("admin:orders_order_changelist")

    with django_assert_num_queries(ORDER_LIST_QUERIES):
        response = seller_client.get(url)
    assert response.status_code == 200
    assert all(order.number in response.content.decode() for order in orders)

    page = seller_client.get(url, {"status__exact": "unfulfilled"}).content.decode()
    assert orders[0].number in page
    assert (count == 1) or orders[1].number not in page
    assert seller_client.get(url, {"q": "Martin"}).context["cl"].result_count == count
    assert seller_client.get(url, {"q": orders[0].number}).context["cl"].result_count == 1
    for params in ({"payment_status__exact": "fully_charged"}, {"gateway__exact": "bank_transfer"}):
        assert seller_client.get(url, params).context["cl"].result_count == count


# The session, the user, their permissions (user's, groups'); the counts of the filtered and
# of all orders; the page with the billing addresses; the date hierarchy's range and its days;
# the gateways to filter by.
ORDER_LIST_QUERIES = 10
