"""Model resolution, fetching (from a local HTTP server) and verification."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from audio_helpers import http_server  # noqa: F401 - fixture
from click.testing import CliRunner

from companion import locations
from companion.asr import models
from companion.asr.models import fetch_model, resolve_model, verify_model
from companion.cli import cli
from companion.errors import UserError

# The other files a Vosk model needs (models.model_problems), as placeholders.
OTHER_FILES = {
    "conf/mfcc.conf": b"--use-energy=false\n",
    "graph/HCLr.fst": b"fst",
    "graph/Gr.fst": b"fst",
    "graph/phones/word_boundary.int": b"1 nonword\n",
}


def fake_model(folder: Path) -> Path:
    (folder / "am").mkdir(parents=True)
    (folder / "am" / "final.mdl").write_bytes(b"model")
    (folder / "conf").mkdir()
    (folder / "conf" / "model.conf").write_text("--min-active=200\n")
    for rel, data in OTHER_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def model_zip(name: str = "tiny-model", extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{name}/am/final.mdl", b"x" * 5000)
        zf.writestr(f"{name}/conf/model.conf", "--min-active=200\n")
        zf.writestr(f"{name}/graph/words.txt", "a 1\n")
        for rel, data in OTHER_FILES.items():
            zf.writestr(f"{name}/{rel}", data)
        for entry, data in (extra or {}).items():
            zf.writestr(entry, data)
    return buf.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No real model folders: checkout, data dir and Vosk caches all under tmp_path."""
    monkeypatch.setenv("COMPANION_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "userhome"))
    monkeypatch.delenv("COMPANION_MODEL", raising=False)
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    checkout = tmp_path / "checkout-models"
    checkout.mkdir()
    monkeypatch.setattr(locations, "checkout_models_dir", lambda: checkout)
    monkeypatch.setattr(models, "vosk_cache_dirs",
                        lambda: [Path(os.environ["VOSK_MODEL_PATH"])] if os.environ.get("VOSK_MODEL_PATH") else [])
    return checkout


# --------------------------------------------------------------------------- resolve


def test_resolution_order(tmp_path, monkeypatch, isolated):
    assert resolve_model() is None
    cache = fake_model(tmp_path / "cache" / "vosk-model-x")
    monkeypatch.setenv("VOSK_MODEL_PATH", str(cache.parent))
    assert resolve_model() == cache
    user = fake_model(locations.user_models_dir() / "user-model")
    assert resolve_model() == user
    checkout = fake_model(isolated / "checkout-model")
    assert resolve_model() == checkout
    # the default model wins inside one folder, whatever the alphabet says
    default = fake_model(isolated / models.DEFAULT_MODEL)
    assert resolve_model() == default
    env = fake_model(tmp_path / "env-model")
    monkeypatch.setenv("COMPANION_MODEL", str(env))
    assert resolve_model() == env
    explicit = fake_model(tmp_path / "explicit")
    assert resolve_model(str(explicit)) == explicit
    # a folder holding one model is accepted for --model
    assert resolve_model(str(explicit.parent / "cache")) == cache


def test_the_calls_language_picks_its_model(tmp_path, monkeypatch, isolated):
    english = fake_model(isolated / models.DEFAULT_MODEL)
    assert resolve_model(language="es") == english  # the only model: used, whatever it hears
    unknown = fake_model(locations.user_models_dir() / "my-own-model")
    assert resolve_model(language="es") == unknown  # a model of no known language before a wrong one
    spanish = fake_model(locations.user_models_dir() / models.SPANISH_MODEL)
    assert resolve_model(language="es") == spanish  # later in the search order, but it hears Spanish
    assert resolve_model(language="en") == english
    assert resolve_model() == english  # no language: the order alone, as before
    named = fake_model(tmp_path / "cache" / "vosk-model-es-0.42")
    monkeypatch.setenv("VOSK_MODEL_PATH", str(named.parent))
    assert models.model_language(named) == "es" and models.model_language(unknown) is None
    # an explicit model is taken as given, whatever the call's language
    assert resolve_model(str(english), language="es") == english


@pytest.mark.parametrize("origin", ["argument", "env"])
def test_explicit_model_that_is_not_there_is_an_error(tmp_path, monkeypatch, origin):
    missing = tmp_path / "nope"
    with pytest.raises(UserError, match="does not exist"):
        if origin == "env":
            monkeypatch.setenv("COMPANION_MODEL", str(missing))
            resolve_model()
        else:
            resolve_model(str(missing))
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="not a Vosk model"):
        resolve_model(str(tmp_path / "empty"))


