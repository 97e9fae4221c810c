"""Spotting what may identify a person in a record: names from the owner's own list, and
numbers shaped like an NHS number (ten digits whose last is the modulus 11 check digit).

Bodies such as the NMC forbid identifying patients, service users or colleagues in
reflective accounts; these checks only warn, since only the owner can judge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NHS = re.compile(r"(?<![\d\w])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d\w])")
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def is_nhs_number(digits: str) -> bool:
    """Do these ten digits pass the NHS number's modulus 11 check?"""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=False)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> list[str]:
    """The NHS-number-shaped numbers in `text`, as written (`943 476 5919`)."""
    return [match[0] for match in _NHS.finditer(text) if is_nhs_number("".join(match.groups()))]


def names_in(text: str, names: Sequence[str]) -> list[str]:
    """Which of `names` occur in `text` as whole words, whatever their case."""
    found = []
    for name in names:
        words = r"\s+".join(re.escape(word) for word in name.split())
        if words and re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE):
            found.append(name)
    return found
