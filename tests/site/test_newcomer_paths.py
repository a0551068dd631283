"""The how-to's paths "add a page" and "add a language" (docs/howto/add_a_tutorial.md), followed on
stand-ins: a page in a gallery of its own, and a language added to tools/site_layout.py's records.
("Add a loss" is tests/test_add_a_loss.py.) No built site is needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import catalogs
import pytest
import site_layout
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

# run with the site checks (`nox -s docs`, `nox -s site`): they have Sphinx and sphinx-intl
pytestmark = pytest.mark.site

PAGE = '''"""
A stand-in page: one tensor, summed
===================================

It follows the how-to's path (tests/site/test_newcomer_paths.py).
"""

# %%
# Sum a tensor.
import torch

print(torch.arange(4.0).sum())
'''
# What the gettext builder extracts from it (checked by hand on a real page: nox -s translations)
MESSAGES = [
    "A stand-in page: one tensor, summed",
    "It follows the how-to's path (tests/site/test_newcomer_paths.py).",
    "Sum a tensor.",
]


def test_a_new_page_is_a_tutorial_with_a_catalog_to_translate(tmp_path, monkeypatch):
    # 1. the page: a script in a part of the gallery, nothing else
    gallery, locales = tmp_path / "gallery", tmp_path / "docs" / "locales"
    script = gallery / "01_building_blocks" / "plot_99_stand_in.py"
    script.parent.mkdir(parents=True)
    script.write_text(PAGE)
    monkeypatch.setattr(site_layout, "GALLERY", gallery)
    assert site_layout.gallery_scripts() == [script]
    docname = site_layout.docname_of(script)
    assert docname == "tutorials/01_building_blocks/plot_99_stand_in"
    assert site_layout.is_tutorial(docname) and site_layout.gallery_source(docname) == script

    # 2. `nox -s translations`: the messages extracted (a .pot per page), merged by sphinx-intl
    # into a new catalog for every translation, where tools/catalogs.py looks for it
    from sphinx_intl import basic

    monkeypatch.setattr(catalogs, "LOCALES", locales)
    monkeypatch.setattr(catalogs, "ROOT", tmp_path)
    pot = tmp_path / "gettext" / f"{docname}.pot"
    pot.parent.mkdir(parents=True)
    with pot.open("wb") as file:
        write_po(file, _catalog(MESSAGES))
    basic.update(str(locales), str(tmp_path / "gettext"), site_layout.TRANSLATIONS, 100)
    for language in site_layout.TRANSLATIONS:
        path = catalogs.catalog_path(docname, language)
        assert path.is_file(), f"no catalog for the new page in {language}"
        # 3. until translated, every message is stale: the translated build fails on each
        # (docs/_ext/stale_translations.py judges with catalogs.problem), and the tools list it
        catalog = catalogs.read(path)
        assert [catalogs.problem(catalog, m) for m in MESSAGES] == ["untranslated"] * 3
        relative = path.relative_to(locales).as_posix()
        assert (relative, 0, 0, 3) in catalogs.status(language)
        assert len(catalogs.problems(path)) == 3
        # 4. translated: nothing stale, nothing for lint or status to report
        for entry in catalog:
            if entry.id:
                entry.string = f"【{entry.id}】"
        catalogs.save(path, catalog)
        assert [catalogs.problem(catalogs.read(path), m) for m in MESSAGES] == [None] * 3
        assert (relative, 3, 0, 0) in catalogs.status(language)
        assert catalogs.problems(path) == []


def _catalog(messages: list[str]) -> Catalog:
    catalog = Catalog(project="dlnotes")
    for message in messages:
        catalog.add(message)
    return catalog


# A language added as the how-to says: one record in tools/site_layout.py's LANGUAGES (done in a
# fresh interpreter, before anything reads the records), then what every reader makes of it.
PROBE = r"""
import json, os, runpy, subprocess, sys, types
sys.path.insert(0, sys.argv[1])  # tools/
import site_layout

site_layout.LANGUAGES["fr"] = site_layout.Language("fr", "Français", "fr/", "fr")
site_layout.TRANSLATIONS[:] = [c for c in site_layout.LANGUAGES if c != site_layout.SOURCE_LANGUAGE]

import build_site, catalogs

built, run = [], subprocess.run
subprocess.run = lambda cmd, **kw: built.append((cmd[-1], kw["env"].get("DLNOTES_LANGUAGE"))) or (
    types.SimpleNamespace(returncode=0))
build_site.main(["--html", "/site"])
subprocess.run = run
os.environ.update(build_site.environment("fr", site_layout.Path(sys.argv[2])))
conf = runpy.run_path(str(site_layout.DOCS / "conf.py"))
sys.path.insert(0, str(site_layout.EXTENSIONS))
import language_switcher

app = types.SimpleNamespace(config=types.SimpleNamespace(
    language="en", html_baseurl="https://site.example/"))
print(json.dumps({
    "built": built,
    "catalog": catalogs.catalog_path("index", "fr").relative_to(site_layout.ROOT).as_posix(),
    "conf": [conf["language"], conf["html_search_language"], conf["exclude_patterns"][-2:]],
    "switcher": language_switcher.page_url("howto/index", "en", "fr"),
    "alternates": language_switcher.alternates(app, "howto/index"),
}))
"""


def test_a_new_language_is_one_record(tmp_path):
    english = tmp_path / "html"
    english.mkdir()
    (english / "objects.inv").touch()  # the English build a translated build links to
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(site_layout.TOOLS), str(english)],
        env={**os.environ, "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    # the build (nox -s docs, Read the Docs): English, then each translation, the new one too
    assert seen["built"] == [["/site", None], ["/site/zh_CN", "zh_CN"], ["/site/fr", "fr"]]
    assert seen["catalog"] == "docs/locales/fr/LC_MESSAGES/index.po"
    # docs/conf.py builds it in its language, with its search, without the English-only pages
    assert seen["conf"] == ["fr", "fr", ["reference/generated/**", "reference/loss_atlas.md"]]
    assert seen["switcher"] == "../fr/howto/index.html"
    assert 'hreflang="fr" href="https://site.example/fr/howto/index.html"' in seen["alternates"]
