"""Sources of PCM for the recogniser: microphone, the call's other party, a WAV file.

Every source delivers mono signed 16-bit little-endian blocks of about 100 ms through a
bounded queue. Live sources never block the audio callback: when the queue is full the
block is dropped and counted in ``overflows`` (the pipeline reports it). A source ends
with a reason ("file done", "stopped", "device vanished: ...") and ``read()`` then
returns ``None``.

``sounddevice`` is imported lazily: without PortAudio it raises ``OSError`` at import,
which becomes a ``UserError`` that says what to install.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import wave
from array import array
from pathlib import Path

from companion.errors import UserError
from companion.i18n import _

SAMPLE_RATE = 16_000
BLOCK_SECONDS = 0.1
DEFAULT_QUEUE_BLOCKS = 100  # 10 s of audio: room for a slow decode, bounded memory
STALL_SECONDS = 2.0  # a live stream silent this long (no callbacks at all) has vanished

# PULSE_SOURCE is read from the environment when a stream is opened: serialise openings.
_OPEN_LOCK = threading.Lock()


def import_sounddevice():
    """``import sounddevice`` with a fixable message when PortAudio is missing."""
    try:
        import sounddevice
    except OSError as exc:
        raise UserError(
            _(
                "audio capture is unavailable: {reason}. Install PortAudio "
                "(Debian/Ubuntu: sudo apt-get install libportaudio2; macOS: brew install portaudio)"
            ).format(reason=exc)
        ) from exc
    return sounddevice


def refresh_devices() -> None:
    """Re-scan PortAudio's devices (it lists them once, at initialisation).

    Needed when a sound server started after ``sounddevice`` was imported. Only call it
    while no stream is open.
    """
    sd = import_sounddevice()
    try:
        sd._terminate()
    finally:
        sd._initialize()


class AudioSource:
    """A stream of 16-bit mono blocks. ``start()``, then ``read()`` or iterate; ``stop()``."""

    sample_rate: int = SAMPLE_RATE
    clocked: bool = True  # blocks follow the wall clock (live, or a paced file)

    def __init__(self, name: str, max_blocks: int = DEFAULT_QUEUE_BLOCKS) -> None:
        self.name = name
        self.overflows = 0  # blocks dropped because the consumer fell behind
        self.end_reason: str | None = None
        self.started_at: float | None = None  # time.monotonic() of the first block
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=max_blocks)
        self._ended = threading.Event()
        self._stopping = threading.Event()

    # -- producer side
    def _offer(self, block: bytes) -> None:
        """Queue a block without ever blocking (audio callbacks call this)."""
        if self.started_at is None:
            self.started_at = time.monotonic() - len(block) / 2 / self.sample_rate
        try:
            self._queue.put_nowait(block)
        except queue.Full:
            self.overflows += 1

    def _finish(self, reason: str) -> None:
        if not self._ended.is_set():
            self.end_reason = reason
            self._ended.set()

    # -- consumer side
    @property
    def ended(self) -> bool:
        """True when no more audio will come (the queue may still hold some)."""
        return self._ended.is_set()

    def read(self, timeout: float = 0.5) -> bytes | None:
        """The next block; ``b""`` if none arrived within ``timeout``; ``None`` at the end."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._queue.get(timeout=min(0.05, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                if self._ended.is_set() and self._queue.empty():
                    return None
                self._check_alive()
                if time.monotonic() >= deadline:
                    return b""

    def __iter__(self):
        while True:
            block = self.read()
            if block is None:
                return
            if block:
                yield block

    def _check_alive(self) -> None:
        """Live sources end themselves here when their device has gone."""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Stop producing; blocks already queued can still be read. Idempotent."""
        self._stopping.set()
        self._finish("stopped")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


# --------------------------------------------------------------------------- live


class _SoundDeviceSource(AudioSource):
    """Capture through PortAudio's RawInputStream (100 ms blocks, low latency)."""

    def __init__(self, name: str, device=None, env: dict[str, str] | None = None,
                 max_blocks: int = DEFAULT_QUEUE_BLOCKS) -> None:
        super().__init__(name, max_blocks)
        self.device = device
        self._env = env or {}
        self._stream = None
        self._last_callback = 0.0
        self.status_flags = 0  # PortAudio input overflows reported by the driver

    def _callback(self, indata, frames, time_info, status) -> None:
        self._last_callback = time.monotonic()
        if status:
            self.status_flags += 1
        self._offer(bytes(indata))

    def _resolve_device(self, sd):
        return self.device

    def start(self) -> None:
        if self._stream is not None:
            return
        sd = import_sounddevice()
        with _OPEN_LOCK:
            saved = {k: os.environ.get(k) for k in self._env}
            os.environ.update(self._env)
            try:
                device = self._resolve_device(sd)
                stream = sd.RawInputStream(
                    samplerate=SAMPLE_RATE, blocksize=int(SAMPLE_RATE * BLOCK_SECONDS),
                    dtype="int16", channels=1, device=device, latency="low",
                    callback=self._callback,
                )
                stream.start()
            except (sd.PortAudioError, ValueError) as exc:
                raise UserError(self._open_error(exc)) from exc
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        self._stream = stream
        self._last_callback = time.monotonic()

    def _open_error(self, exc: Exception) -> str:
        return _(
            "cannot open audio input {name!r}: {reason}. Run `companion devices` to list inputs, "
            "`companion doctor` to diagnose"
        ).format(name=self.name, reason=exc)

    def _check_alive(self) -> None:
        stream = self._stream
        if stream is None or self._stopping.is_set() or self._ended.is_set():
            return
        try:
            active = stream.active
        except Exception:  # noqa: BLE001 - the PortAudio stream object itself is gone
            active = False
        stalled = time.monotonic() - self._last_callback > STALL_SECONDS
        if not active or stalled:
            why = "stream stopped" if not active else f"no audio for {STALL_SECONDS:.0f} s"
            self._close()
            self._finish(f"device vanished: {self.name} ({why})")

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
            except Exception:  # noqa: BLE001, S110 - PortAudio: a dead stream is closed already
                pass
            try:
                stream.close()
            except Exception:  # noqa: BLE001, S110 - as above
                pass

    def stop(self) -> None:
        self._stopping.set()
        self._close()
        self._finish("stopped")


