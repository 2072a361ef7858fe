"""EXPLAIN ANALYZE of catalog searches; bench/search.py runs it with the bench database in
DATABASE_URL. For each (language, query), the listing's queryset is built as the storefront
builds it (shop.filters.ProductFilter, hence shop.search.products_search); the first plan is
printed in full (all of them with --plans), then a table of execution times."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from shop.filters import ProductFilter  # noqa: E402
from shop.selectors import published_products  # noqa: E402

# (language, query): stemming, accents, typos, a category, a SKU, and a miss.
QUERIES = [
    ("en", "sweaters"),
    ("en", "mugs"),
    ("en", "sweter"),
    ("en", "merino wool"),
    ("en", "kitchen"),
    ("en", "TSH-0042"),
    ("en", "submarine"),
    ("fr", "echarpe"),
    ("fr", "pantalons"),
]
PAGE_SIZE = 24


def main() -> None:
    show_all = "--plans" in sys.argv
    rows = []
    for language, text in QUERIES:
        with translation.override(language):
            products = published_products(with_relations=False)
            queryset = ProductFilter({"q": text}, queryset=products).qs
            page_plan = queryset[:PAGE_SIZE].explain(analyze=True, buffers=True)
            count_plan = queryset.order_by().values("pk").explain(analyze=True)
            names = list(queryset.values_list("name", flat=True)[:3])
            total = queryset.count()
        rows.append((language, text, total, execution_ms(page_plan), execution_ms(count_plan)))
        rows[-1] += (names,)
        if show_all or (language, text) == QUERIES[0]:
            print(f"\n## EXPLAIN ANALYZE, first page of “{text}” ({language})\n")
            print(page_plan)
            print(f"\n## EXPLAIN ANALYZE, count of “{text}” ({language})\n")
            print(count_plan)

    count = published_products(with_relations=False).count()
    print(f"\n## {count:,} published products: first page ({PAGE_SIZE}) and count\n")
    print("| lang | query | matches | page ms | count ms | first results |")
    print("|---|---|---:|---:|---:|---|")
    for language, text, total, page_ms, count_ms, names in rows:
        print(
            f"| {language} | {text} | {total} | {page_ms:.1f} | {count_ms:.1f} "
            f"| {', '.join(names)} |"
        )


def execution_ms(plan: str) -> float:
    line = next(line for line in plan.splitlines() if line.startswith("Execution Time:"))
    return float(line.split(":")[1].split()[0])


if __name__ == "__main__":
    main()
