"""The shape of the codebase: no import cycles between project modules, a web app that never reaches the training
code, and page files that only lay out."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "explorer", "bench")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    files += [*(ROOT / "pages").glob("*.py"), ROOT / "app.py", ROOT / "main.py"]
    return {module_name(p): p for p in files}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules that `path` imports anywhere in its body, function-level imports included
    (an import hidden inside a function still makes the two modules depend on each other)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from a import b` depends on a.b when b is a module, else on a
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module for a in node.names
            ]
        else:
            continue
        found.update(n for n in names if n in modules)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_find_cycle_finds_a_hidden_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_cycle_between_project_modules():
    modules = project_modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    assert len(graph) > 30 and graph["models.text.tokenize"]  # the walk sees the project
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules loading it loads: those it imports (function-level imports included), its
    parent package (Python runs a package's __init__ before any of its modules), and for models.tasks the task
    modules it imports by name when a task is asked for (its TASKS registry)."""
    from models.tasks import TASKS

    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    for name in graph:
        parent = name.rpartition(".")[0]
        if parent in modules:
            graph[name].add(parent)
    assert set(TASKS.values()) <= set(modules), "a task module the walk does not see"
    graph["models.tasks"] |= set(TASKS.values())
    return graph


def paths_into(graph: dict[str, set[str]], starts: list[str], package: str) -> list[list[str]]:
    """One import path [start, ..., module] to each module of `package` (the package itself included) that
    loading `starts` loads, breadth first (so each path is a shortest one)."""
    came_from: dict[str, str | None] = dict.fromkeys(starts)
    queue = list(starts)
    for node in queue:
        for nxt in sorted(graph.get(node, ())):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    paths = []
    for module in sorted(came_from):
        if module == package or module.startswith(package + "."):
            path = [module]
            while (before := came_from[path[-1]]) is not None:
                path.append(before)
            paths.append(path[::-1])
    return paths


def app_modules(modules: dict[str, Path]) -> list[str]:
    """Every module of the web app: its scripts (main.py, app.py), its pages, and all of explorer/."""
    return sorted(
        m for m in modules if m in ("main", "app") or m.startswith(("pages.", "explorer.")) or m == "explorer"
    )


def test_paths_into_finds_a_hidden_path():
    graph = {
        "main": {"explorer.panel"},
        "explorer.panel": {"models.packs.card", "models.text"},
        "models.packs.card": {"models.training.loop"},  # (a function-level import, say)
        "models.training.loop": {"models.training", "models.text"},
        "models.training": set(),
        "models.text": set(),
        "models.trainingwheels": set(),
    }
    assert paths_into(graph, ["main"], "models.training") == [
        ["main", "explorer.panel", "models.packs.card", "models.training.loop", "models.training"],
        ["main", "explorer.panel", "models.packs.card", "models.training.loop"],
    ]
    graph["models.packs.card"] = {"models.trainingwheels"}  # a name that only starts the same way is not inside
    assert paths_into(graph, ["main"], "models.training") == []
    graph["models.text"] = {"models.training"}  # training may import app code, never the other way round
    assert paths_into(graph, ["main"], "models.training") == [
        ["main", "explorer.panel", "models.text", "models.training"]
    ]


def test_the_web_app_never_loads_training_code():
    """The app (main.py, app.py, pages/, explorer/) and everything it loads, in any function, stay clear of
    models/training: training is a command-line tool, and what the app needs from it belongs elsewhere."""
    modules = project_modules()
    starts = app_modules(modules)
    assert {"main", "app", "explorer.sidebar", "pages.overview"} <= set(starts)  # the walk starts from the app
    assert any(m.startswith("models.training.") for m in modules)  # and would see the training modules
    paths = paths_into(import_graph(modules), starts, "models.training")
    assert paths == [], "\n".join(" -> ".join(p) for p in paths)


def layout_problems(source: str) -> list[str]:
    """What a page file must not do: import torch, or go over the test split (loop over it, slice it, hand it to
    a function: scoring, sampling and projecting belong in models/ or explorer/, where they can be tested).
    Asking whether there is a test split (`if not pack.test`) is layout."""
    tree = ast.parse(source)
    truthiness = set()  # `.test` read only for its truth value
    for node in ast.walk(tree):
        tests = [node.operand] if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) else []
        tests += [node.test] if isinstance(node, ast.If | ast.IfExp | ast.While) else []
        for t in tests:
            truthiness.update(id(v) for v in (t.values if isinstance(t, ast.BoolOp) else [t]))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            problems += [f"line {node.lineno}: imports {n}" for n in names if n.split(".")[0] == "torch"]
        elif isinstance(node, ast.Attribute) and node.attr == "test" and id(node) not in truthiness:
            problems.append(f"line {node.lineno}: goes over the test split")
    return problems


