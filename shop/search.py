"""Product search: the one function every listing (pages, GraphQL) filters and ranks with.

On PostgreSQL, a product matches when its stored search vector for the request's language
(`search_vector_en`, `search_vector_fr`, GIN-indexed) matches the words: full-text search with
stemming, so "mugs" finds "Mug"; the `shop_english` and `shop_french` configurations of
migration 0005 pass every word through `unaccent` first, so "echarpe" finds "Écharpe". Typos are
corrected against the words of product and category names (SearchTerm, pg_trgm similarity
through a trigram GIN index): "sweter" is also searched as "sweater". The correction runs on
a table of a few thousand words, never per product, so the search stays one index scan of the
vectors (a trigram match on 100,000 product names cost ~15 µs a row: bench/search.py).

The vectors weigh the name (A) above the rest of `search_document` (B: description, category
names, SKUs, and the attribute values once products have them, see
shop.services.product_search_terms). Results are ranked with the products whose name holds the
words first, then by full-text rank. On SQLite (`make run`, the default tests) the search
falls back to "every word appears in the search document", name matches first.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
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
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

QUERY_MAX_LENGTH = 200
MAX_WORDS = 10

# Language code -> (text search configuration, Product field holding its vector).
SEARCH_LANGUAGES = {
    "en": ("shop_english", "search_vector_en"),
    "fr": ("shop_french", "search_vector_fr"),
}
DEFAULT_SEARCH_LANGUAGE = "en"

# `search_name_hit`: the words (or their corrections) are in the name, or only elsewhere
# (description, category, SKU).
NAME_MATCHES, OTHER_TEXT_MATCHES = 1, 0
# The order of search results, best first; an explicit sort of the listing overrides it.
RELEVANCE_ORDER = ("-search_name_hit", "-search_rank", "name", "id")

TERM_MIN_LENGTH, TERM_MAX_LENGTH = 3, 64
# A typed word and a known word this similar (pg_trgm, 0 to 1) are taken for the same word:
# "sweter"/"sweater" 0.5, "teapt"/"teapot" 0.44; "sweter"/"sweet" 0.3 are not.
TYPO_MIN_SIMILARITY = 0.4
TYPO_MAX_CORRECTIONS = 3
_LETTERS = re.compile(r"[^\W\d_]+")

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
        field: SearchVector(_name_in(language), config=Value(config), weight="A")
        + SearchVector("search_document", config=Value(config), weight="B")
        for language, (config, field) in SEARCH_LANGUAGES.items()
    }


def _name_in(language: str) -> Expression:
    """The product's name in `language`, English when it has none (shop/translation.py)."""
    text = CharField()
    if language == "en":
        return Coalesce("name_en", "name", output_field=text)
    return Coalesce(
        NullIf(f"name_{language}", Value(""), output_field=text),
        "name_en",
        "name",
        output_field=text,
    )


