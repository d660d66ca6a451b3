"""Reading an article: bytes to decoded text, a header of source metadata, and numbered paragraphs.

An article is read as a stream, so a 50 MB file costs memory for one paragraph at a time.

* **Encoding.** A byte-order mark decides; otherwise UTF-8 if the opening 64 KiB decode as UTF-8, else
  GB18030 (which covers GBK and GB2312) or Big5, whichever decodes that sample (charset-normalizer breaks
  a tie).  Bytes that are none of these, NUL bytes (a binary file) or an empty file are one
  :class:`~china_ai_kg.base.errors.InputError` naming the file; a byte that stops decoding later names
  its line.
* **Header.** Lines ``key: value`` closed by a ``---`` line (or YAML front matter between two ``---``
  lines) give the source's title, url, date, language, source (publisher) and author.
* **Paragraphs.** Plain text: every non-blank line.  Markdown: blocks between blank lines, a heading
  being a block of its own.  HTML: the text of block elements, without script, style, template, navigation,
  header, footer, aside, form and other non-content elements; attributes (event handlers included) are
  never read.  A paragraph's locator is ``¶N``, N counting the paragraphs of the body from 1.
* **Offsets** are code points into the article's text: the decoded file (line ends read as one ``\\n``)
  for plain text and Markdown, and, for HTML, the extracted text (each paragraph followed by ``\\n``).
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ...base.errors import InputError
from .mentions import normalise

__all__ = ["Paragraph", "Article", "open_article", "article_from_text", "paragraph_lang", "ARTICLE_SUFFIXES"]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SAMPLE = 64 * 1024
MAX_LINE = 1 << 20  # characters of one line read at a time
HEADER_KEYS = ("title", "url", "date", "language", "source", "publisher", "author", "topic", "completeness")
_HEADER_LINE = re.compile(r"^([a-z][a-z _]*?)\s*:\s*(.*)$")
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile("[A-Za-z]+")


@dataclass
class Paragraph:
    """One paragraph: its number, its place in the article's text, its text, language and script."""

    n: int
    start: int
    text: str
    lang: str = "en"  # "zh" or "en"
    script: str = ""  # "zh-Hans" or "zh-Hant" for Chinese paragraphs

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def locator(self) -> str:
        return f"¶{self.n}"


@dataclass
class Article:
    """An opened article: where it came from, how it was read, its header, and its paragraphs (a stream)."""

    label: str
    fmt: str  # "text", "markdown" or "html"
    encoding: str
    meta: dict = field(default_factory=dict)
    paragraphs: object = None  # an iterator of Paragraph
    offsets: str = "file"  # "file" (the decoded file) or "text" (the text extracted from HTML)


