"""Spanish: every word and phrase the extractor knows on the NCSC's Spanish line.

The small Spanish Vosk model writes "EAC 2314760982" as
``e a ce veintitrés catorce setenta y seis cero nueve ochenta y dos`` and keeps accents
(``número``, ``identificación``, ``veintidós``); the tables below read such words. Callers
switch to English letters or digits mid-number ("zero", "four", "double u"), so the English
digit words are digits here too. Phrases are lower-case words separated by spaces.
"""

from __future__ import annotations

from companion.extract.lang import CORRECTION, NOT_ID, Language
from companion.extract.lang.en import ENGLISH
from companion.kinds import Kind

# ---------------------------------------------------------------- spoken characters
_UNITS = {
    "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
    # recogniser slips of the small model
    "cerro": "0", "sero": "0", "ceros": "0", "sais": "6", "sierte": "7", "tré": "3",
    # callers switching to English digits mid-number
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
}
# Words that are digits only next to number words: "los" (dos), "un"/"una" (uno).
_HOMOPHONES = {"los": "2", "un": "1", "una": "1"}
# Two-digit words: "diez" … "diecinueve", "veintiuno" … "veintinueve" (with and without accent).
_TEENS = {
    "diez": "10", "once": "11", "doce": "12", "trece": "13", "catorce": "14", "quince": "15",
    "dieciséis": "16", "dieciseis": "16", "diecisiete": "17", "dieciocho": "18",
    "diecinueve": "19",
    "veintiuno": "21", "veintiún": "21", "veintidós": "22", "veintidos": "22", "veintitrés": "23",
    "veintitres": "23", "veinticuatro": "24", "veinticinco": "25", "veintiséis": "26",
    "veintiseis": "26", "veintisiete": "27", "veintiocho": "28", "veintinueve": "29",
}
_TENS = {
    "veinte": "2", "treinta": "3", "cuarenta": "4", "cincuenta": "5", "sesenta": "6",
    "setenta": "7", "ochenta": "8", "noventa": "9",
}
_HUNDREDS = {
    "ciento": "1",  # "ciento uno" is 101, "ciento treinta" 130 ("cien" alone is 100)
    "doscientos": "2", "trescientos": "3", "cuatrocientos": "4", "quinientos": "5",
    "seiscientos": "6", "setecientos": "7", "ochocientos": "8", "novecientos": "9",
    "doscientas": "2", "trescientas": "3", "cuatrocientas": "4", "quinientas": "5",
    "seiscientas": "6", "setecientas": "7", "ochocientas": "8", "novecientas": "9",
}
# Letter names that are no Spanish word: letters wherever they are heard.
_LETTERS = {
    "b": "B", "c": "C", "d": "D", "f": "F", "g": "G", "h": "H", "j": "J", "k": "K", "l": "L",
    "m": "M", "n": "N", "p": "P", "q": "Q", "r": "R", "s": "S", "t": "T", "v": "V", "w": "W",
    "x": "X", "z": "Z",
    "be": "B", "ce": "C", "efe": "F", "ge": "G", "hache": "H", "jota": "J", "ka": "K",
    "ca": "K", "ele": "L", "eme": "M", "ene": "N", "eñe": "Ñ", "pe": "P", "cu": "Q",
    "erre": "R", "ere": "R", "ese": "S", "uve": "V", "equis": "X", "zeta": "Z", "seta": "Z",
    "ei": "A",  # the English "a" as the Spanish model writes it
}
# Letter names that are also Spanish words ("de", "te", "se", "el", "ve", "ye"): letters only
# inside a run (or after a cue, straight into digits).
_LETTER_WORDS = {
    "de": "D", "te": "T", "se": "C", "el": "L", "ve": "V", "ye": "Y",
    "y": "I",  # the model writes the letter i as "y" ("y o e cero …"); Y is "i griega" or "ye"
    # English letter names as the Spanish model writes them
    "bi": "B", "pi": "P", "ar": "R", "jei": "J", "kei": "K",
}
# The vowels and "y" are Spanish words too: letters only next to other characters.
_WEAK = {"a": "A", "e": "E", "i": "I", "u": "U"}
FILLERS = frozenset("eh em este mmm mm ah ehm guion guión raya pues luego después".split())
EXAMPLE_WORDS = {
    "A": "antonio", "B": "barcelona", "C": "carmen", "D": "dinamarca", "E": "españa",
    "F": "francia", "G": "gato", "H": "honduras", "I": "italia", "J": "josé", "K": "kilo",
    "L": "lima", "M": "méxico", "N": "nicaragua", "O": "oso", "P": "perú", "Q": "queso",
    "R": "roma", "S": "sevilla", "T": "toledo", "U": "uruguay", "V": "vaca",
    "W": "washington", "X": "xilófono", "Y": "yolanda", "Z": "zapato",
}

