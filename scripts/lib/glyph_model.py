"""Trains the MRZ reader's glyph classifier from OCR-B renders and writes it as Swift source.

The reader (Sources/MRZReading) finds the zone's lines in a photo, fits each line's geometry
(start, direction, pitch) and samples every character cell into a small patch; this module
draws MRZ-like lines in OCR-B under the damage photos do to print (scale, stroke weight, blur,
noise, lighting, JPEG, small residual skew), samples their cells the same way the reader does
(`sample_cells` mirrors `GlyphPatch.swift` line for line: change both or neither), and trains a
one-hidden-layer network on the patches. The result is reproducible: fixed seeds, one BLAS
thread.

    python glyph_model.py OUT.swift [--lines N] [--epochs N] [--seed N]
"""

import argparse
import base64
import io
import multiprocessing
import struct
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
ALPHABET = "<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The patch: columns × rows, spanning WIDTH_PITCHES × HEIGHT_PITCHES character pitches.
COLUMNS, ROWS = 16, 22
WIDTH_PITCHES, HEIGHT_PITCHES = 1.0, 1.4
HIDDEN = 160
# Where OCR-B's ink sits in its advance box, in font units of a 100-unit font (measured from
# renders): the ink's horizontal centre is the advance's centre, the vertical centre of a
# full-height glyph 58.4 units below the drawing origin.
INK_CENTRE_Y = 0.584


def sample_cells(grey, origin, direction, pitch, count):
    """Patches of `count` cells of a line: cell i is centred at origin + i·pitch·direction.

    grey is a float32 array (rows, columns), pixel (x, y) covering [x, x+1) × [y, y+1).
    Returns (count, ROWS*COLUMNS) float32 in 0…1, ink high."""
    ux, uy = direction
    nx, ny = -uy, ux
    step = max(WIDTH_PITCHES * pitch / COLUMNS, HEIGHT_PITCHES * pitch / ROWS)
    k = int(min(3, max(1, np.ceil(step))))
    sub = (np.arange(k) + 0.5) / k - 0.5
    cols = (np.arange(COLUMNS) + 0.5) / COLUMNS - 0.5
    rows = (np.arange(ROWS) + 0.5) / ROWS - 0.5
    along_step, across_step = WIDTH_PITCHES * pitch / COLUMNS, HEIGHT_PITCHES * pitch / ROWS
    # (rows, cols, k, k) offsets along and across the line.
    along = (cols[None, :, None, None] * WIDTH_PITCHES * pitch + sub[None, None, None, :] * along_step)
    across = (rows[:, None, None, None] * HEIGHT_PITCHES * pitch + sub[None, None, :, None] * across_step)
    along, across = np.broadcast_arrays(along, across)
    index = np.arange(count)[:, None, None, None, None] * pitch
    x = origin[0] + (index + along) * ux + across * nx
    y = origin[1] + (index + along) * uy + across * ny
    values = bilinear(grey, x, y).mean(axis=(3, 4)).reshape(count, ROWS * COLUMNS)
    return normalise(values)


def bilinear(grey, x, y):
    height, width = grey.shape
    fx, fy = x - 0.5, y - 0.5
    x0, y0 = np.floor(fx), np.floor(fy)
    tx, ty = fx - x0, fy - y0
    x0 = x0.astype(np.int64)
    y0 = y0.astype(np.int64)
    xa, xb = np.clip(x0, 0, width - 1), np.clip(x0 + 1, 0, width - 1)
    ya, yb = np.clip(y0, 0, height - 1), np.clip(y0 + 1, 0, height - 1)
    top = grey[ya, xa] * (1 - tx) + grey[ya, xb] * tx
    bottom = grey[yb, xa] * (1 - tx) + grey[yb, xb] * tx
    return top * (1 - ty) + bottom * ty


def normalise(values):
    """Per patch: the 5th percentile is ink, the 95th paper; ink → 1, paper → 0."""
    ordered = np.sort(values, axis=1)
    n = values.shape[1]
    ink = ordered[:, int(n * 0.05)][:, None]
    paper = ordered[:, int(n * 0.95)][:, None]
    span = paper - ink
    flat = span < 8
    out = np.clip((paper - values) / np.where(flat, 1, span), 0, 1)
    out[flat[:, 0]] = 0
    return out.astype(np.float32)


