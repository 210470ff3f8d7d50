"""Photos for the face check's end-to-end tests, made from the face_recognition package's
labelled photos: identity cards with a holder's portrait printed on them, and selfies.

    face_fixtures.py TEST_IMAGES_DIR OUT_DIR

card-<name>.jpg   a 1400x880 card: a pale background, printed lines, the portrait (the photo's
                  face and shoulders, 300 pixels wide) on the left, and a small ghost portrait
selfie-<name>.jpg the photo itself, as a phone would send it (JPEG, quality 90)
selfie-noface.jpg, selfie-blurred-face.jpg  what the retake reasons are tested with
varied-*.jpg      one selfie (obama2) turned 12 degrees, darkened, brightened, saved at JPEG
                  quality 15, in CMYK, and cut off halfway through its data
three-faces.jpg   three people side by side
"""
import os, sys

from PIL import Image, ImageDraw, ImageFilter


def portrait(photo, box, width):
    left, top, right, bottom = box
    side = right - left
    crop = photo.crop((max(0, left - side // 2), max(0, top - side // 2), right + side // 2, bottom + side))
    return crop.resize((width, int(width * crop.height / crop.width)))


def card(photo, box):
    canvas = Image.new("RGB", (1400, 880), (226, 232, 240))
    draw = ImageDraw.Draw(canvas)
    for i in range(8):
        draw.rectangle((440, 140 + i * 70, 1300 - i * 40, 160 + i * 70), fill=(60, 70, 90))
    canvas.paste(portrait(photo, box, 300), (80, 160))
    ghost = portrait(photo, box, 90).convert("L").convert("RGB")
    canvas.paste(ghost, (1180, 620))
    return canvas


def main():
    source, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    import json
    reference = json.load(open(os.path.join(os.path.dirname(source.rstrip("/")), "reference.json")))
    for name in ("obama.jpg", "obama2.jpg", "biden.jpg"):
        photo = Image.open(os.path.join(source, name)).convert("RGB")
        stem = name.rsplit(".", 1)[0]
        card(photo, reference[name]["boxes"][0]).save(os.path.join(out, f"card-{stem}.jpg"), quality=90)
        photo.save(os.path.join(out, f"selfie-{stem}.jpg"), quality=90)
    # A sharp photo without a face (the lower part of one: suit, tie, flag), and a selfie whose
    # face alone is blurred (the photo around it sharp, so only the face check can tell).
    photo = Image.open(os.path.join(source, "obama.jpg")).convert("RGB")
    photo.crop((0, photo.height // 2, photo.width, photo.height)).save(os.path.join(out, "selfie-noface.jpg"), quality=90)
    photo = Image.open(os.path.join(source, "obama2.jpg")).convert("RGB")
    left, top, right, bottom = reference["obama2.jpg"]["boxes"][0]
    face = photo.crop((left, top, right, bottom)).filter(ImageFilter.BoxBlur(8))
    photo.paste(face, (left, top))
    photo.save(os.path.join(out, "selfie-blurred-face.jpg"), quality=90)

    # One selfie varied as phones and lighting vary it.
    photo = Image.open(os.path.join(source, "obama2.jpg")).convert("RGB")
    photo.rotate(12, resample=Image.BICUBIC, fillcolor=(128, 128, 128)).save(os.path.join(out, "varied-rotated.jpg"), quality=90)
    photo.point(lambda v: v * 45 // 100).save(os.path.join(out, "varied-dark.jpg"), quality=90)
    photo.point(lambda v: min(255, 60 + v * 8 // 10)).save(os.path.join(out, "varied-bright.jpg"), quality=90)
    photo.save(os.path.join(out, "varied-quality15.jpg"), quality=15)
    photo.convert("CMYK").save(os.path.join(out, "varied-cmyk.jpg"), quality=90)
    whole = open(os.path.join(out, "selfie-obama2.jpg"), "rb").read()
    open(os.path.join(out, "varied-cut.jpg"), "wb").write(whole[: len(whole) // 2])

    people = [Image.open(os.path.join(source, name)).convert("RGB") for name in ("obama.jpg", "biden.jpg", "obama2.jpg")]
    people = [p.resize((400, int(400 * p.height / p.width))) for p in people]
    row = Image.new("RGB", (1200, max(p.height for p in people)), (240, 240, 240))
    for i, p in enumerate(people):
        row.paste(p, (i * 400, 0))
    row.save(os.path.join(out, "three-faces.jpg"), quality=90)


if __name__ == "__main__":
    main()
