import pytest
from django.urls import reverse

from customers.address_book import address_create
from customers.models import Address
from tests.customers.support import address_data, customer
from tests.orders.builders import variant_in_stock
from tests.orders.views.checkout_pages_support import DETAILS_URL, fill_cart

pytestmark = pytest.mark.django_db


def form(prefix="address", **changes) -> dict:
    return {f"{prefix}-{key}": value for key, value in address_data(**changes).items()}


@pytest.fixture
def alice(client, alice):
    """The shared `alice`, signed in on `client`."""
    client.force_login(alice)
    return alice


def test_first_address_becomes_both_defaults(client, alice):
    response = client.post(reverse("customers:address_create"), form())

    assert response["Location"] == reverse("customers:addresses")
    address = alice.addresses.get()
    alice.refresh_from_db()
    assert alice.default_shipping_address == address == alice.default_billing_address
    assert "12 rue de la Paix" in client.get(reverse("customers:addresses")).content.decode()


def test_invalid_address_shows_errors_and_saves_nothing(client, alice):
    response = client.post(reverse("customers:address_create"), form(postal_code="ABC"))

    assert response.status_code == 200
    assert "This postcode is not valid for the country." in response.content.decode()
    assert not Address.objects.exists()


def test_edit_delete_and_defaults(client, alice):
    home = address_create(user=alice, data=address_data())
    work = address_create(user=alice, data=address_data(city="Lyon", postal_code="69002"))

    client.post(
        reverse("customers:address_edit", args=[work.pk]),
        {**form(city="Lyon 2e", postal_code="69002"), "address-default_billing": "on"},
    )
    client.post(reverse("customers:address_default", args=[work.pk, "shipping"]))

    alice.refresh_from_db()
    work.refresh_from_db()
    assert work.city == "Lyon 2e"
    assert alice.default_billing_address == work == alice.default_shipping_address

    client.post(reverse("customers:address_delete", args=[work.pk]))
    alice.refresh_from_db()
    assert list(alice.addresses.all()) == [home]
    assert alice.default_shipping_address is None


def test_another_customers_address_is_not_found_and_stays_unchanged(client, alice):
    bob = customer("bob@example.com")
    theirs = address_create(user=bob, data=address_data(city="Nantes", postal_code="44000"))
    missing = theirs.pk + 1000

    for address_id in (theirs.pk, missing):
        assert client.get(reverse("customers:address_edit", args=[address_id])).status_code == 404
        edit = client.post(reverse("customers:address_edit", args=[address_id]), form())
        delete = client.post(reverse("customers:address_delete", args=[address_id]))
        default = client.post(reverse("customers:address_default", args=[address_id, "billing"]))
        assert edit.status_code == delete.status_code == default.status_code == 404

    theirs.refresh_from_db()
    assert theirs.city == "Nantes"
    alice.refresh_from_db()
    assert alice.default_billing_address is None
    assert "Nantes" not in client.get(reverse("customers:addresses")).content.decode()


def test_a_guest_cannot_reach_the_book(client):
    bob = customer("bob@example.com")
    theirs = address_create(user=bob, data=address_data())

    response = client.post(reverse("customers:address_delete", args=[theirs.pk]))

    assert response.status_code == 302
    assert Address.objects.filter(pk=theirs.pk).exists()


def test_checkout_starts_from_the_default_addresses(client, alice):
    address_create(user=alice, data=address_data(city="Lyon", postal_code="69002"))
    fill_cart(client, variant_in_stock(quantity=5))

    forms = client.get(DETAILS_URL).context["forms"]

    assert forms.shipping.initial["city"] == "Lyon"
    assert forms.contact.initial["email"] == "alice@example.com"