def random_text(rng, length):
    """MRZ-like: runs of fillers, names, digits."""
    out = []
    while len(out) < length:
        kind = rng.random()
        run = int(rng.integers(1, 8))
        if kind < 0.3:
            out += ["<"] * run
        elif kind < 0.65:
            out += list(rng.choice(list(ALPHABET[11:]), run))
        else:
            out += list(rng.choice(list(ALPHABET[1:11]), run))
    return "".join(out[:length])


def render_line(rng, font_cache):
    """One damaged line and the geometry of its cells; returns (grey, origin, direction, pitch, text)."""
    pitch = float(rng.uniform(7.5, 34))
    scale = 3
    size = int(round(scale * pitch * 100 / 72.296875))
    font = font_cache.setdefault(size, ImageFont.truetype(FONT, size))
    advance = font.getlength("<")
    text = random_text(rng, int(rng.integers(10, 19)))
    margin = int(2 * advance)
    canvas = (int(advance * len(text) + 2 * margin), int(size * 1.3 + 2 * margin))
    paper = int(rng.integers(120, 256))
    ink = int(rng.integers(0, max(1, paper - 70)))
    image = Image.new("L", canvas, paper)
    draw = ImageDraw.Draw(image)
    draw.text((margin, margin), text, font=font, fill=ink)
    weight = rng.random()
    if weight < 0.2:
        image = image.filter(ImageFilter.MinFilter(3))  # heavier ink
    elif weight < 0.35:
        image = image.filter(ImageFilter.MaxFilter(3))  # lighter ink
    angle = float(rng.normal(0, 1.2))
    centre = (canvas[0] / 2, canvas[1] / 2)
    image = image.rotate(angle, resample=Image.BICUBIC, center=centre, fillcolor=paper)
    image = image.reduce(scale)
    # Geometry at the drawing scale, then turned with the image (PIL turns counter-clockwise).
    theta = -np.deg2rad(angle)
    ux, uy = np.cos(theta), np.sin(theta)
    ox, oy = margin + advance / 2 - centre[0], margin + INK_CENTRE_Y * size - centre[1]
    origin = ((centre[0] + ox * ux - oy * uy) / scale, (centre[1] + ox * uy + oy * ux) / scale)
    grey = damage(rng, image)
    return grey, origin, (ux, uy), advance / scale, text


def damage(rng, image):
    """Blur, light, noise and JPEG, as a phone camera does."""
    if rng.random() < 0.7:
        image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.2, 1.6))))
    grey = np.asarray(image, dtype=np.float32)
    if rng.random() < 0.25:  # a hand that moved: the line smeared along a direction
        grey = motion_blur(grey, int(rng.integers(2, 6)), float(rng.uniform(0, np.pi)))
    h, w = grey.shape
    if rng.random() < 0.5:  # uneven light across the line
        ramp = np.linspace(0, 1, w)[None, :] * float(rng.uniform(-60, 60))
        grey = grey + ramp
    if rng.random() < 0.25:  # a glare patch washing part of the line out
        cx, width = rng.uniform(0, w), rng.uniform(w * 0.05, w * 0.3)
        glow = np.exp(-((np.arange(w) - cx) / width) ** 2)[None, :] * float(rng.uniform(30, 110))
        grey = grey + glow * (1 - grey / 300)
    grey = grey + rng.normal(0, float(rng.uniform(0, 10)), grey.shape)
    grey = np.clip(grey, 0, 255).astype(np.uint8)
    if rng.random() < 0.7:
        buffer = io.BytesIO()
        Image.fromarray(grey).save(buffer, "JPEG", quality=int(rng.integers(35, 95)))
        grey = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    return grey.astype(np.float32)


def motion_blur(grey, length, angle):
    """The mean of `length` copies shifted along `angle`, one pixel apart."""
    out = np.zeros_like(grey)
    for step in range(length):
        offset = step - (length - 1) / 2
        dx, dy = int(round(offset * np.cos(angle))), int(round(offset * np.sin(angle)))
        out += np.roll(np.roll(grey, dy, axis=0), dx, axis=1)
    return out / length


def samples(seed, lines, chunk=250):
    """Patches and labels from `lines` rendered lines, drawn in chunks on every core; each chunk
    has a seed of its own, so the result does not depend on the number of cores."""
    seeds = [(seed * 100_003 + index, min(chunk, lines - start)) for index, start in enumerate(range(0, lines, chunk))]
    with multiprocessing.Pool() as pool:
        parts = pool.starmap(sample_chunk, seeds)
    return np.concatenate([p for p, _ in parts]), np.concatenate([l for _, l in parts])


