"""Properties that must hold for every input, checked with hypothesis."""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mpl.domain.ids import MAX_ID_LENGTH, RESERVED, clean_file_name, slug, unique_id
from mpl.domain.model import ID_PATTERN, Kind, LearningMoment
from mpl.domain.text import body as clean_body
from mpl.domain.text import line, visible
from mpl.env import Env
from mpl.storage.frontmatter import parse, render
from mpl.storage.portfolio import front_matter

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80)
words = st.lists(
    st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=20), max_size=4
)

moments = st.builds(
    LearningMoment,
    id=st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 60),
    title=text.filter(lambda s: line(s) != ""),  # a title must have something in it once cleaned
    date=st.dates(dt.date(1970, 1, 1), dt.date(2100, 12, 31)),
    kind=st.sampled_from(list(Kind)),
    hours=st.floats(0, 8784, allow_nan=False),
    participatory=st.booleans(),
    goals=st.lists(st.from_regex(ID_PATTERN, fullmatch=True), max_size=3),
    tags=words,
    competencies=words,
    role=st.none() | text,
    organisation=st.none() | text,
    private=st.booleans(),
)


@given(moment=moments, body=text)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy machine
def test_any_valid_record_written_and_read_back_is_equal(moment: LearningMoment, body: str) -> None:
    written = render(front_matter(moment), body)
    parsed = parse(written)
    again = LearningMoment.model_validate(parsed.front)
    assert again == moment
    assert parsed.body.strip() == body.strip()  # the text, less blank lines around it


@given(title=st.text(max_size=300))
@settings(max_examples=500)
def test_any_title_gives_a_safe_id(title: str) -> None:
    made = slug(title, "moment")
    assert 0 < len(made) <= MAX_ID_LENGTH + len("-moment")
    assert "/" not in made and "\\" not in made and ".." not in made
    assert made not in RESERVED
    LearningMoment(id=made, title="t", date=dt.date(2026, 1, 1))  # a valid id


@given(titles=st.lists(st.text(max_size=60), min_size=1, max_size=20))
@settings(max_examples=100)
def test_ids_made_one_after_another_are_unique(titles: list[str]) -> None:
    taken: set[str] = set()
    for title in titles:
        taken.add(unique_id(slug(title, "moment"), taken.__contains__))
    assert len(taken) == len(titles)


@given(name=st.text(max_size=400))
@example(name="0.0\n")  # a newline after the extension once slipped through
@settings(max_examples=500)
def test_any_file_name_is_made_safe(name: str) -> None:
    cleaned = clean_file_name(name)
    assert 0 < len(cleaned) <= 80
    assert "/" not in cleaned and "\\" not in cleaned and not cleaned.startswith(".")
    assert all(c.isprintable() and c.isascii() for c in cleaned)
    assert cleaned.split(".")[0] not in RESERVED


@given(titles=st.lists(text.filter(lambda s: line(s)), min_size=1, max_size=6))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_unicode_titles_become_unique_files_in_a_real_portfolio(titles: list[str]) -> None:
    from mpl.domain.model import Config
    from mpl.domain.reflection import BUILT_IN
    from mpl.storage.portfolio import Portfolio
    from mpl.usecases.moments import new_moment

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "p"
        env = Env(home=Path(folder), cwd=Path(folder), today=dt.date(2026, 11, 24), portfolio=root)
        portfolio = Portfolio.create(root, env, Config(name="Sam"))
        with portfolio.changing():
            for title in titles:
                moment = new_moment(portfolio, title, date=env.today, model=BUILT_IN["driscoll"])
                portfolio.add(moment, f"log: {title}", "log")
        paths = sorted(root.glob("log/*/*.md"))
        assert len(paths) == len(titles)
        assert all(p.resolve().parent == (root / "log" / "2026").resolve() for p in paths)
        assert sorted(m.title for m in portfolio.moments()) == sorted(line(t) for t in titles)


any_text = st.text(max_size=120)  # surrogates and every control character included


@given(value=any_text)
@settings(max_examples=500)
def test_a_one_line_field_is_one_clean_line_whatever_it_was_given(value: str) -> None:
    cleaned = line(value)
    assert cleaned == line(cleaned)  # cleaning twice changes nothing
    assert not [c for c in cleaned if unicodedata.category(c) in ("Cc", "Cs")]
    assert not any(c in cleaned for c in "\u2028\u2029\u202e\u2066")
    cleaned.encode("utf-8")  # no lone surrogates: it can be written anywhere


@given(value=any_text)
@settings(max_examples=500)
def test_a_body_keeps_its_lines_and_loses_only_what_cannot_be_seen(value: str) -> None:
    cleaned = clean_body(value)
    assert cleaned == clean_body(cleaned)
    assert not [c for c in cleaned if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"]
    assert "\r" not in cleaned and "\u202e" not in cleaned
    assert value.count("\n") <= cleaned.count("\n")  # no line is lost


@given(value=any_text)
@settings(max_examples=500)
def test_what_a_terminal_is_given_has_nothing_it_would_obey(value: str) -> None:
    shown = visible(value)
    assert not [c for c in shown if unicodedata.category(c) in ("Cc", "Cs")]
    assert "\u202e" not in shown and "\u2028" not in shown
    shown.encode("utf-8")
