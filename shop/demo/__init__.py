"""A deterministic demo catalog for local use, tests and the benchmark (`manage.py load_demo_shop`).

`data` holds the word lists and the category tree, `generate` turns them into plain product specs
with a seeded random generator, `images` draws placeholder pictures with Pillow, and `load` writes
everything to the database in batches.
"""
