"""Sphinx extension: "Report a problem with this page", on every page, in both languages.

The link opens a new issue in the repository (``page_source_repository``, from pyproject.toml's
``[project.urls] Source``) with the issue form ``.github/ISSUE_TEMPLATE/page-problem.yml``,
prefilled with the page's title, its address and the site's version; the form then asks for what
a maintainer needs to rerun the page as the reader did (how it was run, OS, Python, torch, the
device). GitHub fills a form's field from the query parameter named by the field's ``id``.
Without a repository the footer shows no link.
"""

from __future__ import annotations

from urllib.parse import urlencode

from site_layout import ROOT

ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "page-problem.yml"


def report_url(repository: str, page_url: str, title: str, version: str) -> str:
    """The new-issue address for one page (the form's field ids: ``page``, ``version``)."""
    query = {
        "template": ISSUE_FORM.name,
        "title": f"Page: {title}",
        "page": page_url,
        "version": version,
    }
    return f"{repository.rstrip('/')}/issues/new?{urlencode(query)}"


def _page_context(app, pagename, templatename, context, doctree) -> None:
    repository = app.config.page_source_repository
    if not repository:
        context["dlnotes_report_url"] = None
        return
    # The page's published address where the site has one (Sphinx's `pageurl`), else its path.
    page_url = context.get("pageurl") or app.builder.get_target_uri(pagename)
    title = context.get("title") or pagename
    context["dlnotes_report_url"] = report_url(repository, page_url, title, app.config.release)


def setup(app):
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
