"""Content pages in every language of the shop (django-modeltranslation), English as fallback."""

from modeltranslation.translator import TranslationOptions, register

from content.models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body", "body_html")
