"""Real capture: a private PulseAudio server with null sinks, speech played into them by
paplay, recorded through sounddevice from the monitors (the call-audio path)."""

from __future__ import annotations

import threading
import time
from array import array

import pytest
from audio_helpers import (  # noqa: F401 - fixtures
    PulseServer,
    digits_wav,
    ko_model,
    ko_model_path,
    make_speech,
    pulse,
    pulse_environment,
    speech_dir,
    wav_seconds,
)
from click.testing import CliRunner

from companion.asr.pipeline import FinalResult, PartialText, RecognitionPipeline, SourceEnded
from companion.audio.sources import MicrophoneSource, MonitorSource
from companion.errors import UserError

pytestmark = pytest.mark.audio


def peak(data: bytes) -> int:
    samples = array("h")
    samples.frombytes(data)
    return max((abs(s) for s in samples), default=0)


# Waits below are hang guards: they end as soon as the awaited event happens, and only a
# hang gets near them. What a test asserts is the order of events, which load does not change.
# Under load the recognizer falls behind the audio and stop() (or a vanished device) drains
# up to the queue's 10 s of it first: over 60 s at load 10 on two cores. Hence the margin.
HANG_GUARD = 240.0


def wait_for(predicate, timeout: float = HANG_GUARD) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Collector:
    def __init__(self) -> None:
        self.events: list = []
        self.lock = threading.Lock()

    def __call__(self, event) -> None:
        with self.lock:
            self.events.append(event)

    def of(self, kind, speaker="any"):
        with self.lock:
            return [e for e in self.events
                    if isinstance(e, kind) and (speaker == "any" or e.speaker == speaker)]


def test_monitor_capture_records_what_the_sink_plays(pulse, digits_wav):
    source = MonitorSource("agent_sink.monitor")
    source.start()
    try:
        assert source.read(timeout=HANG_GUARD), "no audio block from the monitor (hang guard)"
        silence = b"".join(source.read(0.2) or b"" for _ in range(3))
        player = pulse.play(digits_wav, "agent_sink")
        blocks = []
        while player.poll() is None:
            blocks.append(source.read(0.2) or b"")
        t_end = time.monotonic() + 0.5
        while time.monotonic() < t_end:
            blocks.append(source.read(0.2) or b"")
    finally:
        source.stop()
    data = b"".join(blocks)
    assert player.returncode == 0
    assert peak(silence) < 200  # a null sink's monitor is silent until something plays
    assert peak(data) > 3000
    assert len(data) / 2 / 16000 >= wav_seconds(digits_wav) * 0.8
    assert source.end_reason == "stopped" and source.overflows == 0


@pytest.mark.vosk
def test_two_source_call_labels_agent_and_caller(pulse, ko_model, digits_wav, speech_dir):
    caller_wav = make_speech(speech_dir / "caller.wav", "하나 둘 셋 넷", pad_end=0.8)
    pulse.pactl("set-default-source", "caller_sink.monitor")  # the "microphone"
    collect = Collector()
    pipeline = RecognitionPipeline(
        ko_model,
        [(MonitorSource("agent_sink.monitor"), "agent"), (MicrophoneSource(None), "caller")],
        collect, number_assist=False,
    )
    pipeline.start()
    try:
        # Both streams recognising before the speech starts (not a fixed pause: load delays it).
        assert wait_for(lambda: all(s.audio_seconds > 0 for s in pipeline.stats.values())), "a stream never ran"
        players = [pulse.play(digits_wav, "agent_sink"), pulse.play(caller_wav, "caller_sink")]
        for p in players:
            p.wait(timeout=HANG_GUARD)
        # Stop only once a second of what followed the speech has been recognised on both
        # sides: every word played is then in, however far behind the recognizer ran.
        heard = {k: s.audio_seconds for k, s in pipeline.stats.items()}
        assert wait_for(lambda: all(s.audio_seconds >= heard[k] + 1.0 for k, s in pipeline.stats.items()))
    finally:
        pipeline.stop(timeout=HANG_GUARD)
    assert not pipeline.running
    agent = " ".join(e.result["text"] for e in collect.of(FinalResult, "agent")).split()
    caller = " ".join(e.result["text"] for e in collect.of(FinalResult, "caller")).split()
    # espeak's Korean through a resampling monitor is rough: ask for a digit, not all
    assert any(w in agent for w in ["일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]), agent
    assert caller and len(caller) < len(agent), (caller, agent)
    assert all(e.result["speaker"] == "agent" for e in collect.of(FinalResult, "agent"))
    assert all(e.result["speaker"] == "caller" for e in collect.of(FinalResult, "caller"))
    first_partial = pipeline.stats["agent"].first_partial_at
    assert first_partial is not None
    assert {e.speaker for e in collect.of(SourceEnded)} == {"agent", "caller"}


@pytest.mark.vosk
def test_device_vanishing_ends_capture_and_keeps_the_transcript(tmp_path, ko_model, digits_wav):
    server = PulseServer(tmp_path)
    server.start()
    try:
        server.add_sink("gone_sink")
        with pulse_environment(server):
            collect = Collector()
            pipeline = RecognitionPipeline(ko_model, [(MonitorSource("gone_sink.monitor"), "agent")],
                                           collect, number_assist=False)
            pipeline.start()
            assert wait_for(lambda: pipeline.stats["agent"].audio_seconds > 0), "the stream never ran"
            server.play(digits_wav, "gone_sink").wait(timeout=HANG_GUARD)
            assert wait_for(lambda: collect.of(PartialText)), "no words heard"
            server.stop()  # the sound server (and so the device) disappears mid-call
            assert wait_for(lambda: not pipeline.running), "capture did not end with its device"
            ended = collect.of(SourceEnded)
            assert len(ended) == 1 and ended[0].reason.startswith("device vanished"), ended
            assert collect.of(FinalResult), "the words heard before the loss are kept"
            pipeline.stop()  # still safe
    finally:
        server.stop()
    from companion.audio.sources import refresh_devices

    refresh_devices()


def test_unknown_monitor_is_a_user_error(pulse):
    with pytest.raises(UserError, match="companion devices"):
        MonitorSource("no_such_sink.monitor").start()


def test_no_sound_server_is_a_user_error(pulse, tmp_path, monkeypatch):
    from companion.audio.sources import refresh_devices

    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/nothing-here")
    try:
        refresh_devices()
        with pytest.raises(UserError):
            MonitorSource("agent_sink.monitor").start()
        with pytest.raises(UserError):
            MicrophoneSource("pulse").start()
    finally:
        monkeypatch.undo()
        refresh_devices()


def test_devices_and_doctor_see_the_rig(pulse, ko_model_path, tmp_path, monkeypatch):
    from companion.cli import cli

    monkeypatch.setenv("COMPANION_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["devices"])
    assert result.exit_code == 0, result.output
    assert "agent_sink.monitor" in result.output and "pulse" in result.output
    result = CliRunner().invoke(cli, ["doctor", "--model", str(ko_model_path)])
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.output
    monkeypatch.setenv("COMPANION_MODEL", str(tmp_path / "missing"))
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1 and "PROBLEM: model" in result.output
