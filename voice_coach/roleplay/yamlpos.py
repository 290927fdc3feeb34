"""YAML with positions: parse a file and remember the line of every field, so errors can name it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from voice_coach.errors import UserError


class SceneLoader(yaml.SafeLoader):
    """YAML 1.2's booleans: only true/false. In YAML 1.1 a turn called "no" (or "yes", "on", "off")
    silently becomes a boolean, which is the last thing a scene author expects."""


SceneLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SceneLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def _walk(node, path: tuple, lines: dict[tuple, int]):
    lines.setdefault(path, node.start_mark.line + 1)  # a field is found at its key, not its value
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(v, path + (i,), lines) for i, v in enumerate(node.value)]
    # A scalar, typed as the scene loader types it (its tag was resolved when the file was composed).
    # Constructed directly: serialising it to load it again breaks on scalars such as "...".
    return SceneLoader("").construct_object(node, deep=True)


def load_with_lines(path: Path) -> tuple[object, dict[tuple, int]]:
    """The file's data and a map from field path (("turns", "open", "says")) to line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise UserError(f"{path}: cannot read it ({e.strerror})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=SceneLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = " ".join(str(getattr(e, "problem", None) or e).split())  # one line, whatever PyYAML says
        raise UserError(f"{path}{where}: not valid YAML ({problem})") from None
    lines: dict[tuple, int] = {}
    return (_walk(node, (), lines) if node is not None else None), lines


def line_of(lines: dict[tuple, int], loc: tuple) -> int:
    """The line of a field, or of the nearest enclosing field that has one."""
    loc = tuple(loc)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)
