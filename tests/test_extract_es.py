"""Spanish calls (issue 12): each class of spoken difficulty in several phrasings, through the
real extractor with the Spanish tables (``companion.extract.lang.es``)."""

from __future__ import annotations

import pytest

from companion.extract import extract
from companion.extract.lang import get_language
from companion.extract.lang.es import SPANISH
from companion.extract.spoken import read_run


def _vosk(text: str, start: float, speaker: str | None) -> dict:
    words = [{"word": w, "start": round(start + 0.35 * i, 2), "end": round(start + 0.35 * i + 0.3, 2), "conf": 1.0}
             for i, w in enumerate(text.split())]
    d: dict = {"text": text, "result": words}
    if speaker:
        d["speaker"] = speaker
    return d


def _got(lines: list, lang=SPANISH) -> list[tuple[str, str]]:
    results, t = [], 0.0
    for line in lines:
        speaker, text = line if isinstance(line, tuple) else (None, line)
        results.append(_vosk(text, t, speaker))
        t += 0.35 * len(text.split()) + 1.0
    return sorted((str(e.kind), e.value) for e in extract(results, lang=lang) if e.kind != "phone_number")


def _chars(text: str, letters_first: int = 0) -> str:
    """The characters a run spells; ambiguous o/cero read as letters in the first
    ``letters_first`` places (as the extractor does for a receipt's prefix)."""
    run = read_run(text.split(), 0, lang=SPANISH)
    return run.text(letters_first) if run else ""


A, C = "agent", "caller"


# ---------------------------------------------------------------- digits, slips, groups
@pytest.mark.parametrize(
    "spoken, chars",
    [
        ("cero nueve uno dos", "0912"),
        ("cerro nueve sero dos", "0902"),  # the model's slips for cero
        ("sais sierte", "67"),  # seis, siete
        ("dos los uno", "221"),  # "los" for dos between digits
        ("dos un cero", "210"),  # "un" for uno between digits
        ("veintidós noventa y uno cero cero", "22910 0".replace(" ", "")),
        ("cuarenta y cuatro setenta y ocho", "4478"),
        ("catorce dieciséis diecinueve", "141619"),
        ("veinte treinta", "2030"),
        ("doble ocho cero uno", "8801"),
        ("triple siete dos", "7772"),
        ("cuatrocientos ochenta y cinco", "485"),
        ("ciento treinta", "130"),
        ("cero zero four nine", "0049"),  # English digits mid-number
    ],
)
def test_spanish_digits_slips_and_groups(spoken, chars):
    assert _chars(spoken) == chars


@pytest.mark.parametrize(
    "spoken, chars",
    [
        ("e a ce dos", "EAC2"),
        ("ese erre ce uno", "SRC1"),
        ("ese erre se uno", "SRC1"),  # "se" for ce inside a run
        ("eme ese ce dos", "MSC2"),
        ("doble u a ce dos", "WAC2"),
        ("uve doble a ce dos", "WAC2"),
        ("doble ve a ce dos", "WAC2"),
        ("i griega ese ce dos", "YSC2"),
        ("i o e cero", "IOE0"),
        ("y o e cero", "IOE0"),  # the model writes the letter i as "y"
        ("el i ene uno", "LIN1"),  # "el" for ele
        ("e de españa a de antonio ce de carmen uno", "EAC1"),  # letra de palabra
        ("te de tomás dos cero", "T20"),
        ("zeta ese efe uno", "ZSF1"),
        ("hache jota ka dos", "HJK2"),
    ],
)
def test_spanish_letter_names_confusions_and_spelling_by_word(spoken, chars):
    assert _chars(spoken, len(chars.rstrip("0123456789"))) == chars


def test_a_conjunction_or_article_is_no_letter():
    assert _chars("y luego") == ""
    assert _chars("de la oficina") == ""
    assert _chars("el caso") == ""


