"""The MRZ benchmark's baselines: one engine over a directory of document photos.

    python mrz_baselines.py ENGINE DIR [--config NAME] [--limit N]

ENGINE is `tesseract` (Tesseract 5.3 in-process through tesserocr, on a band of the photo that a
classical detector found) or `passporteye` (`passporteye.read_mrz` with its default settings,
which runs the tesseract binary through pytesseract). DIR holds the photos and labels.jsonl, whose
`file` fields name the photos to read; the labels themselves are never looked at.

Prints one JSON object a line per photo, in the shape `vouch mrz read --json` prints:
    {"file": "DIR/0001.jpg", "found": bool, "valid": bool, "lines": [...], "ms": float}
`found`: the engine put out a whole zone (2 lines of 44 or 36 characters, or 3 of 30);
`valid`: every check digit of it passes, by the `mrz` package's checker; `ms`: the photo's whole
processing, from decoding the file to the result, by time.perf_counter. Run it pinned to one core.
"""

import argparse
import json
import os
import sys
import time
import warnings

# One thread for Tesseract (it reads this when the library loads) and for NumPy's BLAS.
os.environ["OMP_THREAD_LIMIT"] = "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
LENGTHS = {44: ("TD3", 2), 36: ("TD2", 2), 30: ("TD1", 3)}


# ---------------------------------------------------------------------------------------------
# What every engine shares: the check digits, and turning OCR text into a zone by lengths alone.

def check_digits_pass(lines):
    """True when every check digit of the zone passes, per the `mrz` package's checker (its
    hashes only: whether a country code is a known one is no check digit)."""
    from mrz.checker.td1 import TD1CodeChecker
    from mrz.checker.td2 import TD2CodeChecker
    from mrz.checker.td3 import TD3CodeChecker

    if not lines:
        return False
    kind = LENGTHS.get(len(lines[0]))
    if kind is None or len(lines) != kind[1] or any(len(line) != len(lines[0]) for line in lines):
        return False
    if any(ch not in MRZ_ALPHABET for line in lines for ch in line):
        return False
    checker = {"TD1": TD1CodeChecker, "TD2": TD2CodeChecker, "TD3": TD3CodeChecker}[kind[0]]
    try:
        return bool(checker("\n".join(lines))._all_hashes())
    except Exception:  # the checker raises on what it cannot parse at all
        return False


def zone_from_text(text):
    """The zone in Tesseract's text: lines cleared of spaces and of what is not MRZ alphabet,
    fixed by length only (a line one or two characters off a zone length loses or gains filler
    `<` at its end, and only when it ends in filler), then the last run of lines that makes a
    whole zone. No character is changed: repairing by check digits is the reader's job."""
    cleaned = []
    for raw in text.upper().splitlines():
        line = "".join(ch for ch in raw if ch in MRZ_ALPHABET)
        if len(line) < 20:
            continue
        if len(line) not in LENGTHS:
            for length in (44, 36, 30):
                if abs(len(line) - length) <= 2 and line.endswith("<"):
                    line = line[:length] if len(line) > length else line + "<" * (length - len(line))
                    break
        cleaned.append(line)
    for end in range(len(cleaned), 0, -1):
        length = len(cleaned[end - 1])
        if length not in LENGTHS:
            continue
        count = LENGTHS[length][1]
        group = cleaned[max(0, end - count):end]
        if len(group) == count and all(len(line) == length for line in group):
            return group
    return []


