"""``companion extract``: the identifiers in a saved transcript."""

from __future__ import annotations

import json

import click

from companion.i18n import N_


@click.command("extract", help=N_(
    "Pick out staff names and IDs, referral, receipt and A-numbers from FILE.\n\n"
    "FILE is a .jsonl transcript: one Vosk Result() object per line, with an optional \"speaker\" "
    "(\"agent\" or \"caller\")."
))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array of entities."))
@click.option("--words", is_flag=True, help=N_("With --json, include the Vosk words of each entity."))
@click.option("--lang", "language", type=click.Choice(["en", "es"]), default=None,
              help=N_("The language of the call (default: your profile's)."))
def extract_command(file: str, as_json: bool, words: bool, language: str | None) -> None:
    from companion.display import printable
    from companion.extract import extract, read_transcript
    from companion.extract.lang import get_language
    from companion.i18n import _
    from companion.identifiers import known_receipt_prefixes
    from companion.locations import service_centers_override
    from companion.workflows import default_language

    if language:
        from companion.language import speak

        speak(language)  # the messages too, unless the profile chose the app's language
    lang = get_language(language or default_language())
    # the user's edited service-center table, loaded once, is the one extraction uses
    entities = extract(read_transcript(file), known_receipt_prefixes(service_centers_override()), lang=lang)
    if as_json:
        click.echo(json.dumps([e.to_dict(words=words) for e in entities], indent=2))  # ASCII: safe
        return
    if not entities:
        click.echo(_("No identifiers found."))
        return
    for e in entities:
        who = f"  ({e.speaker})" if e.speaker else ""
        click.echo(
            printable(f"{_clock(e.start)}  {e.kind:<16} {e.value:<16} {e.confidence:4.2f}  \"{e.text}\"{who}")
        )


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


COMMANDS: list = [extract_command]