def test_load_model_without_a_model_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="models fetch"):
        models.load_model(None)
    with pytest.raises(UserError, match="not a Vosk model"):
        models.load_model(tmp_path)


@pytest.mark.vosk
def test_load_corrupt_model_is_a_user_error_with_kaldis_reason(tmp_path):
    pytest.importorskip("vosk")
    bad = fake_model(tmp_path / "bad")
    (bad / "conf" / "model.conf").write_text("--no-such-option=1\n")
    with pytest.raises(UserError, match="no-such-option"):
        models.load_model(bad, capture_stderr=True)


# --------------------------------------------------------------------------- fetch


def test_fetch_good_archive(http_server, tmp_path):
    body = model_zip("tiny-model")
    url = http_server.serve("/tiny.zip", body)
    seen = []
    dest = tmp_path / "dest"
    path = fetch_model("tiny-model", url=url, sha256=sha(body), dest_dir=dest,
                       progress=lambda done, total: seen.append((done, total)))
    assert path == dest / "tiny-model" and models.is_model_dir(path)
    assert seen[-1] == (len(body), len(body)) and seen[0][0] == 0
    assert sorted(p.name for p in dest.iterdir()) == ["tiny-model"]  # no leftovers
    check = verify_model(path)
    assert check.ok and check.checked_files == 3 + len(OTHER_FILES)
    # a second fetch finds it and does not download
    assert fetch_model("tiny-model", url=http_server.base + "/gone.zip", sha256=sha(body),
                       dest_dir=dest) == path
    # tampering is caught by verify
    (path / "am" / "final.mdl").write_bytes(b"y" * 5000)
    assert "final.mdl changed" in verify_model(path).problems[0]


def test_default_model_uses_pinned_size_and_checksum(http_server, tmp_path):
    body = model_zip(models.DEFAULT_MODEL)
    url = http_server.serve("/mirror.zip", body)
    with pytest.raises(UserError, match="expected 41205931"):
        fetch_model(url=url, dest_dir=tmp_path / "dest")
    assert list((tmp_path / "dest").iterdir()) == []


@pytest.mark.parametrize("case", ["checksum", "truncated", "escape", "absolute", "symlink",
                                  "not-a-zip", "no-model", "unreachable"])
