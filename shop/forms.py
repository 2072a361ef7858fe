"""Forms of the cart: they only parse what a shopper posts; the checkout services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import typed_error
from shop.error_codes import ShopErrorCode
from shop.models import Product
from shop.selectors import product_options


class CartAddForm(forms.Form):
    """A variant id (the list of variants, or the pickers' script), or a product and one
    value per attribute (`attr_size=28&attr_colour=charcoal`, the pickers without script):
    the form resolves the choice to the variant, or says why it cannot be bought."""

    variant = forms.IntegerField(min_value=1, required=False)
    product = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)

    def __init__(self, *args, options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("variant") or self.errors:
            return cleaned
        options = self.options
        if options is None and cleaned.get("product"):
            product = Product.objects.filter(pk=cleaned["product"], is_published=True).first()
            options = product_options(product) if product else None
        if options is None:
            raise typed_error(_("Choose an option first."), ShopErrorCode.REQUIRED, field="variant")
        try:
            variant = options.variant_for(options.choice_of(self.data))
        except KeyError as missing:
            raise typed_error(
                _("Choose a %(attribute)s."),
                ShopErrorCode.REQUIRED,
                field="variant",
                attribute=missing.args[0].lower(),
            ) from None
        if variant is None:
            raise typed_error(
                _("This combination is not available. Choose other options."),
                ShopErrorCode.NOT_FOUND,
                field="variant",
            )
        if variant.quantity_available <= 0:
            raise typed_error(
                _("This combination is sold out. Choose other options."),
                ShopErrorCode.OUT_OF_STOCK,
                field="variant",
            )
        cleaned["variant"] = variant.pk
        return cleaned


class CartLineForm(forms.Form):
    variant = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0)


class CartRemoveForm(forms.Form):
    variant = forms.IntegerField(min_value=1)


class PromoCodeForm(forms.Form):
    code = forms.CharField(label=_("Promo code"), max_length=40, strip=True)
