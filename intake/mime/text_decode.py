"""Bytes to text for mail bodies and text attachments: declared charset, else UTF-8, else cp1252."""

from __future__ import annotations

import codecs

# Labels that promise nothing about 8-bit bytes: treat the part as undeclared.
_UNDECLARED = {"", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "unknown", "default"}
# What mail clients really mean by these labels (WHATWG encoding standard).
_SUPERSETS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "iso-8859-9": "cp1254",
              "ks_c_5601-1987": "cp949", "gb2312": "gb18030", "gbk": "gb18030"}


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text of `data`: the declared charset when known, else UTF-8, else windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # Excel's 'Unicode text', saved as .csv or .txt
    label = (charset or "").strip().strip('"').casefold()
    if label not in _UNDECLARED:
        codec = _codec(_SUPERSETS.get(label, label))
        if codec is not None:
            try:
                return data.decode(codec, errors="strict")
            except UnicodeDecodeError:
                pass  # mislabelled: fall through to the guess below
            except Exception:  # noqa: BLE001 - codecs with odd failure modes
                pass
    return guess_decode(data)


def guess_decode(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8 (ASCII is), else windows-1252 with replacements."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _codec(label: str) -> str | None:
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    # Refuse codecs that are not text encodings (e.g. "base64", "rot13", "zip").
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name