class MicrophoneSource(_SoundDeviceSource):
    """The user's microphone: ``device`` is a PortAudio index, a name (substring), or
    ``None`` for the default input."""

    def __init__(self, device=None, max_blocks: int = DEFAULT_QUEUE_BLOCKS) -> None:
        if isinstance(device, str) and device.strip().isdigit():
            device = int(device)
        label = "microphone" if device is None else f"microphone {device}"
        super().__init__(label, device=device, max_blocks=max_blocks)

    def _resolve_device(self, sd):
        device = self.device
        try:
            if device is None:
                sd.query_devices(kind="input")
            else:
                info = sd.query_devices(device)
                if info["max_input_channels"] < 1:
                    raise UserError(
                        _("audio device {device!r} has no input channels; run `companion devices` to list inputs").format(
                            device=device
                        )
                    )
        except (ValueError, sd.PortAudioError) as exc:
            what = _("no default audio input") if device is None else _("no input device {device!r}").format(device=device)
            raise UserError(
                _("{problem} ({reason}); run `companion devices` to list inputs, `companion doctor` to diagnose").format(
                    problem=what, reason=exc
                )
            ) from exc
        return device


class MonitorSource(_SoundDeviceSource):
    """The other party of the call: a PulseAudio/PipeWire sink monitor such as
    ``alsa_output.pci-0000_00_1f.3.analog-stereo.monitor``.

    PortAudio does not list monitor sources, so the stream opens device ``pulse`` with
    ``PULSE_SOURCE`` set to the monitor (serialised: the variable is process-wide).
    """

    def __init__(self, monitor: str, max_blocks: int = DEFAULT_QUEUE_BLOCKS) -> None:
        if not monitor:
            raise UserError(_("monitor source name is empty; run `companion devices`"))
        self.monitor = monitor
        super().__init__(f"monitor {monitor}", device="pulse",
                         env={"PULSE_SOURCE": monitor}, max_blocks=max_blocks)

    def _resolve_device(self, sd):
        if sys.platform != "linux":
            raise UserError(_("capturing the call's other party needs PulseAudio or PipeWire (Linux)"))
        sources = pulse_sources()
        if sources is not None and self.monitor not in sources:
            raise UserError(
                _("no PulseAudio source named {name!r}; run `companion devices` to list monitor sources").format(
                    name=self.monitor
                )
            )
        if not _has_device(sd, "pulse"):
            refresh_devices()  # the sound server may have started after PortAudio did
            if not _has_device(sd, "pulse"):
                raise UserError(
                    _(
                        "PortAudio has no 'pulse' device: is PulseAudio/PipeWire running, and "
                        "the ALSA pulse plugin installed (Debian: libasound2-plugins)?"
                    )
                )
        return "pulse"


