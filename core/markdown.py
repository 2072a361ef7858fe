"""Markdown written by staff (FAQ answers, content pages), rendered to HTML that is safe to show
to anyone."""

import markdown
import nh3

# What an FAQ answer or a legal page needs; anything else (script, style, iframe, forms, raw
# HTML blocks, event handlers, inline styles) is dropped by nh3.
ALLOWED_TAGS = {
    "a", "p", "br", "h1", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# javascript:, data:, vbscript: … never survive: only these schemes (and relative links) do.
URL_SCHEMES = {"http", "https", "mailto"}


def markdown_render(text: str) -> str:
    """The sanitised HTML of `text` (Markdown). Raw HTML in the source is escaped, not kept."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