# ---------------------------------------------------------------- cues, in several phrasings
@pytest.mark.parametrize(
    "lines, want",
    [
        ([(A, "le habla maría mi número de operador es cuatro siete uno dos")],
         [("staff_id", "4712"), ("staff_name", "María")]),
        ([(A, "buenas tardes mi nombre es josé número de identificación cinco cero tres ocho uno")],
         [("staff_id", "50381"), ("staff_name", "José")]),
        ([(A, "buenos días le atiende el oficial núñez número de placa cuatro cuatro siete nueve uno")],
         [("staff_id", "44791"), ("staff_name", "Núñez")]),
        ([(A, "con gusto me da su número de recibo"), (C, "sí es i o e cero nueve uno tres cinco ocho dos cero cuatro seis")],
         [("receipt_number", "IOE0913582046")]),
        ([(A, "y el recibo"), (C, "e a ce veintitrés catorce setenta y seis cero nueve ochenta y dos")],
         [("receipt_number", "EAC2314760982")]),
        ([(A, "tiene su número de extranjero"), (C, "sí a cero ocho siete cuatro cero dos cinco uno nueve")],
         [("a_number", "A087402519")]),
        ([(C, "mi número a es dos cero nueve tres uno ocho cuatro siete cinco")], [("a_number", "A209318475")]),
        ([(A, "voy a crear una solicitud de servicio anote el número de referencia seis uno cero cuatro siete siete dos nueve")],
         [("referral_number", "61047729")]),
    ],
)
def test_spanish_cue_phrases(lines, want):
    assert _got(lines) == sorted(want)


# ---------------------------------------------------------------- distractors
@pytest.mark.parametrize(
    "line",
    [
        "el código postal es tres tres uno tres cinco",
        "es para el formulario i siete sesenta y cinco",
        "nací el quince de marzo de mil novecientos ochenta y cuatro",
        "la tarifa es de setecientos diez dólares",
        "espere treinta días y vuelva a llamar",
        "para inglés oprima uno para español oprima dos",
    ],
)
def test_spanish_distractors_are_not_identifiers(line):
    assert _got([line]) == []


# ---------------------------------------------------------------- corrections and read-backs
@pytest.mark.parametrize(
    "lines, want",
    [
        # the agent reads back a wrong last digit, the caller corrects it
        ([(A, "el número de recibo"), (C, "ese erre ce uno nueve cero cuatro uno dos tres siete siete cero"),
          (A, "para confirmar ese erre ce uno nueve cero cuatro uno dos tres siete siete ocho"),
          (C, "no perdón el último es cero")],
         [("receipt_number", "SRC1904123770")]),
        # repeated after "¿me lo repite?": one referral, not three
        ([(A, "su número de referencia es seis uno cero cuatro siete siete dos nueve"), (C, "me lo repite"),
          (A, "seis uno cero cuatro siete siete dos nueve")],
         [("referral_number", "61047729")]),
        # the caller restarts a number after "no perdón"
        ([(C, "mi número a es dos uno uno no perdón dos cero nueve tres uno ocho cuatro siete cinco")],
         [("a_number", "A209318475")]),
        # a number cut by a pause runs on in the next result
        ([(A, "me da su número de recibo"), (C, "i o e cero nueve uno tres"), (C, "cinco ocho dos cero cuatro seis")],
         [("receipt_number", "IOE0913582046")]),
    ],
)
def test_spanish_corrections_readbacks_and_continuations(lines, want):
    assert _got(lines) == sorted(want)


# ---------------------------------------------------------------- language choice
def test_the_language_decides_what_is_heard():
    lines = [(A, "le habla maría mi número de operador es cuatro siete uno dos")]
    assert _got(lines, get_language("es")) == [("staff_id", "4712"), ("staff_name", "María")]
    assert ("staff_id", "4712") not in _got(lines, get_language("en"))
    with pytest.raises(ValueError, match="en, es"):
        get_language("fr")


