"""The build uses only the public APIs of the libraries it stands on (Pelican, Python-Markdown, Jinja,
feedgen, PyYAML, nh3, markdown-it-py, lxml): no private names, no name-mangled attributes, no objects
turned into another class. A private name can change or go in any release, and the site would break
with no warning.

Every .py file under plugins/ and learnlog/, and tasks.py, is read with the `ast` module and checked for:

(a) importing a private name (one starting with an underscore), or a private module, from a module
    that is not part of this project;
(b) reaching a private attribute, `x._name` (or `getattr(x, "_name")`), of anything but `self` or
    `cls` (`os._exit` is public and documented);
(c) name-mangled names such as `_InlineProcessor__handleInline`, in code or in strings;
(d) assigning to `.__class__`;
(e) names known to be private from an earlier version, anywhere in the text (comments too).
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from pathlib import Path

from conftest import ROOT

PROJECT_MODULES = {
    "learnlog", "learnlog_core", "posts", "link_notes", "feeds", "search", "site_files", "capture", "reading", "benchmarks"
}  # fmt: skip
ALLOWED_ATTRIBUTES = {("os", "_exit")}  # public and documented, despite the underscore
OWN_OBJECTS = {"self", "cls"}
KNOWN_PRIVATE = ["_DISCARD", "_written_files", "_get_generator_classes", "_content", "__handleInline", "_open_w"]
ATTRIBUTE_FUNCTIONS = {"getattr", "setattr", "hasattr", "delattr"}


def checked_files() -> list[Path]:
    files = sorted((ROOT / "plugins").rglob("*.py")) + sorted((ROOT / "learnlog").rglob("*.py"))
    return [*files, ROOT / "tasks.py"]


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_private(name: str) -> bool:
    return name.startswith("_") and not is_dunder(name)


MANGLED = re.compile(r"_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*__[A-Za-z0-9]\w*")
WORDS = re.compile(r"(?<!\w)_\w+")


def mangled_names(text: str) -> list[str]:
    """The name-mangled names (`_Class__name`) in a piece of code or text."""
    return [word for word in WORDS.findall(text) if MANGLED.fullmatch(word) and not word.endswith("__")]


def known_private_pattern(name: str) -> re.Pattern:
    """`name` as a whole word (so `_content` is not found in `get_content`); a `__name` also when mangled."""
    prefix = r"(?:_[A-Za-z0-9]\w*?)?" if name.startswith("__") else ""
    return re.compile(rf"(?<![\w]){prefix}{re.escape(name)}(?!\w)")


KNOWN_PRIVATE_PATTERNS = {name: known_private_pattern(name) for name in KNOWN_PRIVATE}


def is_project_module(module: str | None, level: int) -> bool:
    return level > 0 or (module or "").split(".")[0] in PROJECT_MODULES


def private_parts(module: str) -> list[str]:
    return [part for part in module.split(".") if is_private(part)]


def owner_name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def assigned_targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For | ast.AsyncFor | ast.NamedExpr):
        targets = [node.target]
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        targets = [node.optional_vars]
    else:
        return []
    flat: list[ast.expr] = []
    while targets:
        target = targets.pop()
        if isinstance(target, ast.Tuple | ast.List):
            targets += target.elts
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        else:
            flat.append(target)
    return flat


def identifiers(node: ast.AST) -> list[str]:
    """The names a node spells out in the code."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.keyword) and node.arg:
        return [node.arg]
    if isinstance(node, ast.alias):
        return [node.name, *([node.asname] if node.asname else [])]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    if isinstance(node, ast.Global | ast.Nonlocal):
        return list(node.names)
    return []


