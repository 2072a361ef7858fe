"""Forms of the checkout pages. They parse and label what the shopper types; the rules (postcode
formats, countries, stock, vouchers) are the services', whose errors land on the fields here."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.addresses import address_clean
from customers.models import Address
from orders.models import Checkout
from orders.payments.instructions import METHOD_HELP, METHOD_NAMES


def _input(autocomplete: str, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


class AddressForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    company_name = forms.CharField(label=_("Company (optional)"), max_length=150, required=False)
    street_address_1 = forms.CharField(label=_("Address"), max_length=200)
    street_address_2 = forms.CharField(
        label=_("Apartment, suite, floor (optional)"), max_length=200, required=False
    )
    postal_code = forms.CharField(label=_("Postcode"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"))
    phone = forms.CharField(
        label=_("Phone (optional, for the courier)"), max_length=30, required=False
    )

    AUTOCOMPLETE = {
        "first_name": "given-name",
        "last_name": "family-name",
        "company_name": "organization",
        "street_address_1": "address-line1",
        "street_address_2": "address-line2",
        "postal_code": "postal-code",
        "city": "address-level2",
        "country": "country",
        "phone": "tel",
    }

    def __init__(self, *args, section: str, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("country", settings.SHOP_DEFAULT_COUNTRY)
        super().__init__(*args, prefix=section, label_suffix="", **kwargs)
        self.fields["country"].choices = [
            (code, name) for code, name in settings.SHOP_COUNTRIES.items()
        ]
        for name, field in self.fields.items():
            field.widget.attrs["autocomplete"] = f"{section} {self.AUTOCOMPLETE[name]}"
        self.fields["phone"].widget.input_type = "tel"

    def clean(self):
        """The domain's address rules (customers.addresses), so that a wrong postcode shows
        with the other mistakes instead of after them; the service checks them again."""
        cleaned = super().clean()
        try:
            address_clean(cleaned)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        return cleaned

    @classmethod
    def initial_from(cls, address: Address | None) -> dict:
        return address.as_data() if address is not None else {}


class ContactForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=Checkout._meta.get_field("email").max_length,
        help_text=_("We send the order confirmation and the delivery news here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    billing_same = forms.BooleanField(
        label=_("Billing address same as shipping"), required=False, initial=True
    )


class CheckoutDetailsForms:
    """The details step: contact, delivery address and (unless it is the same) billing address,
    validated and shown together."""

    def __init__(self, data=None, *, initial_email="", shipping=None, billing=None):
        same = billing is None or shipping is None or billing.as_data() == shipping.as_data()
        self.contact = ContactForm(
            data, initial={"email": initial_email, "billing_same": same}, label_suffix=""
        )
        self.shipping = AddressForm(
            data, section="shipping", initial=AddressForm.initial_from(shipping)
        )
        self.billing = AddressForm(
            data,
            section="billing",
            initial=AddressForm.initial_from(None if same else billing),
            use_required_attribute=False,  # hidden and ignored while "same as shipping"
        )

    @property
    def billing_same(self) -> bool:
        if not self.contact.is_bound:
            return bool(self.contact.initial.get("billing_same"))
        self.contact.is_valid()  # cleans once; a boolean always cleans
        return bool(self.contact.cleaned_data.get("billing_same"))

    def is_valid(self) -> bool:
        valid = self.contact.is_valid() & self.shipping.is_valid()
        if not self.billing_same:
            valid &= self.billing.is_valid()
        return bool(valid)

    def service_arguments(self) -> dict:
        return {
            "email": self.contact.cleaned_data["email"],
            "shipping_address": self.shipping.cleaned_data,
            "billing_address": None if self.billing_same else self.billing.cleaned_data,
        }

    def add_service_error(self, error: ValidationError) -> None:
        targets = {"shipping_address": self.shipping, "billing_address": self.billing}
        for key, errors in _error_items(error):
            section, _dot, field = key.partition(".")
            if key == "email":
                self.contact.add_error("email", errors)
            elif section == "billing_address" and self.billing_same:
                continue  # the same errors are shown on the delivery address
            elif section in targets:
                form = targets[section]
                form.add_error(field if field in form.fields else None, errors)
            else:
                self.contact.add_error(None, errors)

    @property
    def non_field_errors(self):
        return self.contact.non_field_errors() + self.shipping.non_field_errors()


class DeliveryForm(forms.Form):
    """Shipping method and payment method; the page draws the radios itself."""

    shipping_method = forms.TypedChoiceField(
        label=_("Shipping method"),
        coerce=int,
        error_messages={"required": _("Choose a shipping method.")},
    )
    gateway = forms.ChoiceField(
        label=_("Payment method"), error_messages={"required": _("Choose how to pay.")}
    )

    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of sale"),
        required=True,
        error_messages={"required": _("Please accept the terms of sale to place your order.")},
    )

    def __init__(self, *args, options, gateways, terms_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        # The shop's published terms of sale, to accept before paying; none, nothing to tick.
        self.terms_url = terms_url
        if terms_url is None:
            del self.fields["accept_terms"]
        self.fields["shipping_method"].choices = [
            (str(option.method.pk), option.method.name) for option in options
        ]
        self.fields["gateway"].choices = [(name, METHOD_NAMES.get(name, name)) for name in gateways]
        self.gateways = [
            {"name": name, "label": METHOD_NAMES.get(name, name), "help": METHOD_HELP.get(name)}
            for name in gateways
        ]

    def add_service_error(self, error: ValidationError) -> None:
        fields = {
            "delivery_method_id": "shipping_method",
            "gateway": "gateway",
            "acceptTerms": "accept_terms" if "accept_terms" in self.fields else None,
        }
        for key, errors in _error_items(error):
            self.add_error(fields.get(key), errors)


def _error_items(error: ValidationError):
    if hasattr(error, "error_dict"):
        return error.error_dict.items()
    return [("__all__", error.error_list)]
