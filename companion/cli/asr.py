"""Subcommands for sound and speech: ``transcribe``, ``devices``, ``doctor``, ``models``.

vosk and sounddevice are imported inside the commands: ``companion --help`` stays light.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import click

from companion.errors import UserError
from companion.i18n import N_, _

# --------------------------------------------------------------------------- transcribe


@click.command(help=N_(
    "Transcribe WAV to Vosk result JSONL (the corpus format), then list the entities."
))
@click.argument("wav", type=click.Path(dir_okay=False))
@click.option("--model", "model_dir", type=click.Path(file_okay=False),
              help=N_("Model folder (default: COMPANION_MODEL, models/, the data directory)."))
@click.option("--json", "as_json", is_flag=True,
              help=N_("Print one JSON document {results, entities} instead of JSONL + a list."))
@click.option("--realtime", is_flag=True, help=N_("Pace the file like a live call."))
@click.option("--speaker", type=click.Choice(["agent", "caller"]), default=None,
              help=N_("Label every result with this speaker."))
@click.option("--no-number-assist", is_flag=True, help=N_("Skip the digits-and-letters grammar pass."))
@click.option("--lang", "language", type=click.Choice(["en", "es"]), default=None,
              help=N_("The language of the call (default: your profile's)."))
def transcribe(wav: str, model_dir: str | None, as_json: bool, realtime: bool,
               speaker: str | None, no_number_assist: bool, language: str | None) -> None:
    from companion.asr.models import load_model, no_model_message, resolve_model
    from companion.asr.pipeline import FinalResult, NameAssist, NumberAssist, RecognitionPipeline
    from companion.audio.sources import WavSource
    from companion.display import printable, printable_json
    from companion.extract.lang import get_language
    from companion.workflows import default_language

    if language:
        from companion.language import speak

        speak(language)  # the messages too, unless the profile chose the app's language
    lang = get_language(language or default_language())
    source = WavSource(wav, realtime=realtime)  # UserError for an unreadable file
    path = resolve_model(model_dir, language=lang.code)
    if path is None:
        raise UserError(no_model_message(), field="model")
    model = load_model(path, capture_stderr=True)
    results: list[dict] = []
    assists: list[NumberAssist] = []
    name_assists: list[NameAssist] = []

    def on_event(event) -> None:
        if isinstance(event, FinalResult):
            results.append(event.result)
            if not as_json:
                click.echo(printable_json(event.result))
        elif isinstance(event, NumberAssist):
            assists.append(event)
        elif isinstance(event, NameAssist):
            name_assists.append(event)

    pipeline = RecognitionPipeline(model, [(source, speaker)], on_event,
                                   number_assist=not no_number_assist,
                                   language=lang if lang.code != "en" else None)
    pipeline.start()
    try:
        pipeline.join()
    except KeyboardInterrupt:
        pipeline.stop()  # keeps the last words
        raise
    if source.end_reason and source.end_reason.startswith("file unreadable"):
        raise UserError(f"{wav}: {source.end_reason}")

    entities = _extract(results, lang)
    if as_json:
        doc = {
            "results": results,
            "entities": None if entities is None else [e.to_dict() for e in entities],
            "number_assist": [vars(a) for a in assists],
            "name_assist": [vars(a) for a in name_assists],
        }
        click.echo(printable_json(doc, indent=1))
        return
    if entities is None:
        click.echo(_("# entities: the extractor is not available in this build"), err=True)
        return
    click.echo()
    click.echo(_("# {count} entities").format(count=len(entities)))
    for e in entities:
        d = e.to_dict()
        click.echo(printable(f"# {d.get('kind')}\t{d.get('value')}\tconf {d.get('confidence', 0):.2f}"
                             f"\t{d.get('start', 0):.2f}-{d.get('end', 0):.2f}s\t{d.get('text', '')}"))
    for a in assists:
        click.echo(printable(_("# number assist {start}-{end}s: heard {heard!r}, digits grammar read {read!r}").format(
            start=f"{a.start:.2f}", end=f"{a.end:.2f}", heard=a.free_text, read=a.grammar_text)))


def _extract(results: list[dict], lang):
    """Entities from the extractor, or ``None`` while that module is not there yet."""
    try:
        from companion.extract import extract
    except ImportError:
        return None
    return extract(results, lang=lang)


# --------------------------------------------------------------------------- devices


def _pactl(*args: str) -> str | None:
    if not shutil.which("pactl"):
        return None
    try:
        out = subprocess.run(["pactl", *args], check=False, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


@click.command(help=N_("List audio inputs and monitor sources (the call's other party), with hints."))
def devices() -> None:
    from companion.audio.sources import default_monitor, import_sounddevice, pulse_sources

    sd = import_sounddevice()
    try:
        found = sd.query_devices()
        default_in = sd.default.device[0]
    except Exception as exc:  # PortAudio errors vary by host API
        raise UserError(_("cannot list audio devices: {reason}; run `companion doctor`").format(reason=exc)) from exc
    inputs = [d for d in found if d["max_input_channels"] > 0]
    click.echo(_("Input devices (microphone: companion live --device INDEX|NAME):"))
    if not inputs:
        click.echo("  " + _("none: no sound server or card visible to PortAudio; run `companion doctor`"))
    for d in inputs:
        mark = "*" if d["index"] == default_in else " "
        click.echo(f" {mark}{d['index']:>3}  {d['name']}  ({d['max_input_channels']} ch, "
                   f"{int(d['default_samplerate'])} Hz)")
    sources = pulse_sources()
    click.echo("\n" + _("Monitor sources (the other party of the call: companion live --monitor NAME):"))
    if sources is None:
        click.echo("  " + _("unavailable: pactl not found or no PulseAudio/PipeWire server"))
        return
    monitors = [s for s in sources if s.endswith(".monitor")]
    default = default_monitor()
    for name in monitors:
        mark = "*" if name == default else " "
        click.echo(f" {mark}     {name}")
    if not monitors:
        click.echo("  " + _("none"))
    if default:
        click.echo("\n" + _("* {source} carries what you hear: use it for the agent's side.").format(source=default))


# --------------------------------------------------------------------------- doctor


def run_checks(model_dir: str | None = None) -> list[tuple[str, str]]:
    """Every problem found, as (problem, fix) pairs; empty when all is well."""
    from companion import locations
    from companion.asr import models

    problems: list[tuple[str, str]] = []
    sd = None
    try:
        from companion.audio.sources import import_sounddevice

        sd = import_sounddevice()
    except UserError as exc:
        problems.append((_("PortAudio: {reason}").format(reason=exc.__cause__ or exc),
                         _("install PortAudio: sudo apt-get install libportaudio2")))
    if sys.platform == "linux":
        if not shutil.which("pactl"):
            problems.append((_("pactl not found: the call's other party cannot be captured"),
                             "sudo apt-get install pulseaudio-utils"))
        elif _pactl("info") is None:
            problems.append((_("no PulseAudio/PipeWire server answers"),
                             _("start it (systemctl --user start pipewire-pulse, or "
                               "pulseaudio --start); speakerphone mode still works with a mic")))
    if sd is not None:
        try:
            inputs = [d for d in sd.query_devices() if d["max_input_channels"] > 0]
        except Exception as exc:  # noqa: BLE001 - PortAudio: reported as a problem found
            inputs = []
            problems.append((_("PortAudio cannot list devices: {reason}").format(reason=exc), _("run `companion devices`")))
        if not inputs:
            problems.append((_("no audio input device visible"),
                             _("plug in a microphone or start the sound server; manual mode works without")))
    try:
        path = models.resolve_model(model_dir)
    except UserError as exc:
        problems.append((_("model: {reason}").format(reason=exc), _("fix the path or unset COMPANION_MODEL")))
    else:
        if path is None:
            problems.append((_("no Vosk model installed"), "companion models fetch"))
        else:
            check = models.verify_model(path)
            if not check.ok:
                problems.append((_("model {path}: {problems}").format(path=path, problems="; ".join(check.problems)),
                                 _("delete {path} and run `companion models fetch`").format(path=path)))
    try:
        data = locations.data_dir()
        probe = data / ".doctor-probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        problems.append((_("data directory not writable: {reason}").format(reason=exc),
                         _("set COMPANION_HOME or --home to a writable folder")))
    except UserError as exc:
        problems.append((str(exc), _("set COMPANION_HOME or --home to a folder")))
    else:
        from companion.store import database_identity_problems

        problems.extend(database_identity_problems(locations.database_path()))
    return problems


@click.command(help=N_(
    "Check PortAudio, devices, PulseAudio, the model, the data directory and the database."
))
@click.option("--model", "model_dir", type=click.Path(), help=N_("Model folder to check."))
@click.pass_context
def doctor(ctx: click.Context, model_dir: str | None) -> None:
    problems = run_checks(model_dir)
    for problem, fix in problems:
        click.echo(_("PROBLEM: {problem} -> fix: {fix}").format(problem=problem, fix=fix))
    if problems:
        ctx.exit(1)
    click.echo(_("All checks passed."))


# --------------------------------------------------------------------------- models


@click.group(help=N_("List, fetch and verify Vosk models."))
def models() -> None:
    pass


@models.command("list", help=N_("Models the app can see, in resolution order (the first one is used)."))
def models_list() -> None:
    from companion.asr.models import list_models, no_model_message, search_dirs

    found = list_models()
    if not found:
        click.echo(no_model_message())
        click.echo(_("Searched: {folders}").format(folders=", ".join(str(p) for _where, p in search_dirs())))
        return
    for i, m in enumerate(found):
        mark = "*" if i == 0 else " "
        click.echo(f"{mark} {m.name}\t{m.size_bytes / 1e6:.0f} MB\t{m.location}\t{m.path}")


@models.command("fetch", help=N_("Download a model (default vosk-model-small-en-us-0.15), check it, unpack it."))
@click.argument("name", required=False)
@click.option("--url", help=N_("Download from this URL (a mirror) instead of alphacephei.com."))
@click.option("--sha256", help=N_("Expected SHA-256 of the archive (required for unknown models)."))
@click.option("--dest", type=click.Path(file_okay=False), help=N_("Folder to unpack into."))
@click.option("--timeout", "deadline", type=click.FloatRange(min=1, max=86_400), default=None,
              help=N_("Give up after this many seconds in all (default 900)."))
@click.option("--lang", "language", type=click.Choice(["en", "es"]), default=None,
              help=N_("Fetch the model for this language (es: vosk-model-small-es-0.42)."))
def models_fetch(name: str | None, url: str | None, sha256: str | None, dest: str | None,
                 deadline: float | None, language: str | None) -> None:
    from companion.asr.models import DEFAULT_MODEL, FETCH_DEADLINE, MODEL_FOR_LANGUAGE, fetch_model

    if name and language:
        raise click.UsageError(_("give a model NAME or --lang, not both"))
    name = name or (MODEL_FOR_LANGUAGE[language] if language else DEFAULT_MODEL)
    with click.progressbar(length=0, label=_("Fetching {name}").format(name=name), file=sys.stderr,
                           show_pos=True) as bar:
        def progress(done: int, total: int) -> None:
            if total and bar.length != total:
                bar.length = total
            bar.update(done - bar.pos)

        path = fetch_model(name, url=url, sha256=sha256, dest_dir=dest, progress=progress,
                           deadline=deadline or FETCH_DEADLINE)
    click.echo(_("Model ready: {path}").format(path=path))


@models.command("verify", help=N_("Check each model's files (SHA-256 for models fetched by this app)."))
@click.option("--model", "model_dir", type=click.Path(), help=N_("Only this model folder."))
@click.option("--load", is_flag=True, help=N_("Also load each model with Vosk and decode a second of silence (slow)."))
@click.pass_context
def models_verify(ctx: click.Context, model_dir: str | None, load: bool) -> None:
    from pathlib import Path

    from companion.asr.models import decode_silence, list_models, no_model_message, verify_model

    paths = [Path(model_dir)] if model_dir else [m.path for m in list_models()]
    if not paths:
        raise UserError(no_model_message())
    bad = 0
    for path in paths:
        check = verify_model(path)
        if check.ok and load:
            problem = decode_silence(path)
            if problem:
                check = type(check)(path, (problem,), check.checked_files)
        if check.ok:
            how = (
                _("{count} files match").format(count=check.checked_files)
                if check.checked_files
                else _("structure ok (no manifest)")
            )
            if load:
                how += "; " + _("loads and decodes a second of silence")
            click.echo(f"ok    {path}: {how}")
        else:
            bad += 1
            click.echo(f"BAD   {path}: {'; '.join(check.problems)}")
    if bad:
        ctx.exit(1)


COMMANDS: list = [transcribe, devices, doctor, models]