def check_source(source: str, name: str = "<code>") -> list[str]:
    """Every use of a private API in one file's source, as 'name:line: (kind) what'."""
    found: list[tuple[int, str, str]] = []
    tree = ast.parse(source, filename=name)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        # (a) private names or modules imported from libraries
        if isinstance(node, ast.ImportFrom) and not is_project_module(node.module, node.level):
            for part in private_parts(node.module or ""):
                found.append((line, "a", f"imports from the private module {node.module} ({part})"))
            for alias in node.names:
                if is_private(alias.name):
                    found.append((line, "a", f"imports the private name {alias.name} from {node.module}"))
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not is_project_module(alias.name, 0) and private_parts(alias.name):
                    found.append((line, "a", f"imports the private module {alias.name}"))
        # (b) private attributes of other objects
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            owner = owner_name(node.value)
            if owner not in OWN_OBJECTS and (owner, node.attr) not in ALLOWED_ATTRIBUTES:
                shown = ast.unparse(node.value)
                found.append((line, "b", f"uses the private attribute {shown}.{node.attr}"))
        if (
            isinstance(node, ast.Call)
            and owner_name(node.func) in ATTRIBUTE_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and is_private(node.args[1].value)
            and owner_name(node.args[0]) not in OWN_OBJECTS
        ):
            shown = f"{ast.unparse(node.func)}({ast.unparse(node.args[0])}, {node.args[1].value!r})"
            found.append((line, "b", f"uses the private attribute {node.args[1].value} through {shown}"))
        # (c) name-mangled names, in code and in strings
        for identifier in identifiers(node):
            for mangled in mangled_names(identifier):
                found.append((line, "c", f"uses the name-mangled name {mangled}"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for mangled in mangled_names(node.value):
                found.append((line, "c", f"names the name-mangled name {mangled} in a string"))
        # (d) objects turned into another class
        for target in assigned_targets(node):
            if isinstance(target, ast.Attribute) and target.attr == "__class__":
                found.append((line, "d", f"assigns to {ast.unparse(target)}"))
        if (
            isinstance(node, ast.Call)
            and (owner_name(node.func) == "setattr" or ast.unparse(node.func).endswith(".__setattr__"))
            and any(isinstance(arg, ast.Constant) and arg.value == "__class__" for arg in node.args)
        ):
            found.append((line, "d", f"assigns to __class__ through {ast.unparse(node.func)}"))
    # (e) names known to be private, anywhere in the text (code, strings and comments)
    for number, text in enumerate(source.splitlines(), start=1):
        for private, pattern in KNOWN_PRIVATE_PATTERNS.items():
            for match in pattern.finditer(text):
                found.append((number, "e", f"mentions {match.group()}, known to be private ({private})"))
    # (c) also in comments, which the syntax tree leaves out
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            for mangled in mangled_names(token.string):
                found.append((token.start[0], "c", f"names the name-mangled name {mangled} in a comment"))
    return [f"{name}:{line}: ({kind}) {what}" for line, kind, what in sorted(set(found))]


def kinds(violations: list[str]) -> set[str]:
    return {re.search(r": \((\w)\) ", violation).group(1) for violation in violations}


BAD_CODE = {
    "a": """\
        from pelican.writers import _open_w
        from markdown.inlinepatterns import _InlineProcessor as Inline
        from pelican._private import helper
        import jinja2._identifier
        """,
    "b": """\
        import os
        def f(writer, md):
            files = writer._written_files
            md.inlinePatterns._data.clear()
            return getattr(writer, "_overridden_files")
        """,
    "c": """\
        def patch(processor):
            processor._InlineProcessor__handleInline = None
            return getattr(processor, "_InlineProcessor__handleInline")
        """,
    "d": """\
        def turn(content, Other):
            content.__class__ = Other
            setattr(content, "__class__", Other)
        """,
    "e": """\
        # Pelican's _get_generator_classes returns the generators
        DISCARD = "_DISCARD"
        """,
}

GOOD_CODE = """\
    from __future__ import annotations
    import os
    from .parsing import _unknown
    from learnlog_core.processes import _run_share
    from link_notes.parsing import _value_text


    class Thing:
        def __init__(self, post):
            self._cache = {}
            self.__private = 1  # mangled by Python, in our own class: fine
            super().__init__()

        @classmethod
        def make(cls):
            return cls._made

        def text(self, post, response):
            content = post.get_content("")  # a public method, not the private attribute
            kind = response.headers.get_content_type()
            os._exit(0)
            return content, kind, post.__class__.__name__, self.context["generated_content"]
    """


def test_the_checker_finds_each_kind_of_private_use():
    for kind, code in BAD_CODE.items():
        violations = check_source(textwrap.dedent(code), f"bad_{kind}.py")
        assert kind in kinds(violations), (kind, violations)
    every = check_source("\n".join(textwrap.dedent(code) for code in BAD_CODE.values()), "bad.py")
    assert kinds(every) == {"a", "b", "c", "d", "e"}, every
    lines = "\n".join(check_source(textwrap.dedent(BAD_CODE["b"]), "bad_b.py"))
    assert "bad_b.py:3: (b) uses the private attribute writer._written_files" in lines, lines
    assert "bad_b.py:4: (b) uses the private attribute md.inlinePatterns._data" in lines, lines
    assert "bad_b.py:5: (b) uses the private attribute _overridden_files" in lines, lines
    a = check_source(textwrap.dedent(BAD_CODE["a"]), "bad_a.py")
    assert [violation.split(":")[1] for violation in a if "(a)" in violation] == ["1", "2", "3", "4"], a


def test_the_checker_leaves_public_and_own_names_alone():
    assert check_source(textwrap.dedent(GOOD_CODE), "good.py") == []


def test_the_build_uses_only_public_apis():
    files = checked_files()
    assert len(files) > 20 and all(path.is_file() for path in files), files
    violations = [
        violation
        for path in files
        for violation in check_source(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert not violations, "private APIs used:\n" + "\n".join(violations)
