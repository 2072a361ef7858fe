"""Placed orders, built through the checkout and payment services as a shopper would, for the
tests of the seller operations."""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.test import override_settings

from customers.models import User
from customers.permissions import SELLERS, SUPPORT_AGENTS, ensure_staff_groups
from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import checkout_promo_code_add
from orders.lifecycle.fulfillment import order_fulfill, order_mark_delivered
from orders.models import Order, ReturnRequest, Voucher
from orders.returns.services import (
    return_request_approve,
    return_request_create,
    return_request_receive,
)
from tests.factories import UserFactory
from tests.orders.builders import ready_checkout, variant_in_stock


def placed_order(*, quantities=(3, 1), paid: bool = True, gateway: str = "bank_transfer") -> Order:
    """An unconfirmed order with one line per quantity (25.00 each unit, stock 10 each), paid
    with the offline gateway (captured when `paid`)."""
    variants = [variant_in_stock(price=Decimal("25.00"), quantity=10) for _ in quantities]
    checkout = ready_checkout(lines=list(zip(variants, quantities, strict=True)))
    with override_settings(OFFLINE_GATEWAY_MARK_PAID=paid):
        payment_start(checkout=checkout, gateway_name=gateway)
        order = checkout_complete(checkout=checkout)
    return Order.objects.get(pk=order.pk)


def shipped_order(
    *, carrier: str = "colissimo", tracking_number: str = "6A12345678901", user=None, **kwargs
) -> Order:
    """`placed_order(**kwargs)` with all of its lines shipped in one tracked parcel (by `user`)."""
    order = placed_order(**kwargs)
    order_fulfill(
        order=order,
        lines=[(line.pk, line.quantity) for line in order.lines.all()],
        carrier=carrier,
        tracking_number=tracking_number,
        user=user,
    )
    return Order.objects.get(pk=order.pk)


def delivered_order(
    *,
    quantities=(3, 1),
    prices=None,
    voucher: str | None = None,
    returnable=None,
    stripe=None,
) -> Order:
    """A paid order (offline gateway, captured) whose lines were all shipped in one parcel and
    delivered just now, through the real checkout, fulfilment and delivery services.

    `prices`: unit price per line (default 25.00 each); `voucher`: a fixed amount off the goods
    (e.g. "10.00", code "TEN"); `returnable`: per line, whether the product may be returned;
    `stripe`: the localstripe fixture, to pay by card through Stripe instead.
    """
    prices = prices or [Decimal("25.00")] * len(quantities)
    # Enough stock that one checkout may take these quantities (SHOP_RESERVATION_MAX_SHARE).
    variants = [
        variant_in_stock(price=Decimal(price), quantity=max(10, 2 * quantity))
        for price, quantity in zip(prices, quantities, strict=True)
    ]
    for variant, is_returnable in zip(variants, returnable or [], strict=False):
        variant.product.is_returnable = is_returnable
        variant.product.save(update_fields=["is_returnable"])
    checkout = ready_checkout(lines=list(zip(variants, quantities, strict=True)))
    if voucher:
        Voucher.objects.get_or_create(code="TEN", defaults={"kind": "fixed", "value": voucher})
        checkout_promo_code_add(checkout=checkout, code="TEN")
    if stripe is not None:
        payment = payment_start(checkout=checkout, gateway_name="stripe")
        stripe.pay(payment.provider_reference)
        order = checkout_complete(checkout=checkout)
    else:
        with override_settings(OFFLINE_GATEWAY_MARK_PAID=True):
            payment_start(checkout=checkout, gateway_name="bank_transfer")
            order = checkout_complete(checkout=checkout)
    order = Order.objects.get(pk=order.pk)
    order_fulfill(order=order, lines=[(line.pk, line.quantity) for line in order.lines.all()])
    order_mark_delivered(order=order)
    return Order.objects.get(pk=order.pk)


def customers_order(user, *, delivered: bool = True, **kwargs) -> Order:
    """An order of `user`'s account, under their email: `delivered_order(**kwargs)`, or
    `placed_order(**kwargs)` when not `delivered`."""
    order = delivered_order(**kwargs) if delivered else placed_order(**kwargs)
    Order.objects.filter(pk=order.pk).update(user=user, email=user.email)
    return Order.objects.get(pk=order.pk)


def requested_return(
    order: Order | None = None,
    quantities: dict[int, int] | None = None,
    *,
    reason: str = "wrong_size",
    **fields,
) -> ReturnRequest:
    """A return asked for through return_request_create: of `order` (by default a new
    `delivered_order(quantities=(2, 1))`), `quantities` {line index: quantity} (by default one
    unit of every line), each for `reason`; `fields` (photos, comment) go to the service."""
    order = order or delivered_order(quantities=(2, 1))
    lines = list(order.lines.all())
    quantities = quantities or dict.fromkeys(range(len(lines)), 1)
    return return_request_create(
        order=order,
        lines=[
            {"order_line_id": lines[index].pk, "quantity": quantity, "reason": reason}
            for index, quantity in quantities.items()
        ],
        **fields,
    )


def received_return(
    order: Order | None = None,
    quantities: dict[int, int] | None = None,
    *,
    reason: str = "wrong_size",
    restock: bool = True,
) -> ReturnRequest:
    """`requested_return(order, quantities, reason=reason)`, then approved and received through
    the return services, each line put back in stock when `restock`."""
    return_request = requested_return(order, quantities, reason=reason)
    return_request_approve(return_request=return_request)
    return_request_receive(
        return_request=return_request,
        lines={line.pk: restock for line in return_request.lines.all()},
    )
    return return_request


def _staff(email: str, group: str):
    """The staff member `email` in `group`, made on the first call; a later call finds it without
    setting its password again (UserFactory would, signing out a client logged in as it)."""
    ensure_staff_groups()
    user = User.objects.filter(email=email).first() or UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def seller():
    """Staff in the Sellers group (orders.change_order), not a superuser."""
    return _staff("seller@example.com", SELLERS)


def support_agent():
    """Staff in the Support agents group: may view orders, not change them."""
    return _staff("agent@example.com", SUPPORT_AGENTS)


def shopper():
    return UserFactory(email="shopper@example.com")
