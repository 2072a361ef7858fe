"""The FAQ in every language of the shop (django-modeltranslation): `title`, `body` and its
rendered HTML read the request's language, falling back to English."""

from modeltranslation.translator import TranslationOptions, register

from support.models import FaqArticle, FaqCategory


@register(FaqCategory)
class FaqCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(FaqArticle)
class FaqArticleTranslation(TranslationOptions):
    fields = ("title", "body", "body_html")
