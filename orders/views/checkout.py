"""The checkout pages and the order page.

Checkout steps: details (email, addresses) → delivery and payment → for the card, the payment
page (Stripe.js) and its return page → the order page, which is the confirmation. Each view
parses its input, calls one service (orders.checkout.flow, orders.checkout.payment) and renders;
a refused step shows the service's message on the form.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from content.selectors import terms_revision_current
from core.http import client_ip
from orders.checkout.cart import cart_get
from orders.checkout.flow import (
    checkout_details_update,
    checkout_order,
    checkout_pending_payment,
    checkout_place,
    checkout_review,
)
from orders.checkout.payment import checkout_complete
from orders.checkout.services import checkout_totals
from orders.error_codes import CheckoutErrorCode
from orders.payments.base import GatewayName
from orders.payments.gateways import available_gateways
from orders.selectors import checkout_for_user
from orders.views.forms import CheckoutDetailsForms, DeliveryForm
from orders.views.pages import order_detail, order_lookup

__all__ = ["order_detail", "order_lookup"]  # the order page and the guest look-up


def _cart_or_none(request):
    """The shopper's cart when it holds something to check out."""
    checkout = cart_get(request)
    if checkout is None or not checkout.lines.exists():
        messages.info(request, _("Your cart is empty."))
        return None
    return checkout


def _checkout_by_token(request, token):
    checkout = checkout_for_user(token=token, user=request.user)
    if checkout is None:
        raise Http404
    return checkout


@require_http_methods(["GET", "POST"])
def checkout_details(request):
    checkout = _cart_or_none(request)
    if checkout is None:
        return redirect("orders:cart")
    user_email = request.user.email if request.user.is_authenticated else ""
    shipping, billing = checkout.shipping_address, checkout.billing_address
    if shipping is None and billing is None and request.user.is_authenticated:
        # A customer's first visit: start from the address book's defaults.
        shipping = request.user.default_shipping_address
        billing = request.user.default_billing_address
    forms = CheckoutDetailsForms(
        request.POST or None,
        initial_email=checkout.email or user_email,
        shipping=shipping,
        billing=billing,
    )
    if request.method == "POST" and forms.is_valid():
        try:
            checkout_details_update(checkout=checkout, **forms.service_arguments())
        except ValidationError as error:
            forms.add_service_error(error)
        else:
            return redirect("orders:checkout_delivery")
    context = {"forms": forms, "totals": checkout_totals(checkout), "checkout": checkout}
    return render(request, "orders/checkout_details.html", context)


@require_http_methods(["GET", "POST"])
def checkout_delivery(request):
    checkout = _cart_or_none(request)
    if checkout is None:
        return redirect("orders:cart")
    if not checkout.email or checkout.shipping_address is None:
        return redirect("orders:checkout")
    review = checkout_review(checkout)
    gateways = available_gateways()
    initial = {
        "shipping_method": checkout.shipping_method_id
        or (review.options[0].method.pk if review.options else None),
        "gateway": gateways[0],
    }
    terms = terms_revision_current()
    form = DeliveryForm(
        request.POST or None,
        initial=initial,
        options=review.options,
        gateways=gateways,
        terms_url=terms.page.get_absolute_url() if terms else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = checkout_place(
                checkout=checkout,
                shipping_method_id=form.cleaned_data["shipping_method"],
                gateway_name=form.cleaned_data["gateway"],
                ip=client_ip(request),
                accept_terms=bool(form.cleaned_data.get("accept_terms")),
            )
        except ValidationError as error:
            form.add_service_error(error)
            review = checkout_review(checkout)  # the voucher or the stock may have changed
        else:
            if result.order is not None:
                return redirect(result.order)
            return redirect("orders:checkout_pay", token=checkout.token)
    chosen = str(form["shipping_method"].value())
    selected = next((o for o in review.options if str(o.method.pk) == chosen), None)
    context = {
        "form": form,
        "review": review,
        "checkout": checkout,
        # The summary prices the method ticked on the page (the script follows the ticks).
        "summary": selected.totals if selected else review.totals,
        "shipping_known": selected is not None,
    }
    return render(request, "orders/checkout_delivery.html", context)


@require_GET
def checkout_pay(request, token):
    """The card payment page: Stripe.js confirms the PaymentIntent in the browser, then comes
    back to `checkout_return`."""
    checkout = _checkout_by_token(request, token)
    order = checkout_order(checkout)
    if order is not None:
        return redirect(order)
    payment = checkout_pending_payment(checkout, gateway_name=GatewayName.STRIPE)
    if payment is None:
        messages.info(request, _("Choose how to pay to continue."))
        return redirect("orders:checkout_delivery")
    context = {
        "checkout": checkout,
        "payment": payment,
        "totals": checkout_totals(checkout),
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
    }
    return render(request, "orders/checkout_pay.html", context)


@require_GET
def checkout_return(request, token):
    """Where the browser lands after paying: the payment is checked with the provider before
    the order is placed; a payment the provider is still processing shows a waiting page."""
    checkout = _checkout_by_token(request, token)
    try:
        order = checkout_complete(checkout=checkout, ip=client_ip(request))
    except ValidationError as error:
        codes = {e.code for errors in error.error_dict.values() for e in errors}
        if CheckoutErrorCode.PAYMENT_PENDING.value in codes and checkout_pending_payment(
            checkout, gateway_name=GatewayName.STRIPE
        ):
            return render(request, "orders/checkout_waiting.html", {"checkout": checkout})
        for message in error.messages:
            messages.error(request, message)
        return redirect("orders:checkout_pay", token=checkout.token)
    return redirect(order)
