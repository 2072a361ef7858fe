"""The product page of a product with options: one picker per attribute, resolved by the
server when the script does not run."""

import json
import re

import pytest
from django.urls import reverse

from orders.checkout.cart import SESSION_KEY
from orders.models import Checkout
from tests.factories import ProductFactory, ProductImageFactory
from tests.shop.builders import trousers, variant_of

pytestmark = pytest.mark.django_db


def choose(client, product, **choice):
    data = {"product": product.pk, "quantity": 1, "next": product.get_absolute_url()}
    data |= {f"attr_{slug}": value for slug, value in choice.items()}
    return client.post(product.get_absolute_url(), data, follow=True)


def checked(html, attribute):
    found = re.findall(rf'name="attr_{attribute}" value="([^"]+)"[^>]*\schecked', html)
    return found[0] if found else None


def test_product_page_shows_one_picker_per_attribute_with_colour_swatches(client):
    product = trousers()

    html = client.get(product.get_absolute_url()).content.decode()

    assert "<legend>Size</legend>" in html and "<legend>Colour</legend>" in html
    assert "background-color: #1f2a44" in html
    assert '<span class="visually-hidden">Navy</span>' in html
    assert (checked(html, "size"), checked(html, "colour")) == ("28", "charcoal")
    options = json.loads(re.search(r'id="options-map"[^>]*>(.*?)</script>', html).group(1))
    assert len(options) == 6
    navy_32 = variant_of(product, "32", "navy")
    entry = next(e for e in options.values() if e["variant"] == navy_32.pk)
    assert entry["stock"] == 5 and entry["price"] == "59.00"


def test_choosing_values_without_script_adds_that_variant_to_the_cart(client):
    product = trousers()

    response = choose(client, product, size="30", colour="navy")

    assert response.redirect_chain[0] == (reverse("orders:cart_add"), 307)
    checkout = Checkout.objects.get(token=client.session[SESSION_KEY])
    assert [line.variant_id for line in checkout.lines.all()] == [
        variant_of(product, "30", "navy").pk
    ]


def test_a_sold_out_combination_is_refused_on_the_page_with_the_choice_kept(client):
    product = trousers()
    sold_out = variant_of(product, "32", "navy")
    sold_out.quantity = 0
    sold_out.save()

    response = choose(client, product, size="32", colour="navy")

    html = response.content.decode()
    assert response.status_code == 200
    assert "This combination is sold out. Choose other options." in html
    assert (checked(html, "size"), checked(html, "colour")) == ("32", "navy")
    assert not Checkout.objects.exists()


def test_a_combination_that_does_not_exist_or_a_missing_choice_is_explained(client):
    product = trousers()
    variant_of(product, "30", "charcoal").delete()

    missing = choose(client, product, size="30", colour="charcoal").content.decode()
    unchosen = choose(client, product, colour="navy").content.decode()
    forged = choose(client, product, size="99", colour="navy").content.decode()

    assert "This combination is not available. Choose other options." in missing
    assert "Choose a size." in unchosen
    assert checked(unchosen, "colour") == "navy"
    assert "Choose a size." in forged
    assert not Checkout.objects.exists()


def test_a_value_with_no_buyable_combination_is_disabled(client):
    product = trousers()
    for colour in ("charcoal", "navy"):
        variant = variant_of(product, "32", colour)
        variant.quantity = 0
        variant.save()

    html = client.get(product.get_absolute_url()).content.decode()

    assert re.search(r'name="attr_size" value="32"[^>]*\sdisabled', html)
    assert not re.search(r'name="attr_size" value="30"[^>]*\sdisabled', html)


def test_images_are_tagged_with_their_colour(client):
    product = trousers()
    navy = variant_of(product, "28", "navy").attribute_values.get(attribute__slug="colour").value
    ProductImageFactory(product=product, value=navy)

    html = client.get(product.get_absolute_url()).content.decode()

    assert f'data-value="{navy.pk}"' in html


def test_a_product_without_a_type_keeps_its_list_of_variants(client):
    product = ProductFactory(variants=[{"name": "S"}, {"name": "M"}])

    html = client.get(product.get_absolute_url()).content.decode()

    assert 'name="attr_' not in html
    assert f'action="{reverse("orders:cart_add")}"' in html
