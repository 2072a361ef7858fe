"""Models every app shares: the yearly number sequences behind human numbers."""

from django.db import models


class NumberSequence(models.Model):
    """The last number given for `key` (orders, invoices, returns, credit notes, tickets) in a
    year; its row is locked to give the next one (core.sequences.number_next)."""

    key = models.CharField(max_length=32)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="number_sequence_key_year")
        ]

    def __str__(self):
        return f"{self.key} {self.year}: {self.last}"
