"""core.templatetags.shop_tags: the category checkboxes of the filter sidebar."""

import pytest

from core.templatetags.shop_tags import category_choices
from shop.filters import ProductFilter
from shop.models import Product
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_category_checkboxes_are_written_as_the_form_widget_would():
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    CategoryFactory(name="Shirts & <Tops>", slug="shirts", parent=clothing)
    CategoryFactory(name="Kitchen", slug="kitchen")
    form = ProductFilter({"category": ["shirts"]}, queryset=Product.objects.all()).form
    widgets = {widget.data["value"].instance.slug: widget for widget in form["category"]}

    choices = category_choices(form["category"])

    assert [(checkbox.choice_label, depth) for checkbox, depth in choices] == [
        ("Clothing", 0),
        ("Shirts & <Tops>", 1),
        ("Kitchen", 0),
    ]
    for checkbox, _depth in choices:
        widget = next(w for w in widgets.values() if w.choice_label == checkbox.choice_label)
        assert checkbox.tag == widget.tag()
        assert checkbox.id_for_label == widget.id_for_label
    assert " checked>" in choices[1][0].tag
    assert "checked" not in choices[0][0].tag


def test_category_checkboxes_below_a_root_only():
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    shirts = CategoryFactory(name="Shirts", slug="shirts", parent=clothing)
    CategoryFactory(name="Linen", slug="linen", parent=shirts)
    CategoryFactory(name="Kitchen", slug="kitchen")
    form = ProductFilter(None, queryset=Product.objects.all()).form

    choices = category_choices(form["category"], root=clothing)

    assert [(checkbox.choice_label, depth) for checkbox, depth in choices] == [
        ("Shirts", 0),
        ("Linen", 1),
    ]
