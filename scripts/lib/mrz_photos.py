"""Photographs of identity documents for the MRZ reader, drawn from scratch (scripts/make-mrz-photos).

The reader has to find and read the machine readable zone (MRZ) in what users really upload: a
phone photo of a passport or ID card on a desk, turned, a little out of focus, lit unevenly. Real
documents cannot be committed, so this draws look-alikes whose every character is known.

What it draws:

* the document, as a print at 12-16 px/mm: a passport data page (TD3, 125 x 88 mm, sometimes in
  its open booklet), a TD2 card (105 x 74 mm) or the back of a TD1 identity card (85.6 x 54 mm) -
  a tinted security ground (gradient, guilloche waves, a rosette, a faint watermark), the title
  and issuing country, a portrait with a head-and-shoulders silhouette, the printed fields in
  DejaVu Sans, and the zone itself in OCR-B at ICAO 9303 geometry: one character every 2.54 mm,
  six lines per inch, at the foot of the page in near-black ink. The zone's data is random but
  valid: the `mrz` package generates it and its checker must accept it, so the labels are truth.
* the photograph: the document on wood, cloth, a plain desk or blurred clutter, filling 55-90% of
  the frame's width, turned up to 10 degrees, seen slightly askew (a perspective warp) with a soft
  shadow under it, scaled so the zone's character pitch is mostly 12-30 px and one time in ten
  9-12 px (the small end the reader must still manage). Then, each on a random subset and named
  in the labels, the faults a phone camera brings: focus blur, slight motion blur, sensor noise,
  uneven light, a cast shadow, a glare spot, a colour cast; every picture is saved as JPEG at
  quality 55-95 (low_jpeg_quality at 70 and under). Blur stays under 0.12 of the pitch and glare
  lifts the zone at most 60% of the way to white: a zone those wipe out is a retake, not a test.
* negatives (--kind negatives): selfies, utility bills, empty desks and monospaced text pages,
  none of which holds a zone; and, in the same run, the hard cases that do: a document upside
  down (rotation 180 +- 5) and a picture of two documents, each with its own zone.

Each picture comes from its own seeds - random.Random(SEED * 1_000_003 + index) and a NumPy
generator from the same number - never from global random state or the clock, so the same SEED
and COUNT give byte-identical files however many workers draw them.

labels.jsonl has one object per picture: file; format (TD1, TD2, TD3 or null); lines (the zone,
or []); rotation (degrees the document is turned counter-clockwise in the picture: turn the picture
clockwise by it to set the document upright); width and height; mrz_pitch_px (the mean distance
between neighbouring character centres of the zone in the picture, or null); conditions; kind;
jpeg_quality; mrz_quad (the zone's corners in the picture, 1 mm outside its characters, top-left
of the upright document first). A picture of two documents adds format_2, lines_2, rotation_2,
mrz_pitch_px_2 and mrz_quad_2.

    mrz_photos.py OUT_DIR [COUNT=600] [SEED=1] [--kind documents|negatives] [--workers 2]
    mrz_photos.py --fixtures DIR      the small named set the unit tests read
    mrz_photos.py --check DIR         every label's zone passes the checker, every picture exists
"""
from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing
import random
import re
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from mrz.base.errors import FieldError
from mrz.base.functions import transliterate
from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker
from mrz.generator._transliterations import latin_based
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
OCRB_PATH = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")

MRZ_PITCH_MM = 2.54        # ICAO 9303: ten characters per inch
MRZ_LINE_MM = 25.4 / 6     # six lines per inch
MRZ_TEXT = re.compile(r"[A-Z0-9<]+")
MAX_GLARE_ON_MRZ = 0.6     # a glare may lift the zone's pixels at most 60% of the way to white


@dataclass(frozen=True)
class Format:
    name: str
    width_mm: float
    height_mm: float
    rows: int
    cols: int
    left_mm: tuple[float, float]   # where the zone's first character cell starts


FORMATS = {
    "TD1": Format("TD1", 85.6, 54.0, 3, 30, (4.6, 5.4)),
    "TD2": Format("TD2", 105.0, 74.0, 2, 36, (5.0, 6.0)),
    "TD3": Format("TD3", 125.0, 88.0, 2, 44, (5.0, 6.0)),
}
CHECKERS = {"TD1": TD1CodeChecker, "TD2": TD2CodeChecker, "TD3": TD3CodeChecker}


# ---------------------------------------------------------------------------------------- dice

@dataclass
class Dice:
    """One picture's two seeded generators: `py` for choices and numbers, `np` for pixel arrays."""
    py: random.Random
    np: np.random.Generator

    @classmethod
    def for_picture(cls, seed: int, index: int) -> "Dice":
        number = seed * 1_000_003 + index
        return cls(random.Random(number), np.random.default_rng(number))

    def u(self, lo: float, hi: float) -> float:
        return self.py.uniform(lo, hi)

    def chance(self, p: float) -> bool:
        return self.py.random() < p

    def pick(self, options):
        return self.py.choice(options)

    def jitter(self, colour, spread: int):
        return tuple(max(0, min(255, c + self.py.randint(-spread, spread))) for c in colour)


# ---------------------------------------------------------------------------------------- fonts

@lru_cache(maxsize=None)
def _font(face: str, tenths: int) -> ImageFont.FreeTypeFont:
    path = OCRB_PATH if face == "OCRB" else DEJAVU_DIR / f"{face}.ttf"
    return ImageFont.truetype(str(path), tenths / 10)


def font(face: str, size_px: float) -> ImageFont.FreeTypeFont:
    """A face at a size in pixels, rounded to a tenth so the cache stays small."""
    return _font(face, max(20, round(size_px * 10)))


@lru_cache(maxsize=None)
def ocrb_advance() -> float:
    """OCR-B's advance as a fraction of its size: every character has the same (it is monospaced)."""
    return _font("OCRB", 10000).getlength("0") / 1000


# ---------------------------------------------------------------------------------------- zone data

# Issuing states: ICAO code -> (name printed on the document, word for passport, word for ID card,
# nationality as printed). Germany's code is the single letter D, written "D<<" in the zone.
COUNTRIES = {
    "UTO": ("UTOPIA", "PASSPORT", "IDENTITY CARD", "UTOPIAN"),
    "D": ("BUNDESREPUBLIK DEUTSCHLAND", "REISEPASS", "PERSONALAUSWEIS", "DEUTSCH"),
    "GBR": ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "PASSPORT", "IDENTITY CARD", "BRITISH CITIZEN"),
    "FRA": ("RÉPUBLIQUE FRANÇAISE", "PASSEPORT", "CARTE NATIONALE D'IDENTITÉ", "FRANÇAISE"),
    "NLD": ("KONINKRIJK DER NEDERLANDEN", "PASPOORT", "IDENTITEITSKAART", "NEDERLANDSE"),
    "ESP": ("REINO DE ESPAÑA", "PASAPORTE", "DOCUMENTO NACIONAL DE IDENTIDAD", "ESPAÑOLA"),
    "ITA": ("REPUBBLICA ITALIANA", "PASSAPORTO", "CARTA D'IDENTITÀ", "ITALIANA"),
    "USA": ("UNITED STATES OF AMERICA", "PASSPORT", "PASSPORT CARD", "UNITED STATES OF AMERICA"),
    "CAN": ("CANADA", "PASSPORT", "PERMANENT RESIDENT CARD", "CANADIAN"),
    "SWE": ("SVERIGE", "PASS", "NATIONELLT ID-KORT", "SVENSK"),
    "POL": ("RZECZPOSPOLITA POLSKA", "PASZPORT", "DOWÓD OSOBISTY", "POLSKIE"),
    "PRT": ("REPÚBLICA PORTUGUESA", "PASSAPORTE", "CARTÃO DE CIDADÃO", "PORTUGUESA"),
    "BEL": ("ROYAUME DE BELGIQUE", "PASSEPORT", "CARTE D'IDENTITÉ", "BELGE"),
    "AUT": ("REPUBLIK ÖSTERREICH", "REISEPASS", "PERSONALAUSWEIS", "ÖSTERREICH"),
    "CHE": ("SCHWEIZERISCHE EIDGENOSSENSCHAFT", "PASS", "IDENTITÄTSKARTE", "SCHWEIZ"),
    "IRL": ("ÉIRE IRELAND", "PAS", "PASSPORT CARD", "ÉIREANNACH IRISH"),
    "NOR": ("NORGE", "PASS", "NASJONALT ID-KORT", "NORSK"),
    "DNK": ("DANMARK", "PAS", "IDENTITETSKORT", "DANSK"),
    "FIN": ("SUOMI FINLAND", "PASSI", "HENKILÖKORTTI", "SUOMI"),
    "GRC": ("ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ HELLENIC REPUBLIC", "ΔΙΑΒΑΤΗΡΙΟ PASSPORT", "ΔΕΛΤΙΟ ΤΑΥΤΟΤΗΤΑΣ", "ΕΛΛΗΝΙΚΗ"),
    "CZE": ("ČESKÁ REPUBLIKA", "CESTOVNÍ PAS", "OBČANSKÝ PRŮKAZ", "ČESKÁ REPUBLIKA"),
    "AUS": ("AUSTRALIA", "PASSPORT", "IDENTITY CARD", "AUSTRALIAN"),
    "NZL": ("NEW ZEALAND", "PASSPORT", "IDENTITY CARD", "NEW ZEALAND"),
    "BRA": ("REPÚBLICA FEDERATIVA DO BRASIL", "PASSAPORTE", "CARTEIRA DE IDENTIDADE", "BRASILEIRO"),
    "MEX": ("ESTADOS UNIDOS MEXICANOS", "PASAPORTE", "CREDENCIAL", "MEXICANA"),
    "IND": ("REPUBLIC OF INDIA", "PASSPORT", "IDENTITY CARD", "INDIAN"),
    "ZAF": ("REPUBLIC OF SOUTH AFRICA", "PASSPORT", "IDENTITY CARD", "SOUTH AFRICAN"),
    "JPN": ("JAPAN", "PASSPORT", "RESIDENCE CARD", "JAPAN"),
    "TUR": ("TÜRKİYE CUMHURİYETİ", "PASAPORT", "KİMLİK KARTI", "T.C."),
    "UKR": ("UKRAINE", "PASSPORT", "ID CARD", "UKRAINE"),
}
# Common codes weigh more: the reader meets Utopia (ICAO's example), Germany and Britain most.
COUNTRY_WEIGHTS = {"UTO": 4, "D": 4, "GBR": 3, "FRA": 3, "NLD": 2, "ESP": 2, "ITA": 2, "USA": 3, "CAN": 2, "SWE": 2}

SURNAMES = (
    "ERIKSSON", "MUSTERMANN", "MÜLLER", "SCHMIDT", "GARCÍA MÁRQUEZ", "DE LA FONTAINE", "VAN DER BERG",
    "O'BRIEN", "NGUYEN", "KOWALSKI", "ROSSI", "SILVA", "STEVENSON", "ØSTERGAARD", "JOHANSSON", "LI", "O",
    "PAPADOPOULOS", "NÚÑEZ", "DUBOIS", "JANSSEN", "NOVÁK", "HORVÁTH", "YILMAZ", "KIM", "TANAKA", "OKONKWO",
    "MARTIN", "LEFÈVRE", "BAKER", "PATEL", "MACDONALD", "VIRTANEN", "NIELSEN", "BJÖRK", "ÇELIK", "WIŚNIEWSKI",
    "DVOŘÁK", "SAINT-EXUPÉRY", "MÜLLER-LÜDENSCHEIDT", "ABDULRAHMAN AL-HASHIMI", "HERNÁNDEZ-RODRÍGUEZ",
    "FERNÁNDEZ DE CÓRDOBA Y FIGUEROA", "WOLFESCHLEGELSTEINHAUSENBERGERDORFF", "VON UND ZU GUTTENBERG",
    "ZUCKERMANN-HARRINGTON", "D'ANGELO", "MCALLISTER", "SØRENSEN", "ÅBERG", "OYELARAN-ADEYEMI",
)
GIVEN_NAMES = (
    "ANNA", "MARIA", "JEAN-PIERRE", "MARÍA JOSÉ", "LUKAS", "SØREN", "ZOË", "ÉLODIE", "MOHAMMED", "OLUWASEUN",
    "ALEKSANDR", "JOHN", "PAUL", "GEORGE", "CHARLOTTE", "ELIZABETH", "WEI", "AKIRA", "FRANÇOIS", "XAVIER",
    "HANNAH", "LEON", "MIA", "NOAH", "ERIKA", "JÖRG", "INÉS", "BJÖRN", "AOIFE", "SIOBHÁN", "KRZYSZTOF",
    "MAXIMILIAN", "ALEXANDRA", "KONSTANTINOS", "PRIYA", "ANNE-SOPHIE", "JOSÉ LUIS", "MARIE", "SVEN", "NIA",
)
CITIES = ("UTOPIA CITY", "BERLIN", "LONDON", "PARIS", "AMSTERDAM", "MADRID", "ROMA", "NEW YORK", "TORONTO",
          "STOCKHOLM", "KRAKÓW", "LISBOA", "BRUXELLES", "WIEN", "ZÜRICH", "DUBLIN", "OSLO", "KØBENHAVN", "LAGOS")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
