"""Draws the image decoder's test files (see scripts/make-image-fixtures).

The reference picture is 64 x 48 in four flat quadrants - red top left, green top right, blue
bottom left, white bottom right - so a test can tell which way up a decoded image stands and
whether its colours survived, from four samples.
"""
import io
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
import pillow_heif

QUADRANTS = ((255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255))
WIDTH, HEIGHT = 64, 48


def reference() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    half_w, half_h = WIDTH // 2, HEIGHT // 2
    for index, colour in enumerate(QUADRANTS):
        x, y = (index % 2) * half_w, (index // 2) * half_h
        image.paste(colour, (x, y, x + half_w, y + half_h))
    return image


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header that states width x height, with one tiny compressed row after it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))


def save(image: Image.Image, path: Path, **options) -> None:
    buffer = io.BytesIO()
    image.save(buffer, **options)
    path.write_bytes(buffer.getvalue())


def document_photo() -> Image.Image:
    """A 1280 x 800 photo of a printed card on a desk: the texture the quality measures read."""
    photo = Image.new("L", (1280, 800), 90)
    draw = ImageDraw.Draw(photo)
    draw.rounded_rectangle((140, 110, 1140, 690), radius=30, fill=232)
    draw.rectangle((190, 170, 430, 470), fill=170)
    font = ImageFont.load_default(size=30)
    lines = ["REPUBLIC OF UTOPIA", "IDENTITY CARD", "ERIKSSON", "ANNA MARIA", "12 08 1974", "D23145890"]
    for row, text in enumerate(lines):
        draw.text((480, 170 + row * 48), text, fill=30, font=font)
    mrz = ImageFont.load_default(size=34)
    for row, text in enumerate(["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6"]):
        draw.text((190, 560 + row * 50), text, fill=20, font=mrz)
    return photo


def photos(out: Path) -> None:
    """The document photos the API tests upload: sharp, out of focus, and glared."""
    out.mkdir(parents=True, exist_ok=True)
    sharp = document_photo()
    save(sharp, out / "document-sharp.jpg", format="JPEG", quality=90)
    save(sharp.filter(ImageFilter.GaussianBlur(6)), out / "document-blurry.jpg", format="JPEG", quality=90)
    glare = sharp.copy()
    highlight = Image.new("L", sharp.size, 0)
    ImageDraw.Draw(highlight).ellipse((420, 180, 900, 560), fill=255)
    glare.paste(255, mask=highlight.filter(ImageFilter.GaussianBlur(8)))
    save(glare, out / "document-glare.jpg", format="JPEG", quality=90)
    for path in sorted(out.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    picture = reference()
    save(picture, out / "photo.jpg", format="JPEG", quality=95)
    save(picture, out / "progressive.jpg", format="JPEG", quality=95, progressive=True)
    save(picture.convert("L"), out / "grey.jpg", format="JPEG", quality=95)
    save(picture.convert("CMYK"), out / "cmyk.jpg", format="JPEG", quality=95)
    # Stored turned a quarter to the left; orientation 6 says to turn it right to stand upright.
    save(picture.transpose(Image.Transpose.ROTATE_90), out / "orientation-6.jpg", format="JPEG", quality=95,
         exif=exif_orientation(6))
    save(picture.transpose(Image.Transpose.ROTATE_180), out / "orientation-3.jpg", format="JPEG", quality=95,
         exif=exif_orientation(3))
    save(picture, out / "photo.png", format="PNG")
    save(picture.convert("P", palette=Image.Palette.ADAPTIVE, colors=4), out / "palette.png", format="PNG")
    wide = b"".join(struct.pack("<H", v * 257) for v in picture.convert("L").get_flattened_data())
    save(Image.frombytes("I;16", picture.size, wide), out / "grey16.png", format="PNG")
    rgba = picture.convert("RGBA")
    rgba.putalpha(Image.new("L", picture.size, 255))
    save(rgba, out / "alpha.png", format="PNG")
    frames = [picture, picture.transpose(Image.Transpose.ROTATE_180)]
    save(frames[0], out / "animated.png", format="PNG", save_all=True, append_images=frames[1:], duration=100)
    save(Image.new("RGB", (1, 1), (10, 20, 30)), out / "one-pixel.png", format="PNG")
    (out / "bomb.png").write_bytes(bomb_png(100_000, 100_000))
    # 40 megapixels of flat grey: a phone camera's size, a few kilobytes compressed.
    save(Image.new("L", (7_300, 5_480), 128), out / "forty-megapixels.png", format="PNG", optimize=True)
    save(picture, out / "photo.webp", format="WEBP", quality=95)
    save(picture, out / "lossless.webp", format="WEBP", lossless=True)
    save(frames[0], out / "animated.webp", format="WEBP", save_all=True, append_images=frames[1:], duration=100)
    pillow_heif.register_heif_opener()
    save(picture, out / "photo.heic", format="HEIF", quality=95)
    for path in sorted(out.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
    photos(Path(sys.argv[2]))
