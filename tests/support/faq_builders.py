"""FAQ categories and articles for the tests."""

from django.utils.text import slugify

from support.models import FaqArticle, FaqCategory


def faq_category(*, name="Delivery", slug=None, position=0) -> FaqCategory:
    return FaqCategory.objects.create(name=name, slug=slug or slugify(name), position=position)


def faq_article(
    *, category=None, title="Where is my parcel?", body="Follow the tracking link.", **fields
) -> FaqArticle:
    category = category or FaqCategory.objects.first() or faq_category()
    slug = fields.pop("slug", None) or "-".join(title.lower().strip("?!.").split())
    return FaqArticle.objects.create(
        category=category,
        title=title,
        slug=slug,
        body=body,
        is_published=fields.pop("is_published", True),
        **fields,
    )
