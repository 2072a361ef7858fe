"""Articles are written in Markdown by staff and shown as sanitised HTML."""

import pytest

from core.markdown import markdown_render
from tests.support.faq_builders import faq_article

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered():
    html = markdown_render("## Returns\n\nSend it back within **30 days**.\n\n- one\n- two")
    assert "<h2>Returns</h2>" in html
    assert "<strong>30 days</strong>" in html
    assert "<li>one</li>" in html


def test_script_tags_never_survive():
    html = markdown_render(
        "Hello\n\n<script>alert('x')</script>\n\n<p><script>steal()</script></p>"
    )
    assert "<script" not in html
    assert "alert" not in html
    assert "steal" not in html


def test_javascript_links_never_survive():
    html = markdown_render(
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) "
        '<a href="JaVaScRiPt:alert(1)">raw</a> [ok](https://example.com/help)'
    )
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert 'href="https://example.com/help"' in html


def test_raw_html_is_dropped():
    html = markdown_render(
        '<div style="color:red" onclick="x()">box</div>\n\n<iframe src="https://evil.example"></iframe>'
        '\n\n<img src=x onerror="alert(1)">\n\n<b onmouseover="x()">bold</b>'
    )
    for fragment in ("<div", "style=", "onclick", "<iframe", "<img", "onerror", "onmouseover"):
        assert fragment not in html
    assert "box" in html


def test_the_article_stores_the_sanitised_html_and_the_page_shows_it(client):
    article = faq_article(body="Track it **here**.\n\n<script>alert(1)</script>")
    assert article.body_html == "<p>Track it <strong>here</strong>.</p>"

    article.body = "Now [a link](javascript:alert(2))"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert "javascript" not in article.body_html
    assert "a link" in article.body_html

    response = client.get(article.get_absolute_url())
    assert "a link" in response.content.decode()
    assert "alert(2)" not in response.content.decode()