# ---------------------------------------------------------------- cues
CUE_PHRASES: dict[str, list[str]] = {
    Kind.STAFF_ID: [
        "número de identificación", "número de operador", "número de operadora",
        "número de empleado", "número de empleada", "número de placa", "número de agente",
        "número de representante", "número de oficial", "identificación", "mi identificación",
        "mi identificación es", "id", "i d", "mi número de identificación es",
        "operador número", "operadora número", "placa", "placa número", "número de i d",
        "número de id", "número de identificacion", "identificacion", "numero de identificacion",
        "numero de operador", "numero de empleado", "numero de placa",
        "mi número es", "mi número de operador es",
        "operador", "operadora", "oficial", "agente", "representante",
    ],
    Kind.RECEIPT_NUMBER: [
        "número de recibo", "numero de recibo", "recibo", "el recibo", "número del recibo",
        "números de recibo", "recibos", "número de caso", "numero de caso", "receipt number",
        "receipt", "otro recibo",
    ],
    Kind.A_NUMBER: [
        "número a", "numero a", "número de extranjero", "numero de extranjero",
        "número de registro de extranjero", "registro de extranjero", "número de registro",
        "a number", "número ei", "el número a", "su número a", "extranjero",
    ],
    Kind.REFERRAL_NUMBER: [
        "número de referencia", "numero de referencia", "referencia", "la referencia",
        "solicitud de servicio", "número de solicitud", "número de la solicitud",
        "número de solicitud de servicio", "número de confirmación", "confirmación",
        "número de servicio", "número de referido", "referido", "anote este número",
        "anote el número", "apunte este número", "apunte el número", "número de su solicitud",
        "número para la solicitud", "referral number", "referencia es",
    ],
    Kind.PHONE_NUMBER: [
        "número de teléfono", "teléfono", "mi teléfono", "celular", "mi celular",
        "número de celular", "llamar al", "llame al", "marque", "marcar", "al uno ochocientos",
        "número de contacto", "llamarme al", "fax",
    ],
    NOT_ID: [
        "código postal", "codigo postal", "zip", "fecha de nacimiento", "nací", "nació",
        "seguro social", "número de seguro social", "oprima", "presione", "marque el",
        "extensión", "formulario", "formularios", "forma", "tarifa", "dólares", "dolares",
        "días", "semanas", "meses", "años", "minutos", "horas", "apartamento", "calle",
        "avenida", "pasaporte", "número de pasaporte", "fecha", "cuenta", "cuesta", "costo",
        "pagué", "pago", "página", "parte", "pregunta", "desde", "a las", "de las", "hasta las",
        "el día", "número de seguimiento", "cuenta en línea",
        "número de cuenta", "suite", "opción", "edad", "tengo", "hace", "dentro de",
        "licencia", "i noventa y cuatro", "número de admisión", "caja", "piso",
    ],
    CORRECTION: [
        # a bare "perdón" is as often "pardon?" (the line cutting out) as a correction: it
        # corrects only right before the number (SHORT_REACH), never the next result's
        "perdón", "no perdón", "perdón es", "perdón era", "perdón no", "perdón digo", "me equivoqué", "equivoqué",
        "corrijo", "corrección", "quise decir", "digo", "no no", "no es", "no espere",
        "espere", "mejor dicho", "o sea", "le repito", "repito", "déjeme repetir",
        "lo siento", "está mal", "no está bien", "no es correcto", "sorry",
    ],
}
SHORT_REACH = frozenset(
    "en de del desde hasta edad tengo hace oprima presione marque marcar pago pagué cuesta "
    "costo tarifa fecha página parte pregunta opción caja piso operador operadora oficial "
    "agente representante placa extranjero teléfono celular perdón".split()
)
# Words after a run that make it an amount or a duration, not an identifier.
AFTER_NOT_ID = frozenset(
    "días día semanas semana meses mes años año dólares dólar dolares centavos por ciento "
    "minutos minuto horas hora am pm de hábiles veces números dígitos digitos letras".split()
)
MONTHS = frozenset(
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre".split()
)
ORDINALS = frozenset(
    "primero primer primera segundo segunda tercero tercer tercera cuarto cuarta quinto "
    "quinta último última".split()
)
ORDINAL_INDEX = {"primero": 0, "primer": 0, "primera": 0, "segundo": 1, "segunda": 1,
                 "tercero": 2, "tercer": 2, "tercera": 2, "cuarto": 3, "cuarta": 3}
