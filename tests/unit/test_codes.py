"""Resume codes: can a participant type their code back, and can nobody else guess it?"""

import re

from hypothesis import given
from hypothesis import strategies as st

from coffeechat.storage import codes
from coffeechat.storage.codes import ALPHABET, new_code, normalize_code

CANONICAL = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
symbols = st.text(alphabet=ALPHABET, min_size=10, max_size=10)


def canonical(raw: str) -> str:
    return f"{raw[:5]}-{raw[5:]}"


def test_the_alphabet_is_crockford_base32():
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_new_codes_look_right_and_read_back_unchanged():
    drawn = [new_code() for _ in range(2000)]
    for code in drawn:
        assert CANONICAL.match(code), code
        assert normalize_code(code) == code
    assert len(set(drawn)) == len(drawn), "2000 draws out of 2**50 should never repeat"


def test_new_codes_use_every_symbol_in_every_position():
    # 50 bits only if all 32 symbols appear everywhere; a constant or biased position would show up here.
    drawn = [new_code().replace("-", "") for _ in range(3000)]
    for position in range(10):
        assert {code[position] for code in drawn} == set(ALPHABET)


def test_the_docstring_states_the_guessing_figures():
    space = 32**10
    assert f"{space:,}" in codes.__doc__
    assert "3.75e13" in codes.__doc__ and f"{space / 30:.3g}" == "3.75e+13"
    years_at_one_per_second = space / 30 / (365.25 * 24 * 3600)
    assert 1.1e6 < years_at_one_per_second < 1.3e6 and "1.2 million years" in codes.__doc__
    assert 2.3e5 < years_at_one_per_second / 5 < 2.5e5 and "240,000 years" in codes.__doc__
    one_day_at_five = 5 * 24 * 3600 * 30 / space
    assert 1 / 100e6 < one_day_at_five < 1 / 80e6 and "1 in 87" in codes.__doc__


def test_wrong_codes_cost_more_and_more_time_after_a_few_typos():
    delays = [codes.retry_delay(failures) for failures in range(14)]
    assert delays[: codes.FREE_ATTEMPTS] == [0.0] * codes.FREE_ATTEMPTS
    assert delays[5:9] == [1.0, 2.0, 4.0, 8.0]
    assert delays[-1] == codes.MAX_DELAY_SECONDS


@given(symbols)
def test_every_valid_code_normalizes_to_itself(raw):
    assert normalize_code(canonical(raw)) == canonical(raw)


@given(
    st.one_of(st.text(), st.text(alphabet=ALPHABET + "ILOUilou- _", max_size=14), st.binary(), st.integers(), st.none())
)
def test_junk_never_crashes_and_yields_none_or_a_canonical_code(junk):
    result = normalize_code(junk)
    assert result is None or CANONICAL.match(result)


@given(symbols, st.data())
def test_typing_variants_normalize_to_the_same_code(raw, data):
    typed = []
    for index, symbol in enumerate(raw):
        choices = {symbol, symbol.lower()}
        if symbol == "0":
            choices |= {"O", "o"}
        if symbol == "1":
            choices |= {"I", "i", "L", "l"}
        typed.append(data.draw(st.sampled_from(sorted(choices))))
        if index < 9:
            typed.append(data.draw(st.sampled_from(["", "", "-", " ", "--", " - ", "\u2013"])))
    text = data.draw(st.sampled_from(["", " ", "  "])) + "".join(typed) + data.draw(st.sampled_from(["", " ", "\n"]))
    assert normalize_code(text) == canonical(raw)


def test_examples_people_actually_type():
    assert normalize_code("7k3qf m2zxd") == "7K3QF-M2ZXD"
    assert normalize_code("7K3QFM2ZXD") == "7K3QF-M2ZXD"
    assert normalize_code("7K3-QF-M2Z-XD") == "7K3QF-M2ZXD"
    assert normalize_code("OOOOO-IIIII") == "00000-11111"
    assert normalize_code("lllll-ooooo") == "11111-00000"


def test_invalid_codes_are_refused():
    assert normalize_code("") is None
    assert normalize_code("7K3QF-M2ZX") is None  # too short
    assert normalize_code("7K3QF-M2ZXDA") is None  # too long
    assert normalize_code("7K3QF-M2ZXU") is None  # U is not in the alphabet
    assert normalize_code("7K3QF-M2ZX!") is None
    assert normalize_code("7K3QF-M2ZXÄ") is None
    assert normalize_code("７K3QF-M2ZXD") is None  # full-width digit
    assert normalize_code("x" * 10_000) is None
