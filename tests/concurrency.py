"""Running work in threads released at the same instant, for the PostgreSQL race tests."""

import threading

import pytest
from django.db import connection

# Row locks are what these tests exercise; SQLite has none.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


def run_together(work, count: int) -> list:
    """Run work(0..count-1) in threads released at the same instant; return or raise values.

    Each thread closes its own database connection; a thread still running after two minutes
    fails the test (a deadlock, most likely)."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results
