"""The layers of docs/architecture.md, checked on the source: dependencies point one way.

Every production module's imports are read with `ast` (including those inside functions,
relative ones resolved). A module may import its own layer and those below; nothing in
production imports devtools; the lower apps do not name a higher one in a string either
(checked the cheap way: a literal starting with a higher app's label or URL namespace and
"." or ":", as in "contracts.Contract" or "reporting:dashboard"). Finally, no two folders
import each other, directly or round a longer cycle.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top.
LAYERS = (
    "base",
    "networks",
    "audit",
    "referents",
    "contracts",
    "intake",
    "solutions",
    "reporting",
    "wiring",
)
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}
APPS = (
    "foquale",
    "networks",
    "audit",
    "referents",
    "contracts",
    "intake",
    "solutions",
    "reporting",
)
# The project package: settings, root URLs, Celery, WSGI, gunicorn's
# configuration and beat's single-instance scheduler. They wire every app together;
# only Django imports them. `foquale` itself is here because its __init__ loads Celery.
WIRING = frozenset(
    {
        "foquale",
        "foquale.settings",
        "foquale.test_settings",
        "foquale.urls",
        "foquale.celery",
        "foquale.wsgi",
        "foquale.gunicorn",
        "foquale.beat",
        "manage",
    }
)
DEVTOOLS = "devtools"
# How code names an app in a string: its label (models, tasks) or its URL namespace.
STRING_NAMES = {
    "networks": "networks",
    "audit": "audit",
    "referents": "referents",
    "contracts": "contracts",
    "reviews": "contracts",  # contracts/reviews/urls.py
    "intake": "intake",
    "solutions": "solutions",
    "reporting": "reporting",
    DEVTOOLS: DEVTOOLS,
}


def layer_of(module: str) -> str | None:
    """The layer of a module of this repository; None for the standard library and
    third-party packages, and for devtools (outside the production layers)."""
    if module in WIRING or any(module.startswith(w + ".") for w in WIRING - {"foquale"}):
        return "wiring"
    top = module.partition(".")[0]
    if top == "foquale":
        return "base"
    return top if top in RANK else None


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(tops: tuple[str, ...], root: Path = ROOT) -> dict[str, Path]:
    """Module name → file, for the packages `tops` (and manage.py), migrations excluded."""
    files = {}
    for top in tops:
        for path in sorted((root / top).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                files[module_name(path, root)] = path
    if (root / "manage.py").exists():
        files["manage"] = root / "manage.py"
    return files


def imported_modules(module: str, tree: ast.AST, *, package: bool, known=frozenset()):
    """(imported module, import node) for every import of the tree, relative ones resolved.
    `from a import b` gives `a.b` when that is a module of `known`, else `a`."""
    here = module.split(".") if package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                yield (candidate if candidate in known else target), node


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def named_apps(tree: ast.AST):
    """(app it names, string node) for string literals that start with an app's label or
    URL namespace followed by "." or ":". Docstrings are prose, not references."""
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            for name, app in STRING_NAMES.items():
                if node.value.startswith((name + ".", name + ":")):
                    yield app, node


def upward_references(
    module: str, source: str, *, package: bool = False, known=frozenset()
) -> list[str]:
    """What `module` imports or names above its layer, and any import of devtools, in the
    order of the source."""
    layer = layer_of(module)
    if layer is None:
        return []
    tree = ast.parse(source)
    found = []
    for target, node in imported_modules(module, tree, package=package, known=known):
        above = DEVTOOLS if target.partition(".")[0] == DEVTOOLS else layer_of(target)
        if above == DEVTOOLS:
            found.append((node, f"imports {target} (devtools, development only)"))
        elif above is not None and RANK[above] > RANK[layer]:
            found.append((node, f"imports {target} (layer {above} above it)"))
    if layer != "wiring":
        for app, node in named_apps(tree):
            if app == DEVTOOLS or RANK[app] > RANK[layer]:
                found.append((node, f"names {node.value!r} (layer {app} above it)"))
    found.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
    return [f"module {module} (layer {layer}) {what}" for _node, what in found]


def folder_of(module: str, path: Path, root: Path = ROOT) -> str:
    # The wiring shares the foquale folder with the shared base; it is its own node.
    if layer_of(module) == "wiring":
        return "(wiring)"
    return path.parent.relative_to(root).as_posix()


def _nested(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def folder_edges(files: dict[str, Path], root: Path = ROOT) -> dict[tuple[str, str], str]:
    """(folder, folder) → one import that makes the first depend on the second. A package
    and its own sub-folders lean on each other by design (urls.py imports views/, views/
    import forms.py); only folders side by side count."""
    edges = {}
    known = frozenset(files)
    for module, path in files.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        package = path.name == "__init__.py"
        for target, _node in imported_modules(module, tree, package=package, known=known):
            while target and target not in files:
                target = target.rpartition(".")[0]
            if not target:
                continue
            a, b = folder_of(module, path, root), folder_of(target, files[target], root)
            if not _nested(a, b):
                edges.setdefault((a, b), f"{module} imports {target}")
    return edges


def cycles(edges) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    graph = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def describe_cycles(edges) -> list[str]:
    lines = []
    for component in cycles(edges):
        lines.append("folders in a cycle: " + ", ".join(component))
        lines += [
            f"  {a} -> {b}: {why}"
            for (a, b), why in sorted(edges.items())
            if a in component and b in component
        ]
    return lines


def test_dependencies_point_down_the_layers():
    files = source_files(APPS)
    known = frozenset(files)
    found = set()
    for module, path in files.items():
        package = path.name == "__init__.py"
        found.update(upward_references(module, path.read_text(), package=package, known=known))
    assert not found, "Upward references:\n" + "\n".join(sorted(found))


def test_no_cycle_between_folders():
    edges = folder_edges(source_files((*APPS, DEVTOOLS)))
    assert not cycles(edges), "\n".join(describe_cycles(edges))


def test_the_checker_reports_upward_references():
    source = (
        "from django.db import models\n"
        "from foquale.schoolyear import school_year_of\n"
        "from .models import Network\n"
        "\n"
        "def late():\n"
        '    """contracts.models is read only when called: a docstring, not a reference."""\n'
        "    from contracts.models import Contract\n"
        "    import devtools.scale\n"
        '    return reverse("reporting:dashboard"), "contracts.Contract", "networks:list"\n'
    )
    assert upward_references("networks.views.fake", source) == [
        "module networks.views.fake (layer networks) imports contracts.models "
        "(layer contracts above it)",
        "module networks.views.fake (layer networks) imports devtools.scale "
        "(devtools, development only)",
        "module networks.views.fake (layer networks) names 'reporting:dashboard' "
        "(layer reporting above it)",
        "module networks.views.fake (layer networks) names 'contracts.Contract' "
        "(layer contracts above it)",
    ]
    # A relative import is resolved: from the shared base, `.urls` is the wiring.
    assert upward_references("foquale.db", "from . import urls\n", known={"foquale.urls"}) == [
        "module foquale.db (layer base) imports foquale.urls (layer wiring above it)"
    ]
    # The wiring imports anything, but not devtools.
    assert upward_references("foquale.urls", "from reporting import home\n") == []
    assert upward_references("foquale.settings", "import devtools\n") == [
        "module foquale.settings (layer wiring) imports devtools (devtools, development only)"
    ]


def test_the_checker_reports_a_cycle_between_folders(tmp_path):
    for name, source in {
        "contracts/__init__.py": "",
        "contracts/urls.py": "from .views import page\n",  # parent and child: allowed
        "contracts/views/__init__.py": "from ..models import Contract\n",
        "contracts/models/__init__.py": "from ..reviews.enums import Kind\n",
        "contracts/reviews/__init__.py": "",
        "contracts/reviews/enums.py": "from contracts.models import Contract\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    edges = folder_edges(source_files(("contracts",), tmp_path), tmp_path)
    assert cycles(edges) == [["contracts/models", "contracts/reviews"]]
    assert describe_cycles(edges) == [
        "folders in a cycle: contracts/models, contracts/reviews",
        "  contracts/models -> contracts/reviews: contracts.models imports contracts.reviews.enums",
        "  contracts/reviews -> contracts/models: contracts.reviews.enums imports contracts.models",
    ]