GLUE = frozenset(
    """
    es son el la los las su mi de del que sí si bueno pues este a ver o sea eh em ok okey
    número numero y era sería está tiene empieza con anote apunte le lo listo aquí va
    """.split()
)
NEW_ITEM = frozenset(
    """
    segundo segunda tercero tercera otro otra otros otras también además nuevo nueva
    anterior viejo vieja original diferente distinto distinta
    esposa esposo hijo hija madre padre mamá papá hermano hermana mami papi cliente
    """.split()
)
READBACK_PHRASES = (
    "para confirmar", "confirmo", "le confirmo", "confirmando", "entonces es", "entonces",
    "o sea que", "usted dijo", "dijo", "tengo", "lo tengo como", "a ver", "es correcto",
    "le leo", "se lo leo", "se lo repito", "déjeme leerle", "verifico", "para verificar",
    "sería", "es decir",
)
READBACK_KEYS = frozenset(
    "confirmar confirmo confirmando entonces sea dijo tengo ver correcto leo leerle verifico "
    "verificar sería decir repito".split()
)
REPEAT_REQUEST = (
    "me lo repite", "me repite", "lo repite", "repita", "repítame", "puede repetir",
    "podría repetir", "otra vez", "de nuevo", "más despacio", "despacio", "no le entendí",
    "no entendí", "no escuché", "una vez más", "cómo dijo", "perdón cómo",
)
REPEAT_KEYS = frozenset(
    "repite repita repítame repetir vez nuevo despacio entendí escuché más dijo cómo".split()
)
LEADING_OK = frozenset("y luego eh em este entonces bueno el resto es sigue".split())
RESTART_MARKS = frozenset("perdón disculpe no espere corrijo repito equivoqué sorry".split())
RESTART_OK = LEADING_OK | RESTART_MARKS | frozenset(
    "eh em ah ay mm le lo déjeme me lo empiezo de nuevo otra vez o sea mejor dicho".split()
)
ONE_NOT_DIGIT_AFTER = frozenset("momento momentito segundo minuto de más vez cosa".split())
ONE_NOT_DIGIT_BEFORE = frozenset("el la ninguno ninguna cada otro otra".split())
REQUEST_VERBS = frozenset(
    "pongo puse poner hago hice hacer envío envié enviar mando mandé mandar creo creé crear "
    "abro abrí abrir someto sometí someter levanto levanté levantar genero generé generar "
    "registro registré registrar pido pedí pedir pediré".split()
)
TRAILING_OK = frozenset("por favor ok okey y bien sí".split())
HANDOVER = (
    "le transfiero", "lo transfiero", "la transfiero", "le voy a transferir", "transferir",
    "transfiriendo", "le paso", "lo paso", "la paso", "un momento", "espere en la línea",
    "no cuelgue", "permanezca en la línea", "gracias por esperar", "gracias por su paciencia",
    "transfiero",
)
AGENT_GREETINGS = (
    "gracias por llamar", "en qué le puedo ayudar", "en qué puedo ayudarle", "en qué le ayudo",
    "cómo le puedo ayudar", "le habla", "habla con", "mi número de identificación",
    "mi número de operador", "mi número de empleado", "mi identificación", "mi placa",
)
_AGENT_MARKS = AGENT_GREETINGS + (
    "me puede dar", "me da su", "me puede decir", "verificar", "espere", "le transfiero",
    "un momento", "veo que", "su caso", "su solicitud", "su recibo", "algo más",
    "tiempo de procesamiento", "anote", "apunte", "va a recibir", "voy a", "déjeme",
    "solicitud de servicio", "número de referencia", "oficial", "centro de contacto",
)
_CALLER_MARKS = (
    "llamo por", "estoy llamando", "llamo para", "mi recibo", "mi número a", "mi caso",
    "mi solicitud", "me puede dar su", "cuál es su", "su nombre", "su número", "muchas gracias",
    "presenté", "solicité", "mi permiso", "mi tarjeta", "mi esposo", "mi esposa", "recibí",
    "necesito", "me dijeron", "quisiera", "quiero",
)
_NAME_REQUEST = (
    "su nombre", "con quién hablo", "con quien hablo", "quién me atiende", "quién habla",
    "cómo se llama", "cómo se escribe", "me deletrea", "deletrear",
)
_NAME_REQUEST_TO_STAFF = (
    " identificación", " operador", " placa", " empleado", "con quién hablo", "quién me atiende",
    "su nombre y",
)
AGENT_LABELS = ENGLISH.agent_labels | frozenset("agente oficial operador operadora representante".split())
CALLER_LABELS = ENGLISH.caller_labels | frozenset("llamante usuario usuaria cliente".split())
TAIL_AFTER = (("al", "final"), ("del", "final"))
TAIL_NAMES = frozenset("dígitos dígito números parte".split())
DENIALS = frozenset("no".split())
DENIAL_NEXT = frozenset("es era perdón no espere disculpe está son mal".split())
WRONG_PHRASES = ("está mal", "no es correcto", "incorrecto", "equivocado")

