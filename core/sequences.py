"""Human numbers without gaps, one counter per key and year: `2026-000123` for orders (no
prefix), `F-2026-000001` for invoices, `R-2026-000045` for returns, `AV-2026-000001` for credit
notes, `T-2026-000123` for tickets."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import NumberSequence


def number_next(*, key: str, prefix: str = "", width: int = 6) -> str:
    """The next number of the year for `key`, formatted `<prefix>-<year>-<n>`, or `<year>-<n>`
    when `prefix` is empty.

    Call inside a transaction: the year's counter row stays locked until it commits, so two
    callers never get the same number and a rolled-back one gives its number back.
    """
    sequence = number_sequence_lock(key=key)
    year = sequence.year
    sequence.last += 1
    sequence.save(update_fields=["last"])
    number = f"{year}-{sequence.last:0{width}d}"
    return f"{prefix}-{number}" if prefix else number


def number_sequence_lock(*, key: str) -> NumberSequence:
    """The year's counter row for `key`, created if needed and locked (SELECT … FOR UPDATE)
    until the transaction commits: for a caller that must decide what to number while no one
    else numbers (call inside a transaction; number_next takes the same lock again)."""
    year = timezone.localdate().year
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(key=key, year=year)
    except IntegrityError:  # another transaction created the year's row at the same moment
        pass
    return NumberSequence.objects.select_for_update().get(key=key, year=year)
