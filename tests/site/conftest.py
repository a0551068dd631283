"""Fixtures for the checks of a built site (`nox -s docs`, `nox -s site`).

A new check is one test function in a file of tests/site marked ``site``, e.g.::

    def test_every_page_has_a_title(html, pages, tree):
        for page in pages("zh_CN"):  # the Chinese site's pages, from the site's root
            assert tree(page).findtext(".//title"), page

- ``html``: the built site's folder (tools/site_layout.py's HTML); a test that uses it fails at
  once, saying so, where no site has been built;
- ``pages(language=None, source_code=True)``: the site's pages, of one language or all
  (``site_layout.built_pages``: one definition of which HTML files are pages);
- ``documents(language=None)``: the same without Sphinx's own pages and the source code;
- ``tree(page)``, ``soup(page)``: a page parsed once per run, by lxml or BeautifulSoup.

Module-level code (parametrize) imports the same helpers from built_site.py.
"""

from __future__ import annotations

import built_site
import pytest
import site_layout


@pytest.fixture(scope="session")
def html():
    if not (site_layout.HTML / "index.html").exists():
        pytest.fail(f"No built site at {site_layout.HTML}: run `nox -s docs` first.", pytrace=False)
    return site_layout.HTML


def _once_the_site_is_there(name: str, helper):
    """A session fixture ``name`` that gives ``helper`` to tests, after ``html``."""

    @pytest.fixture(scope="session", name=name)
    def fixture(html):
        return helper

    return fixture


pages = _once_the_site_is_there("pages", site_layout.built_pages)
documents = _once_the_site_is_there("documents", built_site.documents)
tree = _once_the_site_is_there("tree", built_site.tree)
soup = _once_the_site_is_there("soup", built_site.soup)
