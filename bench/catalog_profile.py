"""In-process profile of the catalog benchmark's targets; bench/catalog.py runs it with the bench
environment (production settings, the bench database) and the targets as JSON in argv[1].

For each target: the SQL queries of one request, the time per request through Django's test
client (no network, no gunicorn), and EXPLAIN ANALYZE of each SELECT. Prints JSON on stdout.
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = 50
PLANS_KEPT = 3  # the slowest queries of each target keep their plan text


def main() -> None:
    targets = json.loads(sys.argv[1])
    client = Client(HTTP_HOST="127.0.0.1")
    report: dict = {"_explain": []}
    for target in targets:

        def request(target=target):
            if "body" in target:
                return client.post(target["path"], target["body"], content_type="application/json")
            return client.get(target["path"])

        request()  # warm caches (templates, URL resolvers, connection)
        with CaptureQueriesContext(connection) as captured:
            status = request().status_code
        # Read now: the property slices connection.queries, which the next request resets.
        queries = captured.captured_queries
        started = time.perf_counter()
        for _ in range(REPEAT):
            request()
        milliseconds = (time.perf_counter() - started) * 1000 / REPEAT
        report[target["name"]] = {
            "status": status,
            "queries": len(queries),
            "ms_per_request": round(milliseconds, 1),
        }
        report["_explain"] += explain(target["name"], queries)
    print(json.dumps(report))


def explain(target_name: str, queries: list[dict]) -> list[dict]:
    explained = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]
            cursor.execute(f"EXPLAIN (ANALYZE) {sql}")
            explained.append(
                {
                    "target": target_name,
                    "sql": sql,
                    "execution_ms": plan["Execution Time"],
                    "planning_ms": plan["Planning Time"],
                    "plan": "\n".join(row[0] for row in cursor.fetchall()),
                }
            )
    explained.sort(key=lambda item: item["execution_ms"], reverse=True)
    for item in explained[PLANS_KEPT:]:
        del item["plan"]
    return explained


if __name__ == "__main__":
    main()
