"""Helpers of the checkout page tests: a shopper's form data, shipping methods, a filled cart."""

from decimal import Decimal

from django.urls import reverse

from orders.checkout.cart import SESSION_KEY
from orders.models import Checkout, ShippingMethod
from tests.factories import ADDRESS

DETAILS_URL = reverse("orders:checkout")
DELIVERY_URL = reverse("orders:checkout_delivery")

FORM_ADDRESS = ADDRESS | {"phone": "+33 1 23 45 67 89"}  # as the checkout form asks for it


def details(email="alice@example.com", billing=None, **shipping):
    data = {"email": email, "billing_same": "on"}
    data |= {f"shipping-{k}": v for k, v in (FORM_ADDRESS | shipping).items()}
    if billing is not None:
        del data["billing_same"]
        data |= {f"billing-{k}": v for k, v in (FORM_ADDRESS | billing).items()}
    return data


def shipping_methods() -> dict[str, ShippingMethod]:
    """Colissimo (FR, BE, LU; free from €60), Chronopost express (FR), Europe standard (DE, NL)."""
    return {
        "colissimo": ShippingMethod.objects.create(
            name="Colissimo",
            price=Decimal("4.90"),
            free_above=Decimal("60"),
            countries=["FR", "BE", "LU"],
            min_days=2,
            max_days=4,
        ),
        "express": ShippingMethod.objects.create(
            name="Chronopost express", price=Decimal("12.90"), countries=["FR"], position=1
        ),
        "europe": ShippingMethod.objects.create(
            name="Europe standard", price=Decimal("9.90"), countries=["DE", "NL"], position=2
        ),
    }


def fill_cart(client, *variants, quantity=1):
    for variant in variants:
        response = client.post(
            reverse("orders:cart_add"), {"variant": variant.pk, "quantity": quantity}
        )
        assert response.status_code == 302


def cart_of(client):
    return Checkout.objects.get(token=client.session[SESSION_KEY])


def field_errors(response, form, field):
    return list(response.context["forms"].__dict__[form].errors.get(field, []))
