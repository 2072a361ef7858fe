"""The storefront's checkout steps, each one call for its page over the checkout and payment
services: details (email and addresses), delivery and payment, and the reads those pages show.

The GraphQL API calls the underlying services one by one; the HTML pages submit a whole step at
once, so these gather the step's errors (keyed `email`, `shipping_address.<field>`,
`billing_address.<field>`, `delivery_method_id`, `gateway`, ...) and change nothing on refusal.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import (
    checkout_billing_address_update,
    checkout_email_update,
    checkout_line_items,
    checkout_shipping_address_update,
    checkout_shipping_method_update,
    checkout_shipping_methods,
)
from orders.models import Checkout, Order, Payment, ShippingMethod
from orders.payments.gateways import get_gateway
from orders.pricing import Totals, calculate_totals


def _gather(errors: dict, error: ValidationError, prefix: str = "") -> None:
    if not hasattr(error, "error_dict"):
        errors.setdefault("__all__", []).extend(error.error_list)
        return
    for field, field_errors in error.error_dict.items():
        errors.setdefault(f"{prefix}{field}", []).extend(field_errors)


@transaction.atomic
def _details_update(checkout, email, shipping_address, billing_address) -> None:
    errors: dict[str, list] = {}
    steps = [
        ("", lambda: checkout_email_update(checkout=checkout, email=email)),
        (
            "shipping_address.",
            lambda: checkout_shipping_address_update(checkout=checkout, address=shipping_address),
        ),
        (
            "billing_address.",
            lambda: checkout_billing_address_update(
                checkout=checkout, address=billing_address or shipping_address
            ),
        ),
    ]
    for prefix, step in steps:
        try:
            step()
        except ValidationError as error:
            _gather(errors, error, prefix)
    if errors:
        raise ValidationError(errors)  # rolls back whatever the other steps wrote


def checkout_details_update(
    *, checkout: Checkout, email: str, shipping_address: dict, billing_address: dict | None
) -> Checkout:
    """Set the email and both addresses at once; `billing_address=None` bills to the delivery
    address. Every refused field is reported together, and nothing is changed then."""
    try:
        _details_update(checkout, email, shipping_address, billing_address)
    except ValidationError:
        checkout.refresh_from_db()
        raise
    return checkout


@dataclass(frozen=True)
class DeliveryOption:
    method: ShippingMethod
    totals: Totals  # the checkout priced with this method

    @property
    def price(self):
        return self.totals.shipping


@dataclass(frozen=True)
class CheckoutReview:
    totals: Totals  # with the checkout's shipping method, if any
    options: list[DeliveryOption]


def checkout_review(checkout: Checkout) -> CheckoutReview:
    """The checkout priced as it is and with each shipping method that delivers to its address,
    all by the one pricing function (two queries)."""
    lines = checkout_line_items(checkout)
    voucher = checkout.voucher
    options = [
        DeliveryOption(
            method=method,
            totals=calculate_totals(lines=lines, shipping_method=method, voucher=voucher),
        )
        for method in checkout_shipping_methods(checkout)
    ]
    current = next((o.totals for o in options if o.method.pk == checkout.shipping_method_id), None)
    if current is None:
        current = calculate_totals(lines=lines, voucher=voucher)
    return CheckoutReview(totals=current, options=options)


@dataclass(frozen=True)
class PlaceResult:
    payment: Payment
    order: Order | None  # None while the shopper still has to pay in the browser (Stripe)


def checkout_place(
    *,
    checkout: Checkout,
    shipping_method_id: int,
    gateway_name: str,
    ip: str | None = None,
    accept_terms: bool = False,
):
    """Choose the shipping method and pay: the offline gateway places the order at once; a
    gateway the shopper confirms in the browser returns its payment (client secret) instead.
    `ip`: the shopper's address, for the limits of orders.checkout.stock_holds."""
    gateway = get_gateway(gateway_name)
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=shipping_method_id)
    payment = payment_start(
        checkout=checkout, gateway_name=gateway_name, ip=ip, accept_terms=accept_terms
    )
    if gateway.needs_client_confirmation:
        return PlaceResult(payment=payment, order=None)
    return PlaceResult(payment=payment, order=checkout_complete(checkout=checkout, ip=ip))


def checkout_pending_payment(checkout: Checkout, *, gateway_name: str) -> Payment | None:
    """The payment the shopper is confirming in the browser, if one is under way."""
    return (
        checkout.payments.filter(gateway=gateway_name, status=Payment.Status.PENDING)
        .exclude(client_secret="")
        .order_by("-created_at", "-id")
        .first()
    )


def checkout_order(checkout: Checkout) -> Order | None:
    """The order placed from this checkout, once there is one."""
    return Order.objects.filter(checkout_token=checkout.token).first()
