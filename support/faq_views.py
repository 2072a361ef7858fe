"""Public help pages: categories, articles with "did this answer your question?", search, and
the suggestions shown before a ticket is sent."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.http import client_ip
from support.faq import (
    faq_article_deflect,
    faq_article_view,
    faq_article_vote,
    faq_search,
    faq_suggestions,
    published_faq_articles,
)
from support.limits import faq_search_log_allowed
from support.models import FaqArticle, FaqCategory, FaqSearch

SUGGESTION_SOURCES = {FaqSearch.Where.CONTACT, FaqSearch.Where.ORDER_QUESTION}
_VOTED = "faq_voted"
_DEFLECTED = "faq_deflected"


def _categories():
    published = Q(articles__is_published=True)
    return (
        FaqCategory.objects.annotate(article_count=Count("articles", filter=published))
        .filter(article_count__gt=0)
        .prefetch_related(
            Prefetch("articles", queryset=FaqArticle.objects.filter(is_published=True))
        )
    )


def _remember(request, key, article) -> bool:
    """Record `article` under `key` in the session; False when it was already there."""
    seen = request.session.get(key, [])
    if article.pk in seen:
        return False
    request.session[key] = [*seen, article.pk][-200:]
    return True


@require_GET
def faq_home(request):
    query = request.GET.get("q", "").strip()
    results = None
    if query:
        log = faq_search_log_allowed(ip=client_ip(request))
        results = faq_search(query, where=FaqSearch.Where.FAQ, log=log)
    return render(
        request,
        "support/faq_home.html",
        {"categories": _categories(), "query": query, "results": results},
    )


@require_GET
def faq_category(request, category_slug):
    category = get_object_or_404(_categories(), slug=category_slug)
    return render(request, "support/faq_category.html", {"category": category})


def _article(category_slug, article_slug):
    return get_object_or_404(
        published_faq_articles(), category__slug=category_slug, slug=article_slug
    )


@require_GET
def faq_article(request, category_slug, article_slug):
    article = _article(category_slug, article_slug)
    faq_article_view(article=article)
    voted = article.pk in request.session.get(_VOTED, [])
    return render(request, "support/faq_article.html", {"article": article, "voted": voted})


@require_POST
def faq_article_vote_view(request, category_slug, article_slug):
    article = _article(category_slug, article_slug)
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        return HttpResponseBadRequest()
    if _remember(request, _VOTED, article):
        faq_article_vote(article=article, helpful=answer == "yes")
    return redirect(f"{article.get_absolute_url()}#feedback")


def _source(request):
    source = request.GET.get("source") or request.POST.get("source")
    return source if source in SUGGESTION_SOURCES else FaqSearch.Where.CONTACT


@require_GET
def faq_suggestions_fragment(request):
    """The suggestions for ?q= as an HTML fragment: fetched by static/js/faq-suggestions.js as the
    subject is typed, and the no-JS "Check the help pages" step when opened as a page."""
    source = _source(request)
    query = request.GET.get("q", "")
    status = 200
    try:
        found = faq_suggestions(query, source=source, ip=client_ip(request))
    except ValidationError:  # RATE_LIMITED: no suggestions, the form still works without
        found, status = [], 429
    context = {"faq_suggestions": found, "faq_source": source, "faq_query": query}
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "support/includes/faq_suggestions.html", context, status=status)
    return render(request, "support/faq_check.html", context, status=status)


@require_POST
def faq_deflect(request, article_id):
    """ "This answered my question": the ticket is not sent, the article counts a deflection."""
    article = get_object_or_404(published_faq_articles(), pk=article_id)
    if _remember(request, _DEFLECTED, article):
        faq_article_deflect(article=article)
    return render(request, "support/faq_deflected.html", {"article": article})
