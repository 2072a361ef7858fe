"""Writes to the catalog. Admin actions, GraphQL mutations and the demo loader all call these."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Min
from django.utils.translation import gettext as _

from core.db import rows_update
from core.errors import typed_error
from core.uploads import IMAGE_FORMATS, UploadRefused, upload_clean
from shop.error_codes import ShopErrorCode
from shop.models import Product, ProductVariant


def _search_document(name: str, description: str, skus: list[str]) -> str:
    return " ".join([name, description, " ".join(skus)]).lower()


def product_refresh_derived_fields(*, product: Product) -> Product:
    """Recompute the lowest price and the search text from the product's variants.

    Call after any change to a product's name, description or variants (price, SKU).
    """
    skus = list(product.variants.values_list("sku", flat=True))
    product.price_from = product.variants.aggregate(low=Min("price"))["low"]
    product.search_document = _search_document(product.name, product.description, skus)
    Product.objects.filter(pk=product.pk).update(
        price_from=product.price_from, search_document=product.search_document
    )
    return product


def products_refresh_derived_fields(*, product_ids: Iterable[int], batch_size: int = 500) -> int:
    """`product_refresh_derived_fields` for many products (imports, the demo loader): three
    SELECTs and one executemany'd UPDATE per batch of `batch_size` products.

    Returns how many products were asked for.
    """
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        skus: dict[int, list[str]] = defaultdict(list)
        # Same order as product.variants (the model's ordering), so both give the same text.
        variants = ProductVariant.objects.filter(product_id__in=batch).order_by(
            *ProductVariant._meta.ordering
        )
        for product_id, sku in variants.values_list("product_id", "sku"):
            skus[product_id].append(sku)
        lowest = dict(
            ProductVariant.objects.filter(product_id__in=batch)
            .order_by()
            .values("product_id")
            .annotate(low=Min("price"))
            .values_list("product_id", "low")
        )
        rows_update(
            Product,
            ["price_from", "search_document"],
            (
                (pk, lowest.get(pk), _search_document(name, description, skus[pk]))
                for pk, name, description in Product.objects.filter(pk__in=batch).values_list(
                    "pk", "name", "description"
                )
            ),
        )
    return len(ids)


def products_set_published(*, product_ids, is_published: bool) -> int:
    """Publish or unpublish many products at once; returns how many changed."""
    products = Product.objects.filter(pk__in=list(product_ids))
    return products.exclude(is_published=is_published).update(is_published=is_published)


def product_image_file(*, upload):
    """The file to store for an uploaded product image: re-encoded, named `<random>.<ext>` of
    its detected format (core.uploads). Refuses INVALID_IMAGE (not JPEG, PNG, GIF or WebP)."""
    try:
        return upload_clean(upload, formats=IMAGE_FORMATS).file
    except UploadRefused:
        raise typed_error(
            _("Upload a JPEG, PNG, GIF or WebP image."), ShopErrorCode.INVALID_IMAGE
        ) from None
