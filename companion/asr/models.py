"""Finding, loading and fetching Vosk models.

Vosk's own ``Model(lang=...)`` downloads without any checksum and calls ``sys.exit`` on
unknown names, so the app resolves models itself (see ``resolve_model`` for the order)
and fetches them with a pinned size and SHA-256, unpacking into a temporary folder that
is renamed into place only when complete: an interrupted fetch leaves nothing half-made.

Network is used only by ``fetch_model``. ``vosk`` is imported inside ``load_model``.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import stat
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Self

from companion import locations
from companion.errors import UserError
from companion.i18n import _, current_language

if TYPE_CHECKING:  # imported for real inside load_model: importing vosk is slow
    import vosk

DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
SPANISH_MODEL = "vosk-model-small-es-0.42"
MODEL_BASE_URL = "https://alphacephei.com/vosk/models/"
MANIFEST_NAME = ".companion-manifest.json"


@dataclass(frozen=True)
class KnownModel:
    name: str
    size: int | None  # bytes of the archive; None when not known for certain
    sha256: str
    license: str = ""
    language: str = "en"  # the language the model hears ("en" | "es")
    # Other SHA-256 values quoted for the same archive; a download matching any is accepted.
    also_sha256: tuple[str, ...] = ()
    # False: the checksums were quoted by public scripts, never checked against the
    # publisher's file here; a fetch whose checksum is none of them stops and says so.
    verified: bool = True

    @property
    def checksums(self) -> tuple[str, ...]:
        return (self.sha256, *self.also_sha256)

    @property
    def url(self) -> str:
        return f"{MODEL_BASE_URL}{self.name}.zip"


KNOWN_MODELS = {
    DEFAULT_MODEL: KnownModel(
        DEFAULT_MODEL,
        size=41_205_931,
        sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        license="Apache-2.0",
    ),
    # The Spanish small model (issue 12), about 39 MB, same publisher. Its SHA-256 could not
    # be checked here (the model host is unreachable): public scripts quote the first value,
    # one also lists the second. Both are "quoted, unverified"; the size is not pinned.
    SPANISH_MODEL: KnownModel(
        SPANISH_MODEL,
        size=None,
        sha256="f7e409775888b859504f829148d464472b725f0c60211472edbba7d6851124c8",
        also_sha256=("09b239888f633ef2f0b4e09736e3d9936acfd810bc65d53fad45261762c6511f",),
        license="Apache-2.0",
        language="es",
        verified=False,
    ),
}
# The model ``companion models fetch --lang CODE`` picks.
MODEL_FOR_LANGUAGE = {"en": DEFAULT_MODEL, "es": SPANISH_MODEL}


# --------------------------------------------------------------------------- finding


def is_model_dir(path: Path) -> bool:
    """True when ``path`` looks like an unpacked Vosk model (acoustic model + config)."""
    path = Path(path)
    return (path / "am" / "final.mdl").is_file() and (
        (path / "conf" / "model.conf").is_file() or (path / "graph").is_dir()
    )


# What Vosk needs to decode (model.cc): without a graph it decodes nothing; without the
# i-vector extractor a model trained with i-vectors returns empty text, and exit 0.
REQUIRED_FILES = ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "graph/phones/word_boundary.int")
IVECTOR_FILES = (
    "ivector/final.dubm", "ivector/final.ie", "ivector/final.mat",
    "ivector/global_cmvn.stats", "ivector/online_cmvn.conf", "ivector/splice.conf",
)
_IVECTOR_INPUT = b"input-node name=ivector"  # in final.mdl's nnet3 config, near the start


def _needs_ivectors(final_mdl: Path) -> bool:
    """True when the acoustic model has an i-vector input (its config is in the first MB)."""
    try:
        with open(final_mdl, "rb") as fh:
            head = fh.read(4 << 20)
    except OSError:
        return False
    return _IVECTOR_INPUT in head


def model_problems(path: Path) -> list[str]:
    """What is missing for Vosk to decode with the model in ``path`` (empty: complete).

    Checked: the acoustic model, its feature and decoder configs, a decoding graph
    (``graph/HCLG.fst``, or ``graph/HCLr.fst`` with ``graph/Gr.fst``), the word-boundary
    table (word times), and the i-vector extractor when the acoustic model takes i-vectors.
    """
    path = Path(path)
    problems = [f"missing {rel}" for rel in REQUIRED_FILES if not (path / rel).is_file()]
    graph = path / "graph"
    if not (graph / "HCLG.fst").is_file():
        lookahead = [rel for rel in ("graph/HCLr.fst", "graph/Gr.fst") if not (path / rel).is_file()]
        if lookahead:
            problems.append(f"missing {' and '.join(lookahead)} (or graph/HCLG.fst): no decoding graph")
    if (path / "am/final.mdl").is_file() and _needs_ivectors(path / "am/final.mdl"):
        missing = [rel for rel in IVECTOR_FILES if not (path / rel).is_file()]
        if missing:
            problems.append(
                f"missing {', '.join(missing)}: the acoustic model takes i-vectors and would decode nothing"
            )
    return problems


def vosk_cache_dirs() -> list[Path]:
    """The folders Vosk itself searches, in its order."""
    dirs = []
    if os.environ.get("VOSK_MODEL_PATH"):
        dirs.append(Path(os.environ["VOSK_MODEL_PATH"]).expanduser())
    dirs += [Path("/usr/share/vosk"), Path.home() / ".cache" / "vosk"]
    return dirs


def search_dirs() -> list[tuple[str, Path]]:
    """Folders that may hold models, labelled, in resolution order (after the overrides)."""
    return [
        ("checkout", locations.checkout_models_dir()),
        ("user", locations.user_models_dir()),
    ] + [("vosk-cache", d) for d in vosk_cache_dirs()]


def _models_in(folder: Path) -> list[Path]:
    """Models directly inside ``folder``, the default model first, then by name."""
    if is_model_dir(folder):
        return [folder]
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
    found = [p for p in children if is_model_dir(p)]
    found.sort(key=lambda p: (p.name != DEFAULT_MODEL, p.name))
    return found


def _explicit(value: str, origin: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise UserError(_("{origin}: model folder {path} does not exist").format(origin=origin, path=path), field="model")
    if not is_model_dir(path):
        inner = _models_in(path)
        if inner:
            return inner[0]
        raise UserError(
            _(
                "{origin}: {path} is not a Vosk model folder (no am/final.mdl); "
                "point it at the unpacked model or run `companion models fetch`"
            ).format(origin=origin, path=path),
            field="model",
        )
    return path


_LANGUAGE_IN_NAME = re.compile(r"-(en|es)(?:-|$)")


def model_language(path: Path) -> str | None:
    """The language a model folder hears: the catalogue's word for a known model, else the
    ``-en-`` / ``-es-`` in its name (Vosk's naming), else ``None`` (not known)."""
    known = KNOWN_MODELS.get(path.name)
    if known is not None:
        return known.language
    match = _LANGUAGE_IN_NAME.search(path.name)
    return match.group(1) if match else None


def resolve_model(explicit: str | None = None, language: str | None = None) -> Path | None:
    """The model folder to use: ``--model PATH``, ``$COMPANION_MODEL``, the checkout's
    ``models/``, the user data directory's ``models/``, then Vosk's cache folders.

    With ``language`` (the call's), a model that hears it wins over the order above, then one
    whose language is not known, then any: a Spanish call finds the Spanish model even when
    the English one comes first. An explicit path is always taken as given.

    An explicit path (argument or environment) that is not a model raises ``UserError``;
    otherwise ``None`` means no model was found anywhere.
    """
    if explicit:
        return _explicit(str(explicit), "--model")
    env = os.environ.get("COMPANION_MODEL")
    if env:
        return _explicit(env, "COMPANION_MODEL")
    found = [model for _label, folder in search_dirs() for model in _models_in(folder)]
    if not found:
        return None
    if language is not None:
        for wanted in (language, None):
            for model in found:
                if model_language(model) == wanted:
                    return model
    return found[0]


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    location: str  # checkout / user / vosk-cache / COMPANION_MODEL
    size_bytes: int


def _tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def list_models() -> list[ModelInfo]:
    """Every model the resolver can see, in resolution order."""
    seen: set[Path] = set()
    out: list[ModelInfo] = []
    places = list(search_dirs())
    env = os.environ.get("COMPANION_MODEL")
    if env:
        places.insert(0, ("COMPANION_MODEL", Path(env).expanduser()))
    for label, folder in places:
        for model in _models_in(folder):
            real = model.resolve()
            if real in seen:
                continue
            seen.add(real)
            out.append(ModelInfo(model.name, model, label, _tree_size(model)))
    return out


def no_model_message() -> str:
    return _(
        "no Vosk model found: run `companion models fetch` (downloads {model}), or pass --model DIR / set COMPANION_MODEL"
    ).format(model=DEFAULT_MODEL)


# --------------------------------------------------------------------------- loading


def load_model(path, capture_stderr: bool = False) -> vosk.Model:
    """Load a Vosk model (slow: seconds and hundreds of MB; never on the UI thread).

    Kaldi prints its usage text to file descriptor 2 for a bad config even at log level
    -2. ``capture_stderr=True`` (for the CLI) diverts fd 2 while loading and puts Kaldi's
    ERROR line into the message; a TUI that draws on stderr should leave it off.
    """
    if path is None:
        raise UserError(no_model_message(), field="model")
    path = Path(path)
    if not path.is_dir():
        raise UserError(_("model folder {path} does not exist").format(path=path), field="model")
    if not is_model_dir(path):
        raise UserError(
            _(
                "{path} is not a Vosk model folder (no am/final.mdl); "
                "run `companion models fetch` or point --model at the unpacked model"
            ).format(path=path),
            field="model",
        )
    problems = model_problems(path)
    if problems:
        raise UserError(
            _(
                "the model in {path} is incomplete ({problems}); delete it and run "
                "`companion models fetch`, or point --model at a complete model"
            ).format(path=path, problems="; ".join(problems)),
            field="model",
        )
    vosk = import_vosk()
    captured = ""
    try:
        if capture_stderr:
            with _diverted_stderr() as read_back:
                try:
                    return vosk.Model(str(path))
                finally:
                    captured = read_back()
        return vosk.Model(str(path))  # Vosk wants str: a Path fails on .encode
    except Exception as exc:  # Vosk raises a bare Exception("Failed to create a model")
        errors = [line for line in captured.splitlines() if line.startswith("ERROR")]
        detail = errors[-1].split(") ", 1)[-1] if errors else str(exc)
        raise UserError(
            _(
                "the model in {path} could not be loaded ({reason}); it may be corrupt or "
                "incomplete: run `companion models verify`, or delete it and fetch it again"
            ).format(path=path, reason=detail),
            field="model",
        ) from exc


@contextlib.contextmanager
def _diverted_stderr():
    """Send file descriptor 2 to a temporary file; yields a function reading it back."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            def read_back() -> str:
                tmp.seek(0)
                return tmp.read().decode("utf-8", "replace")

            yield read_back
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def import_vosk():
    """Import vosk with Kaldi's logging silenced (it writes to stderr and breaks a TUI)."""
    try:
        import vosk
    except ImportError as exc:  # pragma: no cover - vosk is a dependency
        raise UserError(_("the vosk package is not installed ({reason}): pip install vosk").format(reason=exc)) from exc
    vosk.SetLogLevel(-2)
    return vosk


# --------------------------------------------------------------------------- fetching


def default_fetch_dir() -> Path:
    """The checkout's ``models/`` when it exists and is writable, else the user's."""
    checkout = locations.checkout_models_dir()
    if checkout.is_dir() and os.access(checkout, os.W_OK):
        return checkout
    return locations.user_models_dir()


def _safe_member_path(name: str) -> PurePosixPath:
    """The archive entry's relative path, or UserError if it would escape the target."""
    clean = name.replace("\\", "/")
    path = PurePosixPath(clean)
    drive = path.parts[0] if path.parts else ""
    if clean.startswith("/") or ".." in path.parts or drive.endswith(":"):
        raise UserError(_("refusing model archive: entry {name!r} escapes the target folder").format(name=name))
    return path


def _check_members(archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        _safe_member_path(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UserError(_("refusing model archive: entry {name!r} is a symbolic link").format(name=info.filename))


FETCH_DEADLINE = 900.0  # seconds for a whole download (41 MB at 50 KB/s: 14 minutes)
READ_TIMEOUT = 30.0  # seconds one read may wait


class _Watchdog:
    """Shuts the download's sockets when the deadline passes, wherever a read is blocked:
    a server trickling its headers byte by byte never lets a per-read timeout fire."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def opener(self) -> urllib.request.OpenerDirector:
        watchdog = self

        class Connection(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                watchdog.sockets.append(self.sock)

        class SecureConnection(http.client.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                watchdog.sockets.append(self.sock)

        class Handler(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(Connection, req)

        class SecureHandler(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(SecureConnection, req, context=self._context)

        return urllib.request.build_opener(Handler, SecureHandler)


def _download(url: str, target: Path, progress: Callable[[int, int], None] | None,
              expected_size: int | None, deadline: float = FETCH_DEADLINE) -> str:
    """Stream ``url`` into ``target`` within ``deadline`` seconds; returns the SHA-256.

    Each read waits at most ``READ_TIMEOUT`` (or what is left of the deadline) and
    returns what has arrived (``read1``), so a server that trickles a byte every few
    seconds is cut off at the deadline instead of never ending; a watchdog closes the
    connection at the deadline even while headers are still trickling in.
    """
    ends = time.monotonic() + deadline
    read_timeout = max(0.1, min(READ_TIMEOUT, deadline))

    def too_slow(done: int | None) -> UserError:
        got = _(" ({count} bytes arrived)").format(count=f"{done:,}") if done is not None else ""
        return UserError(
            _(
                "download of {url} did not finish within {seconds} s{arrived}; "
                "the server is too slow or stalled: try again later, or use --url with a mirror "
                "(--timeout SECONDS allows longer)"
            ).format(url=url, seconds=f"{deadline:g}", arrived=got)
        )

    received = [0]  # bytes so far, for the message
    with _Watchdog(deadline) as watchdog:
        try:
            return _stream(watchdog.opener(), url, target, progress, expected_size, read_timeout, ends,
                           too_slow, received)
        except UserError:
            if watchdog.fired:
                raise too_slow(received[0]) from None
            raise


def _stream(opener, url, target, progress, expected_size, read_timeout, ends, too_slow, received) -> str:
    digest = hashlib.sha256()
    try:
        response = opener.open(url, timeout=read_timeout)
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        if time.monotonic() > ends:
            raise too_slow(None) from exc
        reason = getattr(exc, "reason", exc)
        raise UserError(
            _(
                "could not download {url}: {reason}. Check the network, or fetch from a "
                "mirror with --url URL --sha256 HASH"
            ).format(url=url, reason=reason)
        ) from exc
    with response, open(target, "wb") as out:
        header = response.headers.get("Content-Length")
        total = int(header) if header and header.isdigit() else (expected_size or 0)
        done = 0
        if progress:
            progress(0, total)
        while True:
            if time.monotonic() > ends:
                raise too_slow(done)
            try:
                block = response.read1(1 << 16)
            except TimeoutError as exc:
                if time.monotonic() > ends:
                    raise too_slow(done) from exc
                raise UserError(
                    _("download of {url} stalled: nothing arrived for {seconds} s after {count} bytes; try again").format(
                        url=url, seconds=f"{read_timeout:g}", count=f"{done:,}"
                    )
                ) from exc
            except (OSError, urllib.error.URLError, http.client.HTTPException) as exc:
                raise UserError(
                    _("download of {url} broke off after {count} bytes: {reason}").format(url=url, count=done, reason=exc)
                ) from exc
            if not block:
                break
            out.write(block)
            digest.update(block)
            done += len(block)
            received[0] = done
            if progress:
                progress(done, total)
        if header and header.isdigit() and done != int(header):
            raise UserError(
                _("download of {url} is truncated: got {count} of {total} bytes; try again").format(
                    url=url, count=done, total=int(header)
                )
            )
        if expected_size is not None and done != expected_size:
            raise UserError(
                _("download of {url} has {count} bytes, expected {expected}: truncated or not the expected file").format(
                    url=url, count=done, expected=expected_size
                )
            )
    return digest.hexdigest()


def _file_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.name != MANIFEST_NAME:
            h = hashlib.sha256()
            with open(f, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            hashes[f.relative_to(root).as_posix()] = h.hexdigest()
    return hashes


def fetch_model(
    name: str = DEFAULT_MODEL,
    url: str | None = None,
    sha256: str | None = None,
    dest_dir=None,
    progress: Callable[[int, int], None] | None = None,
    deadline: float = FETCH_DEADLINE,
) -> Path:
    """Download, check and unpack a model; returns its folder.

    Size and SHA-256 come from ``KNOWN_MODELS`` unless ``sha256`` is given (a mirror or
    another model). An unknown model with no ``sha256`` is refused: nothing unchecked is
    unpacked. An existing valid model of that name is returned without any download.
    """
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise UserError(
            _("model name {name!r} is not valid; expected a folder name like {example}").format(name=name, example=DEFAULT_MODEL)
        )
    known = KNOWN_MODELS.get(name)
    accepted: tuple[str, ...]
    quoted_only = bool(known and not known.verified and not sha256)  # checksums nobody here checked
    if sha256:
        sha256 = sha256.strip().lower()
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise UserError(
                _("{field}: {value!r} is not valid; expected {expected}").format(
                    field="--sha256", value=sha256, expected=_("64 hex digits")
                ),
                field="sha256",
            )
        expected_size = None
        accepted = (sha256,)
    elif known:
        sha256, expected_size = known.sha256, known.size
        accepted = known.checksums
    else:
        raise UserError(
            _("no pinned checksum for {name!r}: pass --sha256 HASH (from a source you trust)").format(name=name)
        )
    url = url or (known.url if known else f"{MODEL_BASE_URL}{name}.zip")

    dest = Path(dest_dir) if dest_dir else default_fetch_dir()
    dest.mkdir(parents=True, exist_ok=True)
    final = dest / name
    if final.exists():
        if is_model_dir(final):
            return final
        raise UserError(_("{path} exists but is not a complete model: delete it and fetch again").format(path=final))

    work = Path(tempfile.mkdtemp(prefix=f".{name}.partial-", dir=dest))
    try:
        archive_path = work / "download.zip"
        got = _download(url, archive_path, progress, expected_size, deadline)
        if got not in accepted and quoted_only:
            raise UserError(
                _(
                    "checksum of {url} is SHA-256 {got}, none of the values quoted for {name} "
                    "({quoted}; quoted by public scripts, unverified); nothing was installed. "
                    "If you trust this file, fetch again with --sha256 {got}"
                ).format(url=url, got=got, name=name, quoted=", ".join(accepted))
            )
        if got not in accepted:
            raise UserError(
                _(
                    "checksum mismatch for {url}: SHA-256 {got}, expected {expected}; "
                    "the file is corrupt or not the expected model (nothing was installed)"
                ).format(url=url, got=got, expected=sha256)
            )
        unpack = work / "unpacked"
        unpack.mkdir()
        try:
            with zipfile.ZipFile(archive_path) as archive:
                _check_members(archive)
                archive.extractall(unpack)
        except zipfile.BadZipFile as exc:
            raise UserError(_("{url} is not a valid zip archive: {reason}").format(url=url, reason=exc)) from exc
        entries = [p for p in unpack.iterdir()]
        root = entries[0] if len(entries) == 1 and entries[0].is_dir() else unpack
        if not is_model_dir(root):
            raise UserError(_("the archive from {url} does not contain a Vosk model (no am/final.mdl)").format(url=url))
        manifest = {"name": name, "url": url, "archive_sha256": got, "files": _file_hashes(root)}
        (root / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1))
        os.rename(root, final)  # atomic within one filesystem: all or nothing
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- verifying


@dataclass(frozen=True)
class Verification:
    path: Path
    problems: tuple[str, ...]
    checked_files: int

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_model(path: Path) -> Verification:
    """Check a model's structure and, when it was fetched by us, every file's SHA-256."""
    path = Path(path)
    problems: list[str] = []
    if not is_model_dir(path):
        problems.append("not a Vosk model folder (am/final.mdl or conf/model.conf missing)")
        return Verification(path, tuple(problems), 0)
    problems += model_problems(path)
    manifest_path = path / MANIFEST_NAME
    if not manifest_path.is_file():
        return Verification(path, tuple(problems), 0)
    try:
        manifest = json.loads(manifest_path.read_text())
        expected: dict[str, str] = manifest["files"]
    except (ValueError, KeyError, OSError) as exc:
        return Verification(path, (*problems, f"manifest unreadable: {exc}"), 0)
    actual = _file_hashes(path)
    for rel, digest in expected.items():
        if rel not in actual:
            problems.append(f"missing file {rel}")
        elif actual[rel] != digest:
            problems.append(f"file {rel} changed (SHA-256 mismatch)")
    return Verification(path, tuple(problems), len(expected))


_SILENCE_CHECK = """
import json, sys
from companion.errors import UserError
from companion.i18n import set_language
set_language(sys.argv[2])  # the parent's language: the problem line is shown to the user
from companion.asr.models import import_vosk, load_model
try:
    model = load_model(sys.argv[1], capture_stderr=True)
    recognizer = import_vosk().KaldiRecognizer(model, 16000)
    recognizer.SetWords(True)
    recognizer.AcceptWaveform(bytes(32000))  # one second of 16 kHz 16-bit silence
    result = json.loads(recognizer.FinalResult())
except UserError as exc:
    print(json.dumps({"problem": str(exc)}))
    sys.exit(0)
if not isinstance(result, dict) or not isinstance(result.get("text"), str):
    print(json.dumps({"problem": f"decoding a second of silence gave {result!r}"}))
else:
    print(json.dumps({"text": result["text"]}))
"""


def decode_silence(path: Path, timeout: float = 300.0) -> str | None:
    """Load the model and decode one second of silence; ``None`` if that worked, else
    the problem in one line.

    It runs in a child process: a damaged model can make Kaldi abort the whole process
    (an uncatchable fatal error), which must not take the caller down with it.
    """
    import subprocess

    try:
        out = subprocess.run(
            [sys.executable, "-c", _SILENCE_CHECK, str(path), current_language()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return f"loading the model and decoding a second of silence took over {timeout:.0f} s"
    if out.returncode < 0:
        return f"Vosk aborted (signal {-out.returncode}) loading the model or decoding silence: the model is damaged"
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return f"the model check failed (exit {out.returncode}): {last}"
    try:
        report = json.loads(lines[-1])
    except ValueError:
        return f"the model check gave no readable answer: {lines[-1][:200]}"
    return report.get("problem")