# ---------------------------------------------------------------------------------------------
# Tesseract in-process. It cannot find the zone in a whole photo itself, so a classical detector
# finds the band first, without looking at any label: PassportEye's own ROI finder (Hans Boone's
# black-tophat, Sobel, closing and Otsu on a small copy of the photo, then contours merged into
# rotated boxes), tried box by box, largest first, on a 250 px wide copy and then, when no box
# gave a zone whose check digits pass, on a 500 px wide one. A box is cut out of the full photo
# turned straight, widened to where its ink runs out (boxes often stop short of the zone's ends),
# scaled so a character is `char_height` px tall and handed to Tesseract's LSTM engine (the only
# one the models have) with the MRZ alphabet as its whitelist and the dictionaries off.
#
# Configurations tried, on 100 photos of scripts/lib/mrz_photos.py (seed 7) while
# scripts/make-mrz-photos was being written (exact / wrong accepted, of 100; 250 px finder only
# unless said):
#   Latin PSM 6, grey, char height 34 px: 24 / 14      12 px: 30 / 22    16 px: 33 / 22
#                                 20 px: 38 / 13      24 px: 23 / 21
#   ... after widening boxes to their ink and a sturdier character height:
#   Latin PSM 6 grey 18 px: 44 / 12;  PSM 4: 43 / 12;  Otsu-binarized: 10 / 18;  3x3 median: 26 / 16;
#   Gaussian blur 1 px: 9 / 24;  squeezed to 85% width: 30 / 17;
#   14 px: 37 / 17;  16 px: 38 / 15;  20 px: 36 / 19;  24 px: 36 / 12
#   eng (Debian's tessdata_fast) PSM 6 grey 18 px: 16 / 20;  Otsu: worse still
#   Latin PSM 7 on each line Tesseract segments (PSM 6 layout): 22 / 23
#   finder 250 px then 500 px (kept): 52 / 19;  500 px alone: 41 / 18;  800 px alone: 33 / 19;
#   then 400 px as well: 52 / 19 (no gain)
# No MRZ-trained model ("mrz.traineddata") is on PyPI or in Debian, so none was tried; nor is
# there a legacy (OEM 0) model in Debian's Latin or eng data.
# Then, with both finders, on the first 200 photos of the benchmark set (scripts/bench-mrz 600 1):
#   Latin PSM 6 grey 18 px (kept): 81 / 52;  PSM 4: 76 / 54;  Otsu: 20 / 55;  34 px: 50 / 51;
#   eng PSM 6 grey 18 px: 40 / 55.  All 600 with the kept one: 260 exact (43.3%), 149 wrong accepted.
#
# Most misreads are runs of filler `<` read as C, L, K, E or S, and `<` dropped or doubled, which
# changes a line's length; a name line (no check digit covers it) read wrong but of the right
# length is what makes Tesseract's "wrong accepted".

CONFIGS = {
    # name: (lang, psm, binarize, char_height)
    "latin-psm6-gray-18": ("Latin", 6, None, 18),
    "latin-psm4-gray-18": ("Latin", 4, None, 18),
    "latin-psm6-otsu-18": ("Latin", 6, "otsu", 18),
    "latin-psm6-gray-34": ("Latin", 6, None, 34),
    "eng-psm6-gray-18": ("eng", 6, None, 18),
}
BEST_CONFIG = "latin-psm6-gray-18"


def tessdata_and_lang(lang):
    """The tessdata directory and the language name for `lang`: `script/Latin` where the Latin
    script model sits under script/ (tessdata_best's layout), `Latin` where Debian 12's
    tesseract-ocr-script-latn puts it (the tessdata root)."""
    tessdata = os.environ.get("TESSDATA_PREFIX") or "/usr/share/tesseract-ocr/5/tessdata"
    tessdata = tessdata.rstrip("/") + "/"
    if lang == "Latin" and os.path.exists(tessdata + "script/Latin.traineddata"):
        return tessdata, "script/Latin"
    if not os.path.exists(f"{tessdata}{lang}.traineddata"):
        sys.exit(f"mrz_baselines: no {lang}.traineddata under {tessdata}")
    return tessdata, lang


