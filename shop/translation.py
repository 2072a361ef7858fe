"""The catalog in every language of the shop (django-modeltranslation): category and product
names and descriptions read the request's language, falling back to English. Search indexes
every language (shop.services, shop.search)."""

from modeltranslation.translator import TranslationOptions, register

from shop.models import Attribute, AttributeValue, Category, Product


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Attribute)
class AttributeTranslation(TranslationOptions):
    fields = ("name",)


@register(AttributeValue)
class AttributeValueTranslation(TranslationOptions):
    fields = ("name",)
