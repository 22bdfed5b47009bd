"""Bytes to text: find the encoding, refuse binary content, never crash on bad bytes."""

from __future__ import annotations

import codecs
import re
import unicodedata

_SNIFF = 8192
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x7fELF", "an executable"),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_1", "iso8859_15", "ascii"})
_WEB = frozenset({
    "ascii", "utf_8", "utf_16", "utf_16_be", "utf_16_le", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
    "cp1256", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6",
    "iso8859_7", "iso8859_8", "iso8859_10", "iso8859_11", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "cp874", "tis_620", "koi8_r", "koi8_u", "cp866", "mac_roman", "mac_cyrillic", "gbk", "gb18030", "gb2312", "big5",
    "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949",
})
"""Python's names for the encodings of the WHATWG Encoding Standard (what browsers decode, so what web pages and
the exports made from them are in), with the Python codecs those labels stand for."""
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class BinaryContent(ValueError):
    """Bytes that are not text; the message says why (``NUL bytes at byte 8``)."""


def codec_name(label: str | None) -> str | None:
    """Python's name for an encoding label (``ISO-8859-1`` -> ``latin-1``), or None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def html_meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return codec_name(match.group(1).decode("ascii")) if match else None


def check_not_binary(data: bytes) -> None:
    """Raise :class:`BinaryContent` if ``data`` starts like a known binary format or holds NUL bytes."""
    head = data[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS) or wide_without_bom(head):
        return  # UTF-16/32 text has NULs
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryContent(f"binary content (not text): looks like {what}")
    nul = head.find(b"\x00")
    if nul >= 0:
        raise BinaryContent(f"binary content (not text): NUL byte at byte {nul}")


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise :class:`BinaryContent` for non-text.

    See :func:`decode_with_note`, which also says when bytes had to be replaced.
    """
    text, encoding, _ = decode_with_note(data, declared)
    return text, encoding


def decode_with_note(data: bytes, declared: str | None = None) -> tuple[str, str, str | None]:
    """Decode ``data`` and return ``(text, encoding, note)``; raise :class:`BinaryContent` for non-text.

    Order: a byte-order mark; UTF-8 when the bytes are valid UTF-8 (pages
    often declare latin-1 and send UTF-8); UTF-8 with the few bad bytes
    replaced (U+FFFD) when the rest is UTF-8 with plenty of multi-byte
    characters, as a file with one stray byte is (guessing another encoding
    for it would garble every curly quote: ``don’t`` -> ``donтАЩt``); the
    ``declared`` charset (HTTP header, ``<meta>``) when the bytes decode with
    it; then charset-normalizer's best guess. ``latin-1`` is read as its
    superset ``cp1252``, as browsers do. The last resort decodes with
    replacement characters, so that odd bytes never stop the reading. A
    leading BOM is removed from the text. ``note`` says what was replaced,
    for the reader to pass on as a warning; None when nothing was.
    """
    check_not_binary(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name, errors="replace")
            return text.lstrip("\ufeff"), name, _replaced(text.count("\ufffd") - data.count(b"\xef\xbf\xbd"), name)
    bare = wide_without_bom(data[:_SNIFF])
    name = bare or _choose_encoding(data, codec_name(declared))
    if name == _MOSTLY_UTF8:
        name = "utf-8"
    if name is None:
        raise BinaryContent("binary content (not text): no text encoding fits the bytes")
    text = data.decode(name, errors="replace")
    if _control_ratio(text[:_SNIFF]) > 0.05:
        raise BinaryContent("binary content (not text): mostly control characters")
    note = _replaced(text.count("\ufffd") - data.count(b"\xef\xbf\xbd"), "UTF-8") if name == "utf-8" else None
    if codec_name(declared) == "utf-8" and name != "utf-8":
        note = f"declared UTF-8, but next to nothing in it is UTF-8: read as {name}"
    return text.lstrip("\ufeff"), name, note


_MOSTLY_UTF8 = "utf-8 with stray bytes"