def test_layout_check_catches_model_work_in_a_page():
    assert layout_problems("import torch.nn\nfrom torch import nn")
    assert layout_problems("example = next(e for e in pack.test if e.source == s)")
    assert layout_problems("sample = random.Random(0).sample(pack.test, 100)")
    assert layout_problems("for e in sel.pack.test[:5]:\n    pass")
    assert layout_problems("examples = p.test[:n]\nstates = [e.source for e in examples]")
    assert not layout_problems("if not sel.pack.test:\n    st.stop()\nif a is None or not p.test:\n    st.stop()")


def test_page_files_are_layout_only():
    from explorer import PAGE_FILES

    assert sorted(PAGE_FILES) == sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    for page in PAGE_FILES:
        assert layout_problems((ROOT / page).read_text("utf-8")) == [], page


# ---------------------------------------------------------------------------------------------- private names


def is_private(name: str) -> bool:
    """A leading underscore, but not `_` (gettext's conventional name) and not a dunder."""
    return name.startswith("_") and name != "_" and not name.startswith("__")


def private_uses(source: str, modules: set[str]) -> set[str]:
    """`module.name` for each private name that `source` takes from a project module: `from a import _x`, or
    `a._x` after `import a`, `import a as m` or `from pkg import a`."""
    tree = ast.parse(source)
    found, bound = set(), {}  # bound: a name in this file -> the project module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in modules and not node.level:
            for a in node.names:
                if f"{node.module}.{a.name}" in modules:
                    bound[a.asname or a.name] = f"{node.module}.{a.name}"
                elif is_private(a.name):
                    found.add(f"{node.module}.{a.name}")
        elif isinstance(node, ast.Import):
            for a in node.names:
                top = a.name if a.asname else a.name.split(".")[0]
                if top in modules:
                    bound[a.asname or top] = top
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain = []  # `a.b._x` as ["a", "b", "_x"]
        part = node
        while isinstance(part, ast.Attribute):
            chain.insert(0, part.attr)
            part = part.value
        if not isinstance(part, ast.Name) or part.id not in bound:
            continue
        module = bound[part.id]
        for attr in chain:
            if f"{module}.{attr}" in modules:
                module = f"{module}.{attr}"
                continue
            if is_private(attr):
                found.add(f"{module}.{attr}")
            break
    return found


def test_private_use_check_sees_both_spellings():
    modules = {"pkg", "pkg.mod"}
    assert private_uses("from pkg.mod import _x, y, _, __version__", modules) == {"pkg.mod._x"}
    assert private_uses("from pkg import mod\nmod._y()\nmod.z", modules) == {"pkg.mod._y"}
    assert private_uses("import pkg.mod as m\nm._z\nm.__doc__", modules) == {"pkg.mod._z"}
    assert private_uses("import pkg.mod\npkg.mod._w.attr", modules) == {"pkg.mod._w"}
    assert private_uses("from os import _exit\nimport os\nos._exit(1)\nself._x", modules) == set()


def checked_files() -> dict[str, Path]:
    """Every Python file of the project, tests and tools included, by the module name it is imported as (a test
    file and tests/conftest.py by their bare name, as pytest puts tests/ on the path)."""
    files = project_modules()
    files |= {p.stem: p for p in (ROOT / "tests").glob("*.py")}
    files |= {module_name(p): p for top in ("docs", "tools") for p in (ROOT / top).rglob("*.py")}
    return files


def test_no_file_takes_a_private_name_from_another():
    """A name with a leading underscore is its module's own business: a name another file needs is public."""
    files = checked_files()
    uses = {
        (str(path.relative_to(ROOT)), use)
        for name, path in files.items()
        for use in private_uses(path.read_text("utf-8"), set(files) - {name})
    }
    assert {"conftest", "test_app", "models.net.decoding", "docs.make_screenshots"} <= set(files)  # the walk sees all
    assert uses == set(), "make these names public (no leading underscore)"


def test_no_test_file_imports_another():
    """Helpers that several test files share live in tests/conftest.py: a test file imported by another brings its
    tests into that file's namespace and ties the two together."""
    test_files = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    files = checked_files()
    offenders = {
        f"{path.name} imports {imported}"
        for path in (ROOT / "tests").glob("test_*.py")
        for imported in imports_of(path, files)
        if imported in test_files
    }
    assert offenders == set()


def test_every_figure_goes_through_show_chart():
    """explorer.charts.show_chart adds each figure's SVG download: a page (or an explorer module) that called
    st.plotly_chart itself would show a figure without one."""
    app_files = [*(ROOT / "pages").glob("*.py"), *(ROOT / "explorer").rglob("*.py"), ROOT / "main.py"]
    direct = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in app_files
        if path != ROOT / "explorer" / "charts.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "plotly_chart"
    ]
    assert direct == []
