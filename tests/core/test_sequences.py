"""Yearly human numbers (returns, credit notes, tickets): gap-free, per key, also when many
transactions ask at once on PostgreSQL."""

import pytest
from django.db import transaction
from django.utils import timezone

from core.sequences import number_next
from tests.concurrency import needs_postgresql, run_together


@pytest.mark.django_db
def test_each_key_counts_on_its_own_and_a_rolled_back_number_is_given_again():
    year = timezone.localdate().year

    with transaction.atomic():
        first = number_next(key="return", prefix="R")
    with transaction.atomic():
        ticket = number_next(key="ticket", prefix="T")
    try:
        with transaction.atomic():
            number_next(key="return", prefix="R")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    with transaction.atomic():
        second = number_next(key="return", prefix="R")

    assert first == f"R-{year}-000001"
    assert ticket == f"T-{year}-000001"
    assert second == f"R-{year}-000002"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_transactions_at_once_get_eight_consecutive_numbers():
    year = timezone.localdate().year

    def take(index):
        with transaction.atomic():
            return number_next(key="credit_note", prefix="AV")

    results = run_together(take, 8)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"AV-{year}-{n:06d}" for n in range(1, 9)]
