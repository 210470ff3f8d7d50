"""Synthetic sanctions/PEP list and screening queries with known answers (standard library only).

    python3 scripts/lib/sanctions_gen.py --entities 1000000 --queries 200 --seed 1 \
        --out .data/screening-bench/1m

(1,000,000 entities: about 35 s and 320 MB of memory, a 345 MB entities.jsonl.) Writes, the same
bytes for the same seed and counts:

* OUT/entities.jsonl: FollowTheMoney entities shaped as OpenSanctions publishes them, one compact
  JSON object a line: `id` (gen-1 … gen-N), `caption` (the first name), `schema` (`Person` ≈95%,
  `Organization` ≈5%), `properties`: `name`, `alias` (0–4), `birthDate` (≈85% of persons; 70%
  YYYY-MM-DD, 22% YYYY, 8% YYYY-MM), `nationality` (persons, 0–2, alpha-2 lower case) or `country`
  (organisations), `topics`; `datasets` (gen_sanctions, gen_peps), `first_seen`, `last_seen`,
  `last_change` (2026). It depends on the seed and the entity count only, not on --queries.
* OUT/queries.jsonl: `{"name", "birth_date", "country", "expected", "kind"}` a line; `expected`
  is the id of the entity the query was made from, or null. A match query carries the entity's
  birth date (completed to a full date when the list has only YYYY or YYYY-MM) or, 30% of the
  time, null, and one of its countries or null. Kinds, 75% split evenly over the seven match kinds
  (≈10.7% each) and 25% nonmatch:
  - exact: a listed name or alias as it stands;
  - case_accents: a listed Latin-script name upper- or lower-cased with its diacritics dropped as
    a person types them (é→e, ł→l, ß→ss, ı→i), most often one that has diacritics;
  - typo: one letter (not the first) of one word of 4+ letters replaced by a keyboard neighbour
    or a letter of the same script, doubled or inserted, or deleted (a Han name: one character);
  - transposition: two adjacent letters of one word swapped;
  - dropped_middle: a listed name with its middle names (patronymic, father's name, bin/ibn,
    second given name) left out;
  - swapped: a listed name with the family name moved to the front (Petrov Ivan Sergeevich);
  - transliteration: a spelling the entity does not list: another romanisation of the same
    Cyrillic, Greek, Arabic, Persian or Chinese name, or the original script;
  - nonmatch: half of them a person built from the same pools whose name, in any spelling and
    with or without middle names, no listed person has; half a listed person's name with a birth
    date 8–25 years from that person's and at least 3 years from every listed person with the same
    given and family name (none of whom may lack a birth date).
  Beyond exact and case_accents, no query equals a name the entity lists, even with case, marks
  and hyphens ignored.

Names come from pools per region, Russian, Ukrainian, Arabic, Persian, Chinese, Greek (each in its
script, with its Latin spellings: ICAO, BGN/PCGN, English, German and French for Russian; the
2010 national system, BGN and Soviet-era for Ukrainian; Mohammed/Muhammad/Mohamed, bin/ibn,
al-/El-/ash- for Arabic; -zadeh/-zade, -pour/-poor for Persian; pinyin in both orders and
Wade–Giles for Chinese; ELOT 743 and an older phonetic spelling for Greek) and Latin-script ones
with their diacritics (English, German, French, Italian, Spanish and Portuguese with two
surnames, Nordic, Polish, Czech, Hungarian, Romanian, South Slavic, Turkish), with patronymics and
middle names. Besides hand-written lists (drawn skewed, most common first) surnames are made by
each language's morphology (Stein+mann, Ion+escu, Kara+oğlu, Lind+qvist, Milan+ović, al-Homsi,
Ali+zadeh …). At 1,000,000 entities about 800,000 distinct person names, a quarter of persons
sharing theirs with another (≈100 Mohammed Mohammed, ≈75 Wang Wei), with different birth dates.

Ground truth is the entity a query was made from. A match query can share its name with other
listed people (common names, or queries without a birth date): telling them apart is the
screener's job; the summary counts such queries. Typos that land exactly on another listed
person's name are avoided (best effort). Progress goes to stderr, a one-line JSON summary to
stdout.
"""

import argparse
import json
import os
import random
import sys
import time
import unicodedata

# ----------------------------------------------------------------------------------------------
# Text helpers

_CHAR_FOLD = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
    "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ħ": "h",
    "ё": "е", "Ё": "Е",
}
_typed_cache = {}


def _typed_char(c):
    """How a person without the keyboard for it types c: Latin and Greek letters lose their
    marks; ł, ø, ß … become their usual ASCII spelling; ё becomes е; other scripts stay."""
    hit = _typed_cache.get(c)
    if hit is not None:
        return hit
    if c in _CHAR_FOLD:
        out = _CHAR_FOLD[c]
    else:
        d = unicodedata.normalize("NFD", c)
        base = d[0]
        if len(d) > 1 and (base.isascii() or "\u0370" <= base <= "\u03ff"):
            out = base
        else:
            out = c
    _typed_cache[c] = out
    return out


def typed(s):
    return s if s.isascii() else "".join(_typed_char(c) for c in s)


def fold(s):
    """Comparison key for 'is this the same spelling': case, marks, hyphens and apostrophes go."""
    s = typed(s.casefold())
    return " ".join(s.replace("-", " ").replace("'", "").replace("\u2019", "").replace(".", " ").split())


_fold_memo = {}


def canon(word):
    """fold(), remembered: pool tokens recur."""
    hit = _fold_memo.get(word)
    if hit is None:
        hit = _fold_memo[word] = fold(word)
    return hit


def cap(word):
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def pick(rng, seq, skew=2.0):
    """An element of seq, the earlier ones more often (seq is ordered most common first)."""
    return seq[int(len(seq) * rng.random() ** skew)]


def weighted(rng, pairs):
    r = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]


# ----------------------------------------------------------------------------------------------
# Cyrillic: Russian and Ukrainian transliteration

_RU_VOWELS = set("аеёиоуыэюяії")
_RU_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y",
    "э": "e", "ь": "", "ъ": "", "'": "", "\u02bc": "", "-": "-",
}
_RU_ICAO = dict(_RU_COMMON, **{"ё": "e", "й": "i", "ъ": "ie", "ю": "iu", "я": "ia"})
_RU_DE = dict(_RU_COMMON, **{
    "в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
    "щ": "schtsch", "ю": "ju", "я": "ja", "ё": "jo"})
_RU_FR = dict(_RU_COMMON, **{
    "ж": "j", "й": "i", "у": "ou", "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou", "я": "ia",
    "ё": "io"})
_UA_BASE = dict(_RU_COMMON, **{"г": "h", "ґ": "g", "и": "y", "і": "i"})

# Conventional English spellings of Russian given names, where usage departs from BGN/PCGN.
_RU_EN_GIVEN = {
    "александр": "Alexander", "алексей": "Alexei", "юрий": "Yuri", "дмитрий": "Dmitry",
    "евгений": "Evgeny", "максим": "Maxim", "фёдор": "Fedor", "пётр": "Pyotr", "артём": "Artem",
    "наталья": "Natalia", "татьяна": "Tatiana", "ксения": "Ksenia", "алёна": "Alena",
    "евгения": "Evgenia", "виктория": "Victoria", "елена": "Elena", "екатерина": "Ekaterina",
    "елизавета": "Elizaveta", "эдуард": "Eduard",
}