def _has_device(sd, name: str) -> bool:
    try:
        return any(d["name"] == name and d["max_input_channels"] > 0 for d in sd.query_devices())
    except Exception:  # noqa: BLE001 - PortAudio cannot list devices: the device is not there
        return False


def pulse_sources() -> list[str] | None:
    """Names of PulseAudio/PipeWire sources, or ``None`` when ``pactl`` cannot tell."""
    if not shutil.which("pactl"):
        return None
    try:
        out = subprocess.run(["pactl", "list", "short", "sources"], check=False, capture_output=True,
                             text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return [line.split("\t")[1] for line in out.stdout.splitlines() if "\t" in line]


def default_monitor() -> str | None:
    """The monitor of the default output (what the other party sounds like), if known."""
    if not shutil.which("pactl"):
        return None
    try:
        out = subprocess.run(["pactl", "get-default-sink"], check=False, capture_output=True, text=True,
                             timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    sink = out.stdout.strip()
    return f"{sink}.monitor" if out.returncode == 0 and sink else None


# --------------------------------------------------------------------------- files


def _to_mono16(frames: bytes, width: int, channels: int) -> bytes:
    """Any PCM width/channel count to mono signed 16-bit (pure Python, no audioop)."""
    if width == 1:
        samples = array("h", ((b - 128) << 8 for b in frames))
    elif width == 2:
        samples = array("h")
        samples.frombytes(frames)
        if sys.byteorder == "big":
            samples.byteswap()
    elif width in (3, 4):
        samples = array("h", (
            int.from_bytes(frames[i + width - 2:i + width], "little", signed=True)
            for i in range(0, len(frames) - width + 1, width)
        ))
    else:
        raise ValueError(f"unsupported sample width {width}")
    if channels > 1:
        n = len(samples) // channels
        samples = array("h", (
            sum(samples[i * channels:(i + 1) * channels]) // channels for i in range(n)
        ))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


MIN_FILE_RATE, MAX_FILE_RATE = 8_000, 192_000  # what WavSource accepts, in Hz
_MAX_FMT_CHUNK = 4096  # a real fmt chunk is 16 to 40 bytes


class _PcmWav:
    """Minimal RIFF/WAVE reader: PCM and WAVE_FORMAT_EXTENSIBLE with a PCM subformat
    (what sox writes for 24-bit or multichannel; ``wave`` before 3.12 refuses it)."""

    def __init__(self, path: Path) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 - open while the source reads; closed in close()
        try:
            self._parse()
        except BaseException:
            self._fh.close()
            raise

    def _parse(self) -> None:
        fh = self._fh
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise wave.Error("not a RIFF/WAVE file")
        fmt = None
        while True:
            chunk = fh.read(8)
            if len(chunk) < 8:
                raise wave.Error("no data chunk" if fmt else "no fmt chunk")
            cid, size = chunk[:4], int.from_bytes(chunk[4:], "little")
            if cid == b"fmt ":
                if not 16 <= size <= _MAX_FMT_CHUNK:
                    raise wave.Error(f"fmt chunk of {size} bytes")
                fmt = fh.read(size + (size & 1))
                tag = int.from_bytes(fmt[0:2], "little")
                if tag == 0xFFFE and len(fmt) >= 26:
                    tag = int.from_bytes(fmt[24:26], "little")  # SubFormat GUID's first bytes
                if tag != 1:
                    raise wave.Error(f"unsupported encoding (format tag {tag}); only integer PCM")
                self.channels = int.from_bytes(fmt[2:4], "little")
                self.rate = int.from_bytes(fmt[4:8], "little")
                bits = int.from_bytes(fmt[14:16], "little")
                self.width = (bits + 7) // 8
            elif cid == b"data":
                if fmt is None:
                    raise wave.Error("data chunk before fmt chunk")
                self.frame_bytes = self.width * self.channels
                self.nframes = size // self.frame_bytes if self.frame_bytes else 0
                self._left = self.nframes * self.frame_bytes
                return
            else:
                fh.seek(size + (size & 1), 1)

    def readframes(self, n: int) -> bytes:
        want = min(self._left, n * self.frame_bytes)
        data = self._fh.read(want)
        data = data[: len(data) - len(data) % self.frame_bytes]
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class WavSource(AudioSource):
    """A WAV file of any PCM rate and channel count, as 16 kHz mono blocks.

    ``realtime=True`` paces blocks like a live call (and drops on overflow like one);
    otherwise blocks come as fast as the consumer takes them, none dropped. Rate
    conversion uses ``audioop`` where Python still has it; elsewhere the file's true rate
    is kept in ``sample_rate`` (Vosk resamples internally).
    """

    def __init__(self, path, realtime: bool = True, max_blocks: int = DEFAULT_QUEUE_BLOCKS) -> None:
        super().__init__(f"file {Path(path).name}", max_blocks)
        self.path = Path(path)
        self.realtime = realtime
        self.clocked = realtime
        self._thread: threading.Thread | None = None
        try:
            with _PcmWav(self.path) as wf:
                self.file_rate, self.channels = wf.rate, wf.channels
                self.width, self.frames = wf.width, wf.nframes
        except FileNotFoundError as exc:
            raise UserError(_("WAV file {path} does not exist").format(path=self.path)) from exc
        except (wave.Error, EOFError, OSError) as exc:
            raise UserError(
                _(
                    "cannot read {path} as a PCM WAV file ({reason}); convert it with "
                    "`sox {name} -r 16000 -c 1 -b 16 out.wav`"
                ).format(path=self.path, reason=exc or type(exc).__name__, name=self.path.name)
            ) from exc
        if self.width not in (1, 2, 3, 4) or self.channels < 1:
            raise UserError(
                _("{path}: unsupported WAV format ({bits}-bit, {channels} channels, {rate} Hz)").format(
                    path=self.path, bits=self.width * 8, channels=self.channels, rate=self.file_rate
                )
            )
        if not MIN_FILE_RATE <= self.file_rate <= MAX_FILE_RATE:
            # 1 Hz or 4e9 Hz in a header is a damaged or hostile file: resampling it would
            # take hours or blocks of gigabytes. Speech recordings are 8 to 192 kHz.
            raise UserError(
                _(
                    "{path}: the WAV header declares a sample rate of {rate} Hz; expected {low} to {high} kHz. "
                    "Convert it with `sox {name} -r 16000 -c 1 -b 16 out.wav`"
                ).format(
                    path=self.path, rate=f"{self.file_rate:,}", low=MIN_FILE_RATE // 1000,
                    high=MAX_FILE_RATE // 1000, name=self.path.name,
                )
            )
        self._audioop = _audioop()
        self.sample_rate = SAMPLE_RATE if self._audioop else self.file_rate

    @property
    def duration(self) -> float:
        return self.frames / self.file_rate

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._produce, name=f"wav:{self.path.name}",
                                            daemon=True)
            self._thread.start()

    def _convert(self, frames: bytes, state):
        op = self._audioop
        if op is None:
            return _to_mono16(frames, self.width, self.channels), state
        if self.width == 1:
            frames = op.bias(frames, 1, -128)
        if self.width != 2:
            frames = op.lin2lin(frames, self.width, 2)
        if self.channels == 2:
            frames = op.tomono(frames, 2, 0.5, 0.5)
        elif self.channels > 2:
            frames = _to_mono16(frames, 2, self.channels)
        if self.file_rate != SAMPLE_RATE:
            frames, state = op.ratecv(frames, 2, 1, self.file_rate, SAMPLE_RATE, state)
        return frames, state

    def _produce(self) -> None:
        per_block = max(1, int(self.file_rate * BLOCK_SECONDS))
        state = None
        t0 = time.monotonic()
        self.started_at = t0
        sent = 0.0
        try:
            with _PcmWav(self.path) as wf:
                while not self._stopping.is_set():
                    frames = wf.readframes(per_block)
                    if not frames:
                        break
                    block, state = self._convert(frames, state)
                    if self.realtime:
                        delay = t0 + sent - time.monotonic()
                        if delay > 0 and self._stopping.wait(delay):
                            break
                        self._offer(block)
                    else:
                        while not self._stopping.is_set():
                            try:
                                self._queue.put(block, timeout=0.1)
                                break
                            except queue.Full:
                                continue
                    sent += len(frames) / (self.width * self.channels) / self.file_rate
        except (wave.Error, EOFError, OSError) as exc:
            self._finish(f"file unreadable: {exc}")
            return
        self._finish("stopped" if self._stopping.is_set() else "file done")

    def stop(self) -> None:
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        self._finish("stopped")


def _audioop():
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import audioop
        return audioop
    except ImportError:  # Python 3.13+
        return None
