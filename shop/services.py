"""Writes to the catalog. Admin actions, GraphQL mutations and the demo loader all call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from shop.error_codes import ShopErrorCode
from shop.models import Product, ProductVariant


def product_refresh_derived_fields(*, product: Product) -> Product:
    """Recompute the lowest price and the search text from the product's variants.

    Call after any change to a product's name, description or variants (price, SKU).
    """
    skus = " ".join(product.variants.values_list("sku", flat=True))
    product.price_from = product.variants.aggregate(low=Min("price"))["low"]
    product.search_document = " ".join([product.name, product.description, skus]).lower()
    Product.objects.filter(pk=product.pk).update(
        price_from=product.price_from, search_document=product.search_document
    )
    return product


def products_set_published(*, product_ids, is_published: bool) -> int:
    """Publish or unpublish many products at once; returns how many changed."""
    products = Product.objects.filter(pk__in=list(product_ids))
    return products.exclude(is_published=is_published).update(is_published=is_published)


@transaction.atomic
def variant_set_stock(*, variant_id: int, quantity: int) -> ProductVariant:
    """Set the quantity in stock of a variant (a stock count after an inventory, say)."""
    if quantity < 0:
        raise ValidationError(
            {
                "quantity": ValidationError(
                    _("Stock cannot be negative."), code=ShopErrorCode.NEGATIVE_STOCK.value
                )
            }
        )
    try:
        variant = ProductVariant.objects.select_for_update().get(pk=variant_id)
    except ProductVariant.DoesNotExist:
        raise ValidationError(
            {"id": ValidationError(_("No such variant."), code=ShopErrorCode.NOT_FOUND.value)}
        ) from None
    variant.quantity = quantity
    variant.save(update_fields=["quantity"])
    return variant