def wide_encoding(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 codec of text starting with ``head`` (by its byte-order mark, or by its NUL bytes when
    it has none), else None: such text can't be split into lines or read as UTF-8 byte by byte."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return None if name == "utf-8-sig" else name
    return wide_without_bom(head)


def wide_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text saved without a byte-order mark (Windows tools do): nearly
    every other byte is NUL, on one side only, as Latin-script text gives; likewise ``utf-32-le`` or
    ``utf-32-be``, whose every fourth byte is NUL (no code point reaches it) and nearly every third; else None."""
    wide = _utf32_without_bom(head)
    if wide is not None:
        return wide
    n = len(head) // 2
    if n < 8:
        return None
    even, odd = head[0 : 2 * n : 2].count(0), head[1 : 2 * n : 2].count(0)
    for name, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.7 * n and other <= 0.02 * n:
            return _reads_as_text(head[: 2 * n], name)
    return None


def _utf32_without_bom(head: bytes) -> str | None:
    n = len(head) // 4
    if n < 8:
        return None
    lanes = [head[i : 4 * n : 4].count(0) for i in range(4)]
    for name, (low, mid, top) in (("utf-32-le", (0, 2, 3)), ("utf-32-be", (3, 1, 0))):
        if lanes[top] == n and lanes[mid] >= 0.9 * n and lanes[low] <= 0.02 * n:
            return _reads_as_text(head[: 4 * n], name)
    return None


def _reads_as_text(data: bytes, name: str) -> str | None:
    """``name`` when ``data`` decodes with it to text (not mostly control characters), else None."""
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return name if _control_ratio(text) <= 0.05 else None


def _replaced(bad: int, encoding: str) -> str | None:
    if bad <= 0:
        return None
    return f"{bad} byte sequence{'s' if bad != 1 else ''} not valid {encoding} replaced by U+FFFD (the rest is {encoding})"


def _utf8_counts(data: bytes) -> tuple[list[str], int]:
    """The valid multi-byte UTF-8 characters of ``data`` and how many byte sequences are not UTF-8."""
    text = data.decode("utf-8", errors="replace")
    return [ch for ch in text if ord(ch) > 127 and ch != "\ufffd"], text.count("\ufffd") - data.count(b"\xef\xbf\xbd")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 but for a few invalid sequences: at least three valid multi-byte characters for each bad one."""
    good, bad = _utf8_counts(data)
    # a character of three UTF-8 bytes or more (a curly quote, a dash) almost never arises by chance in a
    # legacy encoding: with one, as many good characters as bad sequences will do
    return 0 < bad and (len(good) >= 3 * bad or (len(good) >= bad and any(ord(ch) >= 0x800 for ch in good)))


def _choose_encoding(data: bytes, declared: str | None) -> str | None:
    if declared == "iso8859-1" and _fits_cp1252(data):
        declared = "cp1252"  # what browsers do with a latin-1 label
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _MOSTLY_UTF8
    if declared and declared != "utf-8":
        try:
            data.decode(declared)
            return declared
        except UnicodeDecodeError:
            pass
    if declared == "utf-8" and _some_utf8(data):
        return "utf-8"  # the declaration holds where some of it is UTF-8: the bad bytes are replaced
    return _guess(data)  # (declared UTF-8 with next to no UTF-8 in it: a CMS template's charset over legacy bytes)


def _some_utf8(data: bytes) -> bool:
    """At least as many valid multi-byte UTF-8 characters as invalid sequences (a legacy ``ß“`` that happens to
    form one valid pair among two dozen bad bytes is not UTF-8)."""
    good, bad = _utf8_counts(data)
    return len(good) >= max(bad, 1)


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` to ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess among the encodings web pages use (:data:`_WEB`); on a tie, Western
    European ``cp1252`` (the web's commonest legacy encoding)."""
    from charset_normalizer import from_bytes

    sample = data if len(data) <= 200_000 else data[:100_000] + data[-100_000:]
    matches = from_bytes(sample)
    best = matches.best()
    if best is None:
        return None
    # the first of its ranking that a browser decodes: a DOS code page (``cp775``) can read a latin-1 ``café``
    # as ``cafķ`` a shade more coherently; a match named by a superset (``euc_jis_2004``, ``mac_iceland``) is
    # taken under the web encoding it could also be (``euc_jp``, ``mac_roman``)
    name = best.encoding
    for match in matches:
        web = [c for c in [match.encoding, *match.could_be_from_charset] if c in _WEB]
        if web:
            best, name = match, web[0]
            break
    for match in matches:
        tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.02
        if tied and _WESTERN.intersection(match.could_be_from_charset) and _fits_cp1252(sample):
            return "cp1252"
    return codec_name(name) or name


def _fits_cp1252(data: bytes) -> bool:
    return not any(b in data for b in _CP1252_UNDEFINED)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    return bad / len(text)
