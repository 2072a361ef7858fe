"""What a product card of a listing shows, worked out once per product in Python.

The grid template then only prints attributes: asking the template to call filters that each walk
the variants again (on sale? in stock? price range? cheapest?) and to reverse a URL per card was
most of the time of a listing page.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from core.db import prefetched
from shop.models import Product

# The `slug` path converter's pattern: such a slug needs no quoting in a URL.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_PLACEHOLDER = "slug"


@dataclass(frozen=True, slots=True)
class ProductCard:
    product: Product
    name: str
    url: str
    category_name: str
    image_url: str | None
    image_alt: str
    in_stock: bool
    on_sale: bool
    # The price reads "From …" when the variants do not all cost the same.
    has_price_range: bool
    price_from: Decimal | None
    # The cheapest variant's former price, when it is on sale; shown struck through.
    was_price: Decimal | None

    @property
    def initial(self) -> str:
        """What the placeholder shows when there is no photo."""
        return self.name[:1].upper()


def product_cards(products: Iterable[Product]) -> list[ProductCard]:
    """The cards of `products`, which must have their variants and images prefetched
    (shop.selectors.catalog_products) and their category joined: no query of its own.

    Evaluates `products` if it is a queryset.
    """
    products = list(products)
    if not products:
        return []
    # One reverse() for the page rather than one per product (each walks the URL resolver).
    prefix, suffix = reverse("shop:product", kwargs={"slug": _SLUG_PLACEHOLDER}).rsplit(
        _SLUG_PLACEHOLDER, 1
    )
    cards = []
    for product in products:
        slug = product.slug
        url = prefix + slug + suffix if _SLUG.fullmatch(slug) else product.get_absolute_url()
        cards.append(_card(product, url))
    return cards


def _card(product: Product, url: str) -> ProductCard:
    in_stock = on_sale = False
    cheapest = None
    prices = set()
    for variant in prefetched(product, "variants"):
        price = variant.price
        prices.add(price)
        if cheapest is None or price < cheapest.price:
            cheapest = variant  # the first one in position order on a tie
        if not on_sale and variant.is_on_sale:
            on_sale = True
        if not in_stock and variant.quantity_available > 0:
            in_stock = True
    images = prefetched(product, "images")
    image = images[0] if images else None
    return ProductCard(
        product=product,
        name=product.name,
        url=url,
        category_name=product.category.name,
        image_url=image.image.url if image is not None else None,
        image_alt=(image.alt or product.name) if image is not None else "",
        in_stock=in_stock,
        on_sale=on_sale,
        has_price_range=len(prices) > 1,
        price_from=product.price_from,
        was_price=cheapest.compare_at_price if cheapest and cheapest.is_on_sale else None,
    )
