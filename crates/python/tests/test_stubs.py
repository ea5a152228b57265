"""The type stubs shipped in the wheel name what the native module has."""

from __future__ import annotations

import ast
from pathlib import Path

import qawl
from qawl import _qawl

PACKAGE = Path(qawl.__file__).parent


def test_the_wheel_carries_stubs_and_the_typed_marker():
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "_qawl.pyi").is_file()


def test_every_stubbed_class_and_member_exists():
    tree = ast.parse((PACKAGE / "_qawl.pyi").read_text(encoding="utf-8"))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert {c.name for c in classes} == {name for name in dir(_qawl) if not name.startswith("_")}
    doc = qawl.load(entities="rules")("وقال الوزير محمد السالمي إن الاجتماع مهم.")
    samples = {"Doc": doc, "Entity": doc.entities[0], "Person": doc.persons[0], "Quote": doc.quotes[0], "Cue": doc.quotes[0].cue}
    for cls in classes:
        runtime = getattr(_qawl, cls.name)
        for node in cls.body:
            name = node.target.id if isinstance(node, ast.AnnAssign) else getattr(node, "name", None)
            if name and not name.startswith("__"):
                assert hasattr(samples.get(cls.name, runtime), name), f"{cls.name}.{name}"
        # And the other way: every public runtime member is stubbed.
        stubbed = {node.target.id if isinstance(node, ast.AnnAssign) else getattr(node, "name", "") for node in cls.body}
        inherited = set(dir(OSError)) if issubclass(runtime, OSError) else set()
        public = {n for n in dir(runtime) if not n.startswith("_")} - inherited
        assert public <= stubbed, f"{cls.name}: not stubbed: {public - stubbed}"
