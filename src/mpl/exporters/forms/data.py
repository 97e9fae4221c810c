"""A filled-in form as JSON, for scripts."""

from __future__ import annotations

import dataclasses
import json

from mpl import FORMAT_VERSION, __version__
from mpl.domain.forms import Block, FilledForm, Table
from mpl.domain.text import json_visible


def render(form: FilledForm) -> bytes:
    data = {"format": FORMAT_VERSION, "mpl": __version__, **dataclasses.asdict(form)}
    data["parts"] = [
        {
            "title": part.title,
            "intro": part.intro,
            "note": part.note,
            "content": [_content(item) for item in part.content],
        }
        for part in form.parts
    ]
    return (json_visible(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n").encode()


def _content(item: Table | Block) -> dict[str, object]:
    if isinstance(item, Table):
        return {"table": {"columns": list(item.columns), "rows": [list(row) for row in item.rows]}}
    return {
        "block": {
            "heading": item.heading,
            "items": [list(pair) for pair in item.items],
            "compact": item.compact,
        }
    }
