"""`multipart/form-data` image uploads (`image_file`) and the CDN URL they get."""

from __future__ import annotations

import posixpath
from email.parser import BytesParser
from email.policy import HTTP

from aiohttp import web

from storebridge_sandbox.errors import invalid
from storebridge_sandbox.timefmt import unix

CDN = "https://cdn11.bigcommerce.com"
IMAGE_TYPES = (".bmp", ".gif", ".jpeg", ".jpg", ".png", ".wbmp", ".xbm", ".webp")


def _file_name(content_type: str, raw: bytes) -> str | None:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "image_file":
            return part.get_filename() or "image.jpg"
    return None


async def uploaded_image(request: web.Request) -> str:
    """The file name of the `image_file` part of a multipart body; 422 when there is none."""
    name = _file_name(request.headers.get("Content-Type", ""), await request.read())
    if name is None:
        raise invalid("image_file", "Send the image as multipart/form-data field image_file")
    if posixpath.splitext(name.lower())[1] not in IMAGE_TYPES:
        raise invalid("image_file", f"{name} is not a supported image type")
    return name


def cdn_image_url(store_hash: str, name: str) -> str:
    """`https://cdn11.bigcommerce.com/s-{hash}/product_images/{letter}/{stem}__{time}{ext}`."""
    stem, ext = posixpath.splitext(posixpath.basename(name))
    letter = (stem[:1] or "x").lower()
    return f"{CDN}/s-{store_hash}/product_images/{letter}/{stem}__{unix()}{ext.lower()}"
