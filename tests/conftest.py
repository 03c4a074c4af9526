"""Shared fixtures: every test gets its own data directory, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The three example calls from the product's shared folder, copied here so the suite
# passes on a fresh clone with nothing beside it.
SHARED_CORPUS = Path(__file__).resolve().parent / "corpus_examples"
OWN_CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(autouse=True)
def companion_home(tmp_path, monkeypatch) -> Path:
    """COMPANION_HOME points at a fresh folder for each test."""
    home = tmp_path / "home"
    monkeypatch.setenv("COMPANION_HOME", str(home))
    monkeypatch.delenv("COMPANION_MODEL", raising=False)
    return home


@pytest.fixture
def store(companion_home):
    from companion.locations import database_path
    from companion.store import Store

    s = Store(database_path())
    yield s
    s.close()


@pytest.fixture
def shared_corpus() -> Path:
    return SHARED_CORPUS


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """The app speaks English in tests whatever this machine's locale is (a test that
    wants the system locale passes ``environ=`` or patches it), and every test ends in
    English: the current language is process-wide."""
    from companion import i18n

    real = i18n.system_language
    monkeypatch.setattr(i18n, "system_language", lambda environ=None: real({} if environ is None else environ))
    yield
    i18n.set_language("en")


@pytest.fixture
def consented(store):
    """The store, with the recording-consent notice acknowledged (``tui_seed.consent``)."""
    from tui_seed import consent

    return consent(store)


@pytest.fixture
def clock():
    """A live call's clock that tests move by hand (``test_assist.Clock``: ``clock.t``)."""
    from test_assist import Clock

    return Clock()


@pytest.fixture
def session(store, clock):
    """A live call whose number assist hears as the assist tests' engine
    (``test_assist.HARD_OF_HEARING``); a test file with another session defines its own."""
    from test_assist import HARD_OF_HEARING

    from companion.session import CallSession

    s = CallSession.start(store, source="live", now=clock)
    s.assist_settings = HARD_OF_HEARING
    return s
