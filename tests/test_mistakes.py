"""The catalog of common errors (``tools/mistakes.py``): every entry raises what it declares.

Where a new case goes (the same rule is in ``tools/mistakes.py`` and ``tests/test_loss_errors.py``):
a mistake a reader could make and would search the web for goes into the catalog, which feeds the
"Common errors" page and is tested here. A check of one argument's edge case, or a property beyond
the message (a warning returns PyTorch's value), is a unit test in ``tests/test_<module>_errors.py``.

Checked here, per entry: the trigger raises (or warns) with its declared type; the message holds
the entry's words (for dlnotes: the argument, the expectation, the given value and the fix; for
PyTorch: the phrases the page quotes); the message comes from the library the page names; and the
code the page shows, run on its own with the page's imports, raises the same message.
"""

import doctest

import mistakes
import pytest
import torch
from mistakes import CATALOG, IMPORTS, Mistake, explain, raised, raised_in_dlnotes, source

ENTRIES = list(CATALOG.values())
CUDA = torch.cuda.is_available()
# Entries that need CUDA carry the `gpu` mark, so `nox -s gpu` runs them on a GPU machine.
PARAMS = [
    pytest.param(m, id=m.key, marks=[pytest.mark.gpu] if m.needs_cuda else []) for m in ENTRIES
]


def _runnable(entry):
    if entry.needs_cuda and not CUDA:
        pytest.skip("needs a CUDA device")


def test_the_catalog_is_large_and_unique():
    by_library = {lib: [m for m in ENTRIES if m.library == lib] for lib in ("PyTorch", "dlnotes")}
    assert len(by_library["dlnotes"]) >= 40
    assert len([m for m in by_library["PyTorch"] if not m.needs_cuda]) >= 15
    assert len(by_library["PyTorch"]) + len(by_library["dlnotes"]) == len(ENTRIES)
    assert len({m.title for m in ENTRIES}) == len(ENTRIES)
    assert len({m.trigger for m in ENTRIES}) == len(ENTRIES)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", PARAMS)
def test_mistake_is_explained(entry):
    _runnable(entry)
    error = raised(entry)
    message = str(error)
    for word in entry.words:
        assert word in message, f"{word!r} not in: {message}"
    assert "Traceback" not in message
    assert raised_in_dlnotes(error) == (entry.library == "dlnotes"), "whose message is it?"
    if entry.library == "dlnotes":
        assert len(entry.words) >= 3, "name the argument, the value and the fix"
        assert len(message) < 700, "explain in a few sentences"
    else:
        assert entry.words, "quote the message the page shows"
        assert entry.fix, "a PyTorch message needs its fix written on the page"


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", PARAMS)
def test_the_code_shown_is_the_code_that_ran(entry):
    """The page's snippet, run alone with the page's imports, gives the very same message."""
    _runnable(entry)
    code = source(entry)
    assert code and not code.startswith(("def ", "@")) and "return " not in code
    namespace = {}
    with mistakes.sandbox(entry.error):  # where the catalog runs the trigger
        exec(compile(IMPORTS, "imports", "exec"), namespace)
        with pytest.raises(entry.error) as excinfo:
            exec(compile(code, entry.key, "exec"), namespace)
    assert str(excinfo.value) == explain(entry)


def test_raised_refuses_an_entry_that_raises_nothing_or_the_wrong_error():
    def quiet():
        pass

    def wrong():
        1 / 0  # noqa: B018

    args = ("dlnotes", "Test", "t", "w")
    with pytest.raises(AssertionError, match="no error"):
        raised(Mistake("quiet", *args, quiet, ValueError, ("a",)))
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        raised(Mistake("wrong", *args, wrong, ValueError, ("a",)))


def test_two_entries_cannot_share_a_name():
    with pytest.raises(ValueError, match="two catalog entries"):
        mistakes.mistake(area="Data", title="t", why="w", error=ValueError, words=("a",))(
            CATALOG["batch-size-zero"].trigger
        )


def test_files_are_written_in_a_fresh_folder_with_short_names():
    assert explain(CATALOG["csv-missing-comma"]).startswith("broken.csv, line 3")


def test_explain_leaves_the_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    explain(CATALOG["linear-shape-mismatch"])
    torch.testing.assert_close(torch.rand(3), expected)


def test_doctests():
    assert doctest.testmod(mistakes, optionflags=doctest.ELLIPSIS).failed == 0


def test_the_device_fix_works_on_the_snippet_it_fixes():
    """The page's fix for the device mismatch, applied to the page's own snippet, runs."""
    entry = CATALOG["data-on-another-device-than-the-model"]
    code = source(entry)
    assert code.endswith("model(x)") and "x.to(device)" in entry.fix
    fixed = code.removesuffix("model(x)") + (
        "device = next(model.parameters()).device\nout = model(x.to(device))"
    )
    namespace = {}
    exec(compile(IMPORTS, "imports", "exec"), namespace)
    exec(compile(fixed, entry.key, "exec"), namespace)
    assert namespace["out"].shape == (8, 2)