# ---------------------------------------------------------------- names
# "el próximo representante disponible": only titles said before a surname name someone
TITLES = frozenset("oficial agente supervisor supervisora".split())
POLITE_TITLES = frozenset("señor señora señorita don doña doctor doctora licenciado licenciada sr sra".split())
_INTROS: list[tuple[tuple[str, ...], bool]] = [
    (("mi", "nombre", "es"), False),
    (("me", "llamo"), False),
    (("le", "habla"), True),
    (("les", "habla"), True),
    (("habla", "con"), True),
    # "le atiende lucía", "lo atiende josé luis": the agent's greeting on the Spanish line
    (("le", "atiende"), True),
    (("lo", "atiende"), True),
    (("la", "atiende"), True),
    (("está", "hablando", "con"), True),
    (("soy",), False),
    (("soy", "la", "oficial"), True),
    (("soy", "el", "oficial"), True),
    (("nombre", "es"), False),
    (("mi", "apellido", "es"), False),
    (("apellido", "es"), False),
]
WEAK_INTROS = frozenset({("soy",)})
PREDICATE = frozenset(
    """
    ciudadano ciudadana residente casado casada soltero soltera divorciado divorciada viudo
    viuda estudiante militar paralegal abogado abogada hijo hija esposo esposa madre padre
    de la el del un una muy su mi para por con en que lo le
    """.split()
)
NEVER_NAMES = frozenset(
    """
    número numero caso recibo referencia solicitud servicio centro contacto inmigración
    oficina cita entrevista tarjeta permiso trabajo formulario carta correo teléfono
    dirección fecha tiempo procesamiento momento minuto favor gracias hola buenos buenas
    días tardes noches correcto bien claro perfecto entendido listo ahora hoy mañana
    identificación operador operadora empleado empleada placa oficial agente representante
    supervisor supervisora nivel dos uno español inglés usted ustedes yo él ella nosotros
    parte transferencia pendiente revisión aprobado negado caso casos extranjero uscis
    importante mayor menor espere espera diga marque oprima presione llame vuelva escriba
    anote apunte permanezca cuelgue disculpe perdone mire oiga dígame tenga pase
    necesario posible urgente nuevo nueva normal largo larga breve igual mismo misma
    disponible disponibles primero primera próximo próxima siguiente díganos dígame
    llamando esperando buscando hablando tratando preguntando trabajando revisando pasando
    transfiriendo verificando confirmando
    """.split()
)
COMMON = frozenset(
    """
    a al algo así aquí bien bueno buenas buenos como cómo con de del el él en entonces es
    esta está este esto gracias hola la las le les lo los me mi mí muy no nos o para pero
    por pues que qué quién se señor señora sí si soy su sus también te tengo un una usted
    y ya yo habla llamo nombre número oficial agente operador operadora representante
    supervisor supervisora favor perdón disculpe momento sobre ok okey eh em este
    identificación empleado placa recibo caso referencia hablo llamando
    """.split()
)
_AFTER_ITS_NAME = frozenset(
    """
    de del con y mi su en número identificación operador operadora le buenas buenos gracias
    para qué cómo placa empleado oficial
    """.split()
)


