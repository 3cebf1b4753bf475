"""The house's layers (README, "Layout"): each package imports only the packages below it, and
no import hides inside a function to dodge a cycle.

The layers are import-linter's contract in pyproject.toml ([tool.importlinter]); it follows
every import, those inside functions too, and through the root package (`from webapp import X`
reaches the app factory, which imports everything)."""
import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
# An import inside a function is allowed only for an optional heavy dependency, marked so on its
# line; and in the app factory, which puts the house together.
MARK = "# optional heavy dependency:"


def test_packages_import_downward_only(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0, \
        "a package imports one above it: see the contract's report above"


def imports_inside_functions() -> list[str]:
    found = []
    for path in sorted((ROOT / "webapp").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines), str(path))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if path == ROOT / "webapp" / "__init__.py" and getattr(function, "name", "") == "create_app":
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and MARK not in lines[node.lineno - 1]:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return sorted(set(found))


def test_no_import_hides_inside_a_function():
    assert imports_inside_functions() == []


def test_the_check_finds_an_import_inside_a_function(tmp_path, monkeypatch):
    """The check itself works: a function's import is reported, a marked one is not."""
    package = tmp_path / "webapp"
    package.mkdir()
    (package / "x.py").write_text("def f():\n    from webapp import y\n\n"
                                  f"def g():\n    import numpy  {MARK} a 40 MB import for one report\n")
    monkeypatch.setattr("tests.test_layers.ROOT", tmp_path)
    assert imports_inside_functions() == ["webapp/x.py:2: from webapp import y"]