# ---------------------------------------------------------------- classes from the blind set es1
@pytest.mark.parametrize(
    "lines, want",
    [
        # "y luego" between the letters and the digits of one number
        ([(A, "su número de referencia empieza con dos letras ese erre y luego uno nueve cero cuatro siete dos dos")],
         [("referral_number", "SR1904722")]),
        ([(A, "anote la referencia ce erre y después dos nueve cero ocho cuatro cuatro uno siete")],
         [("referral_number", "CR29084417")]),
        # an article after the cue, read into digits, is no letter L
        ([(A, "muy bien su número de referencia es el uno doble siete cuatro cero dos nueve")],
         [("referral_number", "1774029")]),
        ([(A, "su número de solicitud es el nueve dos seis uno tres cero cinco ocho")],
         [("referral_number", "92613058")]),
        # "uve doble" (Spain) as well as "doble u" / "doble ve"
        ([(A, "me da el número de recibo"), (C, "uve doble a ce dos tres nueve cero cuatro uno uno ocho siete seis")],
         [("receipt_number", "WAC2390411876")]),
    ],
)
def test_spanish_blind_classes(lines, want):
    assert _got(lines) == sorted(want)


def test_a_second_number_said_as_the_same_with_another_end():
    lines = [
        (A, "me da los números de recibo"),
        (C, "el de la residencia es i o e cero nueve tres uno cinco siete dos ocho cero cuatro"),
        (C, "y el del permiso es casi igual nada más termina en cinco"),
        (A, "entonces es i o e cero nueve tres uno cinco siete dos ocho cero cinco"),
    ]
    assert _got(lines) == [("receipt_number", "IOE0931572804"), ("receipt_number", "IOE0931572805")]


@pytest.mark.parametrize("name", ["fernando", "armando", "orlando", "rolando"])
def test_names_ending_in_ando_are_names(name):
    lines = [f"buenas noches mi nombre es {name} mi número de empleado es tres cero nueve cero"]
    assert _got(lines) == [("staff_id", "3090"), ("staff_name", name.capitalize())]


def test_perdon_corrects_only_right_before_the_number():
    # "perdón" as "pardon?" while the line cuts out: the next number is no fix of the receipt
    lines = [
        (A, "me proporciona el número de recibo"),
        (C, "eme ese ce dos dos nueve uno siete cuatro seis cero tres tres"),
        (A, "su número de solicitud es siete tres"),
        (C, "perdón se está cortando"),
        (A, "siete tres cuatro"),
    ]
    assert _got(lines) == [("receipt_number", "MSC2291746033")]
    # "perdón" straight before the number: the agent corrects their own read-back
    lines = [
        (C, "el i ene dos dos nueve cero siete siete uno tres cuatro ocho"),
        (A, "para confirmar ele i ene dos dos nueve cero uno siete uno tres cuatro ocho"),
        (A, "perdón ele i ene dos dos nueve cero siete siete uno tres cuatro ocho"),
    ]
    assert _got(lines) == [("receipt_number", "LIN2290771348")]


@pytest.mark.parametrize(
    "lines, want",
    [
        ([(A, "anote la referencia cuatro siete uno uno ocho dos cero tres"),
          (A, "no perdón me equivoqué el último es nueve cuatro siete uno uno ocho dos cero nueve")],
         ("referral_number", "47118209")),
        ([(A, "mi número de operador es cuatro ocho seis dos"), (C, "cuatro ocho seis tres"),
          (A, "no el cuarto es dos cuatro ocho seis dos")], ("staff_id", "4862")),
        ([(A, "el número de referencia es dos nueve cinco tres seis cero uno siete"),
          (C, "dos nueve nueve tres seis cero uno siete"),
          (A, "no perdón el tercero es cinco dos nueve cinco tres seis cero uno siete")], ("referral_number", "29536017")),
    ],
)
def test_a_position_named_then_the_whole_number_said_again(lines, want):
    got = _got(lines)
    assert [x for x in got if x[0] == want[0]] == [want]


@pytest.mark.parametrize(
    "lines, name",
    [
        (["u ese ce i ese buenos días le atiende lucía", "hola buenos días lucía tengo una pregunta"], "Lucía"),
        (["bienvenido a u ese ce i ese le atiende sergio en qué puedo ayudarle", "hola buenas"], "Sergio"),
        ([(A, "u ese ce i ese buenas tardes le atiende josé luis"), (C, "buenas tardes josé luis")], "José Luis"),
        (["gracias por esperar lo atiende rebeca", "gracias rebeca"], "Rebeca"),
    ],
)
def test_le_atiende_introduces_the_agent(lines, name):
    assert [v for k, v in _got(lines) if k == "staff_name"] == [name]


