"""Every mistake in the catalog raises its error, and the message explains it.

One test per entry: the message must contain the entry's words (the argument, what was expected,
what was given and the fix). The "Common errors" page is generated from the same catalog.
"""

import pytest

from dlnotes.mistakes import CATALOG, explain, source

ENTRIES = list(CATALOG.values())


def test_the_catalog_is_large_and_unique():
    assert len(CATALOG) >= 40
    assert len({m.title for m in ENTRIES}) == len(ENTRIES)
    assert len({m.trigger for m in ENTRIES}) == len(ENTRIES)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("mistake", ENTRIES, ids=[m.key for m in ENTRIES])
def test_mistake_is_explained(mistake):
    assert len(mistake.words) >= 3, "name the argument, the value and the fix"
    message = explain(mistake)
    for word in mistake.words:
        assert word in message, f"{word!r} not in: {message}"
    assert len(message) < 700, "explain in a few sentences"
    assert "Traceback" not in message


@pytest.mark.parametrize("mistake", ENTRIES, ids=[m.key for m in ENTRIES])
def test_mistake_code_can_be_shown(mistake):
    code = source(mistake)
    assert code and not code.startswith("def ")
    compile(code.replace("return ", ""), mistake.key, "exec")  # valid Python on its own lines


def test_explain_refuses_an_entry_that_raises_nothing():
    from dlnotes.mistakes import Mistake

    quiet = Mistake("quiet", "Test", "t", "w", lambda: None, ValueError, ("a", "b", "c"))
    with pytest.raises(AssertionError, match="no error"):
        explain(quiet)
    wrong = Mistake("wrong", "Test", "t", "w", lambda: 1 / 0, ValueError, ("a", "b", "c"))
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        explain(wrong)


def test_tidy_paths_hides_the_temporary_folder():
    entry = CATALOG["csv-missing-comma"]
    raw, tidy = explain(entry), explain(entry, tidy_paths=True)
    assert raw != tidy and tidy.startswith("…/broken.csv, line 3")
