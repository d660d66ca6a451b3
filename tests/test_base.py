"""The bottom layer: one datatype codec, one language-tag normaliser, one batcher, one key=value
parser, one atomic writer, each with exact results."""

from __future__ import annotations

import os
import stat

import pytest

from china_ai_kg.base.batching import batched
from china_ai_kg.base.datatypes import (
    date_not_after,
    date_xsd_type,
    decimal_lexical,
    parse_date,
    parse_integer,
    parse_number,
)
from china_ai_kg.base.errors import QueryError, RenderError
from china_ai_kg.base.files import ensure_dir, file_mode, read_text, write_atomic
from china_ai_kg.base.langs import LANGS, canonical_lang, short_lang
from china_ai_kg.base.pairs import parse_pairs

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("text", ["2025", "2025-02", "2024-02-29", "1999-12-31"])
def test_dates_at_every_precision(text):
    assert parse_date(text) == text


@pytest.mark.parametrize("text", ["25", "2025-2", "2025-13", "2023-02-29", "2025-04-31", "2025-02-01T00:00", 2025, None])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_date_types_and_order():
    assert [date_xsd_type(d) for d in ("2025", "2025-02", "2025-02-12")] == [
        XSD + "gYear", XSD + "gYearMonth", XSD + "date"]
    assert [date_not_after(a, b) for a, b in [("2024", "2024-06"), ("2024-06", "2024"), ("2024-07", "2024-06-30"),
                                              ("2024-06-30", "2024-07"), ("2025", "2024-12-31")]] == [
        True, True, False, True, False]


@pytest.mark.parametrize("value, expected", [
    ("105000000000", 105000000000), ("-7.7", -7.7), ("+.5", 0.5), ("1e3", 1000), ("2.50", 2.5), (3, 3),
    (2.0, 2), (0.1, 0.1), ("9223372036854775808", 9.223372036854776e18),
])
def test_numbers(value, expected):
    got = parse_number(value)
    assert (got, type(got)) == (expected, type(expected))


@pytest.mark.parametrize("value", ["", "1,000", "0x10", "nan", "inf", True, float("nan"), float("inf"), "1e400", None])
def test_bad_numbers(value):
    with pytest.raises(ValueError):
        parse_number(value)


def test_integers():
    assert [parse_integer(v) for v in ("7", "+7", "-3", 4, 4.0)] == [7, 7, -3, 4, 4]
    for bad in ("7.0", "two", 4.5, True):
        with pytest.raises(ValueError):
            parse_integer(bad)


def test_decimal_lexical_forms():
    assert [decimal_lexical(v) for v in (105000000000, 0.075, 1e-7, -7.7, 2.5e20, 0, -3)] == [
        "105000000000.0", "0.075", "0.0000001", "-7.7", "250000000000000000000.0", "0.0", "-3.0"]


def test_language_tags():
    assert LANGS == ("en", "zh-Hans", "zh-Hant")
    tags = ["en", "EN", "en-GB", "zh", "zh-Hans", "zh-hans", "ZH-HANS", "zh-CN", "zh_TW", "zh-Hant", "zh-hant-hk",
            "fr", "", None]
    assert [canonical_lang(t) for t in tags] == [
        "en", "en", "en", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hant", "zh-Hant", "zh-Hant",
        None, None, None]
    assert [short_lang(t) for t in ("en", "zh", "zh-Hant", "fr")] == ["en", "zh", "zh", "en"]


def test_batches():
    assert list(batched(iter(range(5)), 2)) == [[0, 1], [2, 3], [4]]
    assert list(batched([], 3)) == []
    with pytest.raises(ValueError):
        list(batched([1], 0))


def test_pairs():
    assert parse_pairs(["a=1", " b = x=y", "c="]) == {"a": "1", "b": " x=y", "c": ""}
    for bad, message in [(["novalue"], "bad parameter 'novalue' (expected key=value)"),
                         (["=x"], "bad parameter '=x' (expected key=value)"),
                         (["a=1", "a=2"], "parameter 'a' is given twice")]:
        with pytest.raises(QueryError) as err:
            parse_pairs(bad)
        assert str(err.value) == message


def test_atomic_writes_get_the_mode_of_a_plain_open(tmp_path):
    old = os.umask(0o027)
    try:
        file_mode.cache_clear()
        path = write_atomic(tmp_path / "a.txt", "你好\n")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    finally:
        os.umask(old)
        file_mode.cache_clear()
    assert path.read_bytes() == "你好\n".encode()
    path = write_atomic(tmp_path / "a.txt", b"bytes")
    assert (path.read_bytes(), stat.S_IMODE(path.stat().st_mode)) == (b"bytes", 0o666 & ~old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left behind


@pytest.mark.parametrize("target, message", [
    ("/sys/cnkg-test.txt", "cannot write /sys/cnkg-test.txt: "),
    ("{tmp}/missing/x.txt", "cannot write {tmp}/missing/x.txt: directory {tmp}/missing does not exist"),
    ("{tmp}", "cannot write {tmp}: it is a directory"),
])
def test_atomic_write_failures_are_one_error(tmp_path, target, message):
    target, message = target.format(tmp=tmp_path), message.format(tmp=tmp_path)
    with pytest.raises(RenderError) as err:
        write_atomic(target, "x")
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_read_text_and_dirs(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(QueryError) as err:
        read_text(tmp_path / "bad.txt", "bad.txt", QueryError, "query file")
    assert str(err.value) == "bad.txt: not UTF-8 text (invalid start byte at byte 0)"
    with pytest.raises(QueryError) as err:
        read_text(tmp_path / "none.txt", "none.txt", QueryError, "query file")
    assert str(err.value) == "none.txt: cannot read query file: No such file or directory"
    assert ensure_dir(tmp_path / "a" / "b").is_dir()
    with pytest.raises(RenderError):
        ensure_dir("/proc/cnkg-test/x")