def test_an_ordinal_before_a_receipts_letters_enumerates_it_and_is_no_date():
    lines = [
        (C, "tengo dos recibos"),
        (C, "el primero ele i ene dos dos nueve cero tres cuatro cinco seis siete uno"),
        (C, "y el segundo ele i ene dos dos nueve cero tres cuatro cinco seis ocho ocho"),
    ]
    assert _got(lines) == [("receipt_number", "LIN2290345671"), ("receipt_number", "LIN2290345688")]
    # an ordinal right before digits is still a date ("el primero de marzo", "el tercero dos mil …")
    assert _got([(C, "la cita es el primero diecinueve de marzo")]) == []


@pytest.mark.parametrize(
    "spoken, chars",
    [
        ("doscientos uno ochocientos setenta y cuatro quinientos sesenta y tres", "201874563"),
        ("doscientos tres cuatrocientos cincuenta y seis setecientos ochenta y nueve", "203456789"),
        ("doscientos nueve cuatrocientos catorce setecientos dos", "209414702"),
        ("ciento uno", "101"),
        ("ciento uno ciento diez", "101110"),
        ("cuatrocientos dos", "402"),
        # digits said one by one after the hundred: the 1-800 line, not a group of three
        ("uno ochocientos tres siete cinco cinco dos ocho tres", "18003755283"),
        ("ochocientos doble cinco", "80055"),
    ],
)
def test_a_hundred_takes_the_unit_that_ends_its_group_of_three(spoken, chars):
    assert _chars(spoken) == chars


def test_an_a_number_said_in_groups_of_three():
    lines = [(A, "y el número a"), (C, "a doscientos uno ochocientos setenta y cuatro quinientos sesenta y tres")]
    assert _got(lines) == [("a_number", "A201874563")]


def test_a_unit_after_its_number_leaves_the_cue_before_it_asking():
    lines = [
        (C, "mi solicitud de servicio de hace dos meses no tuvo respuesta"),
        (A, "voy a crear una nueva"),
        (A, "ce erre dos tres cero nueve cuatro cuatro uno siete dos"),
    ]
    assert _got(lines) == [("referral_number", "CR230944172")]


def test_the_number_named_at_the_end_of_the_result_before():
    lines = [
        (A, "le voy a poner una solicitud para reprogramar la cita"),
        (A, "es un número largo anótelo por favor"),
        (A, "uno tres cero dos cuatro cuatro siete siete nueve uno cinco seis"),
    ]
    assert _got(lines) == [("referral_number", "130244779156")]


def test_a_number_broken_off_and_said_again_from_its_start():
    lines = [
        (A, "le voy a poner una solicitud de servicio"),
        (A, "el número es seis seis uno"),
        (C, "espere déjeme buscar una pluma"),
        (A, "bueno seis seis uno cero nueve tres dos ocho"),
    ]
    assert _got(lines) == [("referral_number", "66109328")]


def test_a_name_asked_for_again_and_spelled_replaces_the_hearing():
    lines = [(A, "u ese ce i ese le atiende mallerli"), (C, "perdón cómo se llama"), (A, "eme a ye erre a")]
    assert [v for k, v in _got(lines) if k == "staff_name"] == ["Mayra"]


@pytest.mark.parametrize(
    "lines, names",
    [
        (["u ese ce i ese buenas tardes", "buenas tardes le habla marta rivera",
          "mucho gusto señora rivera le habla eduardo en qué le ayudo"], ["Eduardo"]),
        ([(A, "u ese ce i ese buenas tardes"), (C, "buenas tardes le habla marta rivera"),
          (A, "mucho gusto señora rivera le habla eduardo")], ["Eduardo"]),
        # the caller greeting the agent by a polite title, then giving their own name: the agent stays
        (["u ese ce i ese le habla eduardo", "gracias señor eduardo le habla marta rivera llamo por mi caso"],
         ["Eduardo"]),
    ],
)
def test_a_name_the_agent_greets_by_a_polite_title_is_the_callers(lines, names):
    assert [v for k, v in _got(lines) if k == "staff_name"] == names