class TesseractEngine:
    def __init__(self, config):
        import tesserocr
        from passporteye.mrz.image import BooneTransform, MRZBoxLocator, Scaler

        self.lang, self.psm, self.binarize, self.char_height = CONFIGS[config]
        self.widen = 0.25
        path, lang = tessdata_and_lang(self.lang)
        self.api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=self.psm, oem=tesserocr.OEM.LSTM_ONLY)
        self.api.SetVariable("tessedit_char_whitelist", MRZ_ALPHABET)
        self.api.SetVariable("load_system_dawg", "F")
        self.api.SetVariable("load_freq_dawg", "F")
        # PassportEye's finder as it comes, then at twice the size with proportionally larger
        # structuring elements and minimum area.
        self.finders = [
            (Scaler(), BooneTransform(), MRZBoxLocator()),
            (Scaler(500), BooneTransform(9), MRZBoxLocator(min_area=2000)),
        ]

    def read(self, path):
        gray = np.asarray(Image.open(path).convert("L"), dtype=np.float64) / 255.0
        first = None
        for scaler, transform, locator in self.finders:
            small, scale_factor = scaler(gray)
            for box in locator(transform(small)):
                cut = self.cut(gray, box, 1.0 / scale_factor)
                if cut is None:
                    continue
                lines = self.ocr(*self.trim(*cut))
                if not lines:
                    continue
                if check_digits_pass(lines):
                    return lines
                first = first or lines
        return first or []

    def cut(self, gray, box, scale):
        """The box's band of the full photo, turned straight: a quarter of its width more on either
        side (a box often stops short of the zone's ends) and half a line above and below. Returns
        the band and the columns the box itself spans in it."""
        from skimage import transform

        # Box coordinates are (row, column); its angle is the width's direction from the row axis,
        # pi/2 for upright text, and is only known modulo pi: the text runs to growing columns.
        angle = box.angle if box.angle > 0 else box.angle + np.pi
        width, height = box.width * scale, box.height * scale
        margin_w, margin_h = self.widen * width + 6, 0.25 * height + 6
        out_w, out_h = int(width + 2 * margin_w), int(height + 2 * margin_h)
        if width < 40 or height < 6:
            return None
        cr, cc = box.center[0] * scale, box.center[1] * scale
        sin, cos = np.sin(angle), np.cos(angle)
        # Output pixel (x, y) -> input (column, row): x along the text, y down across the lines.
        x0, y0 = out_w / 2.0, out_h / 2.0
        matrix = np.array([
            [sin, -cos, cc - sin * x0 + cos * y0],
            [cos, sin, cr - cos * x0 - sin * y0],
            [0, 0, 1],
        ])
        band = transform.warp(gray, transform.AffineTransform(matrix=matrix), output_shape=(out_h, out_w),
                              order=1, mode="edge")
        return band, (int(margin_w), int(margin_w + width))

    def trim(self, band, core):
        """The text of the band: the rows the box's own columns have ink in, and the columns of
        ink that run on from the box's ends without a gap of more than three characters (a
        solid dark column, the document's edge, ends them too). Returns it and the text's
        character height in pixels."""
        from skimage.filters import threshold_sauvola

        left, right = core
        inner = band[:, left:right]
        if inner.size == 0 or inner.max() - inner.min() < 0.05:
            return band, band.shape[0] / 3.0
        # Sauvola's local threshold: glare and uneven light leave ink it still finds.
        window = 2 * int(band.shape[0] / 4) + 1
        ink = band < threshold_sauvola(band, window_size=max(15, window), k=0.2)
        rows = ink[:, left:right].mean(axis=1)
        text_rows = rows > max(0.05, 0.3 * rows.max())
        runs, start = [], None
        for index, on in enumerate(list(text_rows) + [False]):
            if on and start is None:
                start = index
            elif not on and start is not None:
                if index - start >= 3:
                    runs.append((start, index))
                start = None
        if not runs:
            return band, band.shape[0] / 3.0
        top = max(0, runs[0][0] - 4)
        bottom = min(band.shape[0], runs[-1][1] + 4)
        columns = ink[runs[0][0]:runs[-1][1]].mean(axis=0)
        # The character height: the median ink row run, unless the block's proportions say
        # otherwise (lines broken by noise or merged by blur): a zone's width over its height is
        # about 17 for TD3, 14 for TD2 and 7 for TD1, and a character is 0.9 of the pitch.
        height = float(np.median([b - a for a, b in runs]))
        block_h = runs[-1][1] - runs[0][0]
        block_w = np.flatnonzero(columns > 0.02)
        if block_w.size:
            ratio = (block_w[-1] - block_w[0]) / max(1, block_h)
            chars = 44 if ratio > 15.5 else 36 if ratio > 10 else 30
            by_pitch = 0.9 * (block_w[-1] - block_w[0]) / chars
            if not 0.6 < height / by_pitch < 1.6:
                height = by_pitch
        gap = int(3 * height)

        def reach(position, step, limit):
            last, empty = position, 0
            while 0 <= position + step < band.shape[1] and position != limit:
                position += step
                fraction = columns[position]
                if fraction >= 0.55:
                    break
                if fraction > 0.02:
                    last, empty = position, 0
                else:
                    empty += 1
                    if empty > gap:
                        break
            return last

        first = reach(left, -1, 0)
        last = reach(right - 1, 1, band.shape[1] - 1)
        pad = int(0.8 * height)
        top, bottom = max(0, int(top - 0.5 * height)), min(band.shape[0], int(bottom + 0.5 * height))
        return band[top:bottom, max(0, first - pad):min(band.shape[1], last + pad + 1)], height

    def prepare(self, band, height):
        """Scaled so characters are char_height px tall; binarized if the config says so."""
        from skimage.filters import threshold_otsu

        factor = min(8.0, max(0.2, self.char_height / height))
        image = Image.fromarray(np.clip(band * 255.0 + 0.5, 0, 255).astype(np.uint8))
        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))),
                             Image.BICUBIC)
        if self.binarize == "otsu":
            array = np.asarray(image)
            image = Image.fromarray(np.where(array < threshold_otsu(array), 0, 255).astype(np.uint8))
        return image

    def ocr(self, band, height):
        self.api.SetImage(self.prepare(band, height))
        return zone_from_text(self.api.GetUTF8Text())


