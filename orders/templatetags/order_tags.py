"""Presentation helpers for the checkout and order templates."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def country_name(code):
    """`FR` → "France" (translated), for the countries we deliver to; other codes as they are."""
    return settings.SHOP_COUNTRIES.get(code, code)
