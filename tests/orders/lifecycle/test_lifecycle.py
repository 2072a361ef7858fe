"""The order lifecycle services (orders/py): the transitions table, confirm, fulfil in
parcels, tracking, delivery, cancel with stock and refunds, notes."""

import pytest
from django.core.exceptions import ValidationError

from orders.lifecycle.cancel import order_cancel
from orders.lifecycle.fulfillment import (
    fulfillment_mark_delivered,
    fulfillment_update_tracking,
    order_fulfill,
    order_mark_delivered,
)
from orders.lifecycle.transitions import (
    TRANSITIONS,
    order_available_actions,
    order_confirm,
    order_note_add,
    order_set_status,
)
from orders.models import Fulfillment, Order, OrderEvent, PaymentTransaction
from orders.models.order import OrderStatus
from shop.models import ProductVariant
from tests.errors import error_codes
from tests.orders.order_builders import placed_order, seller

pytestmark = pytest.mark.django_db

S = OrderStatus


def _snapshot(order: Order) -> dict:
    """What a refused action must leave as it was."""
    order.refresh_from_db()
    return {
        "status": order.status,
        "payment_status": order.payment_status,
        "events": list(order.events.values_list("type", flat=True)),
        "fulfilled": list(order.lines.values_list("quantity_fulfilled", flat=True)),
        "parcels": list(order.fulfillments.values_list("number", "status", "tracking_number")),
        "stock": list(
            ProductVariant.objects.filter(pk__in=order.lines.values("variant_id"))
            .order_by("pk")
            .values_list("quantity", flat=True)
        ),
        "refunded": list(order.payments.values_list("refunded_amount", flat=True)),
    }


def _lines(order: Order, *quantities) -> list[tuple[int, int]]:
    return [
        (line.pk, quantity)
        for line, quantity in zip(order.lines.order_by("pk"), quantities, strict=True)
        if quantity
    ]


ALLOWED = [(current, new) for current, moves in TRANSITIONS.items() for new in moves]
REFUSED = [
    (current, new) for current in S.values for new in S.values if new not in TRANSITIONS[current]
]


def test_the_table_covers_every_status_and_matches_the_design():
    assert set(TRANSITIONS) == set(S.values)
    assert TRANSITIONS[S.UNCONFIRMED] == {S.UNFULFILLED, S.CANCELED}
    assert S.CANCELED in TRANSITIONS[S.UNFULFILLED]
    assert S.CANCELED not in TRANSITIONS[S.PARTIALLY_FULFILLED]
    assert TRANSITIONS[S.CANCELED] == set()
    assert TRANSITIONS[S.RETURNED] == set()


@pytest.mark.parametrize(("current", "new"), ALLOWED)
def test_every_allowed_move_is_made_and_recorded(current, new):
    order = placed_order(paid=False)
    Order.objects.filter(pk=order.pk).update(status=current)
    order.refresh_from_db()
    user = seller()

    order_set_status(order=order, status=new, user=user)

    order.refresh_from_db()
    assert order.status == new
    event = order.events.last()
    assert (event.type, event.user, event.data) == (
        "status_changed",
        user,
        {"from": current, "to": new},
    )


@pytest.mark.parametrize(("current", "new"), REFUSED)
def test_every_other_move_is_an_invalid_transition_that_changes_nothing(current, new):
    order = placed_order(paid=False)
    Order.objects.filter(pk=order.pk).update(status=current)
    before = _snapshot(order)

    with pytest.raises(ValidationError) as exc_info:
        order_set_status(order=order, status=new)

    assert error_codes(exc_info) == ["invalid_transition"]
    assert _snapshot(order) == before


def test_confirm_moves_an_unconfirmed_order_once():
    order = placed_order()
    user = seller()

    order_confirm(order=order, user=user)

    order.refresh_from_db()
    assert order.status == S.UNFULFILLED
    assert order.events.filter(type="confirmed", user=user).count() == 1
    before = _snapshot(order)
    with pytest.raises(ValidationError) as exc_info:
        order_confirm(order=order, user=user)
    assert error_codes(exc_info) == ["invalid_transition"]
    assert _snapshot(order) == before


