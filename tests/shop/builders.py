"""Product types with attributes for the tests: trousers in sizes × colours."""

from decimal import Decimal

from shop.models import Attribute, AttributeValue, ProductType, ProductTypeAttribute
from shop.services import variants_generate
from tests.factories import ProductFactory


def clothing_type():
    """The "Clothing" type: Size (28, 30, 32) then Colour (Charcoal, Navy swatches)."""
    size = Attribute.objects.create(name="Size", slug="size", position=0)
    colour = Attribute.objects.create(
        name="Colour", slug="colour", kind=Attribute.Kind.SWATCH, position=1
    )
    for position, name in enumerate(["28", "30", "32"]):
        AttributeValue.objects.create(attribute=size, name=name, slug=name, position=position)
    AttributeValue.objects.create(
        attribute=colour, name="Charcoal", slug="charcoal", color="#36454f", position=0
    )
    AttributeValue.objects.create(
        attribute=colour, name="Navy", slug="navy", color="#1f2a44", position=1
    )
    product_type = ProductType.objects.create(name="Clothing", slug="clothing")
    ProductTypeAttribute.objects.create(product_type=product_type, attribute=size, position=0)
    ProductTypeAttribute.objects.create(product_type=product_type, attribute=colour, position=1)
    return product_type


def values_of(product_type):
    """{attribute: [its values]} of every attribute of `product_type`."""
    return {
        attribute: list(attribute.values.all())
        for attribute in product_type.attributes.order_by("position")
    }


def trousers(product_type=None, *, price=Decimal("59.00"), quantity=5, **kwargs):
    """Chino trousers in every size × colour of the clothing type, each with `quantity`."""
    product_type = product_type or clothing_type()
    product = ProductFactory(
        name=kwargs.pop("name", "Chino Trousers"), product_type=product_type, variants=[], **kwargs
    )
    variants_generate(product, values_of(product_type), price=price, quantity=quantity)
    return product


def variant_of(product, *value_slugs):
    """The product's variant made of exactly these value slugs."""
    for variant in product.variants.prefetch_related("attribute_values__value"):
        if {a.value.slug for a in variant.attribute_values.all()} == set(value_slugs):
            return variant
    raise LookupError(value_slugs)
