"""Helpers shared by every app's demo loader (``<app>/demo.py``).

Each loader is idempotent: it looks things up by a stable key (slug, title) and
creates only what is missing, so running ``load_demo_content`` twice changes nothing.
"""

import colorsys
import hashlib
import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Page


class DemoContext:
    """What a loader gets: console output with progress and shared look-ups."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.created = 0

    def step(self, message):
        self.stdout.write(f"  · {message}")

    def progress(self, label, done, total):
        width = 24
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "░" * (width - filled)
        end = "\n" if done >= total else "\r"
        self.stdout.write(f"    {label} [{bar}] {done}/{total}", ending=end)
        self.stdout.flush()

    def home(self):
        from wagtail.models import Site

        return Site.objects.get(is_default_site=True).root_page.specific


def _palette(key):
    digest = hashlib.sha256(key.encode()).digest()
    hue = digest[0] / 255
    base = colorsys.hls_to_rgb(hue, 0.35, 0.55)
    light = colorsys.hls_to_rgb((hue + 0.08) % 1, 0.75, 0.45)
    return (
        tuple(int(c * 255) for c in base),
        tuple(int(c * 255) for c in light),
        int.from_bytes(digest[1:5], "big"),
    )


def render_picture(key, size=(1200, 675), motif="landscape"):
    """Draw a simple deterministic illustration; the same key gives the same bytes."""
    width, height = size
    dark, light, seed = _palette(key)
    rng = random.Random(seed)
    img = PILImage.new("RGB", size, dark)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / height
        colour = tuple(int(dark[i] * (1 - t) + light[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    if motif == "portrait":
        cx, cy = width // 2, int(height * 0.42)
        r = int(min(width, height) * 0.2)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(245, 230, 215))
        draw.rectangle(
            [cx - int(r * 1.8), cy + int(r * 1.2), cx + int(r * 1.8), height], fill=(40, 70, 45)
        )
        draw.polygon(
            [(cx - r, cy - int(r * 0.6)), (cx + r, cy - int(r * 0.6)), (cx, cy - int(r * 1.5))],
            fill=(40, 70, 45),
        )
        draw.ellipse(
            [cx - 12, cy - int(r * 1.15) - 12, cx + 12, cy - int(r * 1.15) + 12], fill=(200, 30, 30)
        )
    else:
        for layer in range(3):
            base_y = int(height * (0.55 + layer * 0.12))
            shade = tuple(max(0, int(c * (0.7 - layer * 0.18))) for c in dark)
            points = [(0, height)]
            for x in range(0, width + 60, 60):
                points.append((x, base_y - int(rng.random() * height * 0.12 * (3 - layer))))
            points.append((width, height))
            draw.polygon(points, fill=shade)
        sx, sy, sr = int(width * rng.uniform(0.6, 0.85)), int(height * 0.22), int(height * 0.09)
        star = []
        for i in range(10):
            angle = math.pi / 2 + i * math.pi / 5
            radius = sr if i % 2 == 0 else sr * 0.4
            star.append((sx + radius * math.cos(angle), sy - radius * math.sin(angle)))
        draw.polygon(star, fill=(245, 200, 70))
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def demo_image(title, description, key=None, size=(1200, 675), motif="landscape"):
    """Return the demo image with this title, drawing and saving it the first time."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = render_picture(key or title, size=size, motif=motif)
    filename = hashlib.sha1(title.encode()).hexdigest()[:12] + ".jpg"
    image = Image(
        title=title,
        description=description,
        collection=Collection.get_first_root_node(),
    )
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def ensure_page(parent, model, slug, publish=True, **fields):
    """Return the child of ``parent`` with ``slug``; create and publish it if missing."""
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page, True
