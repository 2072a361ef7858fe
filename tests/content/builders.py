from content.models import Page, PageKind
from content.services import page_save


def published_page(
    slug="terms",
    kind=PageKind.TERMS,
    title="Terms of sale",
    body="Our **terms**.",
    **fields,
) -> Page:
    """A page saved through content.services.page_save (English; `fields` such as title_fr,
    body_fr, status, publish_at)."""
    page = Page(slug=slug, kind=kind, status=fields.pop("status", Page.Status.PUBLISHED))
    page.title_en, page.body_en = title, body
    for name, value in fields.items():
        setattr(page, name, value)
    return page_save(page=page)
