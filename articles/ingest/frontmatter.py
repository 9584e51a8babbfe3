"""Split a file into YAML frontmatter and markdown body, safely."""

import re
from dataclasses import dataclass
from functools import cached_property

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # libyaml's C loader is ~9x faster; PyYAML without it still works.
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeDumper, SafeLoader

from .report import IngestError

FENCE = "---"
# An anchor or alias starts at the beginning of a value: after a blank, a flow
# indicator or a key/sequence marker. URLs with "&" inside quotes do not match
# unless preceded by a blank, and a false hit only costs an exact check. The
# start of the text is checked apart: a leading "^|" alternative makes the
# search try every position and cost 3x as much.
_ANCHOR_OR_ALIAS = re.compile(r"[\s\[{,][&*][^\s,\[\]{}]")
_LEADING_ANCHOR_OR_ALIAS = re.compile(r"[&*][^\s,\[\]{}]")
# A line that may close the frontmatter; the exact test is on the whole line.
_CLOSING_CANDIDATE = re.compile(r"\n(?:---|\.\.\.)")
_TOP_LEVEL_KEY = re.compile(r"^(['\"]?)([^\s#:'\"][^:]*?)\1\s*:(?:\s|$)")


class FrontmatterLoader(SafeLoader):
    """PyYAML's safe loader, building plain documents in one recursive pass.

    The safe constructor handles every node through machinery for recursive
    and deferred objects, which frontmatter (anchors refused) never needs: it
    took a quarter of the time YAML costs an import. Mappings, lists and the
    safe scalar types are built here with PyYAML's own constructors, so the
    data is the same. Any other node (a merge key, a set) and every error
    take PyYAML's path; nothing here changes the nodes it reads.
    """

    scalar_constructors = {
        f"tag:yaml.org,2002:{name}": SafeLoader.yaml_constructors[
            f"tag:yaml.org,2002:{name}"
        ]
        for name in ("null", "bool", "int", "float", "binary", "timestamp", "str")
    }

    def construct_document(self, node):
        try:
            return self._plain(node)
        except Exception:  # noqa: BLE001 - PyYAML's path raises its own error
            return super().construct_document(node)

    def _plain(self, node):
        kind = type(node)
        if kind is MappingNode and node.tag == "tag:yaml.org,2002:map":
            plain = self._plain
            return {plain(key): plain(value) for key, value in node.value}
        if kind is SequenceNode and node.tag == "tag:yaml.org,2002:seq":
            return [self._plain(child) for child in node.value]
        if kind is ScalarNode:
            return self.scalar_constructors[node.tag](self, node)
        raise LookupError(node.tag)


@dataclass
class Document:
    data: dict
    body: str
    frontmatter: str

    @cached_property
    def key_lines(self):
        """Top-level key -> its 1-based line in the file; only errors need it."""
        lines = {}
        for number, line in enumerate(self.frontmatter.split("\n"), start=2):
            match = _TOP_LEVEL_KEY.match(line)
            if match:
                lines.setdefault(match.group(2), number)
        return lines

    def line_of(self, key):
        return self.key_lines.get(key)


def decode(raw, path):
    """UTF-8 text of ``raw`` without a byte order mark, or an IngestError."""
    if not raw.strip():
        raise IngestError(path, None, "empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start : error.start + 1].hex()
        raise IngestError(path, line, f"not UTF-8 text (byte 0x{byte})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IngestError(path, line, "contains a NUL character")
    return text


def split(text, path):
    """(frontmatter text, body) of a document that opens with a ``---`` line."""
    # Searched, not split into lines: the body is most of the file and is
    # taken whole.
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != FENCE:
        raise IngestError(path, 1, "no frontmatter: the file must start with '---'")
    if first_end >= 0:
        for match in _CLOSING_CANDIDATE.finditer(text, first_end):
            start = match.start() + 1
            end = text.find("\n", start)
            if text[start : end if end >= 0 else len(text)].rstrip() in (FENCE, "..."):
                body = text[end + 1 :] if end >= 0 else ""
                return text[first_end + 1 : match.start()], body
    raise IngestError(path, 1, "frontmatter is not closed by a '---' line")


def _reject_aliases(yaml_text, path):
    """Anchors and aliases are refused: they make alias bombs possible."""
    if not (
        _ANCHOR_OR_ALIAS.search(yaml_text) or _LEADING_ANCHOR_OR_ALIAS.match(yaml_text)
    ):
        return
    for event in yaml.parse(yaml_text, Loader=SafeLoader):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            line = event.start_mark.line + 2
            raise IngestError(path, line, "YAML anchors and aliases are not allowed")


def load_yaml(yaml_text, path):
    try:
        _reject_aliases(yaml_text, path)
        data = yaml.load(yaml_text, Loader=FrontmatterLoader)
    except yaml.MarkedYAMLError as error:
        # The context mark, when there is one, points at the construct left
        # open (e.g. an unclosed "["), which is where the fix goes.
        mark = error.context_mark or error.problem_mark
        line = mark.line + 2 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise IngestError(path, line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as error:
        raise IngestError(path, None, f"YAML error: {error}") from None
    except RecursionError:
        raise IngestError(path, None, "YAML nested too deeply") from None
    if not isinstance(data, dict):
        raise IngestError(path, 2, "frontmatter must be a mapping of keys to values")
    return data


def parse_document(raw, path):
    """Parse the bytes of one file into frontmatter data and a markdown body."""
    yaml_text, body = split(decode(raw, path), path)
    data = load_yaml(yaml_text, path)
    return Document(data=data, body=body, frontmatter=yaml_text)


def dump_document(data, body):
    """The file text for ``data`` and ``body``: the inverse of parse_document."""
    frontmatter = yaml.dump(
        data,
        Dumper=SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return f"{FENCE}\n{frontmatter}{FENCE}\n{body}"