def test_bad_fetches_leave_nothing_behind(http_server, tmp_path, case):
    body = model_zip()
    claimed = None
    expected = sha(body)
    if case == "checksum":
        expected = sha(b"something else")
    elif case == "truncated":
        claimed = len(body)
        body = body[: len(body) // 2]
    elif case == "escape":
        body = model_zip(extra={"tiny-model/../../evil.txt": b"owned"})
        expected = sha(body)
    elif case == "absolute":
        body = model_zip(extra={"/tmp/evil.txt": b"owned"})
        expected = sha(body)
    elif case == "symlink":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("tiny-model/am/final.mdl", b"x")
            info = zipfile.ZipInfo("tiny-model/link")
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
        body = buf.getvalue()
        expected = sha(body)
    elif case == "not-a-zip":
        body = b"<html>mirror error page</html>"
        expected = sha(body)
    elif case == "no-model":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("readme.txt", "hi")
        body = buf.getvalue()
        expected = sha(body)
    url = http_server.serve("/m.zip", body, claimed_length=claimed)
    if case == "unreachable":
        url = "http://127.0.0.1:9/m.zip"
    dest = tmp_path / "dest"
    messages = {"checksum": "checksum mismatch", "truncated": "truncated|broke off",
                "escape": "escapes", "absolute": "escapes", "symlink": "symbolic link",
                "not-a-zip": "not a valid zip", "no-model": "does not contain a Vosk model",
                "unreachable": "could not download"}
    with pytest.raises(UserError, match=messages[case]):
        fetch_model("tiny-model", url=url, sha256=expected, dest_dir=dest)
    assert list(dest.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_fetch_refuses_unknown_model_without_checksum(tmp_path):
    with pytest.raises(UserError, match="--sha256"):
        fetch_model("vosk-model-xx", dest_dir=tmp_path)
    with pytest.raises(UserError, match="64 hex"):
        fetch_model("vosk-model-xx", sha256="abc", dest_dir=tmp_path)
    with pytest.raises(UserError, match="not valid"):
        fetch_model("../etc", sha256="0" * 64, dest_dir=tmp_path)


def test_interrupted_fetch_leaves_nothing(http_server, tmp_path):
    body = model_zip()
    url = http_server.serve("/m.zip", body)

    def interrupt(done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch_model("tiny-model", url=url, sha256=sha(body), dest_dir=tmp_path / "d",
                    progress=interrupt)
    assert list((tmp_path / "d").iterdir()) == []


# --------------------------------------------------------------------------- CLI


def test_models_cli_fetch_list_verify(http_server, tmp_path, isolated):
    body = model_zip("tiny-model")
    url = http_server.serve("/tiny.zip", body)
    runner = CliRunner()
    result = runner.invoke(cli, ["models", "list"])
    assert result.exit_code == 0 and "no Vosk model found" in result.output
    result = runner.invoke(cli, ["models", "fetch", "tiny-model", "--url", url, "--sha256", sha(body)])
    assert result.exit_code == 0, result.output
    assert (isolated / "tiny-model").is_dir()  # the checkout's models/ by default
    result = runner.invoke(cli, ["models", "list"])
    assert "tiny-model" in result.output and "checkout" in result.output
    result = runner.invoke(cli, ["models", "verify"])
    assert result.exit_code == 0 and f"{3 + len(OTHER_FILES)} files match" in result.output
    (isolated / "tiny-model" / "graph" / "words.txt").unlink()
    result = runner.invoke(cli, ["models", "verify"])
    assert result.exit_code == 1 and "missing file graph/words.txt" in result.output


def test_models_cli_fetch_default_offline_is_one_clear_line(http_server, monkeypatch):
    monkeypatch.setattr(models, "MODEL_BASE_URL", "http://127.0.0.1:9/")
    result = CliRunner().invoke(cli, ["models", "fetch"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith("Error: could not download")


# --------------------------------------------------------------------------- Spanish model (issue 12)


def test_spanish_model_is_catalogued_with_its_quoted_unverified_checksums():
    es = models.KNOWN_MODELS[models.SPANISH_MODEL]
    assert es.name == "vosk-model-small-es-0.42" and es.language == "es"
    assert es.url == models.MODEL_BASE_URL + "vosk-model-small-es-0.42.zip"
    assert es.verified is False and es.size is None  # nothing here checked the publisher's file
    assert es.checksums == (
        "f7e409775888b859504f829148d464472b725f0c60211472edbba7d6851124c8",
        "09b239888f633ef2f0b4e09736e3d9936acfd810bc65d53fad45261762c6511f",
    )
    assert models.MODEL_FOR_LANGUAGE == {"en": models.DEFAULT_MODEL, "es": models.SPANISH_MODEL}


def test_spanish_fetch_with_an_unquoted_checksum_stops_and_names_the_quoted_ones(http_server, tmp_path):
    body = model_zip(models.SPANISH_MODEL)
    url = http_server.serve("/es.zip", body)
    with pytest.raises(UserError) as err:
        fetch_model(models.SPANISH_MODEL, url=url, dest_dir=tmp_path / "dest")
    message = str(err.value)
    assert "unverified" in message and "f7e409775888" in message and "09b239888f63" in message
    assert f"--sha256 {sha(body)}" in message  # how to go on if the user trusts the file
    assert list((tmp_path / "dest").iterdir()) == []  # nothing installed, no leftovers


@pytest.mark.parametrize("which", [0, 1])
def test_spanish_fetch_accepts_either_quoted_checksum(http_server, tmp_path, monkeypatch, which):
    body = model_zip(models.SPANISH_MODEL)
    url = http_server.serve("/es.zip", body)
    other = "0" * 64
    quoted = (sha(body), other) if which == 0 else (other, sha(body))
    es = models.KNOWN_MODELS[models.SPANISH_MODEL]
    from dataclasses import replace

    monkeypatch.setitem(models.KNOWN_MODELS, models.SPANISH_MODEL,
                        replace(es, sha256=quoted[0], also_sha256=(quoted[1],)))
    path = fetch_model(models.SPANISH_MODEL, url=url, dest_dir=tmp_path / "dest")
    assert path == tmp_path / "dest" / models.SPANISH_MODEL and verify_model(path).ok


def test_models_cli_fetch_lang_es_with_the_users_checksum(http_server, tmp_path, isolated):
    body = model_zip(models.SPANISH_MODEL)
    url = http_server.serve("/es.zip", body)
    runner = CliRunner()
    result = runner.invoke(cli, ["models", "fetch", "--lang", "es", "--url", url])
    assert result.exit_code != 0 and "unverified" in result.output
    assert not (isolated / models.SPANISH_MODEL).exists()
    result = runner.invoke(cli, ["models", "fetch", "--lang", "es", "--url", url, "--sha256", sha(body)])
    assert result.exit_code == 0, result.output
    assert models.is_model_dir(isolated / models.SPANISH_MODEL)
    result = runner.invoke(cli, ["models", "fetch", "tiny", "--lang", "es"])
    assert result.exit_code == 2 and "not both" in result.output
