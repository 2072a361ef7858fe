"""A content page: published for everyone, any state for staff who edit pages (the preview)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from content.selectors import page_for_reader, published_pages


@require_GET
def page_detail(request, slug):
    page = page_for_reader(slug=slug, user=request.user)
    if page is None:
        raise Http404
    context = {
        "page": page,
        "revision": page.revisions.order_by("-number").first(),
        "is_preview": not published_pages().filter(pk=page.pk).exists(),
    }
    response = render(request, "content/page.html", context)
    if context["is_preview"]:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response
