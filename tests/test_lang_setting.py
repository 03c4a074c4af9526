"""The call language as a setting (issue 12): the profile's language, ``--lang`` on the
commands that hear a call, the language stored on each call, and the number assist's
vocabulary built from a language's own words."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from audio_helpers import ko_model, ko_model_path  # noqa: F401 - fixtures
from click.testing import CliRunner

from companion.cli import cli
from companion.errors import UserError
from companion.extract.lang.en import ENGLISH
from companion.extract.lang.es import SPANISH

TESTS = Path(__file__).resolve().parent
ES_CALL = TESTS / "corpus_es" / "t1-maria-ioe-solicitud.jsonl"
ES_WANT = {("staff_name", "María"), ("staff_id", "4712"), ("receipt_number", "IOE0913582046"),
           ("referral_number", "61047729")}


def _kinds(entities: list[dict]) -> set[tuple[str, str]]:
    return {(e["kind"], e["value"]) for e in entities if e["kind"] != "phone_number"}


# ---------------------------------------------------------------- profile
def test_profile_language_defaults_to_english_and_is_validated(store):
    assert store.profile().language == "en"
    assert store.set_profile(language=" ES ").language == "es"
    assert store.profile().language == "es"
    with pytest.raises(UserError, match=r"language: 'fr' is not valid; expected en \(English\) or es \(Spanish\)"):
        store.set_profile(language="fr", name="Ana")
    assert store.profile().language == "es" and store.profile().name == ""  # nothing of a bad set is saved


def test_profile_set_language_cli():
    runner = CliRunner()
    res = runner.invoke(cli, ["profile", "set", "--language", "klingon"])
    assert res.exit_code != 0 and "language: 'klingon' is not valid" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(cli, ["profile", "set", "--language", "es"])
    # the profile's language is the app's from this answer on (issue 12: ordinary output)
    assert res.exit_code == 0 and res.output.endswith(", idioma es\n"), res.output
    res = runner.invoke(cli, ["profile", "show", "--json"])
    assert json.loads(res.output)["language"] == "es"


def test_a_call_keeps_its_language(store):
    en_call = store.start_call()
    store.set_profile(language="es")
    es_call = store.start_call()
    explicit = store.start_call(language="en")
    assert [store.call(c).language for c in (en_call, es_call, explicit)] == ["en", "es", "en"]
    with pytest.raises(UserError, match="language"):
        store.start_call(language="de")


# ---------------------------------------------------------------- extract / import-call
def test_extract_lang_es_json_has_the_english_shape(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["extract", str(ES_CALL), "--lang", "es", "--json"])
    assert res.exit_code == 0, res.output
    es = json.loads(res.output)
    assert ES_WANT <= _kinds(es)
    en_file = TESTS / "corpus_examples"
    en_call = min(en_file.glob("*.jsonl"))
    en = json.loads(runner.invoke(cli, ["extract", str(en_call), "--json"]).output)
    assert en and {tuple(sorted(e)) for e in es} == {tuple(sorted(e)) for e in en}  # same keys
    # without --lang and with no profile, English: the Spanish words mean little
    default = json.loads(runner.invoke(cli, ["extract", str(ES_CALL), "--json"]).output)
    assert not ES_WANT <= _kinds(default)
    bad = runner.invoke(cli, ["extract", str(ES_CALL), "--lang", "fr"])
    assert bad.exit_code == 2 and "--lang" in bad.output


def test_extract_follows_the_profile_language():
    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    res = runner.invoke(cli, ["extract", str(ES_CALL), "--json"])
    assert ES_WANT <= _kinds(json.loads(res.output))
    res = runner.invoke(cli, ["extract", str(ES_CALL), "--json", "--lang", "en"])
    assert not ES_WANT <= _kinds(json.loads(res.output))


def test_import_call_lang_es_stores_the_language_and_the_fields(store):
    res = CliRunner().invoke(cli, ["import-call", str(ES_CALL), "--started-at", "2026-03-02T14:05-05:00",
                                   "--lang", "es", "--json"])
    assert res.exit_code == 0, res.output
    call_id = json.loads(res.stdout)["call_id"]
    assert store.call(call_id).language == "es"
    assert ES_WANT <= {(f.kind, f.value) for f in store.fields(call_id)}


def test_the_live_recorder_hears_the_calls_language(store):
    from companion.session import CallSession
    from companion.workflows import CallRecorder

    store.set_profile(language="es")
    session = CallSession.start(store, source="replay")
    assert store.call(session.call_id).language == "es"
    for line in ES_CALL.read_text(encoding="utf-8").splitlines():
        session.add_result(json.loads(line))
    session.flush()
    assert ES_WANT <= {(f.kind, f.value) for f in store.fields(session.call_id)}
    # an English call started while the profile says Spanish: its recorder reads English
    en_call = store.start_call(datetime.now(UTC), language="en")
    assert CallRecorder(store, en_call).language == "en"


def test_live_lang_option_sets_the_language_of_the_call_it_starts(store, monkeypatch):
    from companion.session import CallSession
    from companion.workflows import LANGUAGE_ENV

    monkeypatch.setenv(LANGUAGE_ENV, "es")  # what `companion live --lang es` sets
    assert store.call(CallSession.start(store).call_id).language == "es"
    assert store.call(CallSession.start(store, language="en").call_id).language == "en"
    res = CliRunner().invoke(cli, ["live", "--lang", "xx"])
    assert res.exit_code == 2 and "--lang" in res.output


# ---------------------------------------------------------------- number assist vocabulary
def test_number_words_come_from_the_language():
    from companion.asr.pipeline import number_words

    es = number_words(SPANISH)
    for w in ("cero", "nueve", "veintidós", "noventa", "doble", "erre", "zeta", "griega", "sero", "y"):
        assert w in es, w
    assert "twenty" not in es and "oh" not in es
    en = number_words(ENGLISH)
    assert "twenty" in en and "cero" not in en
    assert len(es) == len(set(es)) and all(" " not in w for w in es)


@pytest.mark.vosk
def test_spanish_grammar_keeps_only_words_the_model_knows(ko_model):  # noqa: F811
    """With the real (Korean) model: Spanish words it does not know are dropped, and every
    word kept is one it knows."""
    from companion.asr.pipeline import number_grammar, number_words

    grammar = number_grammar(ko_model, SPANISH)
    kept = [w for w in grammar if w != "[unk]"]
    assert set(kept) <= set(number_words(SPANISH))
    assert all(ko_model.vosk_model_find_word(w) >= 0 for w in kept)
    unknown = [w for w in number_words(SPANISH) if ko_model.vosk_model_find_word(w) < 0]
    assert unknown and not set(unknown) & set(kept)
    assert grammar == (kept + ["[unk]"] if kept else [])


def test_transcribe_has_a_lang_option():
    res = CliRunner().invoke(cli, ["transcribe", "--help"])
    assert res.exit_code == 0 and "--lang" in res.output
    bad = CliRunner().invoke(cli, ["transcribe", "x.wav", "--lang", "fr"])
    assert bad.exit_code == 2 and "--lang" in bad.output