def paragraph_lang(text: str) -> tuple:
    """``(lang, script)`` of a paragraph: Chinese when it has at least as many Han characters as Latin words.

    >>> paragraph_lang("阿里巴巴发布通义千问"), paragraph_lang("阿裏巴巴發布"), paragraph_lang("Alibaba released Qwen3")
    (('zh', 'zh-Hans'), ('zh', 'zh-Hant'), ('en', ''))
    """
    han = "".join(_HAN.findall(text))
    if han and (len(han) >= len(text) // 2 or len(han) >= len(_LATIN_WORD.findall(text))):
        # simplified when the matching form (simplified by OpenCC, and read next by mention linking, which
        # finds it cached) leaves its Han characters as they are
        return "zh", "zh-Hans" if "".join(_HAN.findall(normalise(text)[0])) == han else "zh-Hant"
    return "en", ""


# -- bytes to text --------------------------------------------------------------------------------------

def _read_sample(stream) -> bytes:
    return stream.peek(SAMPLE)[:SAMPLE] if hasattr(stream, "peek") else b""


def detect_encoding(sample: bytes, label: str) -> str:
    """The encoding of an article whose opening bytes are *sample*; refuse what is not text."""
    if not sample.strip():
        raise InputError("empty file: no text to read", file=label)
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if sample.startswith(bom):
            return name
    if b"\0" in sample:
        raise InputError("binary file (NUL bytes), not an article", file=label)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    fits = []
    for name in ("gb18030", "big5"):
        try:
            codecs.getincrementaldecoder(name)().decode(sample, final=False)
            fits.append(name)
        except UnicodeDecodeError:
            pass
    if len(fits) == 1:
        return fits[0]
    if len(fits) == 2:
        from charset_normalizer import from_bytes  # lazy: only non-UTF-8 articles need it

        best = from_bytes(sample, cp_isolation=fits).best()
        return best.encoding if best is not None and best.encoding in fits else "gb18030"
    raise InputError(f"not text in UTF-8, GB18030/GBK or Big5 (byte 0x{sample[utf8_error.start]:02x} at offset "
                     f"{utf8_error.start} decodes in none of them)", file=label)


def _lines(stream, encoding: str, label: str, pieces: bool = False):
    """Decoded lines of *stream* (a binary file), with universal newlines; a bad byte names its line.

    No line is read whole beyond :data:`MAX_LINE` characters: with *pieces* (HTML, often one long line) a
    longer line comes in pieces, otherwise it is refused naming its line."""
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline=None)
    n = 1
    try:
        while True:
            line = text.readline(MAX_LINE)
            if not line:
                return
            if "\0" in line:
                raise InputError("binary data (a NUL character)", file=label, line=n)
            if not line.endswith("\n") and len(line) == MAX_LINE and not pieces:
                raise InputError(f"a line longer than {MAX_LINE:,} characters: not an article's paragraph",
                                 file=label, line=n)
            yield line
            n += line.endswith("\n")
    except UnicodeDecodeError as e:
        raise InputError(f"not valid {encoding} text ({e.reason})", file=label, line=n) from e


# -- the header -----------------------------------------------------------------------------------------

def _split_header(lines):
    """``(meta, offset, first body lines, rest)``: a header closed by ``---`` within the first 40 lines."""
    head = []
    for line in lines:
        head.append(line)
        if len(head) >= 40 or line.strip() == "---" and len(head) > 1:
            break
    meta, body_from = {}, 0
    stripped = [h.rstrip("\n") for h in head]
    front = stripped[:1] == ["---"]
    keys = stripped[1:] if front else stripped
    if "---" in keys:
        end = keys.index("---")
        pairs = [_HEADER_LINE.match(k) for k in keys[:end] if k.strip()]
        if pairs and all(pairs) and pairs[0].group(1) in HEADER_KEYS:
            meta = {m.group(1): m.group(2).strip() for m in pairs if m.group(1) in HEADER_KEYS}
            body_from = end + (2 if front else 1)
    offset = sum(len(h) for h in head[:body_from])
    return meta, offset, head[body_from:], lines


# -- paragraphs ---------------------------------------------------------------------------------------------

def _text_paragraphs(lines, offset: int, markdown: bool):
    n = 0
    block, block_start = [], None
    pos = offset

    size = 0

    def flush():
        nonlocal n, block, block_start, size
        if block:
            text = "".join(block).rstrip()
            n += 1
            yield Paragraph(n, block_start, text)
        block, block_start, size = [], None, 0

    for line in lines:
        content = line.rstrip("\n")
        lead = len(content) - len(content.lstrip())
        if not content.strip():
            yield from flush()
        elif not markdown or content.lstrip().startswith("#"):
            yield from flush()
            n += 1
            yield Paragraph(n, pos + lead, content.strip())
        else:
            if block_start is None:
                block_start = pos + lead
                block.append(content.lstrip() + ("\n" if line.endswith("\n") else ""))
            else:
                block.append(line)
            size += len(line)
        pos += len(line)
        if size > MAX_LINE:  # a Markdown block without a blank line for a megabyte: a paragraph of its own
            yield from flush()
    yield from flush()


_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "iframe",
         "button", "select", "textarea", "object", "embed", "canvas", "head", "menu", "dialog"}
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "tr", "br",
          "article", "section", "main", "ul", "ol", "dd", "dt", "figcaption", "table", "hr", "body"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "source", "track", "wbr"}


