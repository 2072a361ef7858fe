"""Order numbers (orders.lifecycle.create.order_number_next on core.sequences): `<year>-<n>` with no
prefix, gap-free, starting again at 1 each year; on PostgreSQL also when many ask at once."""

from datetime import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from core.models import NumberSequence
from orders.lifecycle.create import ORDER_NUMBER_SEQUENCE, order_number_next
from tests.concurrency import needs_postgresql, run_together


def _at(year, month, day, hour, minute):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.mark.django_db
def test_numbers_have_no_prefix_and_start_again_at_one_each_year():
    NumberSequence.objects.create(key="invoice", year=2030, last=7)
    with mock.patch("django.utils.timezone.now", return_value=_at(2030, 12, 31, 23, 59)):
        with transaction.atomic():
            last_of_year = [order_number_next(), order_number_next()]
        try:
            with transaction.atomic():
                order_number_next()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    with (
        mock.patch("django.utils.timezone.now", return_value=_at(2031, 1, 1, 0, 1)),
        transaction.atomic(),
    ):
        first_of_next_year = order_number_next()

    assert last_of_year == ["2030-000001", "2030-000002"]
    assert first_of_next_year == "2031-000001"
    assert set(NumberSequence.objects.values_list("key", "year", "last")) == {
        (ORDER_NUMBER_SEQUENCE, 2030, 2),
        (ORDER_NUMBER_SEQUENCE, 2031, 1),
        ("invoice", 2030, 7),
    }


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_orders_numbered_at_once_get_eight_consecutive_numbers():
    year = timezone.localdate().year

    def take(index):
        with transaction.atomic():
            return order_number_next()

    results = run_together(take, 8)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"{year}-{n:06d}" for n in range(1, 9)]
