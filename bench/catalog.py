"""Catalog benchmark: requests per second and latency of the storefront and the GraphQL API on
10,000 demo products, served by gunicorn with the production settings over PostgreSQL.

Run by hand, never in CI:  .venv/bin/python bench/catalog.py [--reuse-db] [--duration 10]

It installs `wrk` if missing (apt-get), drops and recreates the `smallshop_bench` database,
migrates, loads `load_demo_shop --products 10000`, collects static files, starts gunicorn on a
free port, runs wrk on each target (a warm-up run, then the measured one), then counts the SQL
queries of each target in-process (bench/catalog_profile.py). It prints a Markdown table and
writes the results as JSON to bench/results/ (gitignored).
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "smallshop_bench"
PRODUCTS = 10_000

GRAPHQL_QUERY = """
query Products {
  products(first: 24) {
    totalCount
    edges { node {
      id name slug
      priceFrom { amount currency }
      category { name }
      variants { id sku name price { amount currency } quantityAvailable }
    } }
  }
}
"""

# Prints one JSON line that `_wrk` parses; wrk gives latencies in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %.1f, "p95_us": %.1f, '
    .. '"p99_us": %.1f, "socket_errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-db", action="store_true", help="keep a loaded bench database")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    parser.add_argument("--rounds", type=int, default=3, help="measured runs; the median counts")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    # sync, measured on 2 cores: with gthread, wrk's 4 keep-alive connections stay on whichever
    # worker accepted them, and when one worker holds all 4 the other idles and req/s halves.
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument("--skip-profile", action="store_true", help="no in-process profile")
    args = parser.parse_args()
    # Ctrl-C and `kill` must stop gunicorn too: both raise, so the `finally` below runs (SIGINT
    # even when a shell started us in the background with it ignored).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    ensure_wrk()
    env = django_env()
    load_seconds = prepare_database(env, reuse=args.reuse_db)
    _run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    load_before = os.getloadavg()
    if load_before[0] > 1:
        print(f"Warning: load average {load_before[0]:.1f} before the runs; results will vary.")
    port = free_port()
    server = start_gunicorn(env, port, args)
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base_url}/healthz/", server)
        targets = build_targets()
        results = [bench_target(base_url, target, args) for target in targets]
    finally:
        stop(server)

    profile = {} if args.skip_profile else profile_in_process(env, targets)
    for result in results:
        result.update(profile.get(result["name"], {}))
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "products": PRODUCTS,
        "load_seconds": load_seconds,
        "gunicorn": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads if args.worker_class == "gthread" else 1,
        },
        "wrk": {
            "threads": 1,
            "connections": args.connections,
            "duration": args.duration,
            "rounds": args.rounds,
        },
        "results": results,
        "queries": profile.get("_explain", []),
    }
    print(markdown_table(results))
    slowest = sorted(report["queries"], key=lambda q: q["execution_ms"], reverse=True)[:5]
    if slowest:
        print("\nSlowest SQL queries (EXPLAIN ANALYZE execution time):")
        for query in slowest:
            print(f"  {query['execution_ms']:7.2f} ms  {query['target']}: {query['sql'][:120]}…")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"catalog-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nResults written to {path.relative_to(BASE_DIR)}")
    return 0


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("Installing wrk…", flush=True)
    apt_env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=apt_env)


def django_env() -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # Production settings want 32+ characters; nothing is secret in a throw-away database.
        "SECRET_KEY": "bench-" + "not-a-secret-" * 3,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DEBUG": "False",
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "MEDIA_ROOT": str(BASE_DIR / "var" / "bench-media"),
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "PYTHONUNBUFFERED": "1",
    }


def prepare_database(env: dict[str, str], *, reuse: bool) -> float | None:
    """Recreate and load the bench database; returns the load time, None when reused."""
    if reuse and _product_count() >= PRODUCTS:
        print(f"Reusing {DB_NAME} ({PRODUCTS} products).", flush=True)
        _run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        return None
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    print(f"Created the database {DB_NAME}; migrating and loading {PRODUCTS} products…")
    _run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.perf_counter()
    _run([PYTHON, "manage.py", "load_demo_shop", "--products", str(PRODUCTS), "--no-staff"], env)
    seconds = round(time.perf_counter() - started, 1)
    with psycopg.connect(f"{PG_SERVER}/{DB_NAME}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # fresh statistics, as autovacuum would give later
    return seconds


def _product_count() -> int:
    try:
        with psycopg.connect(f"{PG_SERVER}/{DB_NAME}") as connection:
            return connection.execute("SELECT count(*) FROM shop_product").fetchone()[0]
    except psycopg.Error:
        return 0


def build_targets() -> list[dict]:
    with psycopg.connect(f"{PG_SERVER}/{DB_NAME}") as connection:
        # A published product from the middle of the catalog, with several variants.
        slug = connection.execute(
            "SELECT p.slug FROM shop_product p JOIN shop_productvariant v ON v.product_id = p.id "
            "WHERE p.is_published GROUP BY p.id HAVING count(*) >= 4 ORDER BY p.id "
            "OFFSET 2000 LIMIT 1"
        ).fetchone()[0]
    body = json.dumps({"query": GRAPHQL_QUERY})
    return [
        {"name": "healthz", "path": "/healthz/"},
        {"name": "listing", "path": "/products/"},
        {"name": "product", "path": f"/p/{slug}/"},
        {"name": "graphql products(first: 24)", "path": "/graphql/", "body": body},
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, args) -> subprocess.Popen:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    command = [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers), "--worker-class", args.worker_class]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    command += ["--log-level", "warning", "--error-logfile", str(RESULTS_DIR / "gunicorn.log")]
    print(f"Starting gunicorn: {' '.join(command[1:])}", flush=True)
    # Its own process group, so that stopping it stops its workers too.
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see bench/results/")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def bench_target(base_url: str, target: dict, args) -> dict:
    url = base_url + target["path"]
    result = {"name": target["name"], "path": target["path"]}
    problem = _check(url, target.get("body"))
    if problem:
        print(f"{target['name']}: skipped, {problem}", flush=True)
        return result | {"error": problem}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if "body" in target:
            script.write('wrk.method = "POST"\n')
            script.write('wrk.headers["Content-Type"] = "application/json"\n')
            script.write(f"wrk.body = [==[{target['body']}]==]\n")
        script.write(WRK_REPORT)
    try:
        _wrk(url, script.name, args.warmup, args.connections)
        rounds = [
            _wrk(url, script.name, args.duration, args.connections) for _ in range(args.rounds)
        ]
    finally:
        os.unlink(script.name)
    for stats in rounds:
        stats["requests_per_second"] = stats["requests"] / (stats["duration_us"] / 1e6)
    # The machine may be shared: the median round, not the best or the worst, is reported.
    rounds.sort(key=lambda stats: stats["requests_per_second"])
    stats = rounds[len(rounds) // 2]
    every_round = [round(r["requests_per_second"]) for r in rounds]
    print(f"{target['name']}: {every_round} req/s", flush=True)
    return result | {
        "requests_per_second": round(stats["requests_per_second"], 1),
        "rounds_requests_per_second": every_round,
        "p50_ms": round(stats["p50_us"] / 1000, 2),
        "p95_ms": round(stats["p95_us"] / 1000, 2),
        "p99_ms": round(stats["p99_us"] / 1000, 2),
        "requests": stats["requests"],
        "socket_errors": stats["socket_errors"],
        "non_2xx": stats["non_2xx"],
    }


def _check(url: str, body: str | None) -> str | None:
    """Why the target cannot be measured (not a 200, GraphQL errors), or None."""
    data = body.encode() if body else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except OSError as error:
        return str(error)
    if body:
        errors = json.loads(content).get("errors")
        if errors:
            return "GraphQL errors: " + "; ".join(e.get("message", "?") for e in errors)[:300]
    return None


def _wrk(url: str, script: str, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def profile_in_process(env: dict[str, str], targets: list[dict]) -> dict:
    """Query counts, in-process time per request and EXPLAIN ANALYZE (bench/catalog_profile.py)."""
    command = [PYTHON, str(BASE_DIR / "bench" / "catalog_profile.py"), json.dumps(targets)]
    output = subprocess.run(command, cwd=BASE_DIR, env=env, check=True, stdout=subprocess.PIPE)
    return json.loads(output.stdout)


def markdown_table(results: list[dict]) -> str:
    baseline = next((r for r in results if r["name"] == "healthz"), {})
    base_rps = baseline.get("requests_per_second")
    lines = [
        "| Target | req/s | p50 ms | p95 ms | vs /healthz/ | SQL queries | in-process ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} | {r['error']} | | | | | |")
            continue
        ratio = f"{r['requests_per_second'] / base_rps:.2f}" if base_rps else "–"
        lines.append(
            f"| {r['name']} | {r['requests_per_second']:.0f} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {ratio} | {r.get('queries', '–')} "
            f"| {r.get('ms_per_request', '–')} |"
        )
        if r["non_2xx"] or r["socket_errors"]:
            lines[-1] += f" ⚠ {r['non_2xx']} non-2xx, {r['socket_errors']} socket errors"
    return "\n".join(lines)


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted.")
