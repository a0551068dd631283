"""Every executed page prints the same output when its code runs again.

``nox -s determinism`` runs this test with three folders:

- ``DLNOTES_BUILD_A``: the built site (``nox -s docs``);
- ``DLNOTES_READER_RUN``: every gallery page's notebook, executed in a reader's clean
  environment by ``nox -s notebooks``: each must print what its page shows;
- ``DLNOTES_RERUN``: the MyST-NB notebook pages as the build executed them (``first/``, from its
  execution cache) and executed once more (``second/``), by ``tools/rerun_notebook_pages.py``:
  each must print what it printed first.

Only lines that report how long something took may differ; each such pattern is listed below with
its page, and only the duration itself is masked, so the rest of the line is still compared.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from pathlib import Path

import pytest
import site_layout
from page_outputs import notebook_outputs, page_outputs, printed_lines

pytestmark = pytest.mark.determinism

# page → patterns of durations that are measured on that page (and so vary between runs)
TIMINGS = {
    "tutorials/00_foundations/plot_04_batch_sizes.html": [
        r"\d+\.\d+ ms in all",
        r"\d+\.\d+ µs per update",
        r"\d+\.\d+ ns per point",
    ],
    "tutorials/02_losses_optimizers/plot_15_optimizers.html": [r"in \d+\.\d+ s"],
    "tutorials/03_training/plot_17_datasets_dataloaders.html": [
        r"\d+\.\d+ ms per epoch",
        r"\d+(?:\.\d+)?× faster",  # the ratio of two of those durations, e.g. 5.2× faster
    ],
    "tutorials/05_solutions/plot_04_batch_sizes_solutions.html": [
        r"\d+\.\d+(?= µs per update)",
        r"\d+\.\d+(?= ns per point)",
        r"\d+(?:\.\d+)?×(?= the time per update| cheaper per point)",  # ratios of those
    ],
    "tutorials/05_solutions/plot_17_datasets_dataloaders_solutions.html": [
        r"\d+ ms per epoch",
        r"first epoch \d+ ms",
        r"second \d+ ms",
        r"\d+\.\d× faster",  # the ratio of two of those durations
    ],
    "tutorials/04_architectures/plot_25_using_a_gpu.html": [
        r"\d+\.\d+ ms",
        r"\d+\.\d+ GFLOP/s",
    ],
}


# The translated sites, each under its language's folder of build A (tools/site_layout.py).
TRANSLATED = tuple(site_layout.LANGUAGES[code].prefix for code in site_layout.TRANSLATIONS)


@functools.cache
def _all_outputs(site: Path) -> dict[str, list[str]]:
    return page_outputs(site)  # parsing every page takes a while: once per site


def _outputs(site: Path) -> dict[str, list[str]]:
    """The English pages' outputs (the site's root)."""
    return {p: b for p, b in _all_outputs(site).items() if not p.startswith(TRANSLATED)}


def _folder(variable: str) -> Path:
    value = os.environ.get(variable)
    if not value:
        pytest.skip(f"set {variable} (nox -s determinism does)")
    return Path(value)


def _is_gallery(page: str) -> bool:
    return site_layout.in_gallery(page)


def mask(page: str, text: str) -> str:
    """Replace each measured duration on ``page`` with ``<duration>``.

    The padding in front of a duration goes with it (one space is kept): a right-aligned column
    such as ``f"{ms:8.2f}"`` is wider when the number has more digits.
    """
    for pattern in TIMINGS.get(page, []):
        text = re.sub(f"( +)?(?:{pattern})", lambda m: (" " if m[1] else "") + "<duration>", text)
    return text


def _lines(page: str, blocks: list[str]) -> list[str]:
    return printed_lines([mask(page, "\n".join(blocks))])


def _differences(first: dict, second: dict, names: tuple[str, str]) -> list[str]:
    differences = []
    for page in sorted(first):
        a, b = _lines(page, first[page]), _lines(page, second.get(page, []))
        if a != b:
            diff = difflib.unified_diff(a, b, *names, n=0, lineterm="")
            differences.append(f"{page}:\n" + "\n".join(list(diff)[:12]))
    return differences


def _reader_run() -> tuple[dict, dict]:
    """The gallery pages' outputs and, under the same keys, their executed notebooks'."""
    site = _outputs(_folder("DLNOTES_BUILD_A"))
    gallery = {page: blocks for page, blocks in site.items() if _is_gallery(page)}
    run = {path.stem: path for path in _folder("DLNOTES_READER_RUN").glob("*.ipynb")}
    notebooks = {
        page: notebook_outputs(run[Path(page).stem]) for page in gallery if Path(page).stem in run
    }
    return gallery, notebooks


def test_a_reader_ran_every_gallery_page():
    gallery, notebooks = _reader_run()
    assert len(gallery) >= 26
    assert sorted(notebooks) == sorted(gallery), "pages without an executed notebook"


def test_a_readers_notebook_prints_what_the_page_shows():
    gallery, notebooks = _reader_run()
    shown = {page: gallery[page] for page in notebooks}  # a missing notebook fails the test above
    differences = _differences(shown, notebooks, ("the page", "the reader's notebook"))
    assert not differences, "a reader's run differs from the page:\n\n" + "\n\n".join(differences)


def cell_texts(path: Path) -> list[str]:
    """Everything a notebook page shows as text: streams (stdout and stderr, as myst-nb merges
    them into the page) and each result's Markdown or plain text; figures are left out."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                texts.append("".join(output["text"]))
            elif "data" in output:
                data = output["data"]
                texts.append("".join(data.get("text/markdown", data.get("text/plain", ""))))
    return texts