class _Text(HTMLParser):
    """Text of an HTML page, paragraph by paragraph, and the page's metadata; no attribute is kept but
    the few metadata ones (title, canonical URL, author, publication time, language)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.stack = []
        self.buf = []
        self.done = []
        self.meta = {}
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and a.get("lang"):
            self.meta.setdefault("language", a["lang"])
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            for wanted, field_ in (("og:url", "url"), ("author", "author"), ("article:published_time", "date"),
                                   ("og:site_name", "source"), ("og:title", "title")):
                if key == wanted and a.get("content"):
                    self.meta.setdefault(field_, a["content"].strip())
        if tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("url", a["href"].strip())
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in _BLOCK:
                self._break()
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP:
                self.skipping -= 1
            if top == tag:
                break
        if tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if self.in_title:
            self.meta["title"] = (self.meta.get("title_text", "") + data).strip()
            self.meta["title_text"] = self.meta["title"]
            return
        if not self.skipping:
            self.buf.append(data)

    def _break(self):
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.done.append(text)


def _html_paragraphs(lines, meta: dict):
    parser = _Text()
    n, pos = 0, 0
    for line in lines:
        parser.feed(line)
        for text in parser.done:
            n += 1
            yield Paragraph(n, pos, text)
            pos += len(text) + 1
        parser.done = []
        for k, v in parser.meta.items():
            if k != "title_text":
                meta.setdefault(k, v)
    parser.close()
    parser._break()
    for text in parser.done:
        n += 1
        yield Paragraph(n, pos, text)
        pos += len(text) + 1


def _with_lang(paragraphs):
    for p in paragraphs:
        p.lang, p.script = paragraph_lang(p.text)
        yield p


def open_article(path, label: str | None = None) -> Article:
    """Open *path* (a file path, or ``-`` for standard input) as an :class:`Article` whose paragraphs are a
    stream; the file stays open until that stream is exhausted."""
    if str(path) == "-":
        label = label or "<stdin>"
        stdin = sys.stdin.buffer
        stream = stdin if hasattr(stdin, "peek") else io.BufferedReader(io.BytesIO(stdin.read()))
        suffix = ".txt"
    else:
        p = Path(path)
        label = label or str(p)
        if p.is_dir():
            raise InputError("is a directory, not an article", file=label)
        try:
            stream = open(p, "rb")  # noqa: SIM115 - closed when the paragraph stream ends
        except OSError as e:
            raise InputError(f"cannot read article: {e.strerror}", file=label) from e
        suffix = p.suffix.lower()
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)
    try:
        encoding = detect_encoding(_read_sample(stream), label)
    except BaseException:
        stream.close()
        raise
    first = _read_sample(stream)[:512].lstrip().lower()
    is_html = suffix in (".html", ".htm") or first.startswith((b"<!doctype html", b"<html"))
    lines = _lines(stream, encoding, label, pieces=is_html)
    if is_html:
        meta: dict = {}
        article = Article(label, "html", encoding, meta, None, "text")
        article.paragraphs = _closing(_with_lang(_html_paragraphs(lines, meta)), stream)
        return article
    meta, offset, body_head, rest = _split_header(lines)
    markdown = suffix in (".md", ".markdown")
    body = _chain(body_head, rest)
    article = Article(label, "markdown" if markdown else "text", encoding, meta)
    article.paragraphs = _closing(_with_lang(_text_paragraphs(body, offset, markdown)), stream)
    return article


def _chain(first, rest):
    yield from first
    yield from rest


def _closing(iterator, stream):
    try:
        yield from iterator
    finally:
        stream.close()


def article_from_text(text: str, label: str = "<text>") -> Article:
    """An :class:`~.reading.Article` of *text* (as a plain-text file), for tests and callers with a string."""
    lines = io.StringIO(text).readlines()
    meta, offset, head, rest = _split_header(iter(lines))
    body = [*head, *rest]
    return Article(label, "text", "utf-8", meta, _with_lang(_text_paragraphs(iter(body), offset, False)))