# The number assist: an answer to "¿cuál es su número a?" opens so ("sí, a ocho cinco …");
# a number follows these words ("… el número de su caso es veintiocho …").
ANSWER_OPENERS = frozenset(
    "sí si claro bueno vale okey ok este eh em pues es son mire a ver cómo no por supuesto el mío mi".split()
)
VALUE_LEADS = frozenset("es son era sería será".split())

SPANISH = Language(
    code="es",
    units=_UNITS,
    oh={"o": "O"},  # "o de oso", and the letter of I-O-E; never the digit zero
    homophones=_HOMOPHONES,
    homophones_never_final=frozenset({"los", "una"}),
    homophone_prepositions=frozenset(),
    teens=_TEENS,
    tens=_TENS,
    hundred=frozenset({"cien"}),
    thousand=frozenset({"mil"}),
    hundred_and=frozenset(),
    multipliers={"doble": 2, "triple": 3, "double": 2},
    double_u=frozenset({"u", "ve", "uve", "you"}),
    letters=_LETTERS,
    weak_letters=_WEAK,
    spelling_alphabet={},
    two_word_letters={("i", "griega"): "Y", ("uve", "doble"): "W", ("ve", "doble"): "W", ("doble", "ve"): "W", ("doble", "u"): "W",
                      ("doble", "uve"): "W", ("double", "u"): "W", ("double", "you"): "W"},
    letter_words=_LETTER_WORDS,
    example_words=EXAMPLE_WORDS,
    spell_as=("como", "en"),
    spell_joiners=frozenset({"de", "como"}),
    fillers=FILLERS,
    one="uno",
    one_words=frozenset({"uno", "un", "una"}),
    one_not_digit_after=ONE_NOT_DIGIT_AFTER,
    one_not_digit_before=ONE_NOT_DIGIT_BEFORE,
    one_digit_after=frozenset("es era son número dígito y con en".split()),
    hold_on=(("un", "momento"),),
    cue_phrases={k: tuple(v) for k, v in CUE_PHRASES.items()},
    short_reach=SHORT_REACH,
    cue_needs_lead={},
    id_cue=("i", "d"),
    agency_cues=frozenset({("número", "de", "caso")}),
    other_agency=frozenset("nvc fbi policía corte tribunal irs embajada consulado banco seguro".split()),
    noun_cues={},
    intro_number=(("mi", "número", "es"),),
    request_number_cues=frozenset({("número", "de", "seguimiento")}),
    glue=GLUE,
    after_not_id=AFTER_NOT_ID,
    months=MONTHS,
    month_words=frozenset(),
    ordinals=ORDINALS,
    ordinal_index=ORDINAL_INDEX,
    form_before=frozenset({"formulario", "formularios", "forma", "el", "la", "un", "una"}),
    new_item=NEW_ITEM,
    earlier_call_before=frozenset("esa la última anterior otra primera".split()),
    call_word="llamada",
    readback_phrases=READBACK_PHRASES,
    readback_keys=READBACK_KEYS,
    repeat_request=REPEAT_REQUEST,
    repeat_keys=REPEAT_KEYS,
    leading_ok=LEADING_OK,
    trailing_ok=TRAILING_OK,
    restart_marks=RESTART_MARKS,
    restart_ok=RESTART_OK,
    request_verbs=REQUEST_VERBS,
    request_word="solicitud",
    number_word="número",
    my_word="mi",
    denials=DENIALS,
    denial_next=DENIAL_NEXT,
    wrong_phrases=WRONG_PHRASES,
    swap_word="no",
    articles=frozenset({"un", "una", "el", "la"}),
    indefinite_articles=frozenset({"un", "una"}),
    tail_after=TAIL_AFTER,
    tail_last="últimos",
    tail_names=TAIL_NAMES,
    tail_ends=frozenset({"termina", "terminan", "acaba"}),
    tail_end_preps=frozenset({"en", "con"}),
    swap_last=frozenset({"último", "final"}),
    same_words=frozenset({"mismo", "mismas", "mismos", "misma", "igual", "parecido"}),
    prefix_words=frozenset({"letras", "prefijo", "principio"}),
    except_words=frozenset({"excepto", "menos", "pero", "solo", "más", "sólo", "salvo"}),
    agent_labels=AGENT_LABELS,
    caller_labels=CALLER_LABELS,
    handover=HANDOVER,
    agent_intro=AGENT_GREETINGS + ("gracias por esperar", "le atiende", "voy a ayudarle"),
    agent_marks=_AGENT_MARKS,
    caller_marks=_CALLER_MARKS,
    titles=TITLES,
    polite_titles=POLITE_TITLES,
    intros=tuple(_INTROS),
    weak_intros=WEAK_INTROS,
    predicate=PREDICATE,
    common=COMMON,
    never_names=NEVER_NAMES,
    after_its_name=_AFTER_ITS_NAME,
    modals=frozenset(),
    pronouns=frozenset(),
    speaking=frozenset({"habla", "hablando"}),
    greeting_before=frozenset("hola buenas buenos oficial sí gracias".split()),
    vocative_before=frozenset("hola buenas gracias sí bueno perdón disculpe".split()),
    caller_greetings=frozenset({"hola"}),
    closing_greetings=("en qué le puedo ayudar", "en qué puedo ayudarle", "qué puedo hacer por usted"),
    self_after_vocative=frozenset({"soy", "mi", "me", "yo"}),
    strong_intro_ends=frozenset({"es", "llamo", "habla", "con", "atiende"}),
    its_intro=("es",),
    name_request=_NAME_REQUEST,
    staff_request=_NAME_REQUEST_TO_STAFF,
    after_id=frozenset("número es".split()),
    spelled_lead=frozenset("se escribe es eh em como apellido nombre perdón".split()),
    bare_lead=frozenset("sí es eh em bueno mi nombre soy".split()),
    name_prefixes=(),
    vowels=frozenset("aeiouáéíóú"),
    unsounded=frozenset("aeiouáéíóúhy"),
    name_suffixes=("iendo", "mente", "ción"),  # not "-ando": Fernando, Armando, Orlando
    names_also_words=frozenset("rosa luz paz sol ángel cruz pilar dolores amparo".split()),
    tens_and=frozenset({"y"}),
    hundreds=_HUNDREDS,
    letter_words_start=frozenset({"y", "el", "te", "ve", "se"}),
    answer_openers=ANSWER_OPENERS,
    value_leads=VALUE_LEADS,
)
