"""Helpers shared by the test modules (importable because pytest puts tests/ on sys.path)."""

import pytest


def assert_explained(call, error, words):
    """``call()`` raises ``error`` whose message contains every one of ``words``."""
    with pytest.raises(error) as excinfo:
        call()
    message = str(excinfo.value)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
