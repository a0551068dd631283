"""One home per fact: the site's layout (tools/site_layout.py), its build (tools/build_site.py), and
the places that must agree with them but cannot import them (.readthedocs.yaml, the README, the
noxfile's docstrings, tools/run_downloads.py, which runs outside the repository).

Nothing here needs Sphinx or a built site: the files are read as text or parsed with ``ast``.
"""

from __future__ import annotations

import ast
import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import build_site
import pytest
import run_downloads
import site_layout
from site_layout import DOCS, GALLERY, ROOT, TOOLS

import dlnotes

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [site_layout, build_site], ids=lambda m: m.__name__)
def test_the_examples_in_the_docstrings(module):
    assert doctest.testmod(module).failed == 0


def test_every_gallery_script_is_a_tutorial_page_and_back():
    scripts = site_layout.gallery_scripts()
    assert len(scripts) > 20
    for script in scripts:
        docname = site_layout.docname_of(script)
        assert site_layout.is_tutorial(docname) and site_layout.in_gallery(docname), docname
        assert site_layout.gallery_source(docname) == script
    for part in site_layout.GALLERY_PARTS:
        index = f"{site_layout.TUTORIALS}/{part}/index"
        assert not site_layout.is_tutorial(index)
        assert site_layout.gallery_source(index) == GALLERY / part / "GALLERY_HEADER.rst"
    assert site_layout.gallery_source(f"{site_layout.TUTORIALS}/sg_execution_times") is None
    assert site_layout.gallery_source("howto/index") is None


def test_the_syllabus_lists_every_part_of_the_gallery():
    parts = sorted(p.parent.name for p in GALLERY.glob("*/GALLERY_HEADER.rst"))
    assert site_layout.GALLERY_PARTS == parts


def test_pages_are_told_from_the_other_html_files_of_a_site(tmp_path):
    for page in [
        "index.html",
        "_modules/dlnotes/losses.html",
        "_static/webpack-macros.html",  # the theme's, never served
        "tutorials/03_training/plot_16_x.html",
        "zh_CN/index.html",
        "zh_CN/_static/webpack-macros.html",
        "zh_CN/tutorials/03_training/plot_16_x.html",
        "reference/_images/x.html",  # a folder of that name deeper down holds pages
    ]:
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<html></html>")
    every = site_layout.built_pages(html=tmp_path)
    assert "_static/webpack-macros.html" not in every
    assert "zh_CN/_static/webpack-macros.html" not in every
    assert site_layout.built_pages("zh_CN", tmp_path) == [
        "zh_CN/index.html",
        "zh_CN/tutorials/03_training/plot_16_x.html",
    ]
    assert site_layout.built_pages("en", tmp_path, source_code=False) == [
        "index.html",
        "reference/_images/x.html",
        "tutorials/03_training/plot_16_x.html",
    ]
    assert "_modules/dlnotes/losses.html" in site_layout.built_pages("en", tmp_path)
    assert site_layout.built_tutorials("zh_CN", tmp_path) == [
        "zh_CN/tutorials/03_training/plot_16_x.html"
    ]


def test_the_languages():
    assert site_layout.SOURCE_LANGUAGE == "en"
    assert next(iter(site_layout.LANGUAGES)) == "en", "English is built first"
    assert site_layout.LANGUAGES["en"].prefix == ""
    for code in site_layout.TRANSLATIONS:
        language = site_layout.LANGUAGES[code]
        assert language.prefix == f"{code}/"
        assert (site_layout.LOCALES / code / "LC_MESSAGES").is_dir(), f"no catalogs for {code}"


