"""Forms of the cart: they only parse what a shopper posts; the checkout services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CartAddForm(forms.Form):
    variant = forms.IntegerField(
        min_value=1, error_messages={"required": _("Choose an option first.")}
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)


class CartLineForm(forms.Form):
    variant = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0)


class CartRemoveForm(forms.Form):
    variant = forms.IntegerField(min_value=1)


class PromoCodeForm(forms.Form):
    code = forms.CharField(label=_("Promo code"), max_length=40, strip=True)