MONTHS_FR = ("JAN", "FÉV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC")


@dataclass
class Zone:
    """A document's zone and the data printed around it, which agree as on a real document."""
    format: str
    lines: list[str]
    doc_type: str
    country: str
    nationality: str
    surname: str          # as printed in the visual zone: accents, hyphens and spaces kept
    given_names: str
    number: str
    sex: str              # M, F or X (X is "<" in the zone)
    birth: date
    issue: date
    expiry: date


def random_date(dice: Dice, first: date, last: date) -> date:
    return first + timedelta(days=dice.py.randint(0, (last - first).days))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:   # 29 February
        return day.replace(year=day.year - years, day=28)


def random_document_number(dice: Dice) -> str:
    """Letters and digits in the shapes states use: L898902C3, C01X00T47, AB1234567, 8-9 long."""
    letters, digits = "ABCDEFGHJKLMNPRSTUVWXYZ", "0123456789"
    shape = dice.pick(("LLDDDDDDD", "LDDLDDLDD", "LDDDDDDDL", "LLLDDDDDD", "DDDDDDDDL", "LDDDDDDD", "LLDDDDDD"))
    return "".join(dice.pick(letters if c == "L" else digits) for c in shape)


def random_optional(dice: Dice, width: int, p_empty: float) -> str:
    """Optional data: often empty, else a personal number or reference of letters and digits."""
    if dice.chance(p_empty):
        return ""
    length = dice.py.randint(min(4, width), width)
    return "".join(dice.pick("0123456789ABCDEFGHJKLMNPRSTUVWXYZ" if i % 4 == 3 else "0123456789")
                   for i in range(length))


def mrz_name(surname: str, given: str, width: int) -> tuple[str, str]:
    """The holder's name as the generator's two parts, cut to fit the zone's name field.

    ICAO 9303 truncates the secondary identifier (the given names) first and keeps at least its
    initial; only a surname too long on its own is cut itself. Apostrophes are dropped, hyphens
    and spaces become '<' (the generator's transliteration does that and maps accents).
    """
    s = transliterate(surname.replace("'", ""), latin_based())
    g = transliterate(given.replace("'", ""), latin_based())
    if len(s) + 2 + len(g) <= width:
        return s, g
    room = width - len(s) - 2
    if room >= 1:
        return s, g[:room].rstrip("<")
    return s[:width - 3].rstrip("<"), g[:1]


def zone_lines(zone: Zone, optional: tuple[str, str]) -> list[str]:
    """The zone the `mrz` package generates for this document (it computes the check digits)."""
    fmt = FORMATS[zone.format]
    name_width = {"TD1": 30, "TD2": 31, "TD3": 39}[fmt.name]
    surname, given = mrz_name(zone.surname, zone.given_names, name_width)
    birth, expiry = zone.birth.strftime("%y%m%d"), zone.expiry.strftime("%y%m%d")
    if fmt.name == "TD3":
        code = TD3CodeGenerator(zone.doc_type, zone.country, surname, given, zone.number, zone.nationality,
                                birth, zone.sex, expiry, optional[0])
    elif fmt.name == "TD2":
        code = TD2CodeGenerator(zone.doc_type, zone.country, surname, given, zone.number, zone.nationality,
                                birth, zone.sex, expiry, optional[0][:7])
    else:
        code = TD1CodeGenerator(zone.doc_type, zone.country, zone.number, birth, zone.sex, expiry,
                                zone.nationality, surname, given, optional[0], optional[1])
    return str(code).split("\n")


def zone_is_valid(format_name: str, lines: list[str]) -> bool:
    """What every written zone must pass: the right shape, only A-Z 0-9 <, and the mrz checker."""
    fmt = FORMATS[format_name]
    if len(lines) != fmt.rows or any(len(line) != fmt.cols or not MRZ_TEXT.fullmatch(line) for line in lines):
        return False
    return bool(CHECKERS[format_name]("\n".join(lines)))


def random_zone(dice: Dice, format_name: str) -> Zone:
    """A random document that the checker accepts; a draw it refuses is thrown away and redrawn."""
    for _ in range(100):
        zone = _draw_zone(dice, format_name)
        if zone is not None and zone_is_valid(format_name, zone.lines):
            return zone
    raise RuntimeError(f"no valid {format_name} zone in 100 draws")


TD1_TYPES = ("ID", "ID", "I", "I", "IR", "A", "C")   # identity cards, residence permits, crew cards
TD2_TYPES = ("I", "I", "ID", "A", "C", "IR")


def _draw_zone(dice: Dice, format_name: str) -> Zone | None:
    codes = list(COUNTRIES)
    country = dice.py.choices(codes, [COUNTRY_WEIGHTS.get(c, 1) for c in codes])[0]
    if format_name == "TD3":
        doc_type = dice.pick(("P",) * 8 + ("PD", "PO", "PS"))
    else:
        doc_type = dice.pick(TD1_TYPES if format_name == "TD1" else TD2_TYPES)
    # Residence permits and crew cards are held by foreigners; other documents by nationals.
    nationality = dice.pick(codes) if doc_type[0] in "AC" or doc_type == "IR" or dice.chance(0.05) else country
    given = " ".join(dice.py.sample(GIVEN_NAMES, dice.pick((1, 1, 1, 2, 2, 3))))
    expiry = random_date(dice, date(2024, 1, 1), date(2036, 12, 31))
    zone = Zone(format_name, [], doc_type, country, nationality, dice.pick(SURNAMES), given,
                random_document_number(dice), dice.pick(("M", "M", "F", "F", "X")),
                random_date(dice, date(1940, 1, 1), date(2008, 12, 31)),
                years_before(expiry, dice.pick((5, 10, 10))), expiry)
    optional = (random_optional(dice, {"TD1": 15, "TD2": 7, "TD3": 14}[format_name], 0.5),
                random_optional(dice, 11, 0.7))
    try:
        zone.lines = zone_lines(zone, optional)
    except FieldError:
        return None
    return zone


def printed_date(day: date, style: int) -> str:
    if style == 0:
        return f"{day.day:02d} {MONTHS[day.month - 1]}/{MONTHS_FR[day.month - 1]} {day.year % 100:02d}"
    if style == 1:
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------------------------------- print

@dataclass(frozen=True)
class Theme:
    paper: tuple
    tint: tuple
    tint2: tuple
    line: tuple     # the guilloche ink: a darker shade of the tint
    title: tuple
    text: tuple


PALETTES = (  # (tint, second tint, guilloche ink, title ink): the pastel grounds of real documents
    ((246, 226, 236), (232, 236, 250), (205, 150, 190), (120, 30, 80)),
    ((226, 242, 228), (245, 245, 220), (120, 175, 140), (20, 90, 60)),
    ((222, 234, 248), (240, 232, 246), (120, 150, 200), (20, 50, 120)),
    ((248, 240, 218), (236, 244, 236), (200, 170, 120), (110, 60, 20)),
    ((236, 228, 248), (226, 244, 244), (160, 140, 205), (70, 40, 130)),
    ((250, 232, 220), (236, 240, 250), (215, 150, 120), (140, 50, 30)),
    ((238, 238, 232), (226, 236, 242), (160, 165, 175), (40, 40, 50)),
)


def random_theme(dice: Dice) -> Theme:
    tint, tint2, line, title = dice.pick(PALETTES)
    grey = dice.py.randint(16, 48)
    return Theme(dice.jitter((247, 245, 238), 5), dice.jitter(tint, 6), dice.jitter(tint2, 6),
                 dice.jitter(line, 12), dice.jitter(title, 10), (grey, grey, grey + dice.py.randint(0, 12)))


class Sheet:
    """A document being printed, addressed in millimetres on a canvas of `ppm` pixels per mm."""

    def __init__(self, width_mm: float, height_mm: float, ppm: float, paper: tuple):
        self.width_mm, self.height_mm, self.ppm = width_mm, height_mm, ppm
        self.size = (round(width_mm * ppm), round(height_mm * ppm))
        self.image = Image.new("RGB", self.size, paper)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, *mm: float) -> list[float]:
        return [v * self.ppm for v in mm]

    def box(self, box_mm) -> tuple[int, int, int, int]:
        return tuple(round(v * self.ppm) for v in box_mm)

    def text(self, x: float, y: float, text: str, face: str, size_mm: float, fill, anchor: str = "ls",
             fit_mm: float | None = None) -> None:
        """Text at (x, y) mm, `size_mm` em high; shrunk to `fit_mm` wide when longer, as printers do."""
        face_font = font(face, size_mm * self.ppm)
        if fit_mm is not None:
            length = face_font.getlength(text)
            if length > fit_mm * self.ppm:
                face_font = font(face, size_mm * self.ppm * fit_mm * self.ppm / length)
        self.draw.text((x * self.ppm, y * self.ppm), text, font=face_font, fill=fill, anchor=anchor)

    def tint_with(self, colour, mask: Image.Image, opacity: float, offset=(0, 0)) -> None:
        """Prints `colour` through `mask` at `opacity`: the faint second inks of security printing."""
        self.image.paste(colour, offset + (offset[0] + mask.width, offset[1] + mask.height),
                         mask.point(lambda v: round(v * opacity)))


def gradient(dice: Dice, size, first, second) -> Image.Image:
    """A smooth blend between two tints across a random direction (drawn small, then enlarged)."""
    w, h = max(2, size[0] // 16), max(2, size[1] // 16)
    angle = dice.u(0, math.tau)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx / w - 0.5) * math.cos(angle) + (yy / h - 0.5) * math.sin(angle) + 0.5
    t = np.clip(t, 0, 1)[..., None]
    rgb = np.asarray(first, np.float32) * (1 - t) + np.asarray(second, np.float32) * t
    return Image.fromarray(rgb.astype(np.uint8)).resize(size, Image.Resampling.BILINEAR)


def security_ground(sheet: Sheet, dice: Dice, theme: Theme, watermark: str) -> None:
    """The tinted, finely patterned ground documents print to defeat copying: for the reader it is
    the texture the zone must be told apart from."""
    sheet.image.paste(gradient(dice, sheet.size, theme.tint, theme.tint2))
    lines = Image.new("L", sheet.size, 0)
    draw = ImageDraw.Draw(lines)
    width = max(1, round(sheet.ppm * dice.u(0.06, 0.12)))
    for family in range(dice.pick((1, 2, 2))):
        guilloche_waves(sheet, dice, draw, width, family)
    for _ in range(dice.pick((0, 1, 1, 2))):
        rosette(sheet, dice, draw, width)
    sheet.tint_with(theme.line, lines, dice.u(0.35, 0.6))
    stamp_watermark(sheet, dice, theme, watermark)