def test_notebook_pages_print_the_same_output_twice():
    rerun = _folder("DLNOTES_RERUN")
    pages = sorted(p.relative_to(rerun / "first") for p in (rerun / "first").rglob("*.ipynb"))
    assert pages, "no executed notebook pages (tools/rerun_notebook_pages.py writes them)"
    site = _outputs(_folder("DLNOTES_BUILD_A"))
    first, second = {}, {}
    for page in pages:
        html = page.with_suffix(".html").as_posix()
        assert html in site, f"{html}: a notebook page the site does not show as executed"
        first[html] = cell_texts(rerun / "first" / page)
        second[html] = cell_texts(rerun / "second" / page)
    differences = _differences(first, second, ("the build", "a second run"))
    assert not differences, "outputs differ between two runs:\n\n" + "\n\n".join(differences)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translated_page_shows_the_english_pages_output(language):
    """The Chinese build executes nothing: its gallery pages print exactly what the English ones
    print. (On the MyST-NB pages, output rendered as Markdown, e.g. the common-errors catalog, is
    translated like the page's prose, so only the gallery is compared.)"""
    site = _all_outputs(_folder("DLNOTES_BUILD_A"))
    translated = {
        p.removeprefix(language): b
        for p, b in site.items()
        if p.startswith(language) and _is_gallery(p.removeprefix(language))
    }
    assert len(translated) >= 26, sorted(translated)
    missing = sorted(set(translated) - set(site))
    assert not missing, f"translated pages with no English page: {missing}"
    english = {page: site[page] for page in translated}
    differences = _differences(english, translated, ("English page", f"{language} page"))
    assert not differences, "\n\n".join(differences)


def test_the_masks_only_hide_durations():
    page = "tutorials/04_architectures/plot_25_using_a_gpu.html"
    line = "cpu :   13.2 ms per epoch, held-out accuracy 0.960"
    assert mask(page, line) == "cpu : <duration> per epoch, held-out accuracy 0.960"
    # a longer duration in the same right-aligned column masks to the same line
    assert mask(page, "cpu :  113.2 ms per epoch, held-out accuracy 0.960") == mask(page, line)
    assert mask(page, "(13.2 ms)") == "(<duration>)"
    assert mask("tutorials/00_foundations/plot_01_gradient_descent.html", line) == line
    # a ratio of durations with a decimal, whole (CI once saw 5.<duration> against 6.<duration>)
    loader = "tutorials/03_training/plot_17_datasets_dataloaders.html"
    ratio = "dlnotes Batches: 5.2× faster than per-sample loading here"
    assert mask(loader, ratio) == "dlnotes Batches: <duration> than per-sample loading here"
    # a solutions page's own timings (CI once compared 1.2× with 1.1× the time per update)
    sweep = "tutorials/05_solutions/plot_04_batch_sizes_solutions.html"
    line = "4096 points vs 1: 1.2× the time per update, 3552× cheaper per point"
    masked = "4096 points vs 1: <duration> the time per update, <duration> cheaper per point"
    assert mask(sweep, line) == masked


def test_a_notebook_is_read_as_its_page_shows_it(tmp_path):
    """The install cell, stderr, figures and HTML results are left out; stdout and a last
    expression's repr are kept, and lines compare without the page's indentation."""
    import json

    def cell(*outputs):
        return {"cell_type": "code", "source": "", "outputs": list(outputs)}

    notebook = {
        "cells": [
            cell({"output_type": "stream", "name": "stdout", "text": "Collecting dlnotes"}),
            {"cell_type": "markdown", "source": "text"},
            cell(
                {"output_type": "stream", "name": "stdout", "text": ["  loss 0.5\n", "  acc 1\n"]},
                {"output_type": "stream", "name": "stderr", "text": "a warning"},
                {"output_type": "execute_result", "data": {"text/plain": "tensor(3.)"}},
            ),
            cell(
                {"output_type": "display_data", "data": {"image/png": "...", "text/plain": "F"}},
                {"output_type": "execute_result", "data": {"text/html": "<t>", "text/plain": "T"}},
            ),
        ]
    }
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(notebook))
    assert printed_lines(notebook_outputs(path)) == ["loss 0.5", "acc 1", "tensor(3.)"]
    assert printed_lines(["loss 0.5\nacc 1\n\ntensor(3.)"]) == printed_lines(notebook_outputs(path))