def test_fulfil_in_two_parcels(settings):
    order = placed_order(quantities=(3, 1))
    order_confirm(order=order)

    first = order_fulfill(
        order=order, lines=_lines(order, 2, 1), carrier="colissimo", tracking_number=" 6A123 "
    )

    order.refresh_from_db()
    assert order.status == S.PARTIALLY_FULFILLED
    assert list(order.lines.order_by("pk").values_list("quantity_fulfilled", flat=True)) == [2, 1]
    assert (first.number, first.status, first.tracking_number) == (1, "shipped", "6A123")
    assert first.carrier_name == "La Poste Colissimo"
    assert first.tracking_url == settings.SHOP_CARRIERS["colissimo"]["tracking_url"].format(
        number="6A123"
    )
    assert sorted(first.lines.values_list("quantity", flat=True)) == [1, 2]

    second = order_fulfill(
        order=order, lines=_lines(order, 1, 0), carrier="ups", tracking_number="1Z999"
    )

    order.refresh_from_db()
    assert order.status == S.FULFILLED
    assert list(order.lines.order_by("pk").values_list("quantity_fulfilled", flat=True)) == [3, 1]
    assert second.number == 2
    assert second.tracking_url == "https://www.ups.com/track?tracknum=1Z999"
    fulfilled = order.events.filter(type="fulfilled").order_by("pk")
    assert [event.data["to"] for event in fulfilled] == [S.PARTIALLY_FULFILLED, S.FULFILLED]
    assert fulfilled[0].data["tracking_number"] == "6A123"


def test_fulfilling_an_unconfirmed_order_confirms_it_first():
    order = placed_order(quantities=(1,))

    order_fulfill(order=order, lines=_lines(order, 1))

    order.refresh_from_db()
    assert order.status == S.FULFILLED
    assert list(order.events.values_list("type", flat=True))[-2:] == ["confirmed", "fulfilled"]


@pytest.mark.parametrize(
    ("shipped_before", "asked", "code"),
    [
        ((0, 0), (4, 0), "fulfill_quantity_exceeded"),
        ((2, 0), (2, 1), "fulfill_quantity_exceeded"),
        ((0, 0), (0, 0), "required"),
        ((0, 0), (-1, 1), "required"),
    ],
)
def test_over_fulfilling_is_refused_and_changes_nothing(shipped_before, asked, code):
    order = placed_order(quantities=(3, 1))
    order_confirm(order=order)
    if any(shipped_before):
        order_fulfill(order=order, lines=_lines(order, *shipped_before))
    before = _snapshot(order)
    lines = [
        (line.pk, quantity)
        for line, quantity in zip(order.lines.order_by("pk"), asked, strict=True)
        if quantity or code == "required"
    ]

    with pytest.raises(ValidationError) as exc_info:
        order_fulfill(order=order, lines=lines, carrier="ups")

    assert error_codes(exc_info) == [code]
    assert _snapshot(order) == before


def test_a_line_of_another_order_is_not_found():
    order, other = placed_order(quantities=(1,)), placed_order(quantities=(1,))
    before = _snapshot(order)

    with pytest.raises(ValidationError) as exc_info:
        order_fulfill(order=order, lines=_lines(other, 1))

    assert error_codes(exc_info) == ["not_found"]
    assert _snapshot(order) == before


def test_an_unknown_carrier_is_refused_and_changes_nothing():
    order = placed_order(quantities=(1,))
    before = _snapshot(order)

    with pytest.raises(ValidationError) as exc_info:
        order_fulfill(order=order, lines=_lines(order, 1), carrier="pigeon")

    assert exc_info.value.error_dict["carrier"][0].code == "invalid_carrier"
    assert _snapshot(order) == before


def test_update_tracking_changes_the_parcel_and_writes_an_event():
    order = placed_order(quantities=(1,))
    parcel = order_fulfill(order=order, lines=_lines(order, 1), carrier="colissimo")

    fulfillment_update_tracking(
        fulfillment=parcel, carrier="dhl", tracking_number=" JD0001 ", user=seller()
    )

    parcel.refresh_from_db()
    assert (parcel.carrier, parcel.tracking_number) == ("dhl", "JD0001")
    assert parcel.tracking_url.endswith("tracking-id=JD0001")
    event = order.events.get(type="tracking_updated")
    assert event.data == {"fulfillment": 1, "carrier": "dhl", "tracking_number": "JD0001"}
    before = _snapshot(order)
    with pytest.raises(ValidationError) as exc_info:
        fulfillment_update_tracking(fulfillment=parcel, carrier="pigeon", tracking_number="X")
    assert exc_info.value.error_dict["carrier"][0].code == "invalid_carrier"
    assert _snapshot(order) == before


def test_mark_one_parcel_delivered_then_the_whole_order():
    order = placed_order(quantities=(2,))
    first = order_fulfill(order=order, lines=_lines(order, 1), carrier="ups")
    second = order_fulfill(order=order, lines=_lines(order, 1), carrier="ups")

    fulfillment_mark_delivered(fulfillment=first)

    first.refresh_from_db()
    assert first.status == Fulfillment.Status.DELIVERED
    assert first.delivered_at is not None
    before = _snapshot(order)
    with pytest.raises(ValidationError) as exc_info:
        fulfillment_mark_delivered(fulfillment=first)
    assert error_codes(exc_info) == ["already_delivered"]
    assert _snapshot(order) == before

    order_mark_delivered(order=order)

    second.refresh_from_db()
    assert second.status == Fulfillment.Status.DELIVERED
    assert [e.data for e in order.events.filter(type="delivered")] == [
        {"fulfillment": 1},
        {"fulfillment": 2},
    ]
    before = _snapshot(order)
    with pytest.raises(ValidationError) as exc_info:
        order_mark_delivered(order=order)
    assert error_codes(exc_info) == ["invalid_transition"]
    assert _snapshot(order) == before


