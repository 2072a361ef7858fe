"""Product search: the one function every listing (pages, GraphQL) filters and ranks with.

On PostgreSQL, a product matches when
- its stored search vector for the request's language (`search_vector_en`, `search_vector_fr`)
  matches the words (full-text search: stemming, so "mugs" finds "Mug"; the `shop_english` and
  `shop_french` configurations of migration 0005 pass every word through `unaccent` first, so
  "echarpe" finds "Écharpe"), or
- its name has a word close to the query (pg_trgm word similarity), so "sweter" finds "Sweater".
Both conditions are served by GIN indexes (migration 0005). The vectors weigh the name (A) above
the rest of `search_document` (B: description, category names, SKUs, and the attribute values
once products have attributes, see shop.services.product_search_terms).

Results are ranked with products whose name matches first, then by full-text rank plus
trigram similarity. On SQLite (`make run`, the default tests) the search falls back to a plain
"every word appears in the search document" match, name matches first.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import translation

QUERY_MAX_LENGTH = 200
MAX_WORDS = 10

# Language code -> (text search configuration, Product field holding its vector).
SEARCH_LANGUAGES = {
    "en": ("shop_english", "search_vector_en"),
    "fr": ("shop_french", "search_vector_fr"),
}
DEFAULT_SEARCH_LANGUAGE = "en"

# The order of search results, best first; an explicit sort of the listing overrides it.
RELEVANCE_ORDER = ("-search_name_hit", "-search_rank", "name", "id")

# One token that looks like a SKU ("SHIRT-L", "TSH-0042"): also matched as a prefix.
_SKU_LIKE = re.compile(r"^[\w-]*[\d-][\w-]*$")


def search_text_fold(text: str) -> str:
    """`text` lower-cased and without accents ("Écharpe" -> "echarpe"), as the SQLite fallback
    and the stored search document compare words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_query_normalise(text: str) -> str:
    """The query as searched and logged: whitespace collapsed, at most QUERY_MAX_LENGTH long."""
    return " ".join((text or "").split()[:MAX_WORDS])[:QUERY_MAX_LENGTH]


def search_language(language: str | None = None) -> str:
    """The search language of `language` (default: the active one): "en" or "fr"."""
    code = (language or translation.get_language() or DEFAULT_SEARCH_LANGUAGE).split("-")[0]
    return code if code in SEARCH_LANGUAGES else DEFAULT_SEARCH_LANGUAGE


def search_vector_updates() -> dict[str, Expression]:
    """`Product.objects.filter(…).update(**search_vector_updates())` recomputes the stored
    vectors from `name` and `search_document` (PostgreSQL only)."""
    return {
        field: SearchVector("name", config=Value(config), weight="A")
        + SearchVector("search_document", config=Value(config), weight="B")
        for config, field in SEARCH_LANGUAGES.values()
    }


class _NameSimilarity(Func):
    """How close the query is to a word of the product's name, 0 to 1 (pg_trgm).

    `shop_unaccent(name)` is the expression of the trigram GIN index (migration 0005): keep
    both the same or the index is not used."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        query_sql, query_params = compiler.compile(self.source_expressions[0])
        name_sql, name_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"GREATEST(word_similarity(shop_unaccent({query_sql}), shop_unaccent({name_sql})), "
            f"strict_word_similarity(shop_unaccent({query_sql}), shop_unaccent({name_sql})))"
        )
        return sql, (*query_params, *name_params, *query_params, *name_params)


class _NameIsSimilar(_NameSimilarity):
    """True when a word of the name is close to the query: the indexable form of
    _NameSimilarity, with pg_trgm's thresholds (word 0.6 or strict word 0.5)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        query_sql, query_params = compiler.compile(self.source_expressions[0])
        name_sql, name_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(shop_unaccent({query_sql}) <%% shop_unaccent({name_sql}) "
            f"OR shop_unaccent({query_sql}) <<%% shop_unaccent({name_sql}))"
        )
        return sql, (*query_params, *name_params, *query_params, *name_params)


class _NameMatches(Func):
    """True when the name part (weight A) of the stored vector matches the query."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        vector_sql, vector_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        return f"(ts_filter({vector_sql}, '{{a}}') @@ {query_sql})", (*vector_params, *query_params)


def _text_query(text: str, config: str) -> SearchQuery:
    query = SearchQuery(text, config=Value(config), search_type="websearch")
    if _SKU_LIKE.match(text):
        # websearch_to_tsquery has no prefix search; the token is only word characters and
        # hyphens, so it is a valid to_tsquery operand.
        query = query | SearchQuery(f"{text}:*", config=Value(config), search_type="raw")
    return query


def products_search(queryset: QuerySet, text: str, *, language: str | None = None) -> QuerySet:
    """The products of `queryset` matching `text`, annotated with `search_name_hit` (the name
    matches) and `search_rank`, so that `.order_by(*RELEVANCE_ORDER)` puts the best first.

    `language` ("en", "fr"; default: the active language) chooses the stemming. Adds no query.
    """
    text = search_query_normalise(text)
    if not text:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _postgresql_search(queryset, text, search_language(language))
    return _fallback_search(queryset, text)


def _postgresql_search(queryset: QuerySet, text: str, language: str) -> QuerySet:
    config, vector_field = SEARCH_LANGUAGES[language]
    query = _text_query(text, config)
    vector = F(vector_field)
    name_is_similar = _NameIsSimilar(Value(text), F("name"))
    return queryset.filter(Q(**{vector_field: query}) | Q(name_is_similar)).annotate(
        search_name_hit=Case(
            When(Q(_NameMatches(vector, query)) | Q(name_is_similar), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        search_rank=SearchRank(vector, query) + _NameSimilarity(Value(text), F("name")),
    )


def _fallback_search(queryset: QuerySet, text: str) -> QuerySet:
    words = search_text_fold(text).split()
    in_document = Q()
    in_name = Q()
    for word in words:
        in_document &= Q(search_document__contains=word)
        in_name &= Q(name__icontains=word)
    return queryset.filter(in_document).annotate(
        search_name_hit=Case(When(in_name, then=Value(1)), default=Value(0)),
        search_rank=Value(0.0, output_field=FloatField()),
    )