def guilloche_waves(sheet: Sheet, dice: Dice, draw: ImageDraw.ImageDraw, width: int, family: int) -> None:
    """Bands of interleaved sine curves, each a little out of phase with the last."""
    w, h = sheet.size
    xs = np.linspace(-10, w + 10, 260)
    wavelength, wavelength2 = sheet.ppm * dice.u(10, 30), sheet.ppm * dice.u(30, 80)
    amplitude, amplitude2 = sheet.ppm * dice.u(1.0, 4.0), sheet.ppm * dice.u(0.5, 3.0)
    spacing = sheet.ppm * dice.u(0.9, 2.2)
    step, phase = dice.u(0.1, 0.5) * (-1) ** family, dice.u(0, math.tau)
    for k in range(int(h / spacing) + 4):
        ys = (k - 2) * spacing + amplitude * np.sin(math.tau * xs / wavelength + phase + k * step) \
            + amplitude2 * np.sin(math.tau * xs / wavelength2 + k * step * 0.3)
        draw.line(list(zip(xs.tolist(), ys.tolist())), fill=255, width=width)


def rosette(sheet: Sheet, dice: Dice, draw: ImageDraw.ImageDraw, width: int) -> None:
    """A guilloche rosette: rotated copies of a petalled ring, the classic banknote ornament."""
    cx, cy = dice.u(0.2, 0.9) * sheet.size[0], dice.u(0.15, 0.6) * sheet.size[1]
    radius = sheet.ppm * dice.u(8, 22)
    petals, depth = dice.py.randint(5, 14), dice.u(0.15, 0.35)
    t = np.linspace(0, math.tau, 500)
    for copy in range(dice.py.randint(8, 18)):
        turn = copy * math.tau / petals / 6
        r = radius * (1 - depth + depth * np.sin(petals * t + turn))
        points = np.stack([cx + r * np.cos(t + turn), cy + r * np.sin(t + turn)], 1)
        draw.line([tuple(p) for p in points.tolist()], fill=255, width=width)


