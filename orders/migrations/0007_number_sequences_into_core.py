"""Order and invoice numbers move onto core's one gap-free sequence (core.sequences.number_next):
every year's last order number becomes the row (key "order", year) of core.NumberSequence, every
year's last invoice number the row (key "invoice", year), so the next numbers continue exactly.
Migration 0008 then deletes the two old counters. Backwards: the values are copied back and
core's "order" and "invoice" rows removed."""

from django.db import migrations

# The keys are frozen here: orders.services.ORDER_NUMBER_SEQUENCE and
# orders.documents.invoices.INVOICE_NUMBER_SEQUENCE must keep these values.
MOVED = {"order": "OrderNumberSequence", "invoice": "InvoiceNumberSequence"}


def copy_into_core(apps, schema_editor):
    NumberSequence = apps.get_model("core", "NumberSequence")
    for key, model_name in MOVED.items():
        for old in apps.get_model("orders", model_name).objects.all():
            sequence, created = NumberSequence.objects.get_or_create(
                key=key, year=old.year, defaults={"last": old.last}
            )
            # Never count backwards: a number already given stays given.
            if not created and sequence.last < old.last:
                sequence.last = old.last
                sequence.save(update_fields=["last"])


def copy_back(apps, schema_editor):
    NumberSequence = apps.get_model("core", "NumberSequence")
    for key, model_name in MOVED.items():
        model = apps.get_model("orders", model_name)
        for sequence in NumberSequence.objects.filter(key=key):
            model.objects.update_or_create(year=sequence.year, defaults={"last": sequence.last})
    NumberSequence.objects.filter(key__in=MOVED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("orders", "0006_checkout_stock_held_since"),
    ]

    operations = [migrations.RunPython(copy_into_core, copy_back)]