def _cyr(word, scheme):
    w = word.lower()
    n = len(w)
    out = []
    i = 0
    while i < n:
        c = w[i]
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        start = i == 0 or prev == "-"
        after_vowel = start or prev in _RU_VOWELS or prev in "ьъ'\u02bc"
        last = i == n - 1
        if scheme == "icao":
            out.append(_RU_ICAO.get(c, c))
        elif scheme in ("bgn", "en"):
            if c == "е":
                out.append("ye" if after_vowel else "e")
            elif c == "ё":
                out.append("yo" if after_vowel or prev not in "жчшщ" else "o")
            elif c == "й":
                if scheme == "en" and last and prev == "и":
                    out[-1] = "y"
                elif scheme == "en" and last and prev == "е":
                    out.append("i")
                else:
                    out.append("y")
            elif c == "ю":
                out.append("yu")
            elif c == "я":
                out.append("ia" if scheme == "en" and prev == "ь" else
                           "a" if scheme == "en" and prev == "и" else "ya")
            elif c == "ь" and scheme == "en" and nxt == "я":
                out.append("")
            else:
                out.append(_RU_COMMON.get(c, c))
        elif scheme == "de":
            if c == "е":
                out.append("je" if after_vowel else "e")
            elif c == "с" and prev in _RU_VOWELS and nxt in _RU_VOWELS and prev and nxt:
                out.append("ss")
            elif c == "в" and last and prev in "оe":
                out.append("w")
            else:
                out.append(_RU_DE.get(c, c))
        elif scheme == "fr":
            if c == "г" and nxt in "еиыэ" and nxt:
                out.append("gu")
            elif c == "с" and prev in _RU_VOWELS and nxt in _RU_VOWELS and prev and nxt:
                out.append("ss")
            elif c == "й" and last and prev == "и":
                out.append("")
            elif c == "е" and start:
                out.append("ie")
            else:
                out.append(_RU_FR.get(c, c))
        elif scheme == "kmu":  # Ukraine's 2010 national system
            if c == "є":
                out.append("ye" if start else "ie")
            elif c == "ї":
                out.append("yi" if start else "i")
            elif c == "й":
                out.append("y" if start else "i")
            elif c == "ю":
                out.append("yu" if start else "iu")
            elif c == "я":
                out.append("ya" if start else "ia")
            elif c == "г" and prev == "з":
                out.append("gh")
            else:
                out.append(_UA_BASE.get(c, c))
        elif scheme == "ubgn":  # BGN/PCGN for Ukrainian, without positional rules
            out.append({"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}.get(c) or _UA_BASE.get(c, c))
        elif scheme == "legacy":  # Soviet-era spelling of Ukrainian names through Russian habits
            out.append({"г": "g", "и": "i", "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}.get(c)
                       or _UA_BASE.get(c, c))
        elif scheme == "ude":
            if c == "с" and prev in _RU_VOWELS and nxt in _RU_VOWELS and prev and nxt:
                out.append("ss")
            else:
                out.append({"г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "ji", "є": "je"}.get(c)
                           or _RU_DE.get(c, c))
        i += 1
    return cap("".join(out))


# ----------------------------------------------------------------------------------------------
# Greek transliteration: ELOT 743 and an older phonetic spelling

_GR = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o", "ϊ": "i", "ϋ": "y",
}
_GR_VOICELESS = set("θκξπσςτφχψ")
_GR_CONV = {
    "γεώργιος": "George", "κωνσταντίνος": "Constantine", "δημήτριος": "Demetrios",
    "μιχαήλ": "Michael", "αλέξανδρος": "Alexander", "θεόδωρος": "Theodore", "πέτρος": "Peter",
    "φίλιππος": "Philip", "ελένη": "Helen", "αικατερίνη": "Catherine", "ειρήνη": "Irene",
    "σοφία": "Sophia", "χαράλαμπος": "Haralambos", "ιωάννης": "Yiannis", "νικόλαος": "Nicholas",
    "σπυρίδων": "Spyros", "βασίλειος": "Basil", "ευάγγελος": "Evangelos", "ανδρέας": "Andrew",
}


def _greek(word, scheme):
    w = unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if c != "\u0301"))
    if scheme == "conv" and word.lower() in _GR_CONV:
        return _GR_CONV[word.lower()]
    if scheme == "conv":
        scheme = "elot"
    n = len(w)
    out = []
    i = 0
    while i < n:
        c = w[i]
        nx = w[i + 1] if i + 1 < n else ""
        two = c + nx
        if two == "ου":
            out.append("ou")
            i += 2
            continue
        if two in ("αυ", "ευ", "ηυ"):
            after = w[i + 2] if i + 2 < n else ""
            out.append({"α": "a", "ε": "e", "η": "i"}[c] + ("f" if not after or after in _GR_VOICELESS else "v"))
            i += 2
            continue
        if two == "μπ":
            out.append("b" if i == 0 else ("mp" if scheme == "elot" else "mb"))
            i += 2
            continue
        if two == "ντ":
            out.append("d" if i == 0 else ("nt" if scheme == "elot" else "nd"))
            i += 2
            continue
        if two == "γγ":
            out.append("ng")
            i += 2
            continue
        if two == "γκ":
            out.append("g" if i == 0 else ("gk" if scheme == "elot" else "ng"))
            i += 2
            continue
        if scheme == "phon":
            if two == "αι":
                out.append("e")
                i += 2
                continue
            if two in ("ει", "οι", "υι"):
                out.append("i")
                i += 2
                continue
            if c == "γ" and nx and nx in "εηιυ":
                out.append("y")
                i += 1
                continue
            if c == "χ":
                out.append("h")
                i += 1
                continue
            if c == "υ":
                out.append("i")
                i += 1
                continue
        out.append(_GR.get(c, c))
        i += 1
    return cap("".join(out))


# ----------------------------------------------------------------------------------------------
# Chinese: pinyin to Wade–Giles (apostrophes and umlauts dropped, as lists usually print it)

_WG_WHOLE = {"zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu",
             "si": "ssu", "yi": "i", "you": "yu", "yue": "yueh", "ye": "yeh", "yan": "yen",
             "yong": "yung", "er": "erh"}
_WG_INITIALS = (("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"),
                ("t", "t"), ("g", "k"), ("k", "k"), ("z", "ts"), ("c", "ts"), ("j", "ch"),
                ("q", "ch"), ("x", "hs"), ("r", "j"), ("l", "l"), ("n", "n"), ("m", "m"), ("f", "f"),
                ("h", "h"), ("s", "s"), ("y", "y"), ("w", "w"))


def _wade_giles(syl):
    if syl in _WG_WHOLE:
        return _WG_WHOLE[syl]
    ini, rep = "", ""
    for a, b in _WG_INITIALS:
        if syl.startswith(a):
            ini, rep = a, b
            break
    final = syl[len(ini):]
    if final == "ong":
        final = "ung"
    elif final == "iong":
        final = "iung"
    elif final.endswith("ian"):
        final = final[:-3] + "ien"
    elif final in ("ie", "ue"):
        final += "h"
    elif final == "ui":
        final = "uei"
    elif final == "uo" and ini not in ("g", "k", "h", "sh", ""):
        final = "o"
    elif final == "e" and (ini in ("g", "k") or syl == "he"):
        final = "o"
    return rep + final


# ----------------------------------------------------------------------------------------------
# Name pools (most common first within each list)

RU_MALE = """Александр Сергей Владимир Андрей Алексей Дмитрий:Дмитриев Николай:Николаев Иван Михаил:Михайлов
Игорь:Игорев Юрий:Юрьев Евгений:Евгеньев Виктор Олег Павел:Павлов Роман Максим Валерий:Валерьев
Анатолий:Анатольев Василий:Васильев Вадим Константин Борис Геннадий:Геннадьев Виталий:Витальев
Денис Антон Леонид Вячеслав Станислав Владислав Григорий:Григорьев Пётр:Петров Фёдор:Фёдоров
Кирилл Руслан Артём Георгий:Георгиев Аркадий:Аркадьев Валентин Степан Тимур Эдуард Глеб Егор
Ярослав Семён:Семёнов Лев:Львов Матвей:Матвеев Арсений:Арсеньев Всеволод Герман Ростислав Филипп
Захар Тимофей:Тимофеев Даниил Илья:- Никита:- Магомед Рамзан Ахмед Рашид Ильдар Ринат Фарид Айдар
Шамиль Заур Эльдар Алишер Бахтияр Рустам Марат Альберт Артур Вениамин Прохор Савелий:Савельев
Афанасий:Афанасьев Яков:Яковлев Гавриил Ефим Марк Остап Родион Платон Кузьма:- Лука:- Демьян
Мирон Ираклий:Ираклиев Жорж Эмиль:Эмилев"""
RU_FEMALE = """Елена Татьяна Ольга Наталья Ирина Светлана Марина Екатерина Анна Юлия Мария Галина Людмила
Надежда Валентина Оксана Анастасия Лариса Виктория Алла Вера Любовь Тамара Нина Ксения Дарья
Евгения Алёна Жанна Инна Кристина Полина Маргарита Лидия Софья Вероника Алина Диана Олеся Раиса
Римма Зоя Яна Карина Елизавета Эльмира Гульнара Айгуль Зарина Динара Альфия Лейла Василиса
Ангелина Злата Эвелина Милана Снежана Регина Стелла Ульяна Антонина Зинаида Клавдия Таисия"""
RU_SURNAMES = """Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин
Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв
Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов
Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов
Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов
Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев
Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников
Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин
Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов
Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов
Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Софронов Мальцев Логинов
Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин Хохлов Фадеев
Молчанов Игнатов Литвинов Ершов Ушаков Дементьев Рябов Мухин Калашников Леонтьев Лобанов Кузин
Корнилов Евдокимов Бородин Платонов Некрасов Балашов Бобров Жданов Блинов Игнатьев Коротков
Муравьёв Крюков Беляков Богомолов Дроздов Лавров Зуев Петухов Ларин Никулин Серов Терентьев
Зотов Устинов Фокин Самойлов Константинов Сахаров Шишкин Самсонов Черкасов Чистяков Носов Спиридонов
Карасёв Авдеев Воронцов Зверев Владимиров Селезнёв Нечаев Кудряшов Седов Фирсов Андрианов Панин
Головин Терехов Ульянов Шестаков Агеев Никонов Селиванов Баженов Гордеев Кожевников Пахомов
Зимин Костин Широков Филимонов Ларионов Овсянников Сазонов Суворов Нефёдов Корнеев Носков Одинцов
Кравцов Лыков Кошелев Рогов Гурьев Брагин Третьяков Шубин Дьячков Мясников Рожков Голованов
Алиев Мамедов Гасанов Магомедов Абдуллаев Исмаилов Кадыров Умаров Рахимов Каримов Юсупов Сафаров
Ахмедов Гусейнов Хасанов Ибрагимов Рустамов Шарипов Валиев Гаджиев Асланов Мусаев Джабраилов
Покровский Успенский Вознесенский Преображенский Соколовский Луговской Заболоцкий Трубецкой
Раевский Островский Высоцкий Жуковский Вяземский Оболенский Шаховской Козловский Савицкий
Рыбин Черных Белых Седых Долгих Шевченко Бондаренко Коваленко Ткаченко Лысенко Мельник Гордиенко"""

UA_MALE = """Олександр Андрій Сергій Володимир Дмитро Іван Юрій Олег Віктор Микола:Миколайович:Миколаївна
Василь Михайло Петро Богдан Ігор Тарас Роман Ярослав Максим Олексій Павло Віталій Анатолій Валерій
Вадим Григорій Євген Степан Остап Назар Леонід Геннадій Костянтин Руслан Артем Денис Станіслав
Федір:Федорович:Федорівна Зіновій Всеволод Орест Любомир Мирослав Святослав Тимофій Данило Кирило
В'ячеслав Ростислав Арсен Владислав Валентин Борис Георгій Матвій Нестор Омелян Устим Юліан Захар
Панас Гнат Семен Мар'ян Едуард Ілля:Ілліч:Іллівна"""
UA_FEMALE = """Олена Оксана Наталія Ірина Тетяна Юлія Світлана Людмила Галина Ольга Марія Катерина Анна
Ганна Віра Надія Любов Лариса Валентина Вікторія Христина Софія Дарина Мар'яна Олександра Зоряна
Леся Ніна Алла Інна Ярослава Богдана Соломія Уляна Євгенія Діана Анастасія Аліна Вероніка Роксолана
Стефанія Орися Мирослава Лілія Жанна Раїса Тамара Зінаїда"""
UA_SURNAMES = """Шевченко Бондаренко Коваленко Ткаченко Кравченко Олійник Шевчук Коваль Поліщук Бойко Мельник
Ковальчук Савченко Лисенко Марченко Руденко Мороз Петренко Кравчук Клименко Павленко Савчук Левченко
Харченко Карпенко Гончаренко Пономаренко Романенко Мельничук Литвиненко Кузьменко Яковенко
Тимошенко Костенко Остапенко Демченко Гриценко Дяченко Панченко Сидоренко Назаренко Захарченко
Юрченко Зінченко Кириленко Тарасенко Симоненко Прокопенко Приходько Гребенюк Гуменюк Вовк Ткачук
Лук'яненко Головко Козак Білик Гордієнко Онищенко Стельмах Федорчук Дорошенко Яценко Гнатюк Кучер
Антонюк Мартинюк Степанюк Бондар Кушнір Литвин Кваша Дмитренко Соловйов Ковальський Грушевський
Чорновол Заєць Білоус Довженко Сердюк Осадчий Нагорний Березовський Вишневський Гончар
Мазур Ничипорук Пилипенко Рибак Семенюк Сорока Тищенко Фесенко Хоменко Чуб Щербак Юзефович Ярема
Андрусишин Бабенко Гаврилюк Горбань Гуцул Дзюба Іваненко Кобзар Лозинський Мисник Оліфіренко
Палій Савицький Стасюк Терещенко Устименко Чумак Шаповал Яремчук Кравець Гайдамака Лозовий"""

# Arabic: script|Latin spellings (first is the canonical one)
AR_MALE = """محمد|Mohammed|Muhammad|Mohamed|Mohammad|Muhammed|Mohamad
أحمد|Ahmed|Ahmad
علي|Ali
عبد الله|Abdullah|Abdallah|Abdulla|Abd Allah
حسن|Hassan|Hasan
حسين|Hussein|Hussain|Husayn|Hussien
عمر|Omar|Umar
خالد|Khaled|Khalid
محمود|Mahmoud|Mahmud|Mahmood
إبراهيم|Ibrahim|Ebrahim
يوسف|Youssef|Yusuf|Yousef|Yousif
مصطفى|Mustafa|Moustafa|Mostafa
عبد الرحمن|Abdul Rahman|Abdulrahman|Abdel Rahman|Abd al-Rahman
سعيد|Saeed|Said|Saied
صالح|Saleh|Salih
عبد العزيز|Abdulaziz|Abdel Aziz|Abd al-Aziz
خليل|Khalil|Khaleel
إسماعيل|Ismail|Ismael|Esmail
فيصل|Faisal|Faysal|Feisal
ناصر|Nasser|Nasir|Naser
سالم|Salem|Salim
جمال|Jamal|Gamal
طارق|Tariq|Tarek|Tareq
عادل|Adel|Adil
كريم|Karim|Kareem
وليد|Walid|Waleed
ياسر|Yasser|Yasir|Yaser
سامي|Sami|Samy
زياد|Ziad|Ziyad
هشام|Hisham|Hesham
عبد الكريم|Abdul Karim|Abdulkarim|Abdelkarim
نبيل|Nabil|Nabeel
فهد|Fahd|Fahad
سلطان|Sultan
ماجد|Majid|Majed|Maged
منصور|Mansour|Mansur
عثمان|Othman|Uthman|Osman
حمزة|Hamza|Hamzah
أسامة|Osama|Usama|Usamah
جعفر|Jaafar|Jafar
قاسم|Qasim|Kassem|Qassem|Kasim
عباس|Abbas
حيدر|Haidar|Haider|Hayder
مهدي|Mahdi|Mehdi
رضا|Reda|Rida|Ridha
بشير|Bashir|Bachir
حافظ|Hafez|Hafiz
إدريس|Idris|Driss
موسى|Musa|Moussa
عيسى|Isa|Issa
يحيى|Yahya|Yehia
زكريا|Zakaria|Zakariya
سليمان|Suleiman|Sulaiman|Soliman
داود|Daoud|Dawood|Dawud
هارون|Haroun|Harun
أيمن|Ayman|Aymen
عماد|Imad|Emad
رياض|Riad|Riyad
مروان|Marwan
غسان|Ghassan
باسم|Bassem|Basim
حازم|Hazem|Hazim
شريف|Sherif|Sharif
رشيد|Rashid|Rachid|Rasheed
حامد|Hamed|Hamid
راشد|Rashed|Rashid
مالك|Malik|Malek
أمين|Amin|Ameen
مراد|Murad|Mourad
بلال|Bilal
أنور|Anwar|Anouar
نور الدين|Nour al-Din|Nureddin|Noureddine
صلاح الدين|Salah al-Din|Salahuddin|Salaheddine
عبد الحميد|Abdul Hamid|Abdelhamid|Abd al-Hamid
عبد الرزاق|Abdul Razzaq|Abderrazak|Abdulrazaq
بكر|Bakr|Bakar
منير|Mounir|Munir
توفيق|Tawfiq|Toufik|Tawfik
لؤي|Louay|Luay
عدنان|Adnan
فراس|Firas|Feras
معاذ|Muadh|Moaz|Muaz
أنس|Anas
عمار|Ammar
سيف|Saif|Sayf|Seif"""
AR_FEMALE = """فاطمة|Fatima|Fatma|Fatemah
عائشة|Aisha|Aicha|Ayesha
مريم|Maryam|Mariam|Meriem
زينب|Zainab|Zaynab|Zeinab
خديجة|Khadija|Khadijah
نور|Nour|Noor|Nur
سارة|Sara|Sarah
ليلى|Layla|Leila|Laila
هدى|Huda|Hoda
أمل|Amal
رانيا|Rania|Ranya
سلمى|Salma
هالة|Hala
منى|Mona|Muna
ياسمين|Yasmin|Yasmine
رشا|Rasha
سميرة|Samira|Sameera
نادية|Nadia|Nadiya
أسماء|Asma|Asmaa
حنان|Hanan
إيمان|Iman|Eman
لبنى|Lubna|Loubna
رحاب|Rehab|Rihab
دعاء|Doaa|Duaa
آمنة|Amina|Aminah
سعاد|Suad|Souad"""
AR_FAMILY = """التميمي|Tamimi
القحطاني|Qahtani|Kahtani
العتيبي|Otaibi|Utaybi
الشمري|Shammari|Shamri
الدوسري|Dosari|Dossary
الحربي|Harbi
الغامدي|Ghamdi
الزهراني|Zahrani
المصري|Masri|Masry
البغدادي|Baghdadi
الحلبي|Halabi
الحسيني|Husseini|Hussaini|Hosseini
الهاشمي|Hashimi|Hashemi
الجبوري|Jubouri|Jaburi|Juburi
الدليمي|Dulaimi|Dulaymi
العبيدي|Obaidi|Ubaydi
الكبيسي|Kubaisi|Kubaysi
الأنصاري|Ansari
الشهري|Shehri|Shahri
العنزي|Anazi|Enezi
السعدي|Saadi|Sadi
الخطيب|Khatib
الأحمد|Ahmad|Ahmed
الصالح|Saleh|Salih
الخليل|Khalil
النجار|Najjar|Naggar
الحداد|Haddad
الشامي|Shami
اليمني|Yamani|Yemeni
الكويتي|Kuwaiti
الليبي|Libi
التونسي|Tunisi
السوري|Suri
العراقي|Iraqi
القرشي|Qurashi|Qureshi
البكري|Bakri
العمري|Omari|Umari
الخزرجي|Khazraji
الربيعي|Rubaie|Rubaiee
الموسوي|Musawi|Moussawi
الحكيم|Hakim
الزبيدي|Zubaidi|Zubaydi
الراوي|Rawi
الكعبي|Kaabi|Kabi
المالكي|Maliki
الفلاحي|Falahi
المطيري|Mutairi|Mutayri
السويدي|Suwaidi|Suwaydi
المهيري|Muhairi|Mheiri
النعيمي|Nuaimi|Nuaymi
حداد|Haddad
خوري|Khoury|Khouri
عبود|Abboud|Aboud
نصر|Nasr|Nasser
حمدان|Hamdan
منصور|Mansour|Mansur
درويش|Darwish|Darweesh
بركات|Barakat
شاهين|Shaheen|Chahine
زيدان|Zidan|Zeidan
فرحات|Farhat
غانم|Ghanem|Ghanim
جابر|Jaber|Jabir
عطية|Attia|Atiyah
صبري|Sabri|Sabry
رزق|Rizk|Rizq
عواد|Awad|Awwad
سرحان|Sarhan
قباني|Qabbani|Kabbani
حجازي|Hijazi|Hegazy
شلبي|Shalabi|Chalabi
عيسى|Issa|Isa
سلامة|Salama|Salameh
مرعي|Marei|Marii
الحمصي|Homsi|Hmsi
التكريتي|Tikriti
الموصلي|Mosuli|Mawsili
البصري|Basri
النجدي|Najdi
الحجازي|Hijazi
الصنعاني|Sanaani|Sanani
العدني|Adeni|Adani
الحضرمي|Hadrami
الطرابلسي|Tarabulsi|Trabelsi
القدسي|Qudsi|Kudsi
النابلسي|Nabulsi|Nablusi
الخليلي|Khalili
الغزاوي|Ghazzawi|Ghazawi
الدمشقي|Dimashqi
الحموي|Hamawi
الإدلبي|Idlibi
الرقاوي|Raqqawi
الأنباري|Anbari
الكربلائي|Karbalai
النجفي|Najafi
الكوفي|Kufi
الديري|Deiri|Dairi
الحوراني|Hourani|Horani
الجزائري|Jazairi|Djazairi
المغربي|Maghribi|Maghrebi
السوداني|Sudani
البيروتي|Beiruti|Bayruti
الصيداوي|Saidawi
الإسكندراني|Iskandarani
الأسيوطي|Asyuti|Assiouty
الدسوقي|Dessouki|Desouky
الشرقاوي|Sharqawi|Sharkawy
المنوفي|Menoufi|Minufi
الفيومي|Fayoumi|Fayyumi
الكندي|Kindi
الأزدي|Azdi
الحارثي|Harithi|Harthi
الأسدي|Asadi
الجهني|Juhani|Johani
السلمي|Sulami|Solami
السبيعي|Subaie|Subai
الرشيدي|Rashidi
الهاجري|Hajri|Hajeri
المري|Marri
الكواري|Kuwari|Kuwary
المزروعي|Mazrouei|Mazrui
الكتبي|Ketbi|Kitbi
الظاهري|Dhaheri|Zahiri
القاسمي|Qasimi|Kassimi
الشحي|Shehhi|Shihhi
البلوشي|Balushi|Baloushi
الحوسني|Hosani|Housani
العامري|Amri|Ameri
الهنائي|Hinai|Hinaai
البوسعيدي|Busaidi|Bousaidi
الحبسي|Habsi
الغافري|Ghafri
الوهيبي|Wahaibi|Wuhaibi
الشكيلي|Shukaili|Shukeili
الجابري|Jabri|Jaberi
الساعدي|Saadi|Sa'adi
الفضلي|Fadhli|Fadli
العوضي|Awadi|Awadhi
البدري|Badri
الشيخ|Sheikh|Shaikh|Cheikh
السيد|Sayed|Sayyid|Said
المحمود|Mahmoud|Mahmud
العبدالله|Abdullah|Abdallah"""
AR_NATIONS = [("sy", 14), ("iq", 14), ("ye", 9), ("sa", 8), ("ae", 6), ("lb", 7), ("ly", 6), ("eg", 8),
              ("jo", 5), ("ps", 5), ("sd", 5), ("kw", 3), ("qa", 2), ("om", 2), ("bh", 1), ("dz", 2),
              ("ma", 2), ("tn", 2), ("so", 1)]

IR_MALE = """محمد|Mohammad|Mohamad|Muhammad
علی|Ali
حسین|Hossein|Hosein|Hussein|Husain
رضا|Reza|Rida
مهدی|Mehdi|Mahdi
حسن|Hassan|Hasan
احمد|Ahmad|Ahmed
محمود|Mahmoud|Mahmood|Mahmud
جواد|Javad|Jawad
سعید|Saeed|Said
مجید|Majid|Madjid
امیر|Amir
عباس|Abbas
مصطفی|Mostafa|Mustafa
ابراهیم|Ebrahim|Ibrahim
اکبر|Akbar
محسن|Mohsen|Muhsin
حمید|Hamid
قاسم|Ghasem|Qasem|Qassem
یوسف|Yousef|Yusuf
مرتضی|Morteza|Murtaza
داوود|Davoud|Davood|Dawood
بهروز|Behrouz|Behrooz
فرهاد|Farhad
کامران|Kamran
پرویز|Parviz|Parvez
سیاوش|Siavash|Siavosh
بیژن|Bijan|Bizhan
نادر|Nader|Nadir
اسماعیل|Esmaeil|Ismail|Esmail
صادق|Sadegh|Sadeq
کاظم|Kazem|Kadhim
هادی|Hadi
یحیی|Yahya
نصرالله|Nasrollah|Nasrallah
روح‌الله|Rouhollah|Ruhollah
غلامرضا|Gholamreza|Gholam Reza
عبدالله|Abdollah|Abdullah
آرش|Arash
بابک|Babak
داریوش|Dariush|Daryoush
کوروش|Kourosh|Kurosh
مهران|Mehran
مهرداد|Mehrdad
رامین|Ramin
شهرام|Shahram
فریدون|Fereydoun|Fereidoon
هوشنگ|Houshang|Hushang
منوچهر|Manouchehr|Manuchehr
سهراب|Sohrab
پیمان|Peyman|Payman
بهزاد|Behzad
سامان|Saman
کیوان|Keyvan|Kayvan
نیما|Nima
رسول|Rasoul|Rasul
مسعود|Masoud|Masood
وحید|Vahid
ناصر|Naser|Nasser
جمشید|Jamshid
اصغر|Asghar
تقی|Taghi|Taqi
نقی|Naghi|Naqi
صمد|Samad
حبیب|Habib
شهاب|Shahab
سجاد|Sajjad|Sajad
فرامرز|Faramarz"""
IR_FEMALE = """فاطمه|Fatemeh|Fatima
زهرا|Zahra
مریم|Maryam
معصومه|Masoumeh|Masumeh
نرگس|Narges
لیلا|Leila|Layla
شیرین|Shirin
پریسا|Parisa
نسرین|Nasrin
مینا|Mina
الهام|Elham
سمیرا|Samira
طاهره|Tahereh|Tahera
اعظم|Azam|Aazam
منیژه|Manijeh|Manizheh
سارا|Sara
نازنین|Nazanin
فرزانه|Farzaneh
مهناز|Mahnaz
شهلا|Shahla
ژاله|Zhaleh|Jaleh
گلناز|Golnaz
آزاده|Azadeh
نیلوفر|Niloufar|Niloofar
فرشته|Fereshteh"""
IR_FAMILY = """احمدی|Ahmadi
حسینی|Hosseini|Hoseini|Husseini
محمدی|Mohammadi|Mohamadi
رضایی|Rezaei|Rezaee|Rezai
موسوی|Mousavi|Musavi|Moosavi
کریمی|Karimi
جعفری|Jafari|Jaafari
رحیمی|Rahimi
قاسمی|Ghasemi|Qasemi
صادقی|Sadeghi|Sadeqi
کاظمی|Kazemi
حیدری|Heidari|Heydari
عباسی|Abbasi
شیرازی|Shirazi
تهرانی|Tehrani
اصفهانی|Esfahani|Isfahani
سلیمانی|Soleimani|Suleimani
نوری|Nouri|Nuri
باقری|Bagheri|Baqeri
اکبری|Akbari
یزدانی|Yazdani
نجفی|Najafi
زارعی|Zarei|Zareie
امینی|Amini
طاهری|Taheri
فرهادی|Farhadi
خسروی|Khosravi
نظری|Nazari
میرزایی|Mirzaei|Mirzaee
ملکی|Maleki
شریفی|Sharifi
رستمی|Rostami
قربانی|Ghorbani|Qorbani
صالحی|Salehi
منصوری|Mansouri|Mansoori
اسدی|Asadi
نیک‌نام|Niknam
جهانگیری|Jahangiri
تبریزی|Tabrizi
مشهدی|Mashhadi
کرمانی|Kermani
یزدی|Yazdi
قمی|Qomi|Ghomi
کاشانی|Kashani
همدانی|Hamedani|Hamadani
اردبیلی|Ardabili
زنجانی|Zanjani
قزوینی|Qazvini|Ghazvini
گیلانی|Gilani
مازندرانی|Mazandarani
خراسانی|Khorasani
سبزواری|Sabzevari
نیشابوری|Neyshaburi|Nishaburi
دامغانی|Damghani
سمنانی|Semnani
رفسنجانی|Rafsanjani
بوشهری|Bushehri
اهوازی|Ahvazi
کرمانشاهی|Kermanshahi
شوشتری|Shushtari
دزفولی|Dezfuli
بروجردی|Borujerdi
گلپایگانی|Golpayegani
طباطبایی|Tabatabaei|Tabatabai
علوی|Alavi
هاشمی|Hashemi
موسوی‌نژاد|Mousavinejad
کاظمینی|Kazemini
بهشتی|Beheshti
مطهری|Motahari
فلاحی|Fallahi
قنبری|Ghanbari|Qanbari
دهقان|Dehghan|Dehqan
سلطانی|Soltani
صفوی|Safavi
افشار|Afshar
نوروزی|Nowruzi|Norouzi
پاکزاد|Pakzad"""

CN_SURNAMES = """王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma
朱:zhu 胡:hu 郭:guo 何:he 林:lin 罗:luo 高:gao 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 邓:deng
冯:feng 韩:han 曹:cao 曾:zeng 彭:peng 萧:xiao 蔡:cai 潘:pan 田:tian 董:dong 袁:yuan 于:yu 余:yu 叶:ye
蒋:jiang 杜:du 苏:su 魏:wei 程:cheng 吕:lu 丁:ding 沈:shen 任:ren 姚:yao 卢:lu 傅:fu 钟:zhong 姜:jiang
崔:cui 谭:tan 廖:liao 范:fan 汪:wang 陆:lu 金:jin 石:shi 戴:dai 贾:jia 韦:wei 夏:xia 邱:qiu 方:fang
侯:hou 邹:zou 熊:xiong 孟:meng 秦:qin 白:bai 江:jiang 阎:yan 薛:xue 尹:yin 段:duan 雷:lei 黎:li 史:shi
龙:long 陶:tao 贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao 万:wan 钱:qian 严:yan 覃:qin 武:wu 莫:mo
孔:kong 向:xiang 常:chang 汤:tang 康:kang 易:yi 乔:qiao 赖:lai 文:wen 施:shi 洪:hong 辛:xin 柴:chai"""
CN_GIVEN = """伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie
娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 桂:gui 英:ying 华:hua 文:wen 建:jian
国:guo 红:hong 玲:ling 飞:fei 鹏:peng 辉:hui 宇:yu 浩:hao 俊:jun 峰:feng 斌:bin 波:bo 晓:xiao 海:hai
金:jin 东:dong 新:xin 成:cheng 志:zhi 春:chun 德:de 林:lin 云:yun 庆:qing 永:yong 立:li 嘉:jia 子:zi
思:si 雨:yu 欣:xin 婷:ting 雪:xue 梅:mei 兰:lan 凤:feng 琳:lin 佳:jia 慧:hui 颖:ying 洁:jie 宏:hong
振:zhen 荣:rong 瑞:rui 家:jia 天:tian 光:guang 亮:liang 安:an 康:kang 中:zhong 晨:chen 博:bo 毅:yi
昊:hao 轩:xuan 泽:ze 睿:rui 铭:ming 鑫:xin 凯:kai 旭:xu 锋:feng 卫:wei 兵:bing 生:sheng 山:shan
学:xue 忠:zhong 祥:xiang 福:fu 宝:bao 利:li 良:liang 长:chang 民:min 红:hong 秋:qiu 彬:bin 武:wu
胜:sheng 玉:yu 珍:zhen 燕:yan 萍:ping 琴:qin 倩:qian 璐:lu 莉:li 薇:wei 瑶:yao 怡:yi 悦:yue 诗:shi
涵:han 梓:zi 航:hang 晖:hui 炜:wei 龙:long 虎:hu 豪:hao 群:qun 坤:kun 彤:tong 蕾:lei 琪:qi 岩:yan"""
CN_NATIONS = [("cn", 85), ("hk", 7), ("tw", 3), ("sg", 3), ("mo", 2)]

# name:genitive (the father's name as Greek documents give it between given and family name)
GR_MALE = """Γεώργιος:Γεωργίου Ιωάννης:Ιωάννη Κωνσταντίνος:Κωνσταντίνου Δημήτριος:Δημητρίου Νικόλαος:Νικολάου
Παναγιώτης:Παναγιώτη Βασίλειος:Βασιλείου Χρήστος:Χρήστου Αθανάσιος:Αθανασίου Μιχαήλ:Μιχαήλ
Ευάγγελος:Ευαγγέλου Σπυρίδων:Σπυρίδωνος Αντώνιος:Αντωνίου Αναστάσιος:Αναστασίου Θεόδωρος:Θεοδώρου
Ανδρέας:Ανδρέα Χαράλαμπος:Χαραλάμπους Αλέξανδρος:Αλεξάνδρου Εμμανουήλ:Εμμανουήλ Ηλίας:Ηλία
Σταύρος:Σταύρου Πέτρος:Πέτρου Στυλιανός:Στυλιανού Σωτήριος:Σωτηρίου Γρηγόριος:Γρηγορίου
Απόστολος:Αποστόλου Κυριάκος:Κυριάκου Θωμάς:Θωμά Λεωνίδας:Λεωνίδα Άγγελος:Αγγέλου Φώτιος:Φωτίου
Παύλος:Παύλου Φίλιππος:Φιλίππου Στέφανος:Στεφάνου Ιάκωβος:Ιακώβου Μάρκος:Μάρκου Λάμπρος:Λάμπρου
Αριστοτέλης:Αριστοτέλη Περικλής:Περικλή Διονύσιος:Διονυσίου Ευστάθιος:Ευσταθίου Πρόδρομος:Προδρόμου
Τριαντάφυλλος:Τριανταφύλλου Ευθύμιος:Ευθυμίου Μιλτιάδης:Μιλτιάδη Ξενοφών:Ξενοφώντος Ορέστης:Ορέστη
Ραφαήλ:Ραφαήλ Σάββας:Σάββα Τιμόθεος:Τιμοθέου Χαρίλαος:Χαριλάου Ιορδάνης:Ιορδάνη Νεκτάριος:Νεκταρίου"""
GR_FEMALE = """Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δήμητρα Κωνσταντίνα Παρασκευή Χριστίνα
Ευαγγελία Ιωάννα Αναστασία Ειρήνη Δέσποινα Θεοδώρα Αθηνά Ευτυχία Νικολέτα Χρυσούλα Αλεξάνδρα Σταυρούλα
Ζωή Φωτεινή Πηνελόπη Ουρανία Ευδοκία Μαργαρίτα Κυριακή"""
GR_SURNAMES = """Παπαδόπουλος Παπαγεωργίου Οικονόμου Γεωργίου Παπαδημητρίου Βασιλείου Νικολάου Καραγιάννης
Ιωάννου Δημητρίου Κωνσταντίνου Αθανασίου Χριστοδούλου Παπανικολάου Μακρής Αντωνίου Πετρόπουλος
Αλεξίου Μιχαηλίδης Γεωργιάδης Ιωαννίδης Παπαδάκης Κωνσταντινίδης Σαββίδης Θεοδωρίδης Παυλίδης
Καλογεράκης Μαυρίδης Κυριακίδης Τσιρίγος Ζαχαρίου Σταυρόπουλος Λαμπρόπουλος Γεωργακόπουλος
Αναγνωστόπουλος Κατσαρός Δρόσος Ραφαηλίδης Μαυρομάτης Λαζαρίδης Πολυχρονίου Τριανταφύλλου Χατζηδάκης
Χατζηγεωργίου Σπυρόπουλος Φραγκιαδάκης Νικολαΐδης Ξενάκης Μπαλτάς Ντόκος Γκίκας Τζαννετάκης
Βλάχος Αγγελόπουλος Μπουραντάς Ευαγγέλου Κοντός Λιάπης Μανωλάκης Ρήγας Σαρρής Φλώρος Αλεξόπουλος
Βασιλόπουλος Γιαννόπουλος Δημόπουλος Κωστόπουλος Νικολόπουλος Παναγόπουλος Χριστόπουλος Θεοδωρόπουλος
Καραλής Κουτσός Λαμπράκης Μαρκάκης Νικολακάκης Πετράκης Σταυράκης Τσακίρης Φωτιάδης Χατζής Αποστολίδης
Βασιλειάδης Δημητριάδης Ευαγγελίδης Ζαφειρίου Καλαμαράς Κανελλόπουλος Καρράς Κοκκίνης Λυμπερόπουλος
Μαργαρίτης Μελετίου Μπέης Ντούμας Πανταζής Ρούσσος Σιδηρόπουλος Σκουλάς Στεφανίδης Τζιόλας Τσολάκης
Φραγκούλης Χριστοφόρου Ψαρράς Αλεξανδρόπουλος Ανδρεάδης Αρβανίτης Βαρβέρης Γαλάνης Γεωργόπουλος
Δεληγιάννης Ζερβός Θεοχάρης Ιατρίδης Καραμπέτσος Κολοκοτρώνης Κουκουλάκης Λογοθέτης Μαυρογιάννης
Μητρόπουλος Μπακάλης Νομικός Οικονομίδης Παππάς Ραπτόπουλος Σακελλαρίου Σπανός Τσάτσος Χαραλαμπίδης"""

# Latin-script regions: given names (male, female), surnames, nationalities, share of persons
# with a middle name, and how women's surnames are formed.
LATIN = {
    "en": dict(
        weight=11, nations=[("gb", 35), ("us", 40), ("ca", 8), ("au", 7), ("ie", 6), ("nz", 4)], middle=0.5,
        male="""John James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan
Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Frank Patrick
Raymond Jack Dennis Jerry Tyler Aaron Henry Douglas Peter Adam Nathan Zachary Walter Kyle Harold Carl Jeremy
Keith Roger Gerald Ethan Arthur Terry Christian Sean Lawrence Austin Noah Jesse Albert Bryan Bruce Jordan
Dylan Alan Ralph Gabriel Roy Wayne Eugene Logan Randy Louis Russell Vincent Philip Bradley Neil Graham
Nigel Colin Declan Callum Rhys Owen Gareth Liam Connor Hamish Angus""",
        female="""Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca
Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine
Christine Rachel Carolyn Janet Catherine Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly
Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Ann Madison
Frances Kathryn Alice Sophia Grace Denise Amber Natalie Charlotte Siobhan Fiona Gemma Niamh Bethan""",
        surnames="""Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson
Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams
Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris
Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood
James Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell
Coleman Butler Henderson Barnes Fisher Simmons Graham Marshall Owens Harrison Gibson Wallace Ellis McDonald
Woods Cole West Jordan Reynolds Hamilton Ford Wells O'Brien O'Connor O'Neill McCarthy Fitzgerald Byrne Ryan
Doyle Walsh Gallagher Kennedy Lynch Murray Quinn Moran Brennan Burke Dunne Regan MacLeod MacDonald Fraser
Cameron Sinclair Davies Llewellyn Pritchard Vaughan Griffiths Hartley Whitaker Ashworth Pemberton Holloway
Thornton Blackwood Fairweather Kingsley Radcliffe Sutherland Montgomery Chamberlain Hawthorne Winslow"""),
    "de": dict(
        weight=4, nations=[("de", 75), ("at", 15), ("ch", 10)], middle=0.35,
        male="""Thomas Michael Andreas Stefan Peter Klaus Jürgen Wolfgang Frank Uwe Matthias Markus Hans Bernd
Dieter Manfred Helmut Jörg Günter Horst Rüdiger Lukas Felix Maximilian Tobias Florian Sebastian Jan Tim
Björn Dirk Holger Volker Ralf Sven Kai Torsten Heiko Jens Lars Karl Heinz Werner Gerhard Rainer Lothar Götz
Jürgen Ulrich Günther Otmar Jochen""",
        female="""Sabine Petra Monika Ursula Andrea Claudia Susanne Birgit Heike Anke Gisela Bärbel Renate Brigitte
Katrin Ines Annegret Doris Jutta Karin Gabriele Martina Silke Nicole Stefanie Julia Lena Jana Käthe Dörte
Hannelore Ingrid Elke Helga Ute Sigrid Christa Almut Jördis""",
        surnames="""Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner
Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs
Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Berger Winkler Roth Beck
Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Schumacher Krämer Vogt Stein Jäger
Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel
Horn Busch Bergmann Voigt Sauer Arnold Wolff Pfeiffer Löffler Gärtner Mößner Nüßlein Weißmüller Öztürk
Bäumer Dürr Fröhlich Grün Hölzl Jürgens Kößler Lütke Möbius Nöth Pröll Rößler Schütz Süß Thür Wöhler"""),
    "fr": dict(
        weight=4, nations=[("fr", 75), ("be", 10), ("ch", 7), ("lu", 3), ("ca", 5)], middle=0.3,
        male="""Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Frédéric Stéphane Olivier
François Éric Sébastien Thierry Julien Jérôme David Cédric Benoît Aurélien Gaël Loïc Joël Raphaël Mathieu
Hervé Gérard André René Jacques Bernard Daniel Denis Yves Guy Noël Jérémie Lucien Régis Anaël Honoré
Jean-Pierre Jean-Luc Jean-François Jean-Marc Jean-Claude Pierre-Yves Marc-André""",
        female="""Marie Nathalie Isabelle Sylvie Catherine Valérie Christine Sandrine Véronique Céline Hélène
Amélie Anaïs Léa Chloé Zoé Émilie Élodie Thérèse Geneviève Renée Sophie Aurélie Camille Mélanie Agnès
Brigitte Françoise Josée Solène Maëlle Noémie Margaux Inès Gaëlle Séverine Marie-Claire Anne-Sophie""",
        surnames="""Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèbvre
Lefebvre Michel David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet
François Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu
Clément Gauthier Dumont Fontaine Chevalier Robin Masson Gérard Boyer Denis Lemaire Duval Joly Gautier Roger
Roche Roy Noël Meyer Lucas Meunier Jean Marchand Dufour Blanchard Barbier Brun Dumas Brunet Leroux Colin
Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard Lacroix
Fabre Dupuis Olivier Hubert Guillot Rivière Le Gall Guillaume Adam Rey Moulin Lecomte Ménard Fleury
Deschamps Carpentier Benoît Maillard Marchal Aubry Vasseur Le Roux Renault Jacquet Collet Prévost Poirier
Charpentier Royer Huet Baron Dupuy Pons Carré Rémy Perrot Guyot Barre Marty Cousin Lefèvre Bérénger Gâteau
Thévenin Pécresse Géraud Sénéchal Debré Béraud Crétin Désiré Frémont Gélinas"""),
    "it": dict(
        weight=3, nations=[("it", 92), ("ch", 5), ("sm", 3)], middle=0.25,
        male="""Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco
Domenico Bruno Paolo Michele Giorgio Aldo Sergio Luciano Niccolò Nicolò Alessandro Andrea Lorenzo Matteo
Marco Stefano Roberto Massimo Fabio Gianluca Riccardo Raffaele Gennaro Ciro Rocco Emanuele Tommaso
Gianfranco Pierluigi""",
        female="""Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina Francesca Antonietta
Paola Chiara Giulia Federica Alessandra Silvia Elena Valentina Martina Sara Simona Laura Roberta Daniela
Raffaella Concetta Assunta Immacolata""",
        surnames="""Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
De Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso
Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De Santis D'Angelo
Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala De Angelis
Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Testa Grassi
Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino
Fiore De Rosa Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri Costantini Milani
Pagano Ruggiero Sorrentino D'Amico Orlando Negri Mattè Niccolò Fabbrì Zanè"""),
    "es": dict(
        weight=8, nations=[("es", 30), ("mx", 18), ("co", 12), ("ve", 12), ("ar", 6), ("pe", 5), ("cu", 5),
                           ("ni", 3), ("bo", 2), ("ec", 3), ("cl", 2), ("py", 1), ("gt", 1)],
        middle=0.35, surnames_per_person=2,
        male="""José Juan Luis Carlos Jesús Antonio Manuel Francisco Javier Miguel Ángel Rafael Pedro Alejandro
Fernando Sergio Pablo Jorge Alberto Andrés Raúl Ramón Enrique Diego Víctor Óscar Rubén Iván Adrián Álvaro
Joaquín Héctor Gonzalo Julián Sebastián Martín Agustín Nicolás Tomás Ignacio Emilio Rodrigo Ricardo
Eduardo Guillermo Hernán Efraín Germán Mauricio Fabián Nelson Wilmer Yeison Édgar""",
        female="""María Carmen Ana Isabel Dolores Pilar Teresa Rosa Josefa Cristina Laura Marta Mercedes Elena
Raquel Inés Sofía Mónica Ángela Begoña Concepción Patricia Verónica Beatriz Nuria Yolanda Rocío Montserrat
Soledad Guadalupe Araceli Leticia Maribel Lucía Paula Valentina Daniela Ximena Yésica""",
        surnames="""García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz
Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil
Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias
Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León
Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Díez Caballero Reyes Nieto Aguilar Pascual
Santana Herrero Lorenzo Montero Hidalgo Giménez Ibáñez Ferrer Durán Santiago Benítez Mora Vicente Vargas
Arias Carmona Crespo Román Pastor Soto Sáez Velasco Moya Soler Parra Esteban Bravo Gallardo Rojas Pardo
Merino Franco Espinosa Izquierdo Lara Rivas Silva Rivera Casado Arroyo Redondo Camacho Rey Vera Otero Luque
Galán Montes Ríos Sierra Segura Carrillo Marcos Soriano Mendoza Salazar Villanueva Quintero Zambrano Ochoa
Cárdenas Valencia Acosta Orozco Salinas Villalobos Jaramillo Betancourt Quiñones Saldaña Zúñiga Echeverría
Urquijo Arrieta Goikoetxea Etxeberria Maldonado Pineda Figueroa Cabello Londoño Restrepo Uribe Cuéllar
Peñalosa Ibarra Avendaño Castañeda Montaño Patiño Bermúdez Chávez Guzmán Sandoval Vallejo Cisneros"""),
    "pt": dict(
        weight=2, nations=[("pt", 35), ("br", 55), ("ao", 6), ("mz", 4)], middle=0.4, surnames_per_person=2,
        male="""João José António Antônio Francisco Carlos Paulo Pedro Luís Manuel Rui Jorge Miguel Gonçalo
Sebastião Estêvão Tiago Rodrigo Vítor Sérgio Fábio Márcio Cláudio Thiago Lucas Mateus Rafael Gustavo""",
        female="""Maria Ana Conceição Inês Ângela Fátima Beatriz Mariana Joana Sofia Lúcia Graça Luísa Márcia
Cláudia Patrícia Fernanda Juliana Letícia Camila Vitória Gabriela Débora""",
        surnames="""Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves
Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes Soares
Vieira Monteiro Cardoso Rocha Neves Coelho Cruz Cunha Pires Ramos Reis Simões Antunes Matos Fonseca
Magalhães Guimarães Araújo Brandão Falcão Leão Assunção Damião Romão Barbosa Azevedo Freitas Tavares
Castro Barros Loureiro Baptista Mota Lima Conceição Figueiredo Nogueira Sá Brito Macedo Quintas"""),
    "nordic": dict(
        weight=2, nations=[("no", 22), ("dk", 22), ("se", 30), ("fi", 20), ("is", 6)], middle=0.4,
        male="""Lars Anders Johan Erik Per Nils Jan Karl Mikael Søren Jørgen Bjørn Åke Göran Jöran Henrik
Mads Rasmus Ole Jens Magnus Olav Knut Sigurd Torbjørn Håkan Mattias Pekka Jukka Mikko Timo Jussi Sakari
Guðmundur Jón Sigurður Þórður""",
        female="""Anna Maria Kristina Karin Ingrid Åsa Birgitta Solveig Sigrid Astrid Marit Kirsten Mette
Hanne Liv Signe Tuula Päivi Sirpa Riikka Guðrún Sigríður Þóra Märta Maja Linnéa""",
        surnames="""Johansson Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
Jørgensen Sørensen Mølgaard Østergaard Kjær Nørgaard Bøgh Lindqvist Åkesson Öberg Ekström Sjöberg
Björklund Håkansson Löfgren Ström Nyström Häkkinen Mäkinen Järvinen Lähteenmäki Korhonen Virtanen Nieminen
Hansen Johansen Olsen Larsen Pedersen Nielsen Kristiansen Jensen Christensen Rasmussen Halvorsen Haugen
Bakke Dahl Lund Berg Solberg Strand Guðmundsson Þórsson Jónsdóttir Sigurðsson Ólafsson"""),
    "pl": dict(
        weight=2, nations=[("pl", 100)], middle=0.3, female_surname="pl",
        male="""Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Adam Łukasz Grzegorz Wojciech
Mariusz Dariusz Zbigniew Jerzy Tadeusz Mateusz Kamil Maciej Rafał Robert Sławomir Bogdan Ryszard Jarosław
Zdzisław Mirosław Przemysław Bartłomiej""",
        female="""Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Elżbieta Magdalena Joanna
Zofia Teresa Bożena Jolanta Grażyna Danuta Irena Halina Beata Jadwiga Dorota Aleksandra Żaneta""",
        surnames="""Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański
Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski
Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Majewski Olszewski Stępień Jaworski Malinowski Dudek
Adamczyk Górski Witkowski Walczak Sikora Baran Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak
Zalewski Wróblewski Jasiński Marciniak Sadowski Bąk Zawadzki Duda Chmielewski Włodarczyk Borkowski
Czarnecki Sawicki Sokołowski Urbański Kubiak Maciejewski Szczepański Kucharski Wilk Kalinowski Lis
Mazurek Wysocki Adamski Kaźmierczak Wasilewski Sobczak Czerwiński Andrzejewski Cieślak Głowacki
Zakrzewski Kołodziej Sikorski Krajewski Gajewski Szymczak Szulc Baranowski Laskowski Brzeziński
Makowski Ziółkowski Przybylski Żak Żukowski Ślusarczyk"""),
    "cz": dict(
        weight=1.5, nations=[("cz", 75), ("sk", 25)], middle=0.2, female_surname="cz",
        male="""Jiří Jan Petr Josef Pavel Martin Tomáš Jaroslav Miroslav Zdeněk Václav Michal František
Lukáš Jakub Ondřej Milan Vladimír Radek Karel Stanislav Miloš Ľubomír Štefan Dušan""",
        female="""Marie Jana Eva Hana Anna Lenka Kateřina Věra Lucie Alena Petra Jaroslava Veronika Martina
Markéta Zuzana Ľudmila Dagmar Božena""",
        surnames="""Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Pokorný Marek
Pospíšil Hájek Jelínek Král Růžička Beneš Fiala Sedláček Doležal Zeman Kolář Navrátil Čermák Vaněk
Urban Blažek Kříž Kovář Kratochvíl Bartoš Vlček Polák Musil Šimek Konečný Malý Čech Štěpánek Staněk
Kadlec Holub Šťastný Mareš Sýkora Dušek Hrubý Kopecký Ševčík Tichý Vávra"""),
    "hu": dict(
        weight=1.5, nations=[("hu", 90), ("ro", 5), ("sk", 5)], middle=0.35,
        male="""László István József János Zoltán Sándor Gábor Ferenc Attila Péter Tamás Zsolt Tibor András
Csaba Imre Lajos György Balázs Róbert Miklós Gyula Ákos Dénes Levente Bence Máté""",
        female="""Mária Erzsébet Katalin Ilona Éva Anna Zsuzsanna Margit Judit Ágnes Andrea Ildikó Krisztina
Erika Gabriella Edit Szilvia Tímea Anikó Zsófia Réka Boglárka""",
        surnames="""Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász
Lakatos Mészáros Oláh Simon Rácz Fekete Szilágyi Török Fehér Balázs Gál Kis Szűcs Kocsis Pintér Fodor
Szalai Sipos Magyar Lukács Gulyás Bíró Király Katona László Jakab Bogdán Boros Fazekas Kelemen Antal
Somogyi Orosz Fülöp Veres Budai Vincze Hegedűs Deák Bálint Illés Pál Vass Szőke Fábián Vörös Lengyel
Bognár Bodnár Hajdu Halász Jónás Máté Székely Gáspár Kozma Pásztor Bakos Dudás Virág Barna Soós Nemes
Pataki Balla Tőkés Szénási"""),
    "ro": dict(
        weight=1.5, nations=[("ro", 80), ("md", 20)], middle=0.4,
        male="""Ion Gheorghe Constantin Vasile Nicolae Alexandru Mihai Ștefan Dumitru Florin Adrian Cristian
Răzvan Bogdan Ionuț Marius Sorin Cătălin Lucian Dănuț Viorel Costel Petru Traian""",
        female="""Maria Elena Ioana Andreea Mihaela Ana Gabriela Mădălina Cristina Daniela Alina Roxana Raluca
Simona Nicoleta Oana Lăcrămioara Florența Ștefania Irina""",
        surnames="""Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Ene Rusu Lungu
Munteanu Constantin Mocanu Moldovan Marin Florea Toma Dinu Șerban Tudor Nistor Țurcanu Bălan Mureșan Dobre
Cristea Neagu Sârbu Stănescu Vlad Barbu Iordache Stoian Anghel Bucur Ilie Voicu Oprea Preda Lazăr Roman
Ardeleanu Ungureanu Vasilescu Nedelcu Diaconu Ursu Grigore Enache Năstase Dragomir Crăciun Pavel Căpățână
Țăranu Bădescu Râpeanu"""),
    "bcs": dict(
        weight=2, nations=[("rs", 40), ("hr", 25), ("ba", 25), ("me", 5), ("mk", 5)], middle=0.25,
        male="""Dragan Zoran Goran Milan Dejan Nenad Željko Predrag Darko Siniša Dušan Miroslav Branko
Slobodan Ivan Marko Nikola Stefan Luka Aleksandar Ante Tomislav Josip Emir Edin Amir Mirza Haris Senad
Adnan Đorđe Radovan Ratko Vojislav Momčilo""",
        female="""Vesna Snežana Jelena Dragana Biljana Mirjana Ivana Marija Ana Milica Jasmina Gordana Tatjana
Maja Nataša Amra Lejla Selma Aida Đurđica Ljiljana Zorica""",
        surnames="""Jovanović Petrović Nikolić Marković Đorđević Stojanović Ilić Pavlović Kovačević Tomić Horvat
Kovačić Babić Marić Jurić Novak Knežević Vuković Perić Matić Šarić Lončar Božić Pavić Radić Grgić Kolar
Popović Živković Mitrović Savić Milošević Todorović Lukić Đukić Stanković Radović Obradović Simić Vasić
Kostić Janković Begić Hodžić Mehmedović Hadžić Delić Kurtović Salihović Đurić Mihajlović Ristić Čolić
Karadžić Mladenović Lazić Šimunović"""),
    "tr": dict(
        weight=2, nations=[("tr", 92), ("cy", 3), ("de", 5)], middle=0.35,
        male="""Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan Halil
Süleyman Abdullah Mahmut Recep Salih Kemal Emre Burak Serkan Tolga Uğur Barış Çağlar Doğan Gökhan Oğuz
Şükrü Ümit Cengiz Erdal Fırat""",
        female="""Fatma Ayşe Emine Hatice Zeynep Elif Şerife Sultan Hülya Özlem Gülşen Meryem Esra Büşra Songül
Derya Tuğba Gülay Şule Nurcan Dilek Sevgi Çiğdem Ebru""",
        surnames="""Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan
Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdoğan Yavuz Can Acar Şen Aktaş Güler Yalçın
Güneş Bozkurt Bulut Keskin Ünal Turan Gül Özer Işık Kaplan Avcı Sarı Tekin Taş Köse Yüksel Ateş Aksoy
Karaca Çiftçi Güven Ekinci Tunç Sönmez Özgür Akın Uçar Dönmez Ağır"""),
}


# Surnames made by each language's own morphology, so that a million people do not collapse onto
# a few thousand names: (first parts, endings, how to join). Drawn uniformly; the hand-written
# lists above are drawn skewed, most common first.
SURNAME_PARTS = {
    "en": ("""Ash Black Brad Brook Carl Chat Craw Dun Fair Green Hart Hol Kings Lang Mid New Old Red Rad
Sand Shel Stan Ster Thorn Wake Wal West White Whit Win Wood Ather Bur Chad Cran Dar Elm Farn Gold Hay Kel
Lind Marl Mor Nor Pen Rams Rock Shep South Stock Sut Tem Wes Ald Bar Bram Brom Cal Cop Dal Ear Ever Hamp
Hather Lock Mans Mill Nether Pem Rush Sel Slad Wick Yar""",
           "ley ton field wood ford worth by ham well bury croft more shaw ridge dale wick stone brook land "
           "son combe hurst wright", "plain"),
    "de": ("""Acker Bach Berg Birk Brand Buch Eich Eisen Feld Fels Gold Grün Hag Hart Heid Hell Hof Holz Kirch
Klein Kreuz Lang Lind Mühl Neu Ober Rosen Sand Schön Stein Stern Stock Thal Wald Weiß Wein Wies Zimmer Bären
Brück Dürr Gräf Höl Jung Kalt Kern Lehm Moos Nuss Pfaff Reh Ried Roth Sonn Stadel Tann Unter Vogel Wolfs""",
           "mann er berg bach feld hof meier müller huber hauser bauer brunner haus inger mayer stein wald "
           "thaler schmidt rieder gruber egger lechner moser reiter", "plain"),
    "fr": ("""Du:pont Du:bois Du:champ Du:mont Du:val Du:moulin Du:chêne Du:fort Du:pré Du:rocher Du:mesnil
Du:plessis Du:breuil Du:château Du:jardin Du:chesne Du:pin Du:puy Du:bourg Du:lac Du:roc Du:marais Du:verger
Du:four Du:hamel Du:bost Du:clos Du:pas Du:tertre Du:vivier Le:brun Le:blanc Le:noir Le:roux Le:grand
Le:fort Le:bon Le:beau Le:gros Le:jeune Le:vieux Le:sage Le:clerc Le:normand Le:breton Le:maître Le:comte
Le:duc Le:moine Le:mercier Le:page Le:chevalier Le:tellier Le:bas Le:roy Le:masson Le:gendre Le:marchand
Beau:mont Beau:fort Beau:champ Beau:lieu Beau:regard Beau:soleil Beau:jean Bel:val Bel:homme Bon:homme
Bon:fils Bon:nard Mont:fort Mont:ferrand Mont:val Mont:clair Ville:neuve Ville:franche Roche:fort
Roche:blanche Champ:fleury Champ:rond Grand:jean Grand:pré Grand:champ Petit:jean Petit:pré Petit:colin""",
           "", "pairs"),
    "fr2": ("""Jeann Perr Guill Martin Colin Thomas Robert Michel Bernard Gérard Richard Simon Laurent Hugu
Gauth Renaud Thibaud Bouch Chevr Marc Lamb Vinc Benoît Mor Berth Bourd Chaus Fourn Garn Lemerc Poir Roul
Tess Vach""", "in ot et eau on ard ier elle", "plain"),
    "it": ("""Ross Bianc Ner Ricc Mart Gall Cont Marin Fabbr Ferr Bell Bern Bon Cap Carbon Cas Cer Colomb Cost
Fior Franc Gentil Giord Grass Lomb Lucc Mass Mor Pag Pal Pell Pier Pol Rin Rugg Sal Sart Serr Silv Tomm Val
Vit Zan Zucc Amat Baldin Benedett Bert Brun Cald Camp Carl Cecc Ciamp Corr Fant Feder Gatt Guerr Lanz Leon
Mang Manz Mazz Mont Nard Orl Pasqual Perr Pin Rizz Rom Russ Santor Scal Spin Tedesc Torr Vacc Verd Vill""",
           "i o etti ini elli oni ucci azzi otti ello ino ari ieri ese one", "italian"),
    "nordic": ("""Berg Lind Sjö Ek Holm Lund Ström Björk Dahl Nord Sand Öst Väst Hag Ahl Fors Gran Ljung Malm Sten
Åker Alm Bäck Ceder Falk Hed Kvarn Lööf Rosen Wall Hall Sund Eng Lid Tor Ny""",
               "berg lund gren ström holm qvist dahl man blad vall sten feldt stedt ling bäck mark", "plain"),
    "fi": ("""Mäki Järvi Koski Lahti Niemi Salo Vaara Virta Kallio Harju Kivi Rinne Aho Ranta Lehto Laakso Hirvo
Kangas Nurmi Pelto Suo Saari Haapa Koivu Paju Vuori Oja Lampi""",
           "nen mäki niemi vaara koski salo aho lahti la", "plain"),
    "pl": ("""Kowal Nowak Piotr Pawł Michal Jabłon Olsz Malin Witk Rutk Ostr Tomasz Zal Wrób Jas Sad Chmiel Bork
Czarn Saw Sokoł Urban Maciej Szczep Kuchar Kalin Wys Adam Wasil Czerw Andrzej Głow Sikor Baran Lask Brzez
Mak Przybył Grab Dąbr Kozł Jank Kwiat Lewand Szyman Stan Wojc Mazur Dud Król Wilk Lis Bąk Żak Kacz Marc Gór
Wit Zaw Staw Mił Kub Rog Sobcz Tarn Bartk Włod Gaj Bies Grzyb Słow Pol""",
           "ski owski ewski czyk ak ewicz", "plain"),
    "cz": ("""Nov Hor Dvoř Sedl Kov Vesel Pokor Hol Hrub Kopec Tich Šim Bart Kral Kos Krej Kub Lis Mach Pol Rad
Svob Štěp Urb Vlč Bláh Čern Dol Fiš Hav Jir Kal Kaš Klím Kuč Lang Mal Maš Neč Pech Pros Růž Sláv Tom Vach Vít
Zem Žák Brab Hron""", "ák ek íček ský ka an ovský ina ec ník", "plain"),
    "hu": ("""Buda Pest Szeged Debrecen Győr Pécs Kecskemét Tata Sopron Szolnok Miskolc Kaposvár Veszprém Zala
Somogy Baranya Heves Borsod Békés Csongrád Fejér Tolna Nógrád Pápa Vác Gyula Makó Szentes Baja Jászberény
Kalocsa Keszthely Tapolca Ózd Tokaj Esztergom Komárom Mohács Szekszárd Cegléd Hatvan Gödöllő Szombathely
Új:falvi Nagy:falvi Kis:falvi Szent:falvi Új:házi Nagy:házi Kis:völgyi Mező:hegyi Erdő:hegyi Kő:kuti
Hideg:kuti Szép:völgyi Hosszú:völgyi Vár:hegyi Bükk:házi Nyír:falvi Tölgy:házi Fenyő:völgyi Szil:ágyi
Körös:házi Tisza:völgyi Duna:völgyi""", "i", "hungarian"),
    "ro": ("""Pop Ion Vasil Dumitr Constantin Gheorgh Nicol Stan Mih Tudor Dobr Mar Flor Petr Andr Bal Bog Cost
Drag Ene Fil Gavril Ili Lup Man Munt Nedel Opr Pred Rus Sav Stoic Tom Ung Vlad Zamfir Rad Mocan Neag Pătr
Cristi Iord Anghel Bucur Sârb Mitr Preot Cioc Păun Moldov""", "escu eanu aru ache oiu ică", "plain"),
    "bcs": ("""Jovan Petr Nikol Mark Đorđ Stojan Pavl Kovač Tom Bab Mar Jur Knež Vuk Per Mat Šar Bož Rad Grg
Pop Živk Mitr Sav Miloš Todor Luk Đuk Stank Obrad Sim Vas Kost Jank Beg Hodž Mehmed Hadž Del Kurt Salih
Mihajl Rist Čol Mladen Laz Šimun Ant Bran Dragan Gor Ilij Ivan Jak Lazar Milan Milut Nenad Obren Perk Rajk
Sten Tad Velj Zdrav Vesel Stev Dob Ranč Brank Bog Dimitrij Andr Bošnj Crnog Dam Dev Drag Đur Ger Hrvat
Jelič Jerk Kal Kneževi Krst Lov Majst Matij Milj Mirk Nedelj Novak Ostoj Pant Pejč Prodan Radoj Rakoč Sek
Slav Spas Šeš Stoj Tes Trif Urošev Vidak Vojin Vranj Zec Žar Živ""", "", "slavic"),
    "tr": ("""Ak Kara Öz Yıl Er Al Gök Ay Gün Demir Çelik Taş Kaya Deniz Doğan Yıldız Tekin Kılıç Aslan Kurt
Şahin Bulut Toprak Altın Tuna Yeşil Kızıl Uzun Ulu Koca Bay Baş Sarı Ateş Işık""",
           "han oğlu er can soy kan dağ göz türk taş el baş gül ay tekin yürek kaya demir yol men", "turkish"),
}


def make_surnames(code):
    firsts, ends, how = SURNAME_PARTS[code]
    out = []
    if how == "pairs":
        for item in firsts.split():
            a, b = item.split(":")
            out.append(a + b)
        return out
    ends = ends.split()
    for a in firsts.split():
        if ":" in a:                           # Hungarian compounds: given whole
            x, y = a.split(":")
            out.append(x + y)
            continue
        if how == "hungarian":
            out.append(a + ("" if a.endswith("i") else "i"))
            continue
        if how == "slavic":
            soft = a[-1] in "jčćđšžc"
            out += [a + ("ević" if soft else "ović"), a + "ić"]
            continue
        for b in ends:
            if how == "italian" and a[-1] in "cg" and b[0] in "ei":
                word = a + "h" + b
            elif how == "turkish" and a.lower() == b:
                continue
            else:
                word = a + b
            if how == "plain" and a.lower() == b:
                continue
            out.append(word[:1].upper() + word[1:])
    return out


def given_surnames(code, male):
    """Surnames made from given names: Milan → Milanović, Milanić; Péter → Péterfi, Péteri."""
    out = []
    for name in male:
        if not name.isalpha():
            continue
        if code == "bcs":
            stem = name[:-1] if name[-1] in "aoe" else name
            soft = stem[-1] in "jčćđšžc"
            out += [stem + ("ević" if soft else "ović"), stem + "ić"]
        else:
            out += [name + "fi", name + ("" if name.endswith("i") else "i")]
    return out


def nordic_patronymics(male):
    out = []
    for name in male:
        if len(name) < 3 or not name.isalpha():
            continue
        stem = name if name.endswith("s") else name + "s"
        out += [stem + "son", name + "sen"]
    return out


def _split(text):
    return text.split()


def _lines(text):
    out = []
    for line in text.strip().splitlines():
        parts = line.strip().split("|")
        out.append((parts[0], tuple(parts[1:])))
    return out


# ----------------------------------------------------------------------------------------------
# People and their renderings
#
# A rendering is (joiner, segments), each segment (role, text): role g (given), m (middle:
# patronymic, father's name, second given name), p (a particle before a middle name: bin, ibn),
# f (family). Renderings keep the roles so that a query can drop or move parts.


class Person:
    __slots__ = ("region", "female", "g", "m", "f", "x")

    def __init__(self, region, female, g, m, f, x=None):
        self.region, self.female, self.g, self.m, self.f, self.x = region, female, g, m, f, x


def text_of(rendering):
    joiner, segs = rendering
    return joiner.join(t for _, t in segs)


class LatinRegion:
    latin = True
    has_alternates = False

    def __init__(self, code, spec):
        self.code = code
        self.weight = spec["weight"]
        self.nations = spec["nations"]
        self.middle = spec["middle"]
        self.male = _split(spec["male"])
        self.female = _split(spec["female"])
        self.surnames = _split(spec["surnames"])
        generated = []
        if code in SURNAME_PARTS:
            generated = make_surnames(code)
        if code == "nordic":
            generated = make_surnames("nordic") + make_surnames("fi") + nordic_patronymics(self.male)
        if code == "fr":
            generated += make_surnames("fr2")
        if code in ("bcs", "hu"):
            generated += given_surnames(code, self.male)
        known = set(self.surnames)
        self.generated = [w for w in dict.fromkeys(generated) if w not in known]
        self.per_person = spec.get("surnames_per_person", 1)
        self.fem_rule = spec.get("female_surname")
        self.canon = {}
        self._fem = {}
        for word in self.male + self.female + self.surnames + self.generated:
            self.canon[word] = fold(word)

    def feminine(self, surname):
        hit = self._fem.get(surname)
        if hit is None:
            hit = surname
            if self.fem_rule == "pl":
                for a, b in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
                    if surname.endswith(a):
                        hit = surname[: -len(a)] + b
            elif self.fem_rule == "cz":
                if surname.endswith("ý"):
                    hit = surname[:-1] + "á"
                elif surname.endswith("a"):
                    hit = surname[:-1] + "ová"
                elif surname.endswith("ek"):
                    hit = surname[:-2] + "ková"
                elif surname.endswith("ec"):
                    hit = surname[:-2] + "cová"
                else:
                    hit = surname + "ová"
            self._fem[surname] = hit
            self.canon[hit] = fold(hit)
        return hit

    def surname(self, rng):
        if self.generated and rng.random() < 0.6:
            return self.generated[int(rng.random() * len(self.generated))]
        return pick(rng, self.surnames, 1.6)

    def make(self, rng, female):
        names = self.female if female else self.male
        g = pick(rng, names, 1.3)
        m = ()
        if rng.random() < self.middle:
            mid = pick(rng, names, 1.2)
            if mid not in g and g not in mid:
                m = (mid,)
        f1 = self.surname(rng)
        if female and self.fem_rule:
            f1 = self.feminine(f1)
        f = (f1,)
        if self.per_person == 2:
            f2 = pick(rng, self.surnames, 1.6)
            if f2 != f1:
                f = (f1, f2)
        return Person(self, female, (g,), m, f)

    def canon_tokens(self, p):
        c = self.canon
        return [c[t] for t in p.g], [c[t] for t in p.m], [c[t] for t in p.f]

    def render(self, p, scheme, form):
        segs = [("g", t) for t in p.g]
        if form == "full":
            segs += [("m", t) for t in p.m]
        fam = p.f if form != "paternal" else p.f[:1]
        segs += [("f", t) for t in fam]
        if scheme == "ascii":
            segs = [(r, typed(t)) for r, t in segs]
        return (" ", segs)

    def listing(self, rng, p):
        names = [self.render(p, "as_is", "full")]
        aliases = []
        if p.m and rng.random() < 0.3:
            aliases.append(self.render(p, "as_is", "short"))
        if rng.random() < 0.3:
            aliases.append(self.render(p, "ascii", "full"))
        if len(p.f) > 1 and rng.random() < 0.3:
            aliases.append(self.render(p, "as_is", "paternal"))
        return names, aliases

    def alternates(self, p, rng):
        return []


class CyrillicRegion:
    latin = False
    has_alternates = True

    def __init__(self, code, weight, nations, male, female, surnames, schemes, primary, ukrainian):
        self.code, self.weight, self.nations = code, weight, nations
        self.schemes = schemes      # every Latin spelling this region's names are written in
        self.primary = primary      # [(scheme, weight)]: how a Latin-only entry spells its names
        self.ukr = ukrainian
        self.male, self.patr = [], {}
        for item in _split(male):
            parts = item.split(":")
            self.male.append(parts[0])
            if len(parts) == 2 and parts[1] == "-":
                continue
            if ukrainian:
                self.patr[parts[0]] = (parts[1], parts[2]) if len(parts) == 3 else self._ua_patronymic(parts[0])
            else:
                stem = parts[1] if len(parts) == 2 else parts[0] + "ов"
                self.patr[parts[0]] = (stem + "ич", stem + "на")
        self.fathers = [n for n in self.male if n in self.patr]
        self.female = _split(female)
        self.surnames = _split(surnames)
        self._memo = {}
        self._fem = {}

    @staticmethod
    def _ua_patronymic(name):
        if name.endswith("ій"):
            return name + "ович", name[:-1] + "ївна"
        if name.endswith("о"):
            return name[:-1] + "ович", name[:-1] + "івна"
        if name.endswith("ь"):
            return name + "ович", name[:-1] + "івна"
        return name + "ович", name + "івна"

    def feminine(self, s):
        hit = self._fem.get(s)
        if hit is None:
            if s.endswith(("ский", "цкий")):
                hit = s[:-2] + "ая"
            elif s.endswith(("ской", "цкой")):
                hit = s[:-2] + "ая"
            elif s.endswith(("ський", "цький")):
                hit = s[:-2] + "а"
            elif s.endswith(("ов", "ев", "ёв", "ин", "ын", "єв", "ін")):
                hit = s + "а"
            else:
                hit = s
            self._fem[s] = hit
        return hit

    def tr(self, word, scheme):
        key = (word, scheme)
        hit = self._memo.get(key)
        if hit is None:
            if scheme == "en" and word.lower() in _RU_EN_GIVEN:
                hit = _RU_EN_GIVEN[word.lower()]
            else:
                hit = _cyr(word, scheme)
            self._memo[key] = hit
        return hit

    def make(self, rng, female):
        g = pick(rng, self.female if female else self.male, 1.7)
        m = ()
        if rng.random() < 0.85:
            father = pick(rng, self.fathers, 1.6)
            m = (self.patr[father][1 if female else 0],)
        s = pick(rng, self.surnames, 1.6)
        if female:
            s = self.feminine(s)
        return Person(self, female, (g,), m, (s,))

    def canon_tokens(self, p):
        base = "kmu" if self.ukr else "icao"
        return ([canon(self.tr(t, base)) for t in p.g], [canon(self.tr(t, base)) for t in p.m],
                [canon(self.tr(t, base)) for t in p.f])

    def render(self, p, scheme, form):
        tokens = [("g", t) for t in p.g]
        if form == "full":
            tokens += [("m", t) for t in p.m]
        tokens += [("f", t) for t in p.f]
        if scheme != "orig":
            tokens = [(r, self.tr(t, scheme)) for r, t in tokens]
        return (" ", tokens)

    def listing(self, rng, p):
        base = self.schemes[0]
        if rng.random() < 0.55:
            names = [self.render(p, "orig", "full")]
            aliases = [self.render(p, base, "full")]
            if rng.random() < 0.1:
                names.append(aliases.pop())
            if rng.random() < 0.4:
                aliases.append(self.render(p, self.schemes[1 + int(rng.random() * 2)], "full"))
            if p.m and rng.random() < 0.3:
                aliases.append(self.render(p, weighted(rng, self.primary), "short"))
            if rng.random() < 0.12:
                aliases.append(self.render(p, self.schemes[-1], "full"))
        else:
            scheme = weighted(rng, self.primary)
            names = [self.render(p, scheme, "full")]
            aliases = []
            if rng.random() < 0.35:
                aliases.append(self.render(p, self.schemes[int(rng.random() * len(self.schemes))], "full"))
            if p.m and rng.random() < 0.3:
                aliases.append(self.render(p, scheme, "short"))
            if rng.random() < 0.1:
                aliases.append(self.render(p, "orig", "full"))
        return names, aliases

    def alternates(self, p, rng):
        out = [self.render(p, "orig", "full"), self.render(p, "orig", "short")]
        for s in self.schemes:
            out.append(self.render(p, s, "full"))
            out.append(self.render(p, s, "short"))
        return out


class GreekRegion:
    latin = False
    has_alternates = True

    def __init__(self):
        self.code, self.weight, self.nations = "gr", 2, [("gr", 80), ("cy", 20)]
        pairs = [x.split(":") for x in _split(GR_MALE)]
        self.male = [a for a, _ in pairs]
        self.genitive = [b for _, b in pairs]
        self.female, self.surnames = _split(GR_FEMALE), _split(GR_SURNAMES)
        self._memo, self._fem = {}, {}

    def feminine(self, s):
        hit = self._fem.get(s)
        if hit is None:
            if s.endswith("όπουλος"):
                hit = s[:-7] + "οπούλου"
            elif s.endswith("ίδης") or s.endswith("άδης"):
                hit = s[:-2] + "ου"
            elif s.endswith("ης") or s.endswith("ής") or s.endswith("ας") or s.endswith("άς"):
                hit = s[:-1]
            elif s.endswith("ός"):
                hit = s[:-2] + "ού"
            elif s.endswith("ος"):
                hit = s[:-1] + "υ"
            else:
                hit = s
            self._fem[s] = hit
        return hit

    def tr(self, word, scheme):
        key = (word, scheme)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = _greek(word, scheme)
        return hit

    def make(self, rng, female):
        g = pick(rng, self.female if female else self.male, 1.4)
        m = (pick(rng, self.genitive, 1.4),) if rng.random() < 0.6 else ()
        s = pick(rng, self.surnames, 1.3)
        if female:
            s = self.feminine(s)
        return Person(self, female, (g,), m, (s,))

    def canon_tokens(self, p):
        c = [[canon(self.tr(t, "elot")) for t in part] for part in (p.g, p.m, p.f)]
        return c[0], c[1], c[2]

    def render(self, p, scheme, form):
        segs = [("g", p.g[0])] + ([("m", p.m[0])] if p.m and form == "full" else []) + [("f", p.f[0])]
        if scheme != "orig":
            segs = [(r, self.tr(t, scheme) if (r == "g" or scheme != "conv") else self.tr(t, "elot"))
                    for r, t in segs]
        return (" ", segs)

    def listing(self, rng, p):
        if rng.random() < 0.5:
            names = [self.render(p, "orig", "full")]
            aliases = [self.render(p, "elot", "full")]
            if rng.random() < 0.25:
                aliases.append(self.render(p, "conv", "full"))
            if p.m and rng.random() < 0.3:
                aliases.append(self.render(p, "elot", "short"))
        else:
            names = [self.render(p, "elot" if rng.random() < 0.8 else "phon", "full")]
            aliases = []
            if rng.random() < 0.3:
                aliases.append(self.render(p, "conv", "full"))
            if rng.random() < 0.15:
                aliases.append(self.render(p, "orig", "full"))
        return names, aliases

    def alternates(self, p, rng):
        return [self.render(p, s, form) for s in ("orig", "elot", "phon", "conv") for form in ("full", "short")]


_SUN = ("th", "sh", "dh", "t", "d", "r", "z", "s", "n")


class VariantRegion:
    """Arabic and Persian: tokens in their script with several Latin spellings each."""
    latin = False
    has_alternates = True

    def __init__(self, code, weight, nations, male, female, family, arabic):
        self.code, self.weight, self.nations, self.arabic = code, weight, nations, arabic
        self.male, self.female = _lines(male), _lines(female)
        self.family = []
        for script, variants in _lines(family):
            al = arabic and script.startswith("ال")
            self.family.append((script, variants, al))
        # Given names also serve as family names ("Mohammed Ali"), and so does a kunya ("Abu Bakr")
        self.given_as_family = [(s, v, False) for s, v in self.male[:40]]
        if arabic:
            self.family += [("أبو " + s, tuple("Abu " + x for x in v) + ("Abou " + v[0],), False)
                            for s, v in self.male if " " not in v[0]]
        else:
            for s, v in self.male:
                if " " in v[0]:
                    continue
                for suffix, endings in (("زاده", ("zadeh", "zade")), ("پور", ("pour", "poor", "pur")),
                                        ("نژاد", ("nejad", "nezhad"))):
                    spellings = [v[0] + endings[0]] + [x + endings[0] for x in v[1:2]] + [v[0] + e for e in endings[1:]]
                    self.family.append((s + "\u200c" + suffix, tuple(w.capitalize() for w in spellings), False))

    def make(self, rng, female):
        g = pick(rng, self.female if female else self.male, 1.9 if self.arabic else 1.5)
        if not self.arabic:
            gs = (g,)
            if not female and rng.random() < 0.35:
                second = pick(rng, self.male, 1.8)
                if second != g:
                    gs = (g, second)
            return Person(self, female, gs, (), (pick(rng, self.family, 1.0),), 0)
        r = rng.random()
        m = ()
        if r < 0.7:
            m = (pick(rng, self.male, 1.8),)
            if rng.random() < 0.3:
                m += (pick(rng, self.male, 1.8),)
        particle = 1 if (m and rng.random() < 0.35) else 0
        fam = pick(rng, self.given_as_family, 2.0) if rng.random() < 0.2 else pick(rng, self.family, 1.4)
        return Person(self, female, (g,), m, (fam,), particle)

    def canon_tokens(self, p):
        return ([canon(t[1][0]) for t in p.g], [canon(t[1][0]) for t in p.m],
                [("al " if t[2] else "") + canon(t[1][0]) for t in p.f])

    def render(self, p, scheme, form):
        if scheme == "orig":
            segs = [("g", t[0]) for t in p.g]
            if form == "full" and p.m:
                if p.x:
                    segs.append(("p", "بنت" if p.female else "بن"))
                segs += [("m", t[0]) for t in p.m]
            segs += [("f", t[0]) for t in p.f]
            return (" ", segs)
        # scheme = (variant choices, particle style, bin style)
        choice, al_style, bin_style = scheme
        k = 0
        segs = []
        for t in p.g:
            segs.append(("g", t[1][int(choice[k] * len(t[1]))]))
            k += 1
        if form == "full" and p.m:
            if p.x:
                segs.append(("p", "bint" if p.female else ("bin", "ibn", "ben")[bin_style]))
            for t in p.m:
                segs.append(("m", t[1][int(choice[k] * len(t[1]))]))
                k += 1
        else:
            k += len(p.m)
        for t in p.f:
            v = t[1][int(choice[k] * len(t[1]))]
            k += 1
            if t[2]:
                v = _al(v, al_style)
            segs.append(("f", v))
        return (" ", segs)

    @staticmethod
    def random_scheme(rng, skew=2.5):
        """A spelling: for each token a number in [0, 1) that picks among its Latin spellings
        (skewed to the first), the article's style and the style of bin."""
        return (tuple(rng.random() ** skew for _ in range(6)),
                weighted(rng, [(0, 5), (1, 3), (2, 2), (3, 1), (4, 1), (5, 1)]),
                weighted(rng, [(0, 6), (1, 3), (2, 1)]))

    def listing(self, rng, p):
        if rng.random() < 0.25:
            names = [self.render(p, "orig", "full")]
            aliases = [self.render(p, self.random_scheme(rng), "full") for _ in range(1 + int(rng.random() * 2.5))]
        else:
            names = [self.render(p, self.random_scheme(rng), "full")]
            aliases = [self.render(p, self.random_scheme(rng, 1.5), "full") for _ in range(int(rng.random() * 3))]
            if p.m and rng.random() < 0.25:
                aliases.append(self.render(p, self.random_scheme(rng), "short"))
        return names, aliases

    def alternates(self, p, rng):
        out = [self.render(p, "orig", "full"), self.render(p, "orig", "short")]
        for _ in range(12):
            out.append(self.render(p, self.random_scheme(rng, 1.0), "full"))
        return out


def _al(v, style):
    """The Arabic article before a family name, in one of the ways lists print it."""
    if style == 0:
        return "al-" + v
    if style == 1:
        return "Al-" + v
    if style == 2:
        return "Al " + v
    if style == 3:
        return "El-" + v
    if style == 4:
        return "Al" + v.lower()
    low = v.lower()
    for s in _SUN:   # the article assimilates to a "sun letter": ash-Shammari, at-Tamimi
        if low.startswith(s):
            return "a" + s + "-" + v
    return "al-" + v


class ChineseRegion:
    latin = False
    has_alternates = True

    def __init__(self):
        self.code, self.weight, self.nations = "cn", 10, CN_NATIONS
        self.surnames = [tuple(x.split(":")) for x in _split(CN_SURNAMES)]
        self.chars = [tuple(x.split(":")) for x in _split(CN_GIVEN)]

    def make(self, rng, female):
        n = 1 if rng.random() < 0.2 else 2
        given = tuple(pick(rng, self.chars, 1.4) for _ in range(n))
        if n == 2 and given[0] == given[1] and rng.random() < 0.7:
            given = given[:1]
        return Person(self, female, (given,), (), (pick(rng, self.surnames, 1.7),))

    def canon_tokens(self, p):
        return ["".join(c[1] for c in p.g[0])], [], [p.f[0][1]]

    def render(self, p, scheme, form):
        given, fam = p.g[0], p.f[0]
        if scheme == "orig":
            return ("", [("f", fam[0]), ("g", "".join(c[0] for c in given))])
        if scheme == "wg":
            syllables = [_wade_giles(c[1]) for c in given]
            given_wg = cap(syllables[0]) + "".join("-" + x for x in syllables[1:])
            return (" ", [("f", cap(_wade_giles(fam[1]))), ("g", given_wg)])
        fam_l = cap(fam[1])
        if scheme == "split":
            return (" ", [("f", fam_l)] + [("g", cap(c[1])) for c in given])
        if scheme == "hyphen":
            return (" ", [("f", fam_l), ("g", cap(given[0][1]) + "".join("-" + c[1] for c in given[1:]))])
        g = cap("".join(c[1] for c in given))
        if scheme == "western":
            return (" ", [("g", g), ("f", fam_l)])
        if scheme == "upper":
            return (" ", [("f", fam_l.upper()), ("g", g)])
        return (" ", [("f", fam_l), ("g", g)])

    def listing(self, rng, p):
        if rng.random() < 0.4:
            names = [self.render(p, "orig", "full")]
            aliases = [self.render(p, "pinyin", "full")]
            if rng.random() < 0.2:
                aliases.append(self.render(p, "wg", "full"))
            if rng.random() < 0.2:
                aliases.append(self.render(p, "western", "full"))
        else:
            names = [self.render(p, "upper" if rng.random() < 0.1 else "pinyin", "full")]
            aliases = []
            if rng.random() < 0.3:
                aliases.append(self.render(p, "western", "full"))
            if rng.random() < 0.2:
                aliases.append(self.render(p, "hyphen", "full"))
            if rng.random() < 0.08:
                aliases.append(self.render(p, "orig", "full"))
        return names, aliases

    def alternates(self, p, rng):
        return [self.render(p, s, "full") for s in ("orig", "wg", "pinyin")]


def build_regions():
    regions = [
        CyrillicRegion("ru", 20, [("ru", 86), ("by", 5), ("kz", 5), ("kg", 2), ("uz", 2)], RU_MALE, RU_FEMALE,
                       RU_SURNAMES, ["icao", "bgn", "en", "de", "fr"],
                       [("icao", 50), ("bgn", 30), ("en", 20)], False),
        CyrillicRegion("ua", 6, [("ua", 90), ("ru", 10)], UA_MALE, UA_FEMALE, UA_SURNAMES,
                       ["kmu", "ubgn", "legacy", "ude"], [("kmu", 60), ("ubgn", 30), ("legacy", 10)], True),
        VariantRegion("ar", 17, AR_NATIONS, AR_MALE, AR_FEMALE, AR_FAMILY, True),
        VariantRegion("ir", 3, [("ir", 100)], IR_MALE, IR_FEMALE, IR_FAMILY, False),
        ChineseRegion(),
        GreekRegion(),
    ]
    for code, spec in LATIN.items():
        regions.append(LatinRegion(code, spec))
    return regions


# ----------------------------------------------------------------------------------------------
# Organisations

RU_ORG_FORMS = [("ООО", "OOO", "LLC", "Limited Liability Company"),
                ("АО", "AO", "JSC", "Joint Stock Company"),
                ("ПАО", "PAO", "PJSC", "Public Joint Stock Company"),
                ("ЗАО", "ZAO", "CJSC", "Closed Joint Stock Company")]
RU_ORG_A = _split("Строй Нефте Газ Тех Пром Инвест Торг Транс Энерго Агро Мет Хим Сиб Урал Волга Альфа Север "
                  "Восток Балт Росс Авиа Спец Союз Гео Мега Вектор Цвет Лес Рыб Стальной Морской Русский")
RU_ORG_B = _split("сервис инвест торг пром экспорт холдинг ресурс групп снаб строй тех логистик нефть газ маш "
                  "комплект трейд капитал флот металл")
CN_CITIES = [("深圳", "Shenzhen"), ("上海", "Shanghai"), ("广州", "Guangzhou"), ("大连", "Dalian"),
             ("天津", "Tianjin"), ("北京", "Beijing"), ("香港", "Hong Kong"), ("宁波", "Ningbo"),
             ("青岛", "Qingdao"), ("厦门", "Xiamen"), ("丹东", "Dandong"), ("珠海", "Zhuhai")]
CN_INDUSTRY = [("科技", "Technology"), ("贸易", "Trading"), ("电子", "Electronics"), ("航运", "Shipping"),
               ("能源", "Energy"), ("实业", "Industrial"), ("国际", "International"), ("化工", "Chemical"),
               ("机械", "Machinery"), ("物流", "Logistics")]
AR_ORG_WORDS = _split("Noor Amal Baraka Rahma Hayat Fajr Nasr Salam Wafa Khair Iman Hilal Sharq Maghrib Rafidain "
                      "Sham Furat Dijla Jazira Khaleej")
AR_ORG_KIND = ["General Trading", "Exchange", "Money Transfer", "Shipping", "Petroleum Services", "Construction",
               "Import and Export", "Charitable Foundation", "Investment Group", "Logistics"]
AR_ORG_FORM = ["LLC", "Co.", "FZE", "Ltd", "Company", "FZCO", "Est."]
WEST_A = _split("Global Nordic Atlantic Baltic Eurasia Pacific Golden Silver Royal United Crescent Phoenix Orion "
                "Meridian Alpine Horizon Summit Vanguard Zenith Polar Sovereign Aurora Falcon Trident Caspian "
                "Adriatic Boreal Helios Ostrava Danube")
WEST_B = _split("Maritime Shipping Logistics Trading Holdings Capital Resources Energy Minerals Technologies "
                "Aviation Petroleum Investments Ventures Industries Marine Metals Chemicals Finance Partners")
WEST_FORM = [("Ltd", "gb"), ("Limited", "gb"), ("LLC", "us"), ("Inc.", "us"), ("GmbH", "de"), ("S.A.", "pa"),
             ("S.à r.l.", "lu"), ("B.V.", "nl"), ("AG", "ch"), ("S.p.A.", "it"), ("SARL", "fr"), ("FZE", "ae"),
             ("Pte. Ltd.", "sg"), ("LLP", "gb"), ("Corp.", "us"), ("OÜ", "ee"), ("Kft.", "hu"), ("d.o.o.", "rs"),
             ("A.Ş.", "tr"), ("Sp. z o.o.", "pl")]


def make_org(rng, regions_by_code):
    r = rng.random()
    if r < 0.3:
        form = RU_ORG_FORMS[int(rng.random() ** 1.5 * len(RU_ORG_FORMS))]
        core = pick(rng, RU_ORG_A, 1.2) + pick(rng, RU_ORG_B, 1.2)
        ru = regions_by_code["ru"]
        scheme = "icao" if rng.random() < 0.6 else "bgn"
        lat = ru.tr(core, scheme)
        names = [f"{form[0]} «{core}»"]
        aliases = [f"{form[1]} {lat}", f"{lat} {form[2]}"]
        if rng.random() < 0.4:
            aliases.append(f"{form[3]} {lat}")
        if rng.random() < 0.3:
            names.append(f'{form[1]} "{lat}"')
        country = ["ru"] if rng.random() < 0.9 else ["by"]
    elif r < 0.5:
        city, mid, ind = pick(rng, CN_CITIES, 1.3), (pick(rng, CN_GIVEN_T, 1.5), pick(rng, CN_GIVEN_T, 1.5)), \
            pick(rng, CN_INDUSTRY, 1.2)
        han = city[0] + mid[0][0] + mid[1][0] + ind[0] + "有限公司"
        word = cap(mid[0][1] + mid[1][1])
        names = [han]
        aliases = [f"{city[1]} {word} {ind[1]} Co., Ltd."]
        if rng.random() < 0.5:
            aliases.append(f"{city[1]} {word} {ind[1]} Company Limited")
        country = ["hk"] if city[1] == "Hong Kong" else ["cn"]
    elif r < 0.65:
        word, kind, form = pick(rng, AR_ORG_WORDS, 1.3), pick(rng, AR_ORG_KIND, 1.2), pick(rng, AR_ORG_FORM, 1.5)
        names = [f"Al-{word} {kind} {form}"]
        aliases = [f"Al {word} {kind}"]
        if rng.random() < 0.4:
            aliases.append(f"El {word} {kind} {form}")
        country = [weighted(rng, AR_NATIONS)]
    else:
        form, cc = pick(rng, WEST_FORM, 1.2)
        if rng.random() < 0.35:
            region = regions_by_code[weighted(rng, [("de", 3), ("fr", 2), ("it", 2), ("es", 3), ("en", 4),
                                                     ("tr", 2), ("pl", 1), ("bcs", 1)])]
            a, b = pick(rng, region.surnames, 1.5), pick(rng, region.surnames, 1.5)
            base = f"{a} & {b} {pick(rng, WEST_B, 1.2)}" if rng.random() < 0.4 else f"{a} {pick(rng, WEST_B, 1.2)}"
            cc = weighted(rng, region.nations)
        else:
            base = f"{pick(rng, WEST_A, 1.2)} {pick(rng, WEST_B, 1.2)}"
        names = [f"{base} {form}"]
        aliases = [base] if rng.random() < 0.5 else []
        if not base.isascii() and rng.random() < 0.5:
            aliases.append(typed(base))
        country = [cc]
    return names, aliases[:4], country


CN_GIVEN_T = [tuple(x.split(":")) for x in _split(CN_GIVEN)]

# ----------------------------------------------------------------------------------------------
# Dates

_DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _day_strings(first_year, last_year, last_month=12):
    out = []
    for y in range(first_year, last_year + 1):
        for mth in range(1, 13 if y < last_year else last_month + 1):
            days = _DAYS_IN_MONTH[mth - 1] + (1 if mth == 2 and y % 4 == 0 else 0)
            out += [f"{y}-{mth:02d}-{d:02d}" for d in range(1, days + 1)]
    return out


DAYS = _day_strings(2017, 2026, 6)        # first_seen … last_seen
DAYS_2026 = DAYS.index("2026-01-01")
LAST_SEEN_FROM = DAYS.index("2026-06-01")
CLOCK = [f"T{h:02d}:{m:02d}:" for h in range(24) for m in range(60)]
SECONDS = [f"{s:02d}" for s in range(60)]


def stamp(rng, day):
    return DAYS[day] + CLOCK[int(rng.random() * 1440)] + SECONDS[int(rng.random() * 60)]


def birth_year(rng):
    return int(rng.triangular(1928, 2006, 1966))


def full_date(rng, year, month=None):
    month = month or 1 + int(rng.random() * 12)
    days = _DAYS_IN_MONTH[month - 1] + (1 if month == 2 and year % 4 == 0 else 0)
    return f"{year}-{month:02d}-{1 + int(rng.random() * days):02d}"


# ----------------------------------------------------------------------------------------------
# Entities


def nationality(rng, region):
    r = rng.random()
    if r < 0.1:
        return []
    first = weighted(rng, region.nations)
    if r > 0.9:
        second = weighted(rng, [("cy", 3), ("ru", 2), ("tr", 2), ("gb", 2), ("us", 2), ("il", 1), ("ae", 2),
                                ("mt", 1), ("kn", 1), ("ca", 1), ("fr", 1), ("de", 1)])
        if second != first:
            return [first, second]
    return [first]


def topics_and_datasets(rng):
    r = rng.random()
    if r < 0.55:
        s = rng.random()
        topics = ["sanction"] if s < 0.78 else ["sanction", "crime"] if s < 0.88 else ["crime"] if s < 0.95 \
            else ["debarment"]
        return topics, ["gen_sanctions"]
    s = rng.random()
    if s < 0.8:
        return ["role.pep"], ["gen_peps"]
    if s < 0.95:
        return ["role.rca"], ["gen_peps"]
    return ["role.pep", "sanction"], ["gen_peps", "gen_sanctions"]


def unique_texts(renderings, seen=None):
    out, kept = [], []
    seen = set() if seen is None else seen
    for r in renderings:
        t = text_of(r)
        if t not in seen:
            seen.add(t)
            out.append(t)
            kept.append(r)
    return out, kept, seen


class KeyIndex:
    """Every listed person's name as a spelling-independent key (the sorted canonical tokens,
    once with and once without middle names) with the birth years of its holders."""

    def __init__(self):
        self.d = {}
        self.full = {}      # full-name key -> persons holding it

    @staticmethod
    def keys(p):
        g, m, f = p.region.canon_tokens(p)
        short = " ".join(sorted(" ".join(g + f).split()))
        full = " ".join(sorted(" ".join(g + m + f).split())) if m else short
        return full, short

    def add(self, key, year):
        d = self.d
        v = d.get(key)
        if v is None:
            d[key] = year
        elif type(v) is int:
            d[key] = [v, year]
        else:
            v.append(year)

    def years(self, key):
        v = self.d.get(key)
        if v is None:
            return []
        return [v] if type(v) is int else v


def generate_entities(n, seed, out_path, keep_probability, progress_every=100_000):
    rng = random.Random(seed)
    keep_rng = random.Random(f"{seed}/candidates")
    regions = build_regions()
    by_code = {r.code: r for r in regions}
    region_pairs = [(r, r.weight) for r in regions]
    total_w = sum(w for _, w in region_pairs)
    cum = []
    acc = 0.0
    for r, w in region_pairs:
        acc += w / total_w
        cum.append((acc, r))
    keys = KeyIndex()
    candidates = []
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    stats = {"persons": 0, "organizations": 0, "names": 0, "aliases": 0, "with_birth_date": 0}
    started = time.monotonic()
    buf = []
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        for i in range(1, n + 1):
            eid = f"gen-{i}"
            if rng.random() < 0.05:
                names, aliases, country = make_org(rng, by_code)
                props = {"name": names}
                if aliases:
                    props["alias"] = aliases
                props["country"] = country
                topics, datasets = (["sanction"], ["gen_sanctions"]) if rng.random() < 0.8 else \
                    (["crime"], ["gen_sanctions"])
                props["topics"] = topics
                schema = "Organization"
                stats["organizations"] += 1
                person = None
                dob = None
                nats = country
                names_r = [(" ", [("o", t)]) for t in names]
                aliases_r = [(" ", [("o", t)]) for t in aliases]
            else:
                x = rng.random()
                for bound, region in cum:
                    if x < bound:
                        break
                female = rng.random() < 0.28
                person = region.make(rng, female)
                names_r, aliases_r = region.listing(rng, person)
                names, names_r, seen = unique_texts(names_r)
                aliases, aliases_r, _ = unique_texts(aliases_r, seen)
                aliases, aliases_r = aliases[:4], aliases_r[:4]
                props = {"name": names}
                if aliases:
                    props["alias"] = aliases
                dob = None
                year = -1
                if rng.random() < 0.85:
                    year = birth_year(rng)
                    f = rng.random()
                    if f < 0.7:
                        dob = full_date(rng, year)
                    elif f < 0.92:
                        dob = str(year)
                    else:
                        dob = f"{year}-{1 + int(rng.random() * 12):02d}"
                    props["birthDate"] = [dob]
                    stats["with_birth_date"] += 1
                nats = nationality(rng, region)
                if nats:
                    props["nationality"] = nats
                topics, datasets = topics_and_datasets(rng)
                props["topics"] = topics
                schema = "Person"
                stats["persons"] += 1
                full, short = KeyIndex.keys(person)
                keys.full[full] = keys.full.get(full, 0) + 1
                keys.add(short, year - 1900 if year > 0 else -1)
                if full != short:
                    keys.add(full, year - 1900 if year > 0 else -1)
            stats["names"] += len(names)
            stats["aliases"] += len(aliases)
            first = int(rng.random() ** 0.7 * LAST_SEEN_FROM)
            last = LAST_SEEN_FROM + int(rng.random() * (len(DAYS) - LAST_SEEN_FROM))
            lo = max(first, DAYS_2026)
            change = lo + int(rng.random() * (last - lo + 1))
            obj = {"id": eid, "caption": names[0], "schema": schema, "properties": props, "datasets": datasets,
                   "first_seen": stamp(rng, first), "last_seen": stamp(rng, last),
                   "last_change": stamp(rng, change)}
            buf.append(dumps(obj))
            if keep_rng.random() < keep_probability:
                candidates.append((eid, schema, person, names_r, aliases_r, dob, nats))
            if len(buf) >= 20_000:
                buf.append("")
                out.write("\n".join(buf))
                buf = []
            if i % progress_every == 0:
                print(f"entities: {i:,}/{n:,} ({time.monotonic() - started:.1f}s)", file=sys.stderr)
        if buf:
            buf.append("")
            out.write("\n".join(buf))
    return regions, keys, candidates, stats


# ----------------------------------------------------------------------------------------------
# Queries

MATCH_KINDS = ["exact", "case_accents", "typo", "transposition", "dropped_middle", "swapped", "transliteration"]
_QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEAR = {}
for _r, _row in enumerate(_QWERTY):
    for _c, _ch in enumerate(_row):
        near = []
        for dr in (-1, 0, 1):
            rr = _r + dr
            if 0 <= rr < 3:
                for dc in (-1, 0, 1):
                    cc = _c + dc
                    if (dr or dc) and 0 <= cc < len(_QWERTY[rr]):
                        near.append(_QWERTY[rr][cc])
        _NEAR[_ch] = "".join(near)
_CYR_LETTERS = "абвгдежзийклмнопрстуфхцчшщыьэюя"
PARTICLES = {"al", "el", "bin", "ibn", "ben", "bint", "de", "da", "del", "dos", "das", "van", "von", "der", "la", "le"}


def _same_script_letter(rng, c):
    low = c.lower()
    if low in _NEAR:
        rep = _NEAR[low][int(rng.random() * len(_NEAR[low]))]
    elif "\u0400" <= c <= "\u04ff":
        rep = _CYR_LETTERS[int(rng.random() * len(_CYR_LETTERS))]
    elif "\u0600" <= c <= "\u06ff":
        rep = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"[int(rng.random() * 28)]
    elif "\u0370" <= c <= "\u03ff":
        rep = "αβγδεζηθικλμνξοπρστυφχψω"[int(rng.random() * 24)]
    elif "\u4e00" <= c <= "\u9fff":
        rep = CN_GIVEN_T[int(rng.random() * len(CN_GIVEN_T))][0]
    else:
        rep = "aeioun"[int(rng.random() * 6)]
    return rep.upper() if c.isupper() else rep


def _editable_words(text):
    ws = text.split(" ")
    return ws, [i for i, w in enumerate(ws) if sum(ch.isalpha() for ch in w) >= 4 and w.lower() not in PARTICLES]


def make_typo(rng, text):
    if " " not in text and any("\u4e00" <= c <= "\u9fff" for c in text):   # Han: one character
        ws, idx = [text], [0]
    else:
        ws, idx = _editable_words(text)
    if not idx:
        return None
    wi = idx[int(rng.random() * len(idx))]
    w = ws[wi]
    letters = [i for i, ch in enumerate(w) if ch.isalpha()]
    inner = letters[1:] if len(letters) > 1 else letters
    pos = inner[int(rng.random() * len(inner))]
    op = rng.random()
    if op < 0.45:
        rep = _same_script_letter(rng, w[pos])
        if rep.lower() == w[pos].lower():
            return None
        w = w[:pos] + rep + w[pos + 1:]
    elif op < 0.75:
        rep = w[pos].lower() if rng.random() < 0.5 else _same_script_letter(rng, w[pos]).lower()
        w = w[:pos] + rep + w[pos:]
    else:
        if len(letters) < 4:
            return None
        w = w[:pos] + w[pos + 1:]
    ws[wi] = w
    return " ".join(ws)


def make_transposition(rng, text):
    ws, idx = _editable_words(text)
    if not idx:
        return None
    wi = idx[int(rng.random() * len(idx))]
    w = ws[wi]
    spots = [i for i in range(len(w) - 1) if w[i].isalpha() and w[i + 1].isalpha() and w[i].lower() != w[i + 1].lower()
             and (i or (w[0].lower().upper() == w[0] and w[1].upper().lower() == w[1]))]   # not ı/İ at the front
    if not spots:
        return None
    i = spots[int(rng.random() * len(spots))]
    a, b = w[i], w[i + 1]
    if i == 0:   # keep the capital where it was
        a, b = (a.lower(), b.upper()) if w[0].isupper() else (a, b)
    ws[wi] = w[:i] + b + a + w[i + 2:]
    return " ".join(ws)


def make_case_accents(rng, text):
    t = typed(text)
    r = rng.random()
    t = t.upper() if r < 0.45 else t.lower() if r < 0.9 else " ".join(w.capitalize() for w in t.split(" "))
    return t if t != text else None


def is_latin(text):
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff" for c in text)


class QueryMaker:
    def __init__(self, seed, regions, keys, candidates):
        self.rng = random.Random(f"{seed}/queries")
        self.regions = regions
        self.keys = keys
        self.cands = candidates
        self.persons = [c for c in candidates if c[2] is not None]
        self.ambiguous = 0

    def choose(self, pool):
        return pool[int(self.rng.random() * len(pool))]

    def listed_folds(self, cand):
        return {fold(text_of(r)) for r in cand[3] + cand[4]}

    def dob_and_country(self, cand):
        rng = self.rng
        dob = cand[5]
        birth = None
        if dob and rng.random() >= 0.3:
            if len(dob) == 10:
                birth = dob
            elif len(dob) == 7:
                birth = full_date(rng, int(dob[:4]), int(dob[5:7]))
            else:
                birth = full_date(rng, int(dob[:4]))
        country = None
        if cand[6] and rng.random() < 0.6:
            country = cand[6][int(rng.random() * len(cand[6]))]
        return birth, country

    def pick_rendering(self, cand, latin_share=0.85, need=None):
        rs = cand[3] + cand[4]
        if need:
            rs = [r for r in rs if need(r)]
        if not rs:
            return None
        latin = [r for r in rs if is_latin(text_of(r))]
        if latin and (self.rng.random() < latin_share or len(latin) == len(rs)):
            return self.choose(latin)
        other = [r for r in rs if r not in latin]
        return self.choose(other or latin)

    def collides(self, cand, text):
        """Whether text, read as a name, is another listed person's name (best effort: keys are
        built from canonical spellings)."""
        k = " ".join(sorted(w for w in fold(text).split() if w not in PARTICLES))
        if cand[2] is not None:
            full, short = KeyIndex.keys(cand[2])
            if k in (full, short):
                return False
        return k in self.keys.d

    def note_ambiguity(self, cand, kind):
        """Counts match queries whose name (as a key) other listed persons carry too."""
        if cand[2] is None:
            return
        full, short = KeyIndex.keys(cand[2])
        if len(self.keys.years(short if kind == "dropped_middle" else full)) > 1:
            self.ambiguous += 1

    def match(self, kind):
        rng = self.rng
        for _ in range(2000):
            any_schema = kind in ("exact", "case_accents", "typo", "transposition")
            cand = self.choose(self.cands if any_schema else self.persons)
            if cand[1] == "Organization" and rng.random() < 0.5:
                continue
            person = cand[2]
            name = None
            if kind == "exact":
                r = self.pick_rendering(cand, 0.7)
                name = text_of(r)
            elif kind == "case_accents":
                r = self.pick_rendering(cand, 1.0, need=lambda r: is_latin(text_of(r)))
                if r is None:
                    continue
                text = text_of(r)
                if text.isascii() and rng.random() < 0.75:
                    continue  # prefer names that carry diacritics
                name = make_case_accents(rng, text)
            elif kind == "typo":
                r = self.pick_rendering(cand, 0.85)
                name = make_typo(rng, text_of(r))
            elif kind == "transposition":
                r = self.pick_rendering(cand, 0.85)
                name = make_transposition(rng, text_of(r))
            elif kind == "dropped_middle":
                if not person.m:
                    continue
                r = self.pick_rendering(cand, 0.8, need=lambda r: any(s[0] == "m" for s in r[1]))
                if r is None:
                    continue
                name = text_of((r[0], [s for s in r[1] if s[0] not in ("m", "p")]))
            elif kind == "swapped":
                r = self.pick_rendering(cand, 0.8, need=lambda r: r[0] == " " and any(s[0] == "f" for s in r[1])
                                        and any(s[0] == "g" for s in r[1]))
                if r is None:
                    continue
                segs = [s for s in r[1] if s[0] == "f"] + [s for s in r[1] if s[0] != "f"]
                name = text_of((r[0], segs))
            elif kind == "transliteration":
                if not person.region.has_alternates:
                    continue
                listed = [text_of(r) for r in cand[3] + cand[4]]
                has_full = any(any(s[0] == "m" for s in r[1]) for r in cand[3] + cand[4])
                folds = self.listed_folds(cand)
                options = []
                for alt in person.region.alternates(person, rng):
                    t = text_of(alt)
                    if fold(t) in folds or t in options:
                        continue
                    if has_full is False and any(s[0] == "m" for s in alt[1]):
                        continue
                    if person.m and has_full and not any(s[0] == "m" for s in alt[1]):
                        continue
                    options.append(t)
                if not options:
                    continue
                # Prefer another Latin spelling; the original script a third of the time
                non_latin = [t for t in options if not is_latin(t)]
                latin = [t for t in options if is_latin(t)]
                if non_latin and (not latin or rng.random() < 0.33):
                    name = self.choose(non_latin)
                else:
                    name = self.choose(latin)
                if name in listed:
                    continue
            if not name:
                continue
            if kind not in ("exact", "case_accents"):
                # A variant that the list itself carries would be an exact query.
                if fold(name) in self.listed_folds(cand):
                    continue
                if kind in ("typo", "transposition") and self.collides(cand, name):
                    continue
            birth, country = self.dob_and_country(cand)
            self.note_ambiguity(cand, kind)
            return {"name": name, "birth_date": birth, "country": country, "expected": cand[0], "kind": kind}
        raise SystemExit(f"could not make a {kind} query: too few candidate entities")

    def nonmatch_absent(self):
        rng = self.rng
        weights = [(r, r.weight) for r in self.regions]
        for _ in range(5000):
            region = weighted(rng, weights)
            person = region.make(rng, rng.random() < 0.3)
            full, short = KeyIndex.keys(person)
            if full in self.keys.d or short in self.keys.d:
                continue
            names, aliases = region.listing(rng, person)
            rs = names + aliases
            latin = [r for r in rs if is_latin(text_of(r))]
            r = self.choose(latin) if latin and rng.random() < 0.85 else self.choose(rs)
            birth = full_date(rng, birth_year(rng)) if rng.random() < 0.8 else None
            country = weighted(rng, region.nations) if rng.random() < 0.6 else None
            return {"name": text_of(r), "birth_date": birth, "country": country, "expected": None,
                    "kind": "nonmatch"}
        raise SystemExit("could not find an unlisted name")

    def nonmatch_other_birth(self):
        rng = self.rng
        for _ in range(5000):
            cand = self.choose(self.persons)
            if not cand[5]:
                continue
            full, short = KeyIndex.keys(cand[2])
            years = self.keys.years(short)
            if any(y < 0 for y in years):
                continue
            own = int(cand[5][:4])
            year = own + (1 if rng.random() < 0.5 else -1) * (8 + int(rng.random() * 18))
            if not 1925 <= year <= 2007:
                continue
            if any(abs(year - (1900 + y)) < 3 for y in years):
                continue
            r = self.pick_rendering(cand, 0.85)
            country = cand[6][0] if cand[6] and rng.random() < 0.6 else None
            return {"name": text_of(r), "birth_date": full_date(rng, year), "country": country, "expected": None,
                    "kind": "nonmatch"}
        raise SystemExit("could not find a listed name for a birth-date nonmatch")

    def make(self, q):
        n_non = round(q * 0.25)
        per = (q - n_non) // len(MATCH_KINDS)
        extra = (q - n_non) - per * len(MATCH_KINDS)
        kinds = []
        for i, k in enumerate(MATCH_KINDS):
            kinds += [k] * (per + (1 if i < extra else 0))
        kinds += ["nonmatch"] * n_non
        self.rng.shuffle(kinds)
        out = []
        for i, k in enumerate(kinds):
            if k == "nonmatch":
                out.append(self.nonmatch_absent() if i % 2 == 0 else self.nonmatch_other_birth())
            else:
                out.append(self.match(k))
        return out


# ----------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entities", type=int, required=True)
    ap.add_argument("--queries", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.entities < 1000:
        ap.error("--entities: at least 1000")
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()
    keep = min(1.0, 80.0 * max(args.queries, 50) / args.entities)
    ent_path = os.path.join(args.out, "entities.jsonl")
    regions, keys, candidates, stats = generate_entities(args.entities, args.seed, ent_path, keep)
    ent_seconds = time.monotonic() - started
    print(f"entities written in {ent_seconds:.1f}s; making {args.queries} queries from "
          f"{len(candidates):,} candidates", file=sys.stderr)
    maker = QueryMaker(args.seed, regions, keys, candidates)
    queries = maker.make(args.queries)
    q_path = os.path.join(args.out, "queries.jsonl")
    with open(q_path, "w", encoding="utf-8", newline="\n") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False, separators=(",", ":")) + "\n")
    by_kind = {}
    for q in queries:
        by_kind[q["kind"]] = by_kind.get(q["kind"], 0) + 1
    shared = sum(v for v in keys.full.values() if v > 1)
    top = sorted(keys.full.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    summary = {
        "entities": args.entities, **stats, "seed": args.seed,
        "distinct_person_names": len(keys.full),
        "persons_sharing_their_name": round(shared / max(1, stats["persons"]), 3),
        "most_shared_names": {k: v for k, v in top},
        "queries": len(queries), "queries_by_kind": by_kind,
        "match_queries_sharing_name_with_other_persons": maker.ambiguous,
        "entities_bytes": os.path.getsize(ent_path), "queries_bytes": os.path.getsize(q_path),
        "entities_seconds": round(ent_seconds, 2), "seconds": round(time.monotonic() - started, 2),
        "out": args.out,
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
