"""Staff mutations of the catalog: each parses its input, calls one service, returns the result."""

import graphene
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.graphql.ids import pk_from_global_id, pks_from_global_ids
from core.graphql.mutations import BaseMutation
from shop import services, stock
from shop.error_codes import ShopErrorCode
from shop.graphql.types import ProductVariant, ShopError
from shop.models import Product


class ProductBulkPublish(BaseMutation):
    """Publish or unpublish products; all of them or, on an error, none."""

    count = graphene.Int(description="How many products changed state; null on an error.")

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
        is_published = graphene.Boolean(required=True)

    class Meta:
        error_type = ShopError
        permission = "shop.change_product"

    @classmethod
    def perform_mutation(cls, root, info, ids, is_published):
        ids_by_pk, invalid = pks_from_global_ids(ids, "Product")
        found = set(Product.objects.filter(pk__in=ids_by_pk).values_list("pk", flat=True))
        missing = invalid + [gid for pk, gid in ids_by_pk.items() if pk not in found]
        if missing:
            raise typed_error(
                _("No product with the id(s): %(ids)s.") % {"ids": ", ".join(missing)},
                ShopErrorCode.NOT_FOUND,
                field="ids",
            )
        count = services.products_set_published(product_ids=found, is_published=is_published)
        return {"count": count}


class ProductVariantStockUpdate(BaseMutation):
    """Set the quantity in stock of a variant, after an inventory count say."""

    variant = graphene.Field(ProductVariant, description="The variant; null on an error.")

    class Arguments:
        id = graphene.ID(required=True, description="The variant's id.")
        quantity = graphene.Int(required=True, description="The new quantity in stock, ≥ 0.")

    class Meta:
        error_type = ShopError
        permission = "shop.change_productvariant"

    @classmethod
    def perform_mutation(cls, root, info, id, quantity):
        variant_pk = pk_from_global_id(id, "ProductVariant")
        if variant_pk is None:
            raise typed_error(_("No such variant."), ShopErrorCode.NOT_FOUND, field="id")
        variant = stock.variant_set_stock(variant_id=variant_pk, quantity=quantity)
        return {"variant": variant}


class ShopMutations(graphene.ObjectType):
    product_bulk_publish = ProductBulkPublish.Field()
    product_variant_stock_update = ProductVariantStockUpdate.Field()
