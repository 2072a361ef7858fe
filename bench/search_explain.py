"""EXPLAIN ANALYZE of catalog searches; bench/search.py runs it with the bench database in
DATABASE_URL. For each (language, query), the listing's queryset is built as the storefront
builds it (shop.filters.ProductFilter, hence shop.search.products_search); the first plan is
printed in full (all of them with --plans), then a table of execution times."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from shop.filters import ProductFilter  # noqa: E402
from shop.search import (  # noqa: E402
    CORRECTIONS_SQL,
    search_corrections_params,
    search_words,
)
from shop.selectors import published_products  # noqa: E402

# (language, query): stemming, typos, a category, a SKU's start, a miss. The demo catalog is
# in English, so the French searches (French stemming) find the English names they share.
QUERIES = [
    ("en", "sweaters"),
    ("en", "mugs"),
    ("en", "sweter"),
    ("en", "merino wool"),
    ("en", "scarves"),
    ("en", "MUG-0093"),
    ("en", "submarine"),
    ("fr", "sweaters"),
    ("fr", "chinos"),
    ("fr", "écharpe"),
]
PAGE_SIZE = 24


def main() -> None:
    show_all = "--plans" in sys.argv
    rows = []
    for language, text in QUERIES:
        with translation.override(language):
            # Once to warm the cache, as a running shop's would be; then measured.
            search = ProductFilter({"q": text}, queryset=published_products(with_relations=False))
            list(search.qs[:PAGE_SIZE])
            search.qs.count()
            products = published_products(with_relations=False)
            queryset = ProductFilter({"q": text}, queryset=products).qs
            page_plan = queryset[:PAGE_SIZE].explain(analyze=True, buffers=True)
            count_plan = queryset.order_by().values("pk").explain(analyze=True)
            names = list(queryset.values_list("name", flat=True)[:3])
            total = queryset.count()
        corrections_plan = explain_corrections(search_words(text))
        times = [execution_ms(plan) for plan in (corrections_plan, page_plan, count_plan)]
        rows.append((language, text, total, *times, names))
        if show_all or (language, text) in QUERIES[:3]:
            print(f"\n## EXPLAIN ANALYZE, typo corrections of “{text}”\n")
            print(corrections_plan)
            print(f"\n## EXPLAIN ANALYZE, first page of “{text}” ({language})\n")
            print(page_plan)
            print(f"\n## EXPLAIN ANALYZE, count of “{text}” ({language})\n")
            print(count_plan)

    count = published_products(with_relations=False).count()
    print(f"\n## {count:,} published products: first page ({PAGE_SIZE}) and count\n")
    print("| lang | query | matches | corrections ms | page ms | count ms | first results |")
    print("|---|---|---:|---:|---:|---:|---|")
    for language, text, total, corrections_ms, page_ms, count_ms, names in rows:
        print(
            f"| {language} | {text} | {total} | {corrections_ms:.1f} | {page_ms:.1f} "
            f"| {count_ms:.1f} | {', '.join(names)} |"
        )


def explain_corrections(words: list[str]) -> str:
    with connection.cursor() as cursor:
        sql = "EXPLAIN (ANALYZE, BUFFERS) " + CORRECTIONS_SQL
        cursor.execute(sql, search_corrections_params(words))
        return "\n".join(row[0] for row in cursor.fetchall())


def execution_ms(plan: str) -> float:
    line = next(line for line in plan.splitlines() if line.startswith("Execution Time:"))
    return float(line.split(":")[1].split()[0])


if __name__ == "__main__":
    main()