def sample_chunk(seed, lines):
    """Patches and labels from `lines` rendered lines, each sampled with the reader's errors."""
    rng = np.random.default_rng(seed)
    fonts = {}
    patches, labels = [], []
    for _ in range(lines):
        grey, origin, (ux, uy), pitch, text = render_line(rng, fonts)
        # What the reader's line fit gets wrong: the start, the pitch, the angle.
        error = float(rng.normal(0, np.deg2rad(0.8)))
        du = (ux * np.cos(error) - uy * np.sin(error), ux * np.sin(error) + uy * np.cos(error))
        shift = rng.normal(0, 0.07 * pitch, 2)
        fitted_pitch = pitch * float(rng.normal(1, 0.012))
        start = (origin[0] + shift[0], origin[1] + shift[1])
        patches.append(sample_cells(grey, start, du, fitted_pitch, len(text)))
        labels += [ALPHABET.index(c) for c in text]
    return np.concatenate(patches), np.array(labels, dtype=np.int64)


def train(x, y, epochs, rng):
    """A 352-160-37 network, ReLU, softmax; Adam on mini-batches."""
    inputs = x.shape[1]
    w1 = rng.normal(0, np.sqrt(2 / inputs), (inputs, HIDDEN)).astype(np.float32)
    b1 = np.zeros(HIDDEN, np.float32)
    w2 = rng.normal(0, np.sqrt(2 / HIDDEN), (HIDDEN, len(ALPHABET))).astype(np.float32)
    b2 = np.zeros(len(ALPHABET), np.float32)
    params = [w1, b1, w2, b2]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    step, batch = 0, 256
    for epoch in range(epochs):
        rate = 0.002 * (0.5 ** (epoch / max(1, epochs / 4)))
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            xb, yb = x[idx], y[idx]
            hidden = np.maximum(xb @ w1 + b1, 0)
            logits = hidden @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            prob = np.exp(logits)
            prob /= prob.sum(axis=1, keepdims=True)
            prob[np.arange(len(yb)), yb] -= 1
            g_logits = prob / len(yb)
            g_w2 = hidden.T @ g_logits
            g_b2 = g_logits.sum(axis=0)
            g_hidden = (g_logits @ w2.T) * (hidden > 0)
            g_w1 = xb.T @ g_hidden
            g_b1 = g_hidden.sum(axis=0)
            step += 1
            for p, g, (m, v) in zip(params, [g_w1, g_b1, g_w2, g_b2], moments):
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                p -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        print(f"epoch {epoch + 1}: training error {error_rate(params, x[:20000], y[:20000]):.4%}", file=sys.stderr)
    return params


def predict(params, x):
    w1, b1, w2, b2 = params
    return (np.maximum(x @ w1 + b1, 0) @ w2 + b2).argmax(axis=1)


def error_rate(params, x, y):
    return float((predict(params, x) != y).mean())


def write_swift(params, path, held_out_error):
    w1, b1, w2, b2 = params
    header = struct.pack("<4sIIII", b"VGM1", COLUMNS * ROWS, HIDDEN, len(ALPHABET), 0)
    body = b"".join(np.ascontiguousarray(p, dtype="<f4").tobytes() for p in (w1, b1, w2, b2))
    encoded = base64.b64encode(header + body).decode()
    chunks = "\n".join(encoded[i:i + 100] for i in range(0, len(encoded), 100))
    with open(path, "w") as out:
        out.write("// Generated by scripts/train-mrz-model from OCR-B renders; do not edit.\n")
        out.write(f"// {COLUMNS}×{ROWS} patches, {HIDDEN} hidden units, {len(ALPHABET)} classes; ")
        out.write(f"held-out error {held_out_error:.4%}.\n\n")
        out.write("extension GlyphModel {\n")
        out.write("    /// Weights as little-endian Float32 after a 20-byte header (magic, inputs, hidden, classes, 0), base64.\n")
        out.write('    static let encodedWeights = """\n')
        out.write(chunks)
        out.write('\n"""\n}\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lines", type=int, default=14000)
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--seed", type=int, default=9303)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    x, y = samples(args.seed, args.lines)
    held_x, held_y = samples(args.seed + 1, max(200, args.lines // 10))
    print(f"{len(x)} training patches, {len(held_x)} held out", file=sys.stderr)
    params = train(x, y, args.epochs, rng)
    held_out = error_rate(params, held_x, held_y)
    print(f"held-out error {held_out:.4%}", file=sys.stderr)
    write_swift(params, args.out, held_out)


if __name__ == "__main__":
    main()
