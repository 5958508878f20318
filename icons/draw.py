#!/usr/bin/env python3
"""Draws the app icon's source: a rounded indigo tile holding a white check mark over three list
bars, as one 1024 px 8-bit RGBA PNG (icons/source.png).

Pure standard library (zlib PNG writer, 4x4 supersampling). Every platform's icon (.icns, .ico and
the PNG sizes) is made from that one file by icons/generate, which runs this first.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def inside_round_rect(x, y, r):
    # unit square [0,1]^2 with corner radius r
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    qx, qy = ax + t * dx, ay + t * dy
    return math.hypot(px - qx, py - qy)


def shade(x, y):
    """Colour (r, g, b, a) of the point (x, y) in unit coordinates."""
    if not inside_round_rect(x, y, 0.22):
        return (0, 0, 0, 0)
    # background: indigo to teal gradient
    t = (x + y) / 2
    bg = (int(52 + (20 - 52) * t), int(64 + (150 - 64) * t), int(190 + (160 - 190) * t), 255)
    # three list bars on the left
    for i, by in enumerate((0.30, 0.50, 0.70)):
        if 0.20 <= x <= 0.42 and abs(y - by) <= 0.045:
            return (255, 255, 255, 150 if i else 210)
    # check mark
    w = 0.07
    if (dist_to_segment(x, y, 0.48, 0.52, 0.60, 0.66) <= w
            or dist_to_segment(x, y, 0.60, 0.66, 0.82, 0.32) <= w):
        return (255, 255, 255, 255)
    return bg


def render(size, ss=4):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    r, g, b, a = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = ss * ss
            a = acc[3] / n
            if acc[3]:
                row += bytes([int(acc[0] / acc[3]), int(acc[1] / acc[3]), int(acc[2] / acc[3]), int(a)])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    return rows


def write_png(path, size):
    raw = b"".join(render(size))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    write_png(os.path.join(HERE, "source.png"), 1024)
    print("wrote source.png")