# ---------------------------------------------------------------------------------------------
# PassportEye with its default settings.

class PassportEyeEngine:
    def __init__(self, config):
        from passporteye import read_mrz
        from passporteye.mrz.text import MRZOCRCleaner

        self.read_mrz, self.cleaner = read_mrz, MRZOCRCleaner

    def read(self, path):
        mrz = self.read_mrz(path)
        if mrz is None:
            return None
        # The lines PassportEye parsed: its own clean-up of the OCR text (spaces dropped, letters and
        # digits swapped where the format wants the other), which is part of its method.
        return {"lines": self.cleaner.apply(mrz.aux.get("raw_text", "")), "valid_score": mrz.valid_score}


def main():
    warnings.simplefilter("ignore")  # scikit-image's deprecation notices about PassportEye's calls
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("engine", choices=["tesseract", "passporteye"])
    parser.add_argument("directory")
    parser.add_argument("--config", default=BEST_CONFIG, choices=sorted(CONFIGS),
                        help="the tesseract engine's configuration (default: the best found)")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N photos")
    args = parser.parse_args()

    with open(os.path.join(args.directory, "labels.jsonl")) as labels:
        files = [json.loads(line)["file"] for line in labels if line.strip()]
    if args.limit:
        files = files[:args.limit]
    engine = TesseractEngine(args.config) if args.engine == "tesseract" else PassportEyeEngine(args.config)

    for name in files:
        path = os.path.join(args.directory, name)
        extra = {}
        started = time.perf_counter()
        try:
            result = engine.read(path)
            error = None
        except Exception as exc:  # an engine crashing on one photo reads nothing from it
            result, error = None, f"{type(exc).__name__}: {exc}"
        if isinstance(result, dict):
            extra["valid_score"] = result["valid_score"]
            lines, found_object = result["lines"], True
        else:
            lines, found_object = result or [], bool(result)
        whole = bool(lines) and len(lines[0]) in LENGTHS and len(lines) == LENGTHS[len(lines[0])][1] \
            and all(len(line) == len(lines[0]) for line in lines)
        valid = whole and check_digits_pass(lines)
        elapsed = (time.perf_counter() - started) * 1000.0
        record = {"file": path, "found": found_object if args.engine == "passporteye" else whole,
                  "valid": valid, "lines": lines, "ms": round(elapsed, 2), **extra}
        if error:
            record["error"] = error
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
