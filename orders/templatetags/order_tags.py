"""Presentation helpers for the checkout and order templates."""

from django import template
from django.conf import settings

from orders.lifecycle import customer_status as wording

register = template.Library()


@register.filter
def country_name(code):
    """`FR` → "France" (translated), for the countries we deliver to; other codes as they are."""
    return settings.SHOP_COUNTRIES.get(code, code)


@register.filter
def customer_status(order):
    """Where the order stands, in the shopper's words ("Preparing", "On its way")."""
    return wording.customer_status(order)


@register.filter
def customer_payment_status(order):
    """Where the order's payment stands, in the shopper's words ("Paid", "Partly refunded")."""
    return wording.customer_payment_status(order)
