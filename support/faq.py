"""The FAQ knowledge base: search, suggestions before a ticket is sent, and its counters.

Search is a word search that behaves the same on SQLite and PostgreSQL: every word of at least
three letters is looked for in the title and the body (case-insensitive), an article matching
more words ranks higher, and a word in the title counts three times one in the body. With a few
hundred articles that is fast and predictable; a full-text index can replace `_ranked` later.
"""

import re

from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from support.limits import faq_suggested_first_time, faq_suggestions_count
from support.models import FaqArticle, FaqSearch

MIN_WORD_LENGTH = 3
MAX_WORDS = 8
QUERY_MAX_LENGTH = 200
TITLE_WEIGHT = 3

_WORD = re.compile(r"\w+", re.UNICODE)
# Words of three letters or more that say nothing about the question (English and French).
_STOPWORDS = """
    the and for are but not you your yours has have had was were with this that from what when
    where which who why how can could would will does did any all our out get got there they
    them their about into been also just still yet please hello thanks thank its
    les des une est pas pour que qui dans sur avec mon mes vous nous votre vos mais par aux ces
    son sont ont bonjour merci quand comment pourquoi cette
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def faq_query_normalise(text: str) -> str:
    """`text` lower-cased, with its whitespace collapsed, cut to what FaqSearch stores."""
    return " ".join((text or "").lower().split())[:QUERY_MAX_LENGTH]


def faq_query_words(text: str) -> list[str]:
    """The distinct words of `text` worth searching for, in order."""
    words = []
    for word in _WORD.findall(faq_query_normalise(text)):
        if len(word) >= MIN_WORD_LENGTH and word not in STOPWORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def published_faq_articles() -> QuerySet[FaqArticle]:
    return FaqArticle.objects.filter(is_published=True).select_related("category")


def _ranked(words: list[str]) -> QuerySet[FaqArticle]:
    score = Value(0)
    matches = Q()
    for word in words:
        score = score + Case(
            When(title__icontains=word, then=Value(TITLE_WEIGHT)),
            When(body__icontains=word, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        matches |= Q(title__icontains=word) | Q(body__icontains=word)
    return (
        published_faq_articles()
        .filter(matches)
        .annotate(rank=Coalesce(score, 0, output_field=IntegerField()))
        .order_by("-rank", "category__position", "position", "id")
    )


def faq_search(text: str, *, where: str, limit: int = 20, log: bool = True) -> list[FaqArticle]:
    """Published articles matching `text`, best first; the search is logged in FaqSearch
    (`where`: a FaqSearch.Where value) unless `log` is false or there is nothing to search."""
    words = faq_query_words(text)
    if not words:
        return []
    articles = list(_ranked(words)[:limit])
    if log:
        FaqSearch.objects.create(
            query=faq_query_normalise(text), results_count=len(articles), where=where
        )
    return articles


def faq_suggestions(
    text: str, *, limit: int = 3, source: str, ip: str | None = None
) -> list[FaqArticle]:
    """Up to `limit` articles answering `text` (a ticket's subject and/or message), shown before
    the ticket is sent. Logs the search from `source` (FaqSearch.Where) and counts `suggested`.

    `ip`: the client of a web request (core.http.client_ip). Its requests are limited per hour
    (RATE_LIMITED, nothing written) and each article counts as suggested at most once per
    client and hour (support.limits), so repeating a GET cannot pump the counters or the log.
    """
    if ip is not None:
        faq_suggestions_count(ip=ip)
    articles = faq_search(text, where=source, limit=limit)
    counted = [
        a.pk for a in articles if ip is None or faq_suggested_first_time(ip=ip, article_id=a.pk)
    ]
    if counted:
        FaqArticle.objects.filter(pk__in=counted).update(suggested=F("suggested") + 1)
    return articles


def _count(article: FaqArticle, field: str) -> None:
    FaqArticle.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
    article.refresh_from_db(fields=[field])


def faq_article_view(*, article: FaqArticle) -> None:
    """Count one view of `article`."""
    _count(article, "views")


def faq_article_vote(*, article: FaqArticle, helpful: bool) -> None:
    """Count one answer to "did this answer your question?". The caller keeps one vote per
    visitor (the views remember it in the session)."""
    _count(article, "helpful_yes" if helpful else "helpful_no")


def faq_article_deflect(*, article: FaqArticle) -> None:
    """Count that a suggestion answered the question: a ticket that was not sent."""
    _count(article, "deflected")


def faq_no_result_searches(*, since=None, until=None, limit: int = 20) -> list[dict]:
    """The most frequent searches that found nothing: [{"query", "count", "last"}…]."""
    searches = FaqSearch.objects.filter(results_count=0)
    if since is not None:
        searches = searches.filter(created_at__gte=since)
    if until is not None:
        searches = searches.filter(created_at__lt=until)
    return list(
        searches.values("query")
        .annotate(count=Count("id"), last=Max("created_at"))
        .order_by("-count", "-last", "query")[:limit]
    )