class _NameMatches(Func):
    """True when the name part (weight A) of the stored vector matches the query."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        vector_sql, vector_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        return f"(ts_filter({vector_sql}, '{{a}}') @@ {query_sql})", (*vector_params, *query_params)


def search_words(text: str) -> list[str]:
    """The distinct words of `text` that typos are corrected for: folded, letters only, at
    least three of them (as SearchTerm stores the words of names)."""
    words = []
    for word in _LETTERS.findall(search_text_fold(text)):
        if TERM_MIN_LENGTH <= len(word) <= TERM_MAX_LENGTH and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


# For each typed word that is not itself a known word, the known words (SearchTerm) it may be
# a typo of: the trigram index of shop_searchterm finds the candidates (`%`), the similarity
# keeps the close ones. A known word is left alone: "sweaters" (a category) would add
# "sweater", the same lexeme once stemmed, and the planner, counting each alternative of an
# OR apart, would expect three times the matches and scan the whole table.
CORRECTIONS_SQL = """
SELECT typed.word, known.word
FROM unnest(%s::text[]) AS typed(word)
CROSS JOIN LATERAL (
    SELECT word FROM shop_searchterm
    WHERE word %% typed.word AND word <> typed.word AND similarity(word, typed.word) >= %s
    ORDER BY similarity(word, typed.word) DESC, word
    LIMIT %s
) AS known
WHERE NOT EXISTS (SELECT FROM shop_searchterm WHERE word = typed.word)
"""


def search_corrections_params(words: list[str]) -> list:
    return [words, TYPO_MIN_SIMILARITY, TYPO_MAX_CORRECTIONS]


def search_words_of_names(names) -> set[str]:
    """The words of these names that SearchTerm keeps: folded, letters only, 3 to 64 long."""
    return {
        word
        for name in names
        for word in _LETTERS.findall(search_text_fold(name))
        if TERM_MIN_LENGTH <= len(word) <= TERM_MAX_LENGTH
    }


def search_corrections(words: list[str], *, using: str = "default") -> dict[str, list[str]]:
    """For each word, the known words (SearchTerm) it may be a typo of, most similar first
    (PostgreSQL, one query)."""
    if not words:
        return {}
    corrections: dict[str, list[str]] = {}
    with connections[using].cursor() as cursor:
        cursor.execute(CORRECTIONS_SQL, search_corrections_params(words))
        for typed, known in cursor.fetchall():
            corrections.setdefault(typed, []).append(known)
    return corrections


def _text_query(text: str, config: str, corrections: dict[str, list[str]]) -> SearchQuery:
    query = SearchQuery(text, config=Value(config), search_type="websearch")
    if _SKU_LIKE.match(text):
        # websearch_to_tsquery has no prefix search; the token is only word characters and
        # hyphens, so it is a valid to_tsquery operand.
        query = query | SearchQuery(f"{text}:*", config=Value(config), search_type="raw")
    if corrections and all(_LETTERS.fullmatch(token) for token in search_text_fold(text).split()):
        # Each word or one of its corrections, when the query is words only (not a SKU, whose
        # digits would be dropped). The words are letters only: safe to quote.
        alternatives = [
            "(" + " | ".join(f"'{w}'" for w in [word, *corrections.get(word, [])]) + ")"
            for word in search_words(text)
        ]
        raw = " & ".join(alternatives)
        query = query | SearchQuery(raw, config=Value(config), search_type="raw")
    return query


def products_search(queryset: QuerySet, text: str, *, language: str | None = None) -> QuerySet:
    """The products of `queryset` matching `text`, annotated with `search_name_hit` (the name
    matches) and `search_rank`, so that `.order_by(*RELEVANCE_ORDER)` puts the best first.

    `language` ("en", "fr"; default: the active language) chooses the stemming. On PostgreSQL
    it runs one small query now (search_corrections), whatever the number of products.
    """
    text = search_query_normalise(text)
    if not text:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _postgresql_search(queryset, text, search_language(language))
    return _fallback_search(queryset, text)


def _postgresql_search(queryset: QuerySet, text: str, language: str) -> QuerySet:
    config, vector_field = SEARCH_LANGUAGES[language]
    corrections = search_corrections(search_words(text), using=queryset.db)
    query = _text_query(text, config, corrections)
    vector = F(vector_field)
    return queryset.filter(**{vector_field: query}).annotate(
        search_name_hit=Case(
            When(_NameMatches(vector, query), then=Value(NAME_MATCHES)),
            default=Value(OTHER_TEXT_MATCHES),
            output_field=IntegerField(),
        ),
        search_rank=SearchRank(vector, query),
    )


def _fallback_search(queryset: QuerySet, text: str) -> QuerySet:
    words = search_text_fold(text).split()
    in_document = Q()
    in_name = Q()
    for word in words:
        in_document &= Q(search_document__contains=word)
        in_name &= Q(name__icontains=word)
    return queryset.filter(in_document).annotate(
        search_name_hit=Case(
            When(in_name, then=Value(NAME_MATCHES)), default=Value(OTHER_TEXT_MATCHES)
        ),
        search_rank=Value(0.0, output_field=FloatField()),
    )
