"""The cart pages. Every POST redirects (post/redirect/get); what a service refuses is shown
with its own message through the messages framework."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from orders.checkout.cart import cart_get, cart_lines_add, cart_page
from orders.checkout.services import (
    checkout_lines_update,
    checkout_promo_code_add,
    checkout_promo_code_remove,
)
from shop.forms import CartAddForm, CartLineForm, CartRemoveForm, PromoCodeForm


def _to_cart():
    return redirect("orders:cart")


def _back(request):
    """Where the shopper came from (the product page), when it is one of ours; else the cart."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return _to_cart()


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _report_form(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@require_GET
def cart_detail(request):
    checkout = cart_get(request)
    page = cart_page(checkout) if checkout is not None else None
    context = {
        "cart": page,
        "promo_form": PromoCodeForm(),
        # The header reads it from here instead of asking the database again.
        "cart_quantity": page.totals.quantity if page else 0,
    }
    return render(request, "shop/cart.html", context)


@require_POST
def cart_add(request):
    form = CartAddForm(request.POST)
    if not form.is_valid():
        _report_form(request, form)
        return _back(request)
    try:
        cart_lines_add(
            request,
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
        )
    except ValidationError as error:
        _report(request, error)
        return _back(request)
    messages.success(request, _("Added to your cart."))
    return _to_cart()


@require_POST
def cart_update(request):
    form = CartLineForm(request.POST)
    checkout = cart_get(request)
    if checkout is None:
        return _to_cart()
    if not form.is_valid():
        _report_form(request, form)
        return _to_cart()
    quantity = form.cleaned_data["quantity"]
    try:
        checkout_lines_update(checkout=checkout, lines=[(form.cleaned_data["variant"], quantity)])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("Your cart was updated.") if quantity else _("The item was removed.")
        )
    return _to_cart()


@require_POST
def cart_remove(request):
    form = CartRemoveForm(request.POST)
    checkout = cart_get(request)
    if checkout is None or not form.is_valid():
        return _to_cart()
    try:
        checkout_lines_update(checkout=checkout, lines=[(form.cleaned_data["variant"], 0)])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The item was removed."))
    return _to_cart()


@require_POST
def promo_code_add(request):
    form = PromoCodeForm(request.POST)
    checkout = cart_get(request)
    if checkout is None:
        return _to_cart()
    if not form.is_valid():
        _report_form(request, form)
        return _to_cart()
    try:
        checkout_promo_code_add(checkout=checkout, code=form.cleaned_data["code"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The promo code was applied."))
    return redirect(reverse("orders:cart") + "#promo")


@require_POST
def promo_code_remove(request):
    checkout = cart_get(request)
    if checkout is not None and checkout.voucher_id:
        try:
            checkout_promo_code_remove(checkout=checkout)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The promo code was removed."))
    return redirect(reverse("orders:cart") + "#promo")
