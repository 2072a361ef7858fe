"""Forms of the account pages. They parse and label input; the rules are the services'
(customers.services, customers.address_book), whose errors land on the fields here."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.http import client_ip
from customers.error_codes import AccountErrorCode
from customers.models import User
from customers.services import password_reset_allowed, user_authenticate
from orders.lifecycle.guest_orders import guest_orders_attach
from orders.views.forms import AddressForm

# What the accounts, orders and tickets store: longer would reach the database as an error.
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


class ServiceErrorsMixin:
    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names (others on the form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class SignUpForm(ServiceErrorsMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_confirm")
        if password and again and password != again:
            self.add_error("password_confirm", _("The two passwords differ."))
        return cleaned


class SignInForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AdminSignInForm(AdminAuthenticationForm):
    """/admin/login/ through the shop's one sign-in check, so staff accounts get the same
    throttle as customers (customers.signin_throttle); only the staff check is the admin's."""

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            try:
                self.user_cache = user_authenticate(
                    email=email, password=password, ip=client_ip(self.request), request=self.request
                )
            except ValidationError as error:
                if error.code == AccountErrorCode.INVALID_CREDENTIALS.value:
                    raise self.get_invalid_login_error() from None
                raise
            guest_orders_attach(user=self.user_cache)  # as every sign-in does
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending no more emails than customers.services allows; the page
    answers the same whether an email was sent or not."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if password_reset_allowed(email=email, ip=client_ip(request)):
            super().save(*args, request=request, **kwargs)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class BookAddressForm(ServiceErrorsMixin, AddressForm):
    """An address of the book, with the choice of making it a default."""

    default_shipping = forms.BooleanField(label=_("Default delivery address"), required=False)
    default_billing = forms.BooleanField(label=_("Default billing address"), required=False)

    AUTOCOMPLETE = {**AddressForm.AUTOCOMPLETE, "default_shipping": "off", "default_billing": "off"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, section="address", **kwargs)

    def default_for(self) -> list[str]:
        kinds = []
        if self.cleaned_data.get("default_shipping"):
            kinds.append("shipping")
        if self.cleaned_data.get("default_billing"):
            kinds.append("billing")
        return kinds

    def address_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("default_")}


class OrderLookupForm(ServiceErrorsMixin, forms.Form):
    number = forms.CharField(
        label=_("Order number"),
        max_length=20,
        help_text=_("As in your confirmation email, such as 2026-000123."),
    )
    email = forms.EmailField(
        label=_("Email used for the order"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
