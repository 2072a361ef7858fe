from decimal import Decimal

import factory
from django.utils.text import slugify

from customers.models import User
from shop.models import Category, Product, ProductImage, ProductVariant
from shop.services import product_refresh_derived_fields

# A French address, as the services and models take it (snake_case fields).
ADDRESS = {
    "first_name": "Alice",
    "last_name": "Martin",
    "street_address_1": "12 rue de la Paix",
    "postal_code": "75002",
    "city": "Paris",
    "country": "FR",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Alice"
    last_name = "Martin"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "A well made thing."
    is_published = True

    @factory.post_generation
    def variants(product, create, extracted, **kwargs):
        """`variants=[{"price": ..., "quantity": ...}, ...]`; by default one variant in stock."""
        if not create:
            return
        for spec in extracted if extracted is not None else [{}]:
            ProductVariantFactory(product=product, **spec)
        product_refresh_derived_fields(product=product)


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory, variants=[])
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "M"
    price = Decimal("19.90")
    quantity = 10


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=8, height=8, color="teal", filename="photo.png")
    alt = ""
