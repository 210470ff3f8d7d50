"""Sample identity documents for the load and demo scripts (standard library only)."""
import os


def check_digit(text):
    weights, total = (7, 3, 1), 0
    for i, ch in enumerate(text):
        value = 0 if ch == "<" else int(ch) if ch.isdigit() else ord(ch) - 55
        total += value * weights[i % 3]
    return str(total % 10)


def td1(number, surname, given):
    number = number.ljust(9, "<")
    line1 = "I<GBR" + number + check_digit(number) + "<" * 15
    birth, expiry = "901210", "341231"
    head = birth + check_digit(birth) + "F" + expiry + check_digit(expiry) + "GBR" + "<" * 11
    composite = line1[5:] + head[0:7] + head[8:15] + head[18:29]
    line2 = head + check_digit(composite)
    line3 = (surname + "<<" + given).ljust(30, "<")
    return "\n".join([line1, line2, line3])


def jpeg(width, height, size):
    body = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    body += b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    body += bytes([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    body += bytes([0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0])
    return body + os.urandom(size) + b"\xff\xd9"


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n"