def test_an_order_with_nothing_shipped_cannot_be_marked_delivered():
    order = placed_order()
    with pytest.raises(ValidationError) as exc_info:
        order_mark_delivered(order=order)
    assert error_codes(exc_info) == ["invalid_transition"]


def test_cancel_releases_the_stock_and_books_a_manual_refund(django_capture_on_commit_callbacks):
    order = placed_order(quantities=(3, 1))
    order_confirm(order=order)
    variants = ProductVariant.objects.filter(pk__in=order.lines.values("variant_id"))
    assert sorted(variants.values_list("quantity", flat=True)) == [7, 9]
    payment = order.payments.get()
    assert payment.captured_amount == order.total

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, user=seller(), reason="Out of paper")

    order.refresh_from_db()
    assert order.status == S.CANCELED
    assert sorted(variants.values_list("quantity", flat=True)) == [10, 10]
    payment.refresh_from_db()
    assert payment.refunded_amount == order.total
    refund = payment.transactions.get(kind="refund")
    assert (refund.status, refund.amount) == ("success", order.total)
    # Money taken offline goes back by bank transfer, under the order number.
    assert refund.provider_reference == order.number
    assert "Paid back by bank transfer" in refund.message
    assert order.payment_status == "fully_refunded"
    assert order.events.get(type="canceled").message == "Out of paper"
    assert order.events.filter(type="refunded").count() == 1


def test_cancel_an_unpaid_order_refunds_nothing():
    order = placed_order(quantities=(1,), paid=False)

    order_cancel(order=order)

    order.refresh_from_db()
    assert order.status == S.CANCELED
    assert not PaymentTransaction.objects.filter(kind="refund").exists()


@pytest.mark.parametrize("shipped", [(1, 0), (3, 1)])
def test_cancel_after_shipping_is_refused_and_changes_nothing(shipped):
    order = placed_order(quantities=(3, 1))
    order_fulfill(order=order, lines=_lines(order, *shipped))
    before = _snapshot(order)

    with pytest.raises(ValidationError) as exc_info:
        order_cancel(order=order)

    assert error_codes(exc_info) == ["invalid_transition"]
    assert _snapshot(order) == before
    assert not PaymentTransaction.objects.filter(kind="refund").exists()


def test_a_canceled_order_cannot_be_canceled_or_shipped_again():
    order = placed_order(quantities=(1,))
    order_cancel(order=order)
    before = _snapshot(order)

    for action in (
        lambda: order_cancel(order=order),
        lambda: order_confirm(order=order),
        lambda: order_fulfill(order=order, lines=_lines(order, 1)),
    ):
        with pytest.raises(ValidationError) as exc_info:
            action()
        assert error_codes(exc_info) == ["invalid_transition"]
    assert _snapshot(order) == before


def test_notes_are_staff_only_unless_said_so():
    order = placed_order()
    user = seller()

    note = order_note_add(order=order, message="  Gift wrap  ", user=user)
    shown = order_note_add(order=order, message="Sent", customer_visible=True)

    assert (note.type, note.message, note.user, note.customer_visible) == (
        "note_added",
        "Gift wrap",
        user,
        False,
    )
    assert shown.customer_visible is True
    count = OrderEvent.objects.count()
    with pytest.raises(ValidationError) as exc_info:
        order_note_add(order=order, message="   ")
    assert exc_info.value.error_dict["message"][0].code == "required"
    assert OrderEvent.objects.count() == count


def test_a_negative_quantity_cannot_be_hidden_in_a_sum():
    order = placed_order(quantities=(3,))
    [line_id] = [pk for pk, _qty in _lines(order, 1)]
    before = _snapshot(order)

    with pytest.raises(ValidationError) as exc_info:
        order_fulfill(order=order, lines=[(line_id, -1), (line_id, 2)])

    assert error_codes(exc_info) == ["required"]
    assert _snapshot(order) == before


def test_the_buttons_offered_follow_the_order_state():
    order = placed_order(quantities=(1,))
    assert order_available_actions(order) == {"confirm", "ship", "cancel"}
    order_confirm(order=order)
    order.refresh_from_db()
    assert order_available_actions(order) == {"ship", "cancel"}
    line = order.lines.get()
    order_fulfill(order=order, lines=[(line.pk, 1)], carrier="colissimo")
    order.refresh_from_db()
    assert order_available_actions(order) == {"deliver"}
    order_mark_delivered(order=order)
    assert order_available_actions(order) == set()
