"""The site's build, defined once: the sphinx-build command of each language and its environment.

    python tools/build_site.py [--html DIR]

builds the English site into DIR (default ``docs/_build/html``), then each translation into
``DIR/<language>/``, every page executed where it changed (with ``CI=true``, every page). Read
the Docs runs this file (``.readthedocs.yaml``); ``nox -s docs`` runs the same commands, from
:func:`command` and :func:`environment`, and then checks the site. Run it from the docs
environment (``pip install -c constraints.txt -e ".[docs]"``).

The thread count of the pages (:data:`THREADS`) and the meaning of ``CI`` live here too: the
build's hooks (docs/_ext/sg_hooks.py), docs/conf.py and noxfile.py read them.

>>> command("zh_CN", Path("/site"))[-1]
'/site/zh_CN'
>>> environment("zh_CN", Path("/site"))["DLNOTES_LANGUAGE"]
'zh_CN'
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import site_layout
from site_layout import LANGUAGES, SOURCE_LANGUAGE, TRANSLATIONS

# Strict: a warning fails the build (-W), every cross-reference must resolve (-n), and the build
# reports every warning before it fails (--keep-going).
STRICT = ("-W", "-n", "--keep-going")
# Pages draw figures but never open a window; the hash seed is fixed for reproducible output.
HEADLESS = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
# The CPU threads every page runs with: docs/_ext/sg_hooks.py sets them before each gallery page,
# and `nox -s notebooks` runs the downloaded notebooks with them. The thread count changes the
# order of floating-point sums, and so the digits a page prints. DLNOTES_NUM_THREADS overrides it.
THREADS = 2


def threads() -> int:
    """:data:`THREADS`, or ``DLNOTES_NUM_THREADS`` where it is set."""
    return int(os.environ.get("DLNOTES_NUM_THREADS", THREADS))


def ci() -> bool:
    """``CI`` is set (true, 1 or yes): every page is executed again, and a forced build starts
    from nothing."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def language() -> str:
    """The language this build is of: ``DLNOTES_LANGUAGE`` (set by :func:`environment`), the
    source language when unset. docs/conf.py and the extensions read it."""
    name = os.environ.get("DLNOTES_LANGUAGE", SOURCE_LANGUAGE)
    if name not in LANGUAGES:
        raise ValueError(f"DLNOTES_LANGUAGE={name!r}: expected one of {sorted(LANGUAGES)}")
    return name


def english_html() -> Path:
    """The English build a translated build links to (its objects.inv): ``DLNOTES_ENGLISH_HTML``
    (set by :func:`environment`), the built site's folder when unset."""
    return Path(os.environ.get("DLNOTES_ENGLISH_HTML", site_layout.HTML))


def _relative(path: Path) -> str:
    return os.path.relpath(path)  # "docs" from the repository's root, where nox and RTD run


def command(language: str = SOURCE_LANGUAGE, html: Path = site_layout.HTML) -> tuple[str, ...]:
    """sphinx-build for the site of ``language``, into its folder of ``html``. A translation
    keeps its doctrees apart from English's (which are in ``html/.doctrees``)."""
    if language == SOURCE_LANGUAGE:
        return ("sphinx-build", *STRICT, "-b", "html", _relative(site_layout.DOCS), str(html))
    doctrees = ("-d", _relative(site_layout.DOCTREES / language))
    target = str(html / LANGUAGES[language].prefix)
    return ("sphinx-build", *STRICT, "-b", "html", *doctrees, _relative(site_layout.DOCS), target)


def environment(language: str = SOURCE_LANGUAGE, html: Path = site_layout.HTML) -> dict[str, str]:
    """What the build of ``language`` adds to the caller's environment: headless plots, a fixed
    hash seed and, for a translation, its language and the English site (in ``html``) that it
    links its API names to (docs/_ext/english_reference.py)."""
    if language == SOURCE_LANGUAGE:
        return dict(HEADLESS)
    return {**HEADLESS, "DLNOTES_LANGUAGE": language, "DLNOTES_ENGLISH_HTML": str(html)}


def gettext_command() -> tuple[str, ...]:
    """sphinx-build extracting the messages of every page (``nox -s translations``)."""
    gettext = str(site_layout.GETTEXT)
    return ("sphinx-build", "-q", "-b", "gettext", _relative(site_layout.DOCS), gettext)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--html", type=Path, default=site_layout.HTML, help="the built site's folder"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for language in [SOURCE_LANGUAGE, *TRANSLATIONS]:
        # this interpreter's Sphinx: `python -m sphinx` is sphinx-build
        run = [sys.executable, "-m", "sphinx", *command(language, args.html)[1:]]
        env = environment(language, args.html)
        print(" ".join([*(f"{k}={v}" for k, v in env.items()), *run[1:]]), flush=True)
        done = subprocess.run(run, env={**os.environ, **env}, check=False)
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
