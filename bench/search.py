"""Search benchmark: EXPLAIN ANALYZE of the catalog search on 100,000 demo products (PostgreSQL).

Run by hand, never in CI:  .venv/bin/python bench/search.py [--reuse-db] [--products 100000]

It drops and recreates the `smallshop_search_bench` database (unless `--reuse-db` finds it
loaded), migrates, loads `load_demo_shop --products N --no-staff`, runs VACUUM ANALYZE, then runs
bench/search_explain.py: for each query in English and French, the listing's queryset built
as the storefront builds it, with the EXPLAIN ANALYZE of its first page and of its count.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "smallshop_search_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-db", action="store_true", help="keep a loaded bench database")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--plans", action="store_true", help="print every plan in full")
    args = parser.parse_args()

    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        CELERY_BROKER_URL="",
        MEDIA_ROOT=str(BASE_DIR / "var" / "bench-media"),
    )
    prepare_database(args.products, reuse=args.reuse_db)

    command = [PYTHON, str(BASE_DIR / "bench" / "search_explain.py")]
    subprocess.run(command + (["--plans"] if args.plans else []), env=os.environ, check=True)
    return 0


def prepare_database(products: int, *, reuse: bool) -> None:
    if reuse and _product_count() >= products:
        print(f"Reusing {DB_NAME}.", flush=True)
        _run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"])
        return
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    print(f"Created {DB_NAME}; migrating and loading {products} products…", flush=True)
    _run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"])
    started = time.perf_counter()
    _run([PYTHON, "manage.py", "load_demo_shop", "--products", str(products), "--no-staff"])
    print(f"Loaded in {time.perf_counter() - started:.0f} s.", flush=True)
    with psycopg.connect(f"{PG_SERVER}/{DB_NAME}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # fresh statistics, as autovacuum would give later


def _product_count() -> int:
    try:
        with psycopg.connect(f"{PG_SERVER}/{DB_NAME}") as connection:
            return connection.execute("SELECT count(*) FROM shop_product").fetchone()[0]
    except psycopg.Error:
        return 0


def _run(command: list[str]) -> None:
    subprocess.run(command, cwd=BASE_DIR, env=os.environ, check=True)


if __name__ == "__main__":
    sys.exit(main())