def stamp_watermark(sheet: Sheet, dice: Dice, theme: Theme, word: str) -> None:
    """A large faint word at a slant: the 'watermark' text under the fields."""
    size = sheet.ppm * dice.u(6, 12)
    face = font("DejaVuSans-Bold", size)
    mask = Image.new("L", (round(face.getlength(word)) + 4, round(size * 1.3)), 0)
    ImageDraw.Draw(mask).text((2, 0), word, font=face, fill=255)
    mask = mask.rotate(dice.u(-30, 30), expand=True, resample=Image.Resampling.BILINEAR)
    x = dice.py.randint(-mask.width // 3, max(0, sheet.size[0] - mask.width // 2))
    y = dice.py.randint(0, max(0, sheet.size[1] // 2))
    sheet.tint_with(theme.line, mask, dice.u(0.10, 0.2), (x, y))


def draw_person(image: Image.Image, box, dice: Dice, skin, hair, clothes, detail: bool) -> None:
    """A head and shoulders facing the camera inside `box` (pixels): an ID portrait's silhouette,
    or with `detail` the eyes, brows, nose and mouth a selfie needs to look like a face."""
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = x0 + w * dice.u(0.46, 0.54)
    head_w = w * dice.u(0.36, 0.44)
    head_h = head_w * dice.u(1.25, 1.4)        # a face is about a third taller than wide
    top = y0 + h * dice.u(0.08, 0.14)
    chin = top + head_h
    shoulders = chin + head_h * dice.u(0.12, 0.22)
    draw.ellipse((cx - w * 0.55, shoulders, cx + w * 0.55, shoulders + h), fill=clothes)
    draw.rectangle((cx - head_w * 0.23, chin - head_h * 0.2, cx + head_w * 0.23, shoulders + head_h * 0.1), fill=skin)
    draw.ellipse((cx - head_w * 0.56, top - head_h * 0.06, cx + head_w * 0.56, top + head_h * 0.62), fill=hair)
    for side in (-1, 1):                      # ears
        ex = cx + side * head_w * 0.5
        draw.ellipse((ex - head_w * 0.07, top + head_h * 0.42, ex + head_w * 0.07, top + head_h * 0.62), fill=skin)
    draw.ellipse((cx - head_w / 2, top, cx + head_w / 2, chin), fill=skin)                          # face
    draw.chord((cx - head_w * 0.53, top - head_h * 0.05, cx + head_w * 0.53, top + head_h * 0.55),
               180 + dice.u(0, 15), 360 - dice.u(0, 15), fill=hair)                                  # fringe
    if not detail:
        return
    eye_y, eye_dx, eye_r = top + head_h * 0.5, head_w * 0.2, head_w * 0.075
    dark = tuple(int(c * 0.35) for c in hair)
    iris = dice.pick(((70, 45, 25), (60, 90, 120), (60, 80, 50)))
    for side in (-1, 1):
        ex = cx + side * eye_dx
        draw.ellipse((ex - eye_r * 1.5, eye_y - eye_r, ex + eye_r * 1.5, eye_y + eye_r), fill=(240, 240, 236))
        draw.ellipse((ex - eye_r * 0.8, eye_y - eye_r * 0.8, ex + eye_r * 0.8, eye_y + eye_r * 0.8),
                     fill=iris)
        pupil = eye_r * 0.35
        draw.ellipse((ex - pupil, eye_y - pupil, ex + pupil, eye_y + pupil), fill=(15, 10, 10))
        draw.arc((ex - eye_r * 2, eye_y - eye_r * 3, ex + eye_r * 2, eye_y - eye_r * 0.8), 200, 340,
                 fill=dark, width=max(2, round(eye_r * 0.5)))                                          # brow
    shade = tuple(int(c * 0.82) for c in skin)
    draw.line((cx, eye_y + eye_r, cx - head_w * 0.04, top + head_h * 0.7, cx + head_w * 0.03, top + head_h * 0.72),
              fill=shade, width=max(2, round(eye_r * 0.35)))                                            # nose
    mouth_y = top + head_h * 0.82
    draw.chord((cx - head_w * 0.15, mouth_y - head_h * 0.05, cx + head_w * 0.15, mouth_y + head_h * 0.05),
               0, 180, fill=dice.jitter((170, 75, 80), 20))                                           # mouth


SKINS = ((241, 204, 177), (224, 172, 138), (198, 134, 98), (141, 85, 54), (96, 60, 40), (233, 190, 160))
HAIRS = ((40, 30, 25), (90, 60, 35), (160, 120, 70), (210, 180, 120), (20, 20, 22), (120, 120, 118))


def portrait(sheet: Sheet, dice: Dice, box_mm, opacity: float = 1.0) -> None:
    """The holder's photo: a plain studio backdrop and a silhouette, printed grey or in colour."""
    box = sheet.box(box_mm)
    size = (box[2] - box[0], box[3] - box[1])
    photo = gradient(dice, size, dice.jitter((214, 222, 232), 14), dice.jitter((238, 240, 242), 8))
    draw_person(photo, (0, 0) + size, dice, dice.pick(SKINS), dice.pick(HAIRS),
                dice.jitter((60, 64, 80), 30), detail=dice.chance(0.5))
    if dice.chance(0.5):   # many states print the portrait in greyscale (laser engraved)
        photo = photo.convert("L").convert("RGB")
    photo = photo.filter(ImageFilter.GaussianBlur(sheet.ppm * 0.08))
    sheet.image.paste(photo, box[:2], Image.new("L", size, round(255 * opacity)))


def signature(sheet: Sheet, dice: Dice, box_mm, colour) -> None:
    """A scrawl: a few superposed waves running left to right, with loops from a wobbling x."""
    x0, y0, x1, y1 = sheet.box(box_mm)
    t = np.linspace(0, 1, 220)
    y = sum(dice.u(0.1, 0.35) * np.sin(math.tau * dice.u(1, 6) * t + dice.u(0, math.tau)) for _ in range(3))
    x = t + 0.03 * np.sin(math.tau * dice.u(6, 14) * t)
    points = np.stack([x0 + x * (x1 - x0) * dice.u(0.6, 1.0), (y0 + y1) / 2 + y * (y1 - y0)], 1)
    sheet.draw.line([tuple(p) for p in points.tolist()], fill=colour, width=max(1, round(sheet.ppm * 0.22)),
                    joint="curve")


def barcode(sheet: Sheet, dice: Dice, box_mm, colour) -> None:
    """A one-dimensional barcode: bars and gaps of 1-4 modules."""
    x0, y0, x1, y1 = box_mm
    module, x, bar = dice.u(0.22, 0.35), x0, True
    while x < x1:
        width = module * dice.py.randint(1, 4)
        if bar:
            sheet.draw.rectangle(sheet.box((x, y0, min(x + width, x1), y1)), fill=colour)
        x, bar = x + width, not bar


def matrix_code(sheet: Sheet, dice: Dice, box_mm, colour) -> None:
    """A two-dimensional code (PDF417-like rows of cells)."""
    x0, y0, x1, y1 = sheet.box(box_mm)
    cells = dice.np.random((dice.py.randint(10, 16), dice.py.randint(30, 50))) < 0.5
    mask = Image.fromarray((cells * 255).astype(np.uint8)).resize((x1 - x0, y1 - y0), Image.Resampling.NEAREST)
    sheet.image.paste(colour, (x0, y0, x1, y1), mask)


def fields(sheet: Sheet, theme: Theme, rows, box_mm, label_face: str, value_face: str) -> None:
    """Printed fields, a small label over each value, rows evenly spread down `box_mm`. A row's
    items are (label, value) or (label, value, share of the row's width)."""
    x0, y0, x1, y1 = box_mm
    row_h = (y1 - y0) / len(rows)
    for r, row in enumerate(rows):
        shares = [item[2] if len(item) > 2 else 1 for item in row]
        x, y = x0, y0 + r * row_h
        for (label, value, *_), share in zip(row, shares):
            col_w = (x1 - x0) * share / sum(shares)
            sheet.text(x, y + row_h * 0.3, label, label_face, row_h * 0.26, theme.title, fit_mm=col_w - 1)
            sheet.text(x, y + row_h * 0.82, value, value_face, row_h * 0.42, theme.text, fit_mm=col_w - 1)
            x += col_w


@dataclass
class ZoneGeometry:
    """Where the zone's characters sit, in millimetres on the layer that carries them."""
    x_mm: float          # left edge of the first character cell
    base_mm: float       # baseline of the first line
    rows: int
    cols: int
    cap_mm: float        # height of a capital: the characters stand on the baseline

    def moved(self, dx: float, dy: float) -> "ZoneGeometry":
        return replace(self, x_mm=self.x_mm + dx, base_mm=self.base_mm + dy)

    def ends(self, row: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """Centres of the first and last character of a line."""
        y = self.base_mm + row * MRZ_LINE_MM - self.cap_mm / 2
        return ((self.x_mm + MRZ_PITCH_MM / 2, y), (self.x_mm + (self.cols - 0.5) * MRZ_PITCH_MM, y))

    def outline(self, pad: float = 1.0) -> list[tuple[float, float]]:
        top = self.base_mm - self.cap_mm - pad
        bottom = self.base_mm + (self.rows - 1) * MRZ_LINE_MM + pad
        left, right = self.x_mm - pad, self.x_mm + self.cols * MRZ_PITCH_MM + pad
        return [(left, top), (right, top), (right, bottom), (left, bottom)]


def print_zone(sheet: Sheet, dice: Dice, zone: Zone, theme: Theme) -> ZoneGeometry:
    """The zone in OCR-B at ICAO geometry: lines 4.23 mm apart, the last 2.2-5.5 mm above the
    bottom edge, the first character 5-6 mm from the left (less on the narrow TD1)."""
    fmt = FORMATS[zone.format]
    face = font("OCRB", MRZ_PITCH_MM * sheet.ppm / ocrb_advance())   # one advance is one pitch
    _, cap_top, _, cap_bottom = face.getbbox("H", anchor="ls")
    geometry = ZoneGeometry(dice.u(*fmt.left_mm), 0.0, fmt.rows, fmt.cols, (cap_bottom - cap_top) / sheet.ppm)
    geometry.base_mm = fmt.height_mm - dice.u(2.2, 5.5) - (fmt.rows - 1) * MRZ_LINE_MM
    clear_ground(sheet, dice, theme, geometry.base_mm - geometry.cap_mm - dice.u(1.5, 3.0))
    ink_zone(sheet, dice, zone.lines, geometry, face)
    return geometry


def clear_ground(sheet: Sheet, dice: Dice, theme: Theme, top_mm: float) -> None:
    """Lightens the ground from `top_mm` down, as documents that keep the zone clear for readers do."""
    band = sheet.box((0, top_mm, sheet.width_mm, sheet.height_mm))
    opacity = Image.new("L", (band[2] - band[0], band[3] - band[1]), round(255 * dice.u(0.3, 0.75)))
    sheet.image.paste(theme.paper, band, opacity)


def ink_zone(sheet: Sheet, dice: Dice, lines: list[str], geometry: ZoneGeometry, face) -> None:
    """Prints the zone's characters cell by cell, so the pitch is exact whatever the font's
    layout does, in near-black ink whose weight, spread and registration vary a little."""
    corners = geometry.outline(1.5)
    left, top, right, bottom = sheet.box(corners[0] + corners[2])
    ink = Image.new("L", (right - left, bottom - top), 0)
    draw = ImageDraw.Draw(ink)
    stroke = 1 if sheet.ppm >= 13.5 and dice.chance(0.3) else 0     # a heavier printer setting
    wobble = sheet.ppm * 0.02                                       # the printer's registration
    for row, line in enumerate(lines):
        y = (geometry.base_mm + row * MRZ_LINE_MM) * sheet.ppm - top
        for col, char in enumerate(line):
            x = (geometry.x_mm + col * MRZ_PITCH_MM) * sheet.ppm - left
            draw.text((x + dice.u(-wobble, wobble), y + dice.u(-wobble, wobble)), char, font=face, fill=255,
                      anchor="ls", stroke_width=stroke, stroke_fill=255)
    ink = ink.filter(ImageFilter.GaussianBlur(sheet.ppm * dice.u(0.015, 0.04)))   # toner spreads a little
    shade = dice.py.randint(8, 50)
    colour = (shade, shade + dice.py.randint(-4, 6), shade + dice.py.randint(0, 14))
    strength = dice.u(0.86, 1.0)
    sheet.image.paste(colour, (left, top), ink.point(lambda v: round(v * strength)))


OTHER_TITLES = {"A": "RESIDENCE PERMIT", "C": "CREW MEMBER CERTIFICATE", "IR": "RESIDENCE PERMIT"}


def data_page(sheet: Sheet, dice: Dice, zone: Zone, theme: Theme) -> None:
    """The front of a TD3 passport page or TD2 card: header, portrait, signature, fields."""
    fmt = FORMATS[zone.format]
    scale = fmt.width_mm / 125    # the layout is drawn for the passport page and shrunk for TD2
    header = 11 * scale
    page_header(sheet, zone, theme, header, scale)
    photo_box = (5 * scale, header + 3 * scale, 37 * scale, header + 44 * scale)
    portrait(sheet, dice, photo_box)
    ghost = dice.chance(0.6)
    if ghost:   # the faint "ghost" copy of the portrait many documents add, right of the fields
        size, top = 13 * scale, header + 34 * scale
        portrait(sheet, dice, (fmt.width_mm - size - 5 * scale, top, fmt.width_mm - 5 * scale, top + size * 1.25),
                 opacity=0.3)
    signature(sheet, dice, (photo_box[0], photo_box[3] + 1 * scale, photo_box[2], photo_box[3] + 9 * scale),
              dice.jitter((30, 40, 110), 20))
    # The fields end above the zone, whose two lines and margins take the bottom 17 mm or so.
    box = (photo_box[2] + 5 * scale, header + 2 * scale, fmt.width_mm - (20 if ghost else 5) * scale,
           fmt.height_mm - (9 + 2 * MRZ_LINE_MM) * (1 if fmt.name == "TD3" else 0.95))
    fields(sheet, theme, data_rows(dice, zone), box, dice.pick(("DejaVuSans", "DejaVuSansCondensed")),
           dice.pick(("DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed-Bold")))


def page_header(sheet: Sheet, zone: Zone, theme: Theme, height: float, scale: float) -> None:
    """The issuing state's name and the document's title, centred at the top."""
    name, passport_word, id_word, _ = COUNTRIES[zone.country]
    if zone.doc_type.startswith("P"):
        title = passport_word if passport_word == "PASSPORT" else f"{passport_word} / PASSPORT"
    else:
        title = OTHER_TITLES.get(zone.doc_type, id_word)
    width = sheet.width_mm
    sheet.text(width / 2, height * 0.45, name, "DejaVuSans-Bold", 3.2 * scale, theme.title, "ms", fit_mm=width - 12)
    sheet.text(width / 2, height * 0.85, title, "DejaVuSans", 2.6 * scale, theme.title, "ms", fit_mm=width - 12)


def data_rows(dice: Dice, zone: Zone) -> list:
    """The visual zone's fields, agreeing with the machine readable zone (names in full)."""
    style = dice.py.randint(0, 2)
    number_label = ("Passport No. / N° du passeport" if zone.doc_type.startswith("P")
                    else "Document No. / N° du document")
    rows = [
        [("Type", zone.doc_type, 1), ("Code", zone.country, 1), (number_label, zone.number, 2)],
        [("Surname / Nom", zone.surname)],
        [("Given names / Prénoms", zone.given_names)],
        [("Nationality / Nationalité", COUNTRIES[zone.nationality][3])],
        [("Date of birth / Date de naissance", printed_date(zone.birth, style), 2), ("Sex / Sexe", zone.sex, 1)],
        [("Place of birth / Lieu de naissance", dice.pick(CITIES))],
        [("Date of issue / Date de délivrance", printed_date(zone.issue, style), 3),
         ("Authority / Autorité", dice.pick(CITIES), 2)],
        [("Date of expiry / Date d'expiration", printed_date(zone.expiry, style))],
    ]
    if zone.format == "TD2":   # the smaller card prints fewer fields
        rows = rows[:5] + rows[7:]
    return rows


STREETS = ("HAUPTSTRASSE", "HIGH STREET", "RUE DE LA PAIX", "KERKSTRAAT", "CALLE MAYOR", "STORGATAN")


def card_back(sheet: Sheet, dice: Dice, zone: Zone, theme: Theme) -> None:
    """The back of a TD1 identity card: a few fields, a barcode or 2D code, the zone below."""
    name, _, id_word, _ = COUNTRIES[zone.country]
    w = FORMATS["TD1"].width_mm
    street = f"{dice.pick(STREETS)} {dice.py.randint(1, 180)}"
    rows = [
        [("Address / Adresse", f"{street}, {dice.pick(CITIES)}")],
        [("Height / Taille", f"{dice.py.randint(150, 200)} cm"),
         ("Eyes / Yeux", dice.pick(("BROWN", "BLUE", "GREEN", "GREY")))],
        [("Authority / Autorité", dice.pick(CITIES)), ("Date of issue", printed_date(zone.issue, 1))],
    ]
    right = w - (24 if dice.chance(0.5) else 4)
    fields(sheet, theme, rows, (4, 2.5, right, 25), "DejaVuSansCondensed",
           dice.pick(("DejaVuSans", "DejaVuSans-Bold")))
    if right < w - 10:
        matrix_code(sheet, dice, (right + 2, 4, w - 4, 22), theme.text)
    if dice.chance(0.6):
        barcode(sheet, dice, (4, 27, dice.u(40, w - 4), dice.u(31, 33.5)), theme.text)
    else:
        sheet.text(4, 31, f"{name} · {id_word}", "DejaVuSans", 2.0, theme.title, fit_mm=w - 8)


def upper_page(dice: Dice, ppm: float, theme: Theme, watermark: str) -> Image.Image:
    """The booklet page facing the data page: ground, page heading, perhaps an entry stamp."""
    sheet = Sheet(125, 88, ppm, theme.paper)
    security_ground(sheet, dice, theme, watermark)
    sheet.text(62.5, 8, dice.pick(("OBSERVATIONS", "VISAS", "AMENDMENTS / MODIFICATIONS")), "DejaVuSans", 2.8,
               theme.title, "ms")
    if dice.chance(0.5):
        cx, cy, r = dice.u(25, 100), dice.u(25, 65), dice.u(9, 14)
        colour = dice.pick(((40, 60, 140), (140, 40, 60), (40, 110, 70)))
        sheet.draw.ellipse(sheet.box((cx - r, cy - r, cx + r, cy + r)), outline=colour, width=round(ppm * 0.5))
        sheet.text(cx, cy + 1, f"{dice.py.randint(1, 28):02d} {dice.pick(MONTHS)} {dice.py.randint(2019, 2025)}",
                   "DejaVuSans-Bold", 2.6, colour, "ms")
    return sheet.image


# ---------------------------------------------------------------------------------------- layers

@dataclass
class Layer:
    """A flat thing to photograph: its pixels (RGBA), their scale, and the part that must stay in
    the picture (the data page of a booklet; the whole of a card)."""
    image: Image.Image
    ppm: float
    focus: tuple[float, float, float, float]
    zone: Zone | None = None
    geometry: ZoneGeometry | None = None


def rounded(image: Image.Image, radius_px: float) -> Image.Image:
    """The RGBA of a card or page with rounded corners."""
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, image.width - 1, image.height - 1), radius=radius_px, fill=255)
    layer = image.convert("RGBA")
    layer.putalpha(mask)
    return layer


def render_document(dice: Dice, zone: Zone, booklet_ok: bool = True) -> Layer:
    """The document carrying `zone`, printed at 12-16 px/mm: a card, or a passport page that is
    sometimes shown in its open booklet (cover edge, facing page, fold shadow)."""
    fmt = FORMATS[zone.format]
    ppm = dice.u(12, 16)
    theme = random_theme(dice)
    sheet = Sheet(fmt.width_mm, fmt.height_mm, ppm, theme.paper)
    watermark = COUNTRIES[zone.country][0].split()[-1]
    security_ground(sheet, dice, theme, watermark)
    if fmt.name == "TD1":
        card_back(sheet, dice, zone, theme)
    else:
        data_page(sheet, dice, zone, theme)
    geometry = print_zone(sheet, dice, zone, theme)
    if fmt.name == "TD3" and booklet_ok and dice.chance(0.4):
        return booklet(dice, sheet, theme, zone, geometry, watermark)
    radius = 3.18 if fmt.name != "TD3" else dice.u(1.0, 4.0)
    return Layer(rounded(sheet.image, radius * ppm), ppm, (0, 0, fmt.width_mm, fmt.height_mm), zone, geometry)


def booklet(dice: Dice, sheet: Sheet, theme: Theme, zone: Zone, geometry: ZoneGeometry, watermark: str) -> Layer:
    """An open passport: the cover's edge around the facing page above and the data page below."""
    ppm, edge = sheet.ppm, dice.u(1.5, 3.5)
    size = (round((125 + 2 * edge) * ppm), round((176 + 2 * edge) * ppm))
    cover = dice.jitter(dice.pick(((110, 22, 36), (22, 32, 72), (22, 62, 42), (28, 28, 30))), 10)
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(canvas).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=4 * ppm, fill=cover + (255,))
    top = (round(edge * ppm), round(edge * ppm))
    canvas.alpha_composite(rounded(upper_page(dice, ppm, theme, watermark), 1.5 * ppm), top)
    canvas.alpha_composite(rounded(sheet.image, 1.5 * ppm), (top[0], round((edge + 88) * ppm)))
    # The pages curve down into the fold, which darkens them toward it.
    band_top, band_h = round((edge + 88 - 4) * ppm), round(8 * ppm)
    fold = np.abs(np.linspace(-1, 1, band_h, dtype=np.float32))
    shade = 1 - dice.u(0.15, 0.35) * (1 - fold) ** 2
    region = np.asarray(canvas.crop((0, band_top, size[0], band_top + band_h)), np.float32).copy()
    region[..., :3] *= shade[:, None, None]
    canvas.paste(Image.fromarray(region.astype(np.uint8)), (0, band_top))
    return Layer(canvas, ppm, (edge, edge + 88, edge + 125, edge + 176), zone, geometry.moved(edge, edge + 88))


# ---------------------------------------------------------------------------------------- geometry

def homography(src, dst) -> np.ndarray:
    """The 3x3 projective map that takes the four points `src` to `dst`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    h = np.linalg.solve(np.array(rows, float), np.array(rhs, float))
    return np.append(h, 1.0).reshape(3, 3)


def project(h: np.ndarray, points) -> np.ndarray:
    p = np.asarray(points, float)
    q = np.c_[p, np.ones(len(p))] @ h.T
    return q[:, :2] / q[:, 2:]


def translation(dx: float, dy: float) -> np.ndarray:
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], float)


def turn_about(angle_deg: float, cx: float, cy: float) -> np.ndarray:
    """Counter-clockwise as seen in an image whose y axis points down."""
    a = math.radians(angle_deg)
    r = np.array([[math.cos(a), math.sin(a), 0], [-math.sin(a), math.cos(a), 0], [0, 0, 1]])
    return translation(cx, cy) @ r @ translation(-cx, -cy)


ASPECTS = (3 / 4, 9 / 16, 4 / 3, 16 / 9)   # height / width of the frames phones take


@dataclass
class Frame:
    width: int
    height: int
    ppm: float   # output pixels per millimetre of the document


def plan_frame(dice: Dice, group_w: float, group_h: float, rotation: float, ppm: float,
               long_side=(1000, 2400), fill=(0.55, 0.9)) -> Frame:
    """A phone frame for a group `group_w` x `group_h` mm turned by `rotation`, seen at `ppm` px/mm:
    the group spans `fill` of the frame's width and fits whole (with room for the perspective),
    and the frame's long side is within `long_side`. When no frame shape allows that scale, the
    nearest scale that one does is taken instead.

    For a frame shape (height/width `aspect`) each bound on the frame's width is a multiple of the
    scale or a constant, so the scales it allows form one interval, worked out here directly.
    """
    a = math.radians(rotation)
    span_w = (group_w * abs(math.cos(a)) + group_h * abs(math.sin(a))) * 1.1   # 1.1: room for the keystone
    span_h = (group_w * abs(math.sin(a)) + group_h * abs(math.cos(a))) * 1.1
    shapes = []
    for aspect in ASPECTS:
        longest = max(1.0, aspect)   # the long side per pixel of width
        least = max(group_w / fill[1], span_w / 0.98, span_h / (0.98 * aspect))  # width per px/mm, at least
        most = group_w / fill[0]
        lowest, highest = long_side[0] / (longest * most), long_side[1] / (longest * least)
        if least <= most and lowest <= highest:
            shapes.append((aspect, lowest, highest, least, most))
    if not shapes:
        raise RuntimeError(f"no frame holds a {group_w:.0f} x {group_h:.0f} mm group")
    if not any(lo <= ppm <= hi for _, lo, hi, _, _ in shapes):
        ppm = min((min(max(ppm, lo), hi) for _, lo, hi, _, _ in shapes), key=lambda p: abs(p - ppm))
    aspect, _, _, least, most = dice.pick([s for s in shapes if s[1] - 1e-9 <= ppm <= s[2] + 1e-9])
    longest = max(1.0, aspect)
    width = dice.u(max(least * ppm, long_side[0] / longest), min(most * ppm, long_side[1] / longest))
    return Frame(round(width), round(width * aspect), ppm)


def place_group(dice: Dice, frame: Frame, group_w: float, group_h: float, rotation: float,
                skew: float = 0.04) -> np.ndarray:
    """The map from group millimetres to picture pixels: scaled, seen slightly askew (a keystone
    and corner jitter totalling at most `skew` of the size, as a camera not quite square to
    the desk sees it), turned by `rotation`, and put at a random spot where it fits whole."""
    corners = np.array([(0, 0), (group_w, 0), (group_w, group_h), (0, group_h)], float)
    local = (corners - (group_w / 2, group_h / 2)) * frame.ppm
    size = np.array([group_w, group_h]) * frame.ppm
    # Corners run top-left, top-right, bottom-right, bottom-left. A keystone pulls the top corners
    # together and the bottom ones apart (camera tilted up or down), or the left and right edges.
    pull = np.array([1, -1, 1, -1])
    local[:, 0] += pull * dice.u(-0.3, 0.3) * skew * size[0]
    local[:, 1] += pull * dice.u(-0.3, 0.3) * skew * size[1]
    local += dice.np.uniform(-0.4 * skew, 0.4 * skew, (4, 2)) * size
    a = math.radians(rotation)
    turned = local @ np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    lo, hi = turned.min(0), turned.max(0)
    margin = 0.01 * frame.width
    centre = []
    for axis, extent in enumerate((frame.width, frame.height)):
        first, last = margin - lo[axis], extent - margin - hi[axis]
        centre.append(dice.u(first, last) if first <= last else extent / 2 - (lo[axis] + hi[axis]) / 2)
    return homography(corners, turned + centre)


def paste_layer(photo: Image.Image, dice: Dice, layer: Layer, to_photo: np.ndarray) -> None:
    """Photographs `layer` into `photo` through `to_photo` (layer mm -> picture px), with the soft
    shadow a document casts on the desk under a lamp or window."""
    w_mm, h_mm = layer.image.width / layer.ppm, layer.image.height / layer.ppm
    corners_mm = [(0, 0), (w_mm, 0), (w_mm, h_mm), (0, h_mm)]
    quad = project(to_photo, corners_mm)
    left, top = np.floor(quad.min(0)).astype(int)
    right, bottom = np.ceil(quad.max(0)).astype(int)
    left, top = max(left, 0), max(top, 0)
    right, bottom = min(right, photo.width), min(bottom, photo.height)
    if right <= left or bottom <= top:
        return
    # Shrink to about the picture's scale first (antialiased); the warp then barely resamples.
    scale = math.dist(quad[0], quad[1]) / layer.image.width
    small = layer.image.convert("RGBa").resize(
        (max(1, round(layer.image.width * scale)), max(1, round(layer.image.height * scale))),
        Image.Resampling.BICUBIC, reducing_gap=2.0)
    small_ppm = small.width / (layer.image.width / layer.ppm)
    to_pixels = translation(left, top)
    inverse = np.linalg.inv(np.linalg.inv(to_pixels) @ to_photo @ np.diag([1 / small_ppm, 1 / small_ppm, 1]))
    inverse /= inverse[2, 2]
    warped = small.transform((right - left, bottom - top), Image.Transform.PERSPECTIVE,
                             tuple(inverse.flatten()[:8]), Image.Resampling.BILINEAR).convert("RGBA")
    cast_shadow_of(photo, dice, warped.getchannel("A"), (left, top))
    photo.paste(warped, (left, top), warped)


def cast_shadow_of(photo: Image.Image, dice: Dice, alpha: Image.Image, origin) -> None:
    """Darkens the desk under a soft, offset copy of the layer's outline (drawn at a quarter size)."""
    unit = photo.width / 100
    dx, dy, soft = dice.u(-1.2, 1.2) * unit, dice.u(0.2, 1.6) * unit, dice.u(0.5, 2.0) * unit
    pad = round(abs(dx) + abs(dy) + 3 * soft)
    box = (origin[0] - pad, origin[1] - pad, origin[0] + alpha.width + pad, origin[1] + alpha.height + pad)
    mask = Image.new("L", ((box[2] - box[0]) // 4 + 1, (box[3] - box[1]) // 4 + 1), 0)
    mask.paste(alpha.resize((max(1, alpha.width // 4), max(1, alpha.height // 4)), Image.Resampling.BILINEAR),
               (round((pad + dx) / 4), round((pad + dy) / 4)))
    darkness = dice.u(0.25, 0.55)
    mask = mask.filter(ImageFilter.GaussianBlur(soft / 4)).point(lambda v: round(v * darkness))
    mask = mask.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.BILINEAR)
    photo.paste((0, 0, 0), box, mask)


def zone_in_photo(to_photo: np.ndarray, geometry: ZoneGeometry) -> tuple[float, list]:
    """The zone's character pitch in the picture (mean over its lines) and its outline there
    (1 mm around the characters; corners in the document's own order: top-left first)."""
    pitches = []
    for row in range(geometry.rows):
        first, last = project(to_photo, geometry.ends(row))
        pitches.append(math.dist(first, last) / (geometry.cols - 1))
    return sum(pitches) / len(pitches), [tuple(p) for p in project(to_photo, geometry.outline()).tolist()]


# ---------------------------------------------------------------------------------------- desks

def smooth_noise(dice: Dice, width: int, height: int, cells: int) -> np.ndarray:
    """Value noise: a coarse random grid enlarged smoothly, values about 0..1."""
    grid = dice.np.random((max(2, round(cells * height / width)), cells)).astype(np.float32)
    return np.asarray(Image.fromarray(grid).resize((width, height), Image.Resampling.BICUBIC))


def desk(dice: Dice, width: int, height: int, kind: str | None = None) -> Image.Image:
    """What the document lies on: wood, cloth, a plain desk, or out-of-focus clutter."""
    kind = kind or dice.pick(("wood", "cloth", "plain", "clutter"))
    return {"wood": wood, "cloth": cloth, "plain": plain_desk, "clutter": clutter}[kind](dice, width, height)


WOODS = ((186, 140, 96), (150, 104, 70), (210, 180, 140), (120, 80, 52))
CLOTHS = ((60, 70, 110), (130, 40, 45), (90, 90, 92), (200, 195, 180), (40, 80, 60))
DESKS = ((235, 235, 232), (200, 200, 196), (60, 62, 66), (170, 160, 140), (25, 25, 28))


def wood(dice: Dice, width: int, height: int) -> Image.Image:
    """A wooden desk: growth rings as wandering stripes of uneven spacing, fibre streaks along
    them, seams between boards, in two browns; drawn with the grain level at a third of the size,
    then turned, cut and enlarged (the grain is soft; the desk is not what the reader looks at)."""
    side = math.ceil(math.hypot(width, height) / 3) + 2
    # Ring phase across the grain rises unevenly (rings differ in width) ...
    rate = (0.5 + smooth_noise(dice, side, 1, 12)[0]) / dice.u(5, 13)
    phase = np.cumsum(rate) * math.tau
    # ... and the stripes bend slowly along it.
    bend = (smooth_noise(dice, side, side, 3) - 0.5) * dice.u(10, 33)
    rows = np.arange(side, dtype=np.float32)[:, None] + bend
    rings = 0.5 + 0.5 * np.sin(np.interp(rows, np.arange(side), phase).astype(np.float32))
    fibres = np.asarray(Image.fromarray(dice.np.random((side // 2, max(2, side // 27))).astype(np.float32))
                        .resize((side, side), Image.Resampling.BICUBIC))
    grain = np.clip(rings ** dice.u(1.5, 3) * 0.7 + fibres * 0.3, 0, 1)
    board = side / dice.u(2, 4)
    grain[(np.arange(side) % board < 1)] = 1.2      # the dark gap between two boards
    light = np.asarray(dice.jitter(dice.pick(WOODS), 12), np.float32)
    dark = light * dice.u(0.6, 0.8)
    rgb = light + (dark - light) * grain[..., None]
    square = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    square = square.rotate(dice.u(-20, 20) + dice.pick((0, 90)), resample=Image.Resampling.BILINEAR)
    small = (width // 3 + 1, height // 3 + 1)
    left, top = (side - small[0]) // 2, (side - small[1]) // 2
    square = square.crop((left, top, left + small[0], top + small[1]))
    return square.resize((width, height), Image.Resampling.BILINEAR)


def cloth(dice: Dice, width: int, height: int) -> Image.Image:
    """Woven fabric: a fine crossed weave over soft folds (drawn at half size)."""
    w, h = width // 2, height // 2
    period = dice.u(1.5, 3)
    weave = np.outer(np.sin(np.arange(h, dtype=np.float32) * math.tau / period),
                     np.sin(np.arange(w, dtype=np.float32) * math.tau / period))
    folds = smooth_noise(dice, w, h, 5)
    base = np.asarray(dice.jitter(dice.pick(CLOTHS), 15), np.float32)
    rgb = base * (0.75 + 0.35 * folds)[..., None] + (weave * dice.u(4, 12))[..., None]
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).resize((width, height), Image.Resampling.BILINEAR)


def plain_desk(dice: Dice, width: int, height: int) -> Image.Image:
    """A laminate or painted desk: one colour, gently uneven, with a fine speckle."""
    base = np.asarray(dice.jitter(dice.pick(DESKS), 10), np.float32)
    shade = 0.85 + 0.25 * smooth_noise(dice, width // 4, height // 4, 4)
    speckle = smooth_noise(dice, width // 4, height // 4, max(8, width // 16)) * 3 - 1.5
    rgb = base * shade[..., None] + speckle[..., None]
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).resize((width, height), Image.Resampling.BILINEAR)


def clutter(dice: Dice, width: int, height: int) -> Image.Image:
    """Objects well out of focus: blobs and boxes of colour drawn small and blurred."""
    w, h = max(8, width // 8), max(8, height // 8)
    image = Image.new("RGB", (w, h), dice.jitter((150, 140, 130), 60))
    draw = ImageDraw.Draw(image)
    for _ in range(dice.py.randint(4, 12)):
        x, y, r = dice.u(0, w), dice.u(0, h), dice.u(0.05, 0.35) * w
        shape = draw.ellipse if dice.chance(0.5) else draw.rectangle
        shape((x - r, y - r * dice.u(0.4, 1.5), x + r, y + r), fill=dice.jitter((128, 128, 128), 110))
    image = image.filter(ImageFilter.GaussianBlur(dice.u(1.5, 4)))
    return image.resize((width, height), Image.Resampling.BICUBIC)


# ---------------------------------------------------------------------------------------- camera

CONDITION_ODDS = {"blur": 0.4, "motion_blur": 0.15, "noise": 0.55, "uneven_lighting": 0.45, "shadow": 0.2,
                  "glare": 0.3, "color_cast": 0.35}


@dataclass
class Camera:
    """What the capture does to a picture: which faults and how strong."""
    conditions: tuple[str, ...] | None = None   # None: each fault at its odds
    quality: int | None = None                  # JPEG quality; None: 55-95
    blur_max: float = 1.6
    noise_max: float = 8.0


LOW_STEP = 8   # lighting, glare and shadows are smooth: computed on a grid this much coarser


def low_grid(width: int, height: int):
    """Picture coordinates of the coarse grid's points (it overhangs the picture a little)."""
    yy, xx = np.mgrid[0:height // LOW_STEP + 2, 0:width // LOW_STEP + 2].astype(np.float32)
    return xx * LOW_STEP, yy * LOW_STEP


def low_field(values: np.ndarray, width: int, height: int) -> np.ndarray:
    """A field on the coarse grid enlarged to the picture and cut to its size."""
    rows, cols = values.shape
    big = Image.fromarray(values.astype(np.float32))
    big = big.resize((cols * LOW_STEP, rows * LOW_STEP), Image.Resampling.BILINEAR)
    return np.asarray(big)[:height, :width]


def uneven_lighting(dice: Dice, rgb: np.ndarray) -> None:
    """Light falling off across the picture (a lamp to one side) and toward the corners."""
    h, w = rgb.shape[:2]
    xx, yy = low_grid(w, h)
    a = dice.u(0, math.tau)
    slope = (xx / w - 0.5) * math.cos(a) + (yy / h - 0.5) * math.sin(a)
    radius = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2)
    gain = dice.u(0.85, 1.1) + dice.u(0.2, 0.55) * slope - dice.u(0, 0.6) * radius
    rgb *= low_field(gain, w, h)[..., None]


def cast_shadow(dice: Dice, rgb: np.ndarray) -> None:
    """The soft shadow of a hand or phone reaching in from one edge."""
    h, w = rgb.shape[:2]
    mask = Image.new("L", (w // LOW_STEP + 2, h // LOW_STEP + 2), 0)
    mw, mh = mask.size
    edge = dice.py.randint(0, 3)
    depth = dice.u(0.2, 0.55)
    spots = sorted(dice.u(0, 1) for _ in range(2))
    if edge in (0, 1):   # from the left or right
        x = mw * depth if edge == 0 else mw * (1 - depth)
        side = 0 if edge == 0 else mw
        poly = [(side, mh * spots[0] - mh * 0.3), (x, mh * spots[0]),
                (x * dice.u(0.8, 1.0), mh * spots[1] + mh * 0.3), (side, mh * spots[1] + mh * 0.5)]
    else:                # from the top or bottom
        y = mh * depth if edge == 2 else mh * (1 - depth)
        side = 0 if edge == 2 else mh
        poly = [(mw * spots[0] - mw * 0.3, side), (mw * spots[0], y),
                (mw * spots[1] + mw * 0.3, y * dice.u(0.8, 1.0)), (mw * spots[1] + mw * 0.5, side)]
    ImageDraw.Draw(mask).polygon(poly, fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(dice.u(1.5, 5)))
    strength = dice.u(0.2, 0.45)
    rgb *= (1 - strength * low_field(np.asarray(mask, np.float32) / 255, w, h))[..., None]


def glare(dice: Dice, rgb: np.ndarray, centre, zone_outlines) -> None:
    """A reflection of a light source on the laminate: a soft bright ellipse with a hotter core.

    Over the zone it lifts pixels at most MAX_GLARE_ON_MRZ of the way to white: a glare that
    wipes the zone out is a retake, not a test of the reader.
    """
    h, w = rgb.shape[:2]
    xx, yy = low_grid(w, h)
    rx = w * dice.u(0.05, 0.18)
    ry = rx * dice.u(0.35, 1.0)
    a = dice.u(0, math.pi)
    u = ((xx - centre[0]) * math.cos(a) + (yy - centre[1]) * math.sin(a)) / rx
    v = (-(xx - centre[0]) * math.sin(a) + (yy - centre[1]) * math.cos(a)) / ry
    d2 = u * u + v * v
    field = np.clip(np.exp(-1.5 * d2 ** 1.5) + 0.5 * np.exp(-10 * d2), 0, 1) * dice.u(0.6, 0.97)
    if zone_outlines:
        mask = Image.new("L", (field.shape[1], field.shape[0]), 0)
        for outline in zone_outlines:
            ImageDraw.Draw(mask).polygon([(x / LOW_STEP, y / LOW_STEP) for x, y in outline], fill=255)
        over_zone = field[np.asarray(mask) > 0]
        peak = float(over_zone.max()) if over_zone.size else 0.0
        if peak > MAX_GLARE_ON_MRZ:
            field *= MAX_GLARE_ON_MRZ / peak
    lift = low_field(field, w, h)[..., None]
    rgb += (255 - rgb) * lift


def colour_cast(dice: Dice, rgb: np.ndarray) -> None:
    """A white balance gone warm (tungsten), cool (shade) or green (fluorescent)."""
    k = dice.u(0.04, 0.12)
    gains = dice.pick(((1 + k, 1, 1 - k), (1 - k, 1, 1 + k), (1 - k / 2, 1 + k / 2, 1 - k / 2)))
    rgb *= np.asarray(gains, np.float32)


def motion_kernel(dice: Dice) -> ImageFilter.Kernel:
    """A 5x5 kernel smearing along a short line at a random angle: the phone moved a little."""
    length, a = dice.u(1.5, 4.0), dice.u(0, math.pi)
    weights = np.zeros((5, 5), np.float32)
    for t in np.linspace(-length / 2, length / 2, 17):
        x, y = 2 + t * math.cos(a), 2 + t * math.sin(a)
        x0, y0 = int(math.floor(x)), int(math.floor(y))
        fx, fy = x - x0, y - y0
        shares = ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy), (1, 1, fx * fy))
        for dx, dy, wgt in shares:   # a sample between pixels is shared among its four neighbours
            if 0 <= x0 + dx < 5 and 0 <= y0 + dy < 5:
                weights[y0 + dy, x0 + dx] += wgt
    weights /= weights.sum()
    return ImageFilter.Kernel((5, 5), weights.flatten().tolist(), scale=1)


def sensor_noise(dice: Dice, rgb: np.ndarray, sigma: float) -> None:
    """Grain: luminance noise per pixel plus coarser colour noise, as a small sensor gives."""
    h, w = rgb.shape[:2]
    rgb += (dice.np.standard_normal((h, w), dtype=np.float32) * sigma)[..., None]
    chroma = dice.np.standard_normal((h // 2 + 1, w // 2 + 1, 3), dtype=np.float32) * (sigma * 0.5) + 128.5
    blotches = Image.fromarray(np.clip(chroma, 0, 255).astype(np.uint8)).resize((w, h), Image.Resampling.BILINEAR)
    rgb += np.asarray(blotches, np.float32) - 128


def to_image(rgb: np.ndarray) -> Image.Image:
    """Float pixels back to 8 bits, rounded (a plain cast would darken every picture by half a level)."""
    rgb += 0.5
    return Image.fromarray(np.clip(rgb, 0, 255, out=rgb).astype(np.uint8))


def lighting(dice: Dice, photo: Image.Image, chosen, glare_centre, zone_outlines) -> Image.Image:
    """The faults of the light on the scene, in one pass over the pixels (skipped when none)."""
    if not {"uneven_lighting", "shadow", "glare", "color_cast"} & set(chosen):
        return photo
    rgb = np.asarray(photo, np.float32)
    if "uneven_lighting" in chosen:
        uneven_lighting(dice, rgb)
    if "shadow" in chosen:
        cast_shadow(dice, rgb)
    if "glare" in chosen:
        centre = glare_centre or (dice.u(0.2, 0.8) * photo.width, dice.u(0.2, 0.8) * photo.height)
        glare(dice, rgb, centre, list(zone_outlines))
    if "color_cast" in chosen:
        colour_cast(dice, rgb)
    return to_image(rgb)


def capture(dice: Dice, photo: Image.Image, camera: Camera, glare_centre=None, zone_outlines=(),
            pitch: float | None = None) -> tuple[bytes, list[str], int]:
    """The faults of a phone capture in the order they arise - light on the scene, then the lens,
    the sensor, the JPEG encoder. Returns the file, the faults applied, and the quality."""
    chosen = [c for c, p in CONDITION_ODDS.items() if dice.chance(p)] if camera.conditions is None \
        else list(camera.conditions)
    image = lighting(dice, photo, chosen, glare_centre, zone_outlines)
    # Blur that merges neighbouring characters is a retake, not a reading test: at most 0.12 pitch.
    blur_cap = camera.blur_max if pitch is None else min(camera.blur_max, max(0.3, 0.12 * pitch))
    if "blur" in chosen:
        image = image.filter(ImageFilter.GaussianBlur(dice.u(0.3, max(0.3, blur_cap))))
    if "motion_blur" in chosen:
        image = image.filter(motion_kernel(dice))
    if "noise" in chosen:
        rgb = np.asarray(image, np.float32)
        sensor_noise(dice, rgb, dice.u(2, camera.noise_max))
        image = to_image(rgb)
    quality = camera.quality if camera.quality is not None else dice.py.randint(55, 95)
    if quality <= 70:
        chosen.append("low_jpeg_quality")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue(), chosen, quality


# ---------------------------------------------------------------------------------------- pictures

@dataclass
class Options:
    """Choices a caller may fix instead of leaving them to the dice (the fixtures do)."""
    format: str | None = None
    rotation: float | None = None
    pitch: float | None = None
    long_side: tuple[int, int] = (1000, 2400)
    camera: Camera = field(default_factory=Camera)
    desk: str | None = None          # wood, cloth, plain or clutter


def random_pitch(dice: Dice) -> float:
    """The zone's character pitch to aim for: one in ten at the small end the reader must manage."""
    # 29, not 30: the keystone stretches the zone's near end a little beyond the scale asked for.
    return dice.u(9, 12) if dice.chance(0.1) else dice.u(12, 29)


def quad(outline) -> list[list[float]]:
    return [[round(x, 1), round(y, 1)] for x, y in outline]


def label(**items) -> dict:
    base = {"file": None, "format": None, "lines": [], "rotation": 0.0, "width": None, "height": None,
            "mrz_pitch_px": None, "conditions": []}
    base.update(items)
    return base


def document_picture(dice: Dice, options: Options, upside_down: bool = False) -> tuple[bytes, dict]:
    """One document photographed: the core of the training and test set."""
    zone = random_zone(dice, options.format or dice.pick(("TD1", "TD2", "TD3")))
    layer = render_document(dice, zone)
    rotation = options.rotation if options.rotation is not None else \
        (180 + dice.u(-5, 5) if upside_down else dice.u(-10, 10))
    fx0, fy0, fx1, fy1 = layer.focus
    frame = plan_frame(dice, fx1 - fx0, fy1 - fy0, rotation, (options.pitch or random_pitch(dice)) / MRZ_PITCH_MM,
                       options.long_side)
    to_photo = place_group(dice, frame, fx1 - fx0, fy1 - fy0, rotation) @ translation(-fx0, -fy0)
    photo = desk(dice, frame.width, frame.height, options.desk)
    paste_layer(photo, dice, layer, to_photo)
    pitch, outline = zone_in_photo(to_photo, layer.geometry)
    spot = glare_spot(dice, layer, to_photo)
    data, conditions, quality = capture(dice, photo, options.camera, spot, [outline], pitch)
    kind = "upside_down" if upside_down else "document"
    return data, label(format=zone.format, lines=zone.lines, rotation=round(rotation, 2), width=frame.width,
                       height=frame.height, mrz_pitch_px=round(pitch, 2), conditions=conditions, kind=kind,
                       jpeg_quality=quality, mrz_quad=quad(outline))


def glare_spot(dice: Dice, layer: Layer, to_photo: np.ndarray):
    """Where a reflection falls: on the document, and often near its zone, where it hurts most."""
    x0, y0, x1, y1 = layer.focus
    if layer.geometry is not None and dice.chance(0.4):
        (left, top), _, (right, bottom), _ = layer.geometry.outline(3)
        point = (dice.u(max(left, x0 + 8), min(right, x1 - 8)), dice.u(top, min(bottom, y1 - 3)))
    else:
        dx, dy = 0.1 * (x1 - x0), 0.1 * (y1 - y0)
        point = (dice.u(x0 + dx, x1 - dx), dice.u(y0 + dy, y1 - dy))
    return tuple(project(to_photo, [point])[0])


def two_documents_picture(dice: Dice, options: Options) -> tuple[bytes, dict]:
    """Two documents photographed together (side by side, or one above the other), at one scale;
    the first zone in the labels is the left or upper one."""
    zones = [random_zone(dice, dice.pick(("TD1", "TD2", "TD3"))) for _ in range(2)]
    layers = [render_document(dice, z, booklet_ok=False) for z in zones]
    sizes = [(l.focus[2], l.focus[3]) for l in layers]
    gap = dice.u(5, 18)
    side_by_side = dice.chance(0.5)
    if side_by_side:
        group = (sizes[0][0] + gap + sizes[1][0], max(s[1] for s in sizes) + 4)
        offsets = [(0, dice.u(0, group[1] - sizes[0][1])), (sizes[0][0] + gap, dice.u(0, group[1] - sizes[1][1]))]
    else:
        group = (max(s[0] for s in sizes) + 4, sizes[0][1] + gap + sizes[1][1])
        offsets = [(dice.u(0, group[0] - sizes[0][0]), 0), (dice.u(0, group[0] - sizes[1][0]), sizes[0][1] + gap)]
    rotation = options.rotation if options.rotation is not None else dice.u(-6, 6)
    frame = plan_frame(dice, group[0], group[1], rotation, (options.pitch or dice.u(10, 22)) / MRZ_PITCH_MM,
                       options.long_side)
    to_group = place_group(dice, frame, group[0], group[1], rotation)
    photo = desk(dice, frame.width, frame.height, options.desk)
    found = []
    for layer, (ox, oy), (w, h) in zip(layers, offsets, sizes):
        twist = dice.u(-3, 3)   # each document lies a little differently
        to_photo = to_group @ translation(ox, oy) @ turn_about(twist, w / 2, h / 2)
        paste_layer(photo, dice, layer, to_photo)
        found.append((to_photo, twist) + zone_in_photo(to_photo, layer.geometry))
    pitch = min(f[2] for f in found)
    data, conditions, quality = capture(dice, photo, options.camera, glare_spot(dice, layers[0], found[0][0]),
                                        [f[3] for f in found], pitch)
    return data, label(format=zones[0].format, lines=zones[0].lines, rotation=round(rotation + found[0][1], 2),
                       width=frame.width, height=frame.height, mrz_pitch_px=round(found[0][2], 2),
                       conditions=conditions, kind="two_mrz", jpeg_quality=quality, mrz_quad=quad(found[0][3]),
                       format_2=zones[1].format, lines_2=zones[1].lines, rotation_2=round(rotation + found[1][1], 2),
                       mrz_pitch_px_2=round(found[1][2], 2), mrz_quad_2=quad(found[1][3]))


# ---------------------------------------------------------------------------------------- negatives

WORDS = ("account", "energy", "supply", "period", "meter", "reading", "tariff", "standing", "charge", "total",
         "payment", "direct", "debit", "customer", "service", "please", "contact", "reference", "balance", "due",
         "invoice", "usage", "kWh", "estimated", "previous", "current", "VAT", "discount", "online", "statement")


def sentence(dice: Dice, n_min: int = 4, n_max: int = 12) -> str:
    text = " ".join(dice.pick(WORDS) for _ in range(dice.py.randint(n_min, n_max)))
    return text[0].upper() + text[1:] + "."


def page_picture(dice: Dice, options: Options, sheet: Sheet, kind: str) -> tuple[bytes, dict]:
    """A printed page (bill, receipt, listing) photographed on a desk, like a document but with no zone."""
    layer = Layer(sheet.image.convert("RGBA"), sheet.ppm, (0, 0, sheet.width_mm, sheet.height_mm))
    rotation = options.rotation if options.rotation is not None else dice.u(-10, 10)
    # A long receipt cannot fill most of a frame's width and still fit whole: it fills less.
    fill = (0.55, 0.9) if sheet.height_mm < 2 * sheet.width_mm else (0.25, 0.55)
    frame = plan_frame(dice, sheet.width_mm, sheet.height_mm, rotation, dice.u(2.5, 6), options.long_side, fill)
    to_photo = place_group(dice, frame, sheet.width_mm, sheet.height_mm, rotation)
    photo = desk(dice, frame.width, frame.height, options.desk)
    paste_layer(photo, dice, layer, to_photo)
    spot = tuple(project(to_photo, [(dice.u(0, sheet.width_mm), dice.u(0, sheet.height_mm))])[0])
    data, conditions, quality = capture(dice, photo, options.camera, spot)
    return data, label(rotation=round(rotation, 2), width=frame.width, height=frame.height, conditions=conditions,
                       kind=kind, jpeg_quality=quality)


def utility_bill(dice: Dice) -> Sheet:
    """An A4 bill: logo and supplier, the customer's address, account details, a charges table."""
    sheet = Sheet(210, 297, dice.u(5, 6.5), dice.jitter((250, 250, 248), 4))
    brand = dice.jitter(dice.pick(((0, 110, 180), (220, 80, 20), (20, 140, 70), (120, 30, 120))), 20)
    ink = (30, 30, 34)
    sheet.draw.ellipse(sheet.box((15, 14, 35, 34)), fill=brand)
    sheet.text(25, 27.5, dice.pick(("E", "W", "G", "U")), "DejaVuSans-Bold", 12, (255, 255, 255), "ms")
    sheet.text(40, 24, dice.pick(("Northwind Energy", "Utopia Water", "Bright Gas & Power", "CityNet Broadband")),
               "DejaVuSans-Bold", 7, brand)
    sheet.text(40, 31, "Customer service 0800 123 4567 · www.example.com", "DejaVuSans", 3.2, ink)
    for i, line in enumerate((dice.pick(("Ms Anna Eriksson", "Mr Jean Dupont", "Erika Mustermann")),
                              f"{dice.py.randint(1, 200)} {dice.pick(('High Street', 'Station Road', 'Elm Avenue'))}",
                              dice.pick(("Utopia City UT1 2AB", "10115 Berlin", "75001 Paris")))):
        sheet.text(18, 55 + i * 6, line, "DejaVuSans", 4, ink)
    title = dice.pick(("Your electricity bill", "Water services invoice", "Your energy statement"))
    sheet.text(120, 55, title, "DejaVuSans-Bold", 5.5, ink)
    for i, (k, v) in enumerate((("Account number", f"{dice.py.randint(10**9, 10**10 - 1)}"),
                                ("Bill date", f"{dice.py.randint(1, 28):02d}/{dice.py.randint(1, 12):02d}/2025"),
                                ("Billing period", "01/04/2025 - 30/06/2025"))):
        sheet.text(112, 64 + i * 6, k, "DejaVuSans", 3.3, ink)
        sheet.text(195, 64 + i * 6, v, "DejaVuSans-Bold", 3.3, ink, "rs")
    bill_table(sheet, dice, ink, brand)
    for i in range(dice.py.randint(6, 12)):
        sheet.text(18, 215 + i * 5.5, sentence(dice, 8, 16), "DejaVuSans", 3.2, (80, 80, 84), fit_mm=175)
    barcode(sheet, dice, (18, 275, 100, 287), ink)
    return sheet


def bill_table(sheet: Sheet, dice: Dice, ink, brand) -> None:
    """The charges: a header band, ruled rows of description, units, rate and amount, a total."""
    top, row_h = 95, 8
    sheet.draw.rectangle(sheet.box((15, top, 195, top + row_h)), fill=brand)
    for x, head in ((18, "Description"), (110, "Units"), (140, "Rate"), (192, "Amount")):
        sheet.text(x, top + 5.6, head, "DejaVuSans-Bold", 3.6, (255, 255, 255), "rs" if x > 180 else "ls")
    total = 0.0
    rows = dice.py.randint(5, 10)
    for r in range(rows):
        y = top + (r + 1) * row_h
        amount = dice.u(2, 120)
        total += amount
        sheet.text(18, y + 5.6, sentence(dice, 2, 4)[:-1], "DejaVuSans", 3.4, ink, fit_mm=88)
        sheet.text(110, y + 5.6, f"{dice.py.randint(1, 900)}", "DejaVuSans", 3.4, ink)
        sheet.text(140, y + 5.6, f"{dice.u(0.05, 0.4):.4f}", "DejaVuSans", 3.4, ink)
        sheet.text(192, y + 5.6, f"{amount:.2f}", "DejaVuSans", 3.4, ink, "rs")
        sheet.draw.line(sheet.box((15, y + row_h, 195, y + row_h)), fill=(180, 180, 184), width=2)
    y = top + (rows + 1) * row_h + 4
    sheet.text(140, y + 6, "Total due", "DejaVuSans-Bold", 4.5, ink)
    sheet.text(192, y + 6, f"{total:.2f}", "DejaVuSans-Bold", 4.5, ink, "rs")


def text_page(dice: Dice) -> Sheet:
    """A page of monospaced text - a till receipt, a log printout, a code listing - in capitals,
    digits and the odd '<': the texture most like a zone that is not one (every line has spaces or
    punctuation, and the face is DejaVu Sans Mono, not OCR-B)."""
    receipt = dice.chance(0.4)
    if receipt:
        sheet = Sheet(80, dice.u(150, 230), dice.u(5, 8), dice.jitter((248, 248, 244), 5))
    else:
        sheet = Sheet(210, 297, dice.u(4.5, 6), dice.jitter((248, 248, 244), 5))
    width_mm = sheet.width_mm - (8 if receipt else 30)
    chars = round(width_mm / (0.6 * (3.2 if receipt else 3.4)))
    y, step = 10, (4.2 if receipt else 4.6)
    make_line = dice.pick((receipt_line, log_line, listing_line)) if not receipt else receipt_line
    while y < sheet.height_mm - 10:
        sheet.text(4 if receipt else 15, y, make_line(dice)[:chars], "DejaVuSansMono", 3.2 if receipt else 3.4,
                   (35, 35, 40), fit_mm=width_mm)
        y += step
    return sheet


def receipt_line(dice: Dice) -> str:
    item = dice.pick(("MILK 1L", "BREAD WHOLEMEAL", "COFFEE BEANS", "APPLES 1KG", "BATTERIES AA<4>", "SUBTOTAL",
                      "CARD ****4821", "VAT 20% INCL", "CHANGE", "TOTAL EUR"))
    return f"{item:<24}{dice.u(0.5, 60):>8.2f}"


def log_line(dice: Dice) -> str:
    r = dice.py.randint
    stamp = f"2025-0{r(1, 9)}-{r(10, 28)} {r(10, 23)}:{r(10, 59)}:{r(10, 59)}"
    level, source = dice.pick(("INFO", "WARN", "DEBUG", "ERROR")), dice.pick(("REQ", "JOB", "DB", "AUTH"))
    source = f"{level} {source}<{r(1000, 99999)}>"
    return f"{stamp} {source} " + " ".join(dice.pick(WORDS).upper() for _ in range(r(2, 6)))


def listing_line(dice: Dice) -> str:
    indent = " " * 4 * dice.py.randint(0, 3)
    return indent + dice.pick((f"IF X{dice.py.randint(0, 99)} < {dice.py.randint(0, 999)} THEN",
                               f"LET A$ = \"{dice.pick(WORDS).upper()}<<{dice.py.randint(0, 99)}\"",
                               f"GOTO {dice.py.randint(10, 990)}", f"PRINT \"{sentence(dice, 2, 5).upper()}\"",
                               f"DATA {', '.join(str(dice.py.randint(0, 255)) for _ in range(8))}"))


def selfie_picture(dice: Dice, options: Options) -> tuple[bytes, dict]:
    """A selfie: a face filling much of a portrait frame in front of a blurred room."""
    long_side = dice.py.randint(*options.long_side)
    aspect = dice.pick((4 / 3, 16 / 9))
    width, height = round(long_side / aspect), long_side
    photo = dice.pick((clutter, plain_desk))(dice, width, height)
    face_w = width * dice.u(0.75, 1.1)
    cx, cy = width * dice.u(0.4, 0.6), height * dice.u(0.45, 0.6)
    box = (cx - face_w / 2, cy - face_w * 0.55, cx + face_w / 2, cy + face_w * 0.85)
    draw_person(photo, box, dice, dice.jitter(dice.pick(SKINS), 8), dice.jitter(dice.pick(HAIRS), 8),
                dice.jitter((90, 90, 110), 70), detail=True)
    photo = photo.filter(ImageFilter.GaussianBlur(width / 900))   # a front camera's soft rendering
    data, conditions, quality = capture(dice, photo, options.camera)
    return data, label(width=width, height=height, conditions=conditions, kind="selfie", jpeg_quality=quality)


def empty_desk_picture(dice: Dice, options: Options) -> tuple[bytes, dict]:
    """The desk alone, perhaps with a pen, a mug or a phone on it: the user pressed too early."""
    long_side = dice.py.randint(*options.long_side)
    aspect = dice.pick(ASPECTS)
    width, height = (round(long_side / aspect), long_side) if aspect > 1 else (long_side, round(long_side * aspect))
    photo = desk(dice, width, height, options.desk)
    draw = ImageDraw.Draw(photo)
    for _ in range(dice.py.randint(0, 3)):
        x, y, s = dice.u(0.1, 0.9) * width, dice.u(0.1, 0.9) * height, dice.u(0.05, 0.15) * width
        thing = dice.pick(("pen", "mug", "phone"))
        if thing == "pen":
            a = dice.u(0, math.pi)
            dx, dy = math.cos(a) * s * 1.5, math.sin(a) * s * 1.5
            draw.line((x - dx, y - dy, x + dx, y + dy), fill=dice.jitter((30, 40, 120), 60),
                      width=max(3, round(s / 12)))
        elif thing == "mug":
            draw.ellipse((x - s, y - s, x + s, y + s), fill=dice.jitter((230, 230, 225), 25))
            draw.ellipse((x - s * 0.8, y - s * 0.8, x + s * 0.8, y + s * 0.8), fill=(60, 35, 20))
        else:
            draw.rounded_rectangle((x - s * 0.6, y - s * 1.2, x + s * 0.6, y + s * 1.2), radius=s * 0.15,
                                   fill=(20, 20, 24))
    data, conditions, quality = capture(dice, photo, options.camera)
    return data, label(width=width, height=height, conditions=conditions, kind="desk", jpeg_quality=quality)


NEGATIVES = (("selfie", 24), ("bill", 22), ("desk", 14), ("text_page", 24), ("upside_down", 8), ("two_mrz", 8))


def picture(dice: Dice, kind: str, options: Options) -> tuple[bytes, dict]:
    if kind == "document":
        return document_picture(dice, options)
    if kind == "upside_down":
        return document_picture(dice, options, upside_down=True)
    if kind == "two_mrz":
        return two_documents_picture(dice, options)
    if kind == "selfie":
        return selfie_picture(dice, options)
    if kind == "desk":
        return empty_desk_picture(dice, options)
    if kind == "bill":
        return page_picture(dice, options, utility_bill(dice), "bill")
    if kind == "text_page":
        return page_picture(dice, options, text_page(dice), "text_page")
    raise ValueError(f"unknown kind {kind}")


def numbered_picture(job: tuple[int, int, str]) -> tuple[bytes, dict]:
    """Picture `index` of a run: everything it holds follows from SEED and index alone."""
    seed, index, run = job
    dice = Dice.for_picture(seed, index)
    if run == "documents":
        kind = "document"
    else:
        kind = dice.py.choices([k for k, _ in NEGATIVES], [w for _, w in NEGATIVES])[0]
    data, entry = picture(dice, kind, Options())
    entry["file"] = f"{index:04d}.jpg"
    return data, entry


# ---------------------------------------------------------------------------------------- runs

def write_run(out: Path, count: int, seed: int, run: str, workers: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(seed, index, run) for index in range(1, count + 1)]
    started = time.monotonic()
    entries = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for data, entry in pool.imap(numbered_picture, jobs, chunksize=2):
            (out / entry["file"]).write_bytes(data)
            entries.append(entry)
    write_labels(out, entries)
    print(f"wrote {count} {run} pictures to {out} in {time.monotonic() - started:.1f} s", file=sys.stderr)


def write_labels(out: Path, entries) -> None:
    (out / "labels.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))


# Mild faults only (sensor noise would take most of the 150 KB a committed fixture may weigh).
FIXTURE_CAMERA = Camera(conditions=("blur", "uneven_lighting"), quality=85, blur_max=0.6)
# name -> (seed, kind, options): small, fixed pictures for the reader's unit tests.
FIXTURES = {
    "td1.jpg": (11, "document", Options("TD1", -3.0, 20, (900, 1100), FIXTURE_CAMERA)),
    "td2.jpg": (12, "document", Options("TD2", 2.0, 18, (900, 1100), FIXTURE_CAMERA)),
    "td3.jpg": (13, "document", Options("TD3", -1.5, 17, (1000, 1200), FIXTURE_CAMERA)),
    "td3-rotated.jpg": (14, "document", Options("TD3", 8.0, 16, (1000, 1200), FIXTURE_CAMERA)),
    "td3-upside-down.jpg": (15, "upside_down", Options("TD3", 182.0, 16, (1000, 1200), FIXTURE_CAMERA)),
    "two-mrz.jpg": (16, "two_mrz", Options(None, 2.0, 14, (1100, 1200), FIXTURE_CAMERA, "plain")),
    "bill.jpg": (17, "bill", Options(None, 4.0, None, (1000, 1200), FIXTURE_CAMERA, "plain")),
    "selfie.jpg": (18, "selfie", Options(None, None, None, (1000, 1200), FIXTURE_CAMERA)),
}
FIXTURE_MAX_BYTES = 150_000


def write_fixtures(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, (seed, kind, options) in FIXTURES.items():
        data, entry = picture(Dice.for_picture(seed, 0), kind, options)
        if len(data) > FIXTURE_MAX_BYTES or max(entry["width"], entry["height"]) > 1200:
            raise SystemExit(f"{name}: {len(data)} bytes, {entry['width']}x{entry['height']}: "
                             "over the fixture limits")
        entry["file"] = name
        (out / name).write_bytes(data)
        entries.append(entry)
        print(f"{name}: {entry['width']}x{entry['height']}, {len(data)} bytes", file=sys.stderr)
    entries.append(write_large(out / "large-40mp.jpg"))
    write_labels(out, entries)


def write_large(path: Path) -> dict:
    """A 40-megapixel photo of a striped desk and nothing else: the reader must scale it down
    and find no zone, in bounded time and memory. Flat, so the file stays small."""
    image = Image.new("L", (7300, 5480), 200)
    draw = ImageDraw.Draw(image)
    for y in range(0, 5480, 400):
        draw.line((0, y, 7300, y + 300), fill=120, width=6)
    image.save(path, quality=40, optimize=True)
    return {"file": path.name, "format": None, "lines": [], "rotation": 0.0, "width": 7300, "height": 5480,
            "mrz_pitch_px": None, "conditions": [], "kind": "desk", "jpeg_quality": 40}


def check_run(out: Path) -> None:
    """Re-reads a run: every picture exists at its stated size and every zone passes the checker."""
    problems = 0
    for line in (out / "labels.jsonl").read_text().splitlines():
        entry = json.loads(line)
        with Image.open(out / entry["file"]) as image:
            if image.size != (entry["width"], entry["height"]):
                problems += 1
                print(f"{entry['file']}: {image.size} is not the labelled size", file=sys.stderr)
        for fmt, lines in ((entry["format"], entry["lines"]), (entry.get("format_2"), entry.get("lines_2"))):
            if fmt is not None and not zone_is_valid(fmt, lines):
                problems += 1
                print(f"{entry['file']}: {fmt} zone fails the checker: {lines}", file=sys.stderr)
    if problems:
        raise SystemExit(f"{problems} problems in {out}")
    print(f"{out}: every label checks out", file=sys.stderr)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="folder for NNNN.jpg and labels.jsonl")
    parser.add_argument("count", nargs="?", type=int, default=600, help="how many pictures (600)")
    parser.add_argument("seed", nargs="?", type=int, default=1, help="the run's seed (1)")
    parser.add_argument("--kind", choices=("documents", "negatives"), default="documents",
                        help="documents with a zone, or pictures without one plus upside-down and two-zone ones")
    parser.add_argument("--workers", type=int, default=2, help="processes drawing at once (the bytes do not depend on it)")
    parser.add_argument("--fixtures", metavar="DIR", help="write the unit tests' named pictures to DIR")
    parser.add_argument("--check", metavar="DIR", help="check the labels and pictures of a run in DIR")
    args = parser.parse_args(argv)
    if args.fixtures:
        write_fixtures(Path(args.fixtures))
    elif args.check:
        check_run(Path(args.check))
    elif args.out:
        write_run(Path(args.out), args.count, args.seed, args.kind, max(1, args.workers))
    else:
        parser.error("give OUT_DIR, --fixtures DIR or --check DIR")


if __name__ == "__main__":
    main(sys.argv[1:])
