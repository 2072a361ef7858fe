"""Content pages in GraphQL: `page(slug)` and `pages`, published ones only (a draft or a page
not published yet answers null), in the request's language."""

import graphene

from content.models import PageKind as PageKindChoices
from content.selectors import published_pages

__all__ = ["ContentQueries"]

PageKind = graphene.Enum(
    "PageKind",
    [(member.name, member.value) for member in PageKindChoices],
    description="The pages the shop itself links to (terms of sale, legal notice…), or OTHER.",
)


class PageRevision(graphene.ObjectType):
    number = graphene.Int(required=True, description="1 for the first version, then 2…")
    date = graphene.DateTime(required=True, description="When this version was saved.")

    def resolve_date(root, info):
        return root.created_at


class Page(graphene.ObjectType):
    """A published content page."""

    slug = graphene.String(required=True)
    kind = graphene.Field(PageKind, required=True)
    title = graphene.String(required=True)
    body_html = graphene.String(required=True, description="Sanitised HTML, safe to insert.")
    updated_at = graphene.DateTime(required=True)
    revision = graphene.Field(PageRevision, description="The version shown.")

    def resolve_body_html(root, info):
        return root.body_html or ""

    def resolve_revision(root, info):
        revisions = root.revisions.all()  # prefetched
        return max(revisions, key=lambda revision: revision.number, default=None)


class ContentQueries(graphene.ObjectType):
    page = graphene.Field(Page, slug=graphene.String(required=True))
    pages = graphene.List(graphene.NonNull(Page), required=True, description="The published pages.")

    def resolve_page(root, info, slug):
        return published_pages().prefetch_related("revisions").filter(slug=slug).first()

    def resolve_pages(root, info):
        return list(published_pages().prefetch_related("revisions"))