# -- The build, once ---------------------------------------------------------------------------
def test_the_build_command_of_each_language():
    html = site_layout.HTML
    strict = ("sphinx-build", "-W", "-n", "--keep-going", "-b", "html")
    assert build_site.command("en", html) == (*strict, "docs", str(html))
    doctrees = "docs/_build/doctrees/zh_CN"
    assert build_site.command("zh_CN", html) == (*strict, "-d", doctrees, "docs", f"{html}/zh_CN")
    assert build_site.environment("en") == {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    assert build_site.environment("zh_CN", html) == {
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "DLNOTES_LANGUAGE": "zh_CN",
        "DLNOTES_ENGLISH_HTML": str(html),
    }


def test_the_entry_point_builds_english_then_each_translation(monkeypatch, tmp_path):
    """`python tools/build_site.py --html DIR` (what Read the Docs runs): this interpreter's
    Sphinx, each language's command and environment, English first, stopping at a failure."""
    ran = []

    def run(command, env, check):
        ran.append((command, {k: env[k] for k in env if k.startswith(("DLNOTES_", "MPL"))}))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(build_site.subprocess, "run", run)
    monkeypatch.delenv("DLNOTES_LANGUAGE", raising=False)
    assert build_site.main(["--html", str(tmp_path)]) == 0
    assert [command[:3] for command, _ in ran] == [[sys.executable, "-m", "sphinx"]] * 2
    assert [command[3:] for command, _ in ran] == [
        list(build_site.command(language, tmp_path)[1:]) for language in ["en", "zh_CN"]
    ]
    assert [env.get("DLNOTES_LANGUAGE") for _, env in ran] == [None, "zh_CN"]


def _readthedocs_commands(job: str) -> list[str]:
    """The commands of one job of .readthedocs.yaml (its `- ` lines under the job's key)."""
    lines = (ROOT / ".readthedocs.yaml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{job}:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    commands = []
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if line.strip().startswith("- "):
            commands.append(line.strip()[2:])
    return commands


def test_read_the_docs_builds_with_the_one_definition():
    """Read the Docs runs tools/build_site.py, which runs the commands `nox -s docs` runs; it
    never spells out a sphinx-build command or its environment again."""
    (html,) = _readthedocs_commands("html")
    words = shlex.split(html)
    assert words[:3] == ["CI=true", "python", "tools/build_site.py"], html
    assert words[3:] == ["--html", "$READTHEDOCS_OUTPUT/html"], html
    assert build_site.parser().parse_args(words[3:]).html == Path("$READTHEDOCS_OUTPUT/html")
    (install,) = _readthedocs_commands("install")
    assert "-c constraints.txt" in install and '".[docs]"' in install, install


def test_the_release_workflow_reads_the_version_as_it_is_written():
    """The release workflow compares the tag with the version read by docs/_ext/run_yourself.py,
    which imports tools/ (site_layout, reproducible_wheel): its command puts both on the path."""
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    (command,) = re.findall(r'version=\$\(python -c "([^"]+)"\)', workflow)
    done = subprocess.run(
        [sys.executable, "-c", command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == dlnotes.__version__


def test_the_downloads_run_with_the_build_thread_count():
    """tools/run_downloads.py runs in a reader's environment, where it cannot import
    build_site: its default is written again, and must agree."""
    assert run_downloads.BUILD_THREADS == build_site.THREADS


# -- The README and the noxfile's docstrings agree with the code -----------------------------------
NOXFILE = ast.parse((ROOT / "noxfile.py").read_text())


def _sessions() -> dict[str, str]:
    """{session name: docstring} of every function decorated with @nox.session."""
    return {
        node.name: ast.get_docstring(node) or ""
        for node in NOXFILE.body
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d).startswith("nox.session") for d in node.decorator_list)
    }


def _assigned(name: str):
    for node in NOXFILE.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == name:
            return node.value
    raise LookupError(name)


def test_every_session_is_described():
    """`nox -l` shows each session's docstring."""
    sessions = _sessions()
    assert len(sessions) > 10
    assert all(sessions.values()), [name for name, doc in sessions.items() if not doc]


def test_the_readme_lists_every_session():
    listed = re.findall(r"^\| `nox -s (\w+)` \|", README, flags=re.MULTILINE)
    assert sorted(listed) == sorted(_sessions()), "README's table of nox sessions"
    assert len(listed) == len(set(listed))


def test_the_noxfile_docstrings_name_real_sessions():
    named = set(re.findall(r"nox -s (\w+)", ast.get_docstring(NOXFILE)))
    assert named <= set(_sessions()), named - set(_sessions())
    default = ast.literal_eval(_assigned("nox.options.sessions"))
    assert re.search(rf"``nox -s {default[0]}`` is\s+the\s+default", ast.get_docstring(NOXFILE))
    # the ci session's docstring lists its steps, in the order CI_STEPS runs them
    steps = [ast.literal_eval(key) for key in _assigned("CI_STEPS").keys]
    assert set(steps) <= set(_sessions())
    assert f"({', '.join(steps)})" in _sessions()["ci"], _sessions()["ci"]


def test_the_readme_names_the_ci_steps_in_order():
    """The README's paragraph on CI names the steps of `nox -s ci`, in the order CI_STEPS runs
    them, and no other session: a step added to, removed from or moved in CI_STEPS changes it."""
    paragraph = next(p for p in README.split("\n\n") if p.startswith("CI runs `bash .ci/run`"))
    steps = [ast.literal_eval(key) for key in _assigned("CI_STEPS").keys]
    sessions = set(_sessions()) - {"ci"}
    named = [name for name in re.findall(r"`(\w+)`", paragraph) if name in sessions]
    assert named == steps, f"README says {named}, CI_STEPS runs {steps}"


def _readme_layout(folder: str) -> set[str]:
    """The files the README's layout lists under ``folder`` (its indented lines)."""
    block = README.split("## Layout", 1)[1].split("```", 2)[1]
    lines = block.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(folder))
    indent = len(lines[start]) - len(lines[start].lstrip())
    names = set()
    for line in lines[start + 1 :]:
        depth = len(line) - len(line.lstrip())
        if line.strip() and depth <= indent:
            break
        if depth == indent + 2 and line.strip().split()[0].endswith(".py"):
            names.add(line.strip().split()[0])
    return names


@pytest.mark.parametrize(
    "folder, readme", [(DOCS / "_ext", "_ext/"), (TOOLS, "tools/")], ids=["extensions", "tools"]
)
def test_the_readme_lists_every_extension_and_tool(folder, readme):
    assert _readme_layout(readme) == {p.name for p in folder.glob("*.py")}


def test_conf_loads_every_extension_of_docs_ext():
    """Each module of docs/_ext is a Sphinx extension in conf.py's list, but sg_hooks, which
    sphinx-gallery imports by name."""
    conf = ast.parse((DOCS / "conf.py").read_text())
    (extensions,) = [
        node.value
        for node in conf.body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "extensions"
    ]
    loaded = set(ast.literal_eval(extensions))
    ours = {p.stem for p in (DOCS / "_ext").glob("*.py")} - {"sg_hooks"}
    assert ours <= loaded, ours - loaded
