"""Tasks for dlnotes: ``nox -l`` lists them with their descriptions; ``nox -s tests`` is the
default, ``nox -s ci`` runs every check CI runs, in order.

Every session installs with ``-c constraints.txt``: exact versions known to work here, with the
CPU build of torch, so nothing ever pulls the multi-gigabyte CUDA wheels. Environments are reused
between runs (``nox -R`` skips even the install step).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import shlex
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import nox
from nox.virtualenv import VirtualEnv

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "virtualenv"
nox.options.reuse_venv = "yes"
nox.options.download_python = "never"
nox.options.sessions = ["tests"]

# The site's folders and languages (tools/site_layout.py) and its build: the sphinx-build command
# of each language, its environment, the pages' thread count (tools/build_site.py, which Read the
# Docs runs). The translations: each language a second build of the same sources, under
# html/<language>/, after the English one (it reuses what that executed, and links to its API
# reference). A message left untranslated or fuzzy fails it (docs/_ext/stale_translations.py).
sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
import build_site  # noqa: E402
import site_layout  # noqa: E402

# docs/_ext/run_yourself.py: the wheel the site serves and the site's address (`nox -s notebooks`
# installs and serves the same). It imports nothing outside the standard library and tools/.
sys.path.insert(0, str(site_layout.EXTENSIONS))
import run_yourself  # noqa: E402

ROOT = site_layout.ROOT
DOCS = site_layout.DOCS
HTML = site_layout.HTML
READER_RUN = site_layout.READER_RUN  # notebooks executed by `nox -s notebooks`
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
CI = build_site.ci()


def install(session: nox.Session, *extras: str) -> None:
    """Install dlnotes (editable) with the given extras, pinned by the constraints file; nothing
    when an earlier install into this environment already covered them (`nox -s ci` installs
    every extra its steps need once)."""
    spec = f".[{','.join(extras)}]" if extras else "."
    install_once(session, "-e", spec, provides=["dlnotes", *extras])


# What an install depends on besides its arguments: the declared dependencies, the pins, and the
# version (an editable install's metadata). The code itself is live in an editable install.
INSTALL_INPUTS = [
    ROOT / "pyproject.toml",
    ROOT / "constraints.txt",
    ROOT / "dlnotes" / "__init__.py",
]


def install_once(session: nox.Session, *args: str, provides: list[str] | None = None) -> None:
    """``pip install -c constraints.txt ARGS``, skipped when this environment already has what
    it ``provides`` (by default: these exact arguments), installed with the same pyproject.toml,
    constraints and version: a warm `nox -s docs` then spends no time in pip (an editable install
    re-runs the build backend every time)."""
    if not isinstance(session.virtualenv, VirtualEnv):
        session.install(*CONSTRAINTS, *args)
        return
    inputs = hashlib.sha256(b"".join(path.read_bytes() for path in INSTALL_INPUTS)).hexdigest()
    wanted = {f"{inputs} {item}" for item in (provides or [repr(args)])}
    stamps = Path(session.virtualenv.location) / "dlnotes-installed"
    done = set(stamps.read_text().splitlines()) if stamps.is_file() else set()
    if wanted <= done:
        session.log(f"already installed here: {' '.join(args)}")
        return
    session.install(*CONSTRAINTS, *args)
    with stamps.open("a") as file:
        file.writelines(line + "\n" for line in sorted(wanted))


# Runs draw figures but must never open a window; hash seed fixed for reproducible output.
HEADLESS = build_site.HEADLESS


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit tests (the site checks run with `docs`/`site`; GPU tests with `gpu`)."""
    install(session, "test")
    session.run(
        "pytest",
        "--ignore=tests/site",
        "--ignore=tests/browser",
        "--ignore=tests/determinism",
        "-m",
        "not gpu",
        *session.posargs,
        env=HEADLESS,
    )


@nox.session
def doctests(session: nox.Session) -> None:
    """Run every `>>>` example in dlnotes/ and in the docs' Markdown pages."""
    install(session, "test")
    markdown = [str(p) for p in site_layout.markdown_sources() if p.read_text().count(">>>")]
    session.run(
        "pytest",
        "--doctest-modules",
        "--doctest-glob=*.md",
        "dlnotes",
        *markdown,
        *session.posargs,
        env=HEADLESS,
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the whole site strictly, executing every example and notebook, then check it.

    Locally, unchanged examples and notebooks are not re-run (a rebuild takes seconds). With
    CI=true, or `nox -s docs -- --force`, everything is built and executed from scratch.
    """
    install(session, "docs", "test")
    force = CI or "--force" in session.posargs
    if force:
        for path in site_layout.GENERATED:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(
                missing_ok=True
            )
    for language in site_layout.LANGUAGES:  # English first: the translations reuse its output
        session.run(*build_site.command(language), env=build_site.environment(language))
    if not force and _site_fingerprint() == _read(SITE_CHECKED):
        session.log("The site and its checks are unchanged since they last passed: not rechecked.")
    else:
        _check_site(session)
    session.log(f"The site is at {HTML / 'index.html'} (open it in a browser, or `nox -s serve`).")


@nox.session
def translations(session: nox.Session) -> None:
    """After an English edit: update every language's catalogs from the English pages.

    Extracts the messages of every page (Sphinx's gettext builder), merges them into
    docs/locales/<language>/LC_MESSAGES/<page>.po (sphinx-intl: a changed message becomes fuzzy,
    with the old translation kept as a hint; a new one is empty), fills messages that another
    page already translates, removes the spaces that inline markup leaves inside Chinese text,
    then lists what is left to translate and checks the markup of every translation. Translate what it lists, delete the `#, fuzzy` lines, and run `nox -s docs`.
    """
    install(session, "docs")
    shutil.rmtree(site_layout.GETTEXT, ignore_errors=True)
    for language in site_layout.TRANSLATIONS:
        session.run(*build_site.gettext_command(), env=build_site.environment(language))
        session.run(
            "sphinx-intl",
            "update",
            "-p",
            str(site_layout.GETTEXT),
            "-l",
            language,
            "-d",
            str(site_layout.LOCALES),
            "-w",
            "100",
            "--no-obsolete",
        )
        session.run("python", "tools/catalogs.py", "fill", language)
        # the spaces that inline markup leaves inside Chinese text (docs/locales/zh_CN/glossary.md)
        session.run("python", "tools/catalogs.py", "fix", language, success_codes=[0, 1])
        session.run("python", "tools/catalogs.py", "lint", success_codes=[0, 1])
        session.run("python", "tools/catalogs.py", "status", language, success_codes=[0, 1])


@nox.session
def docs_fast(session: nox.Session) -> None:
    """Build the site without executing the gallery examples, for quick prose edits."""
    install(session, "docs")
    session.run(*build_site.command(), "-D", "plot_gallery=0", env=build_site.environment())
    session.log(f"Examples not executed. The site is at {HTML / 'index.html'}.")


@nox.session
def site(session: nox.Session) -> None:
    """Check an already-built site: pages executed, images present, links and anchors valid,
    nothing loaded from another host."""
    install(session, "test")
    _check_site(session)


def _check_site(session: nox.Session) -> None:
    if not (HTML / "index.html").exists():
        session.error(f"No built site at {HTML}: run `nox -s docs` first.")
    SITE_CHECKED.unlink(missing_ok=True)
    session.run("pytest", "-m", "site", "tests/site", "-p", "no:cacheprovider", env=HEADLESS)
    SITE_CHECKED.write_text(_site_fingerprint())


# What the site checks read: the built site (both languages) and the checks' own code and data.
# Its hash after the last passing check is kept, so that a warm `nox -s docs` that rewrote nothing
# (Sphinx rewrites a few files with the same content) skips the checks.
SITE_CHECKED = site_layout.SITE_CHECKED
SITE_INPUTS = [
    HTML,
    ROOT / "tests" / "site",
    site_layout.TOOLS,
    site_layout.EXTENSIONS,
    site_layout.LOCALES,
]


def _site_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in SITE_INPUTS:
        for path in sorted(
            p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    return path.read_text() if path.is_file() else None


@nox.session
def browser(session: nox.Session) -> None:
    """Open every page of the built site in headless Chromium: no console errors, no failed or
    remote requests, images displayed, math rendered; search, dark mode, gallery thumbnails.

    Uses the system Chromium (`apt-get install chromium`, or DLNOTES_CHROMIUM=/path); screenshots
    of key pages go to docs/_build/screenshots.
    """
    install(session, "browser")
    if not (HTML / "index.html").exists():
        session.error(f"No built site at {HTML}: run `nox -s docs` first.")
    # One worker per core: each drives its own Chromium, and axe's checks of a page (colour
    # contrast over thousands of highlighted code spans) keep one core busy. `-- -n 0`: serial.
    workers = ("-n", "auto")
    session.run(
        "pytest",
        "-m",
        "browser",
        "tests/browser",
        "-p",
        "no:cacheprovider",
        *workers,
        *session.posargs,
    )


@nox.session
def determinism(session: nox.Session) -> None:
    """Check that every executed page prints the same output when its code runs again.

    Gallery pages: the notebooks that `nox -s notebooks` ran in a reader's clean environment
    (kept in docs/_build/reader-run) must print what the built pages show (durations excepted):
    a second execution, and the one a reader gets. Notebook pages (MyST-NB): their code, as the
    build's execution cache holds it, runs again in a fresh kernel (tools/rerun_notebook_pages.py;
    no second Sphinx build) and must print what the build printed.
    """
    install(session, "docs", "test")
    for needed, how in ((HTML / "index.html", "docs"), (READER_RUN, "notebooks")):
        if not needed.exists():
            session.error(f"No {needed}: run `nox -s {how}` first.")
    rerun = Path(session.create_tmp()).resolve() / "notebook-pages"  # create_tmp is relative
    shutil.rmtree(rerun, ignore_errors=True)
    # the kernels run as the build's do: headless, the offline guard (its IPython profile)
    kernels = {**HEADLESS, "IPYTHONDIR": str(site_layout.IPYTHON)}
    session.run("python", "tools/rerun_notebook_pages.py", str(rerun), env=kernels)
    session.run(
        "pytest",
        "-m",
        "determinism",
        "tests/determinism",
        "-p",
        "no:cacheprovider",
        env={
            "DLNOTES_BUILD_A": str(HTML),
            "DLNOTES_RERUN": str(rerun),
            "DLNOTES_READER_RUN": str(READER_RUN),
        },
    )


@nox.session
def notebooks(session: nox.Session) -> None:
    """Run every downloadable notebook and script of the built site as a reader would.

    Serves the built site on 127.0.0.1 at the path of its published address, makes a virtual
    environment outside the repository, and runs there, verbatim but for the site's scheme and
    host, the install line of a downloaded notebook's first cell: it installs the wheel the site
    serves, by URL and sha256 (docs/_ext/run_yourself.py), with no wheel folder of ours
    configured (the machine's own, e.g. the CPU build of torch, stands in for the reader's torch;
    the constraints keep it at the pinned build). Then it executes every downloaded `.ipynb`
    (each runs its own first cell again) and `.py` in an empty folder; nothing from the
    repository is importable there. `twine check --strict` checks the served wheel and the sdist
    a release would publish. The executed notebooks are kept in docs/_build/reader-run for
    `nox -s determinism`.
    """
    install_once(session, "build", "twine", "virtualenv")
    downloads = HTML / "_downloads"
    if not downloads.is_dir():
        session.error(f"No downloads at {downloads}: run `nox -s docs` first.")
    site_url, line = _notebook_install_line(downloads)
    scratch = Path(tempfile.mkdtemp(prefix="dlnotes-reader-"))  # outside the repository
    served = sorted((HTML / run_yourself.WHEEL_FOLDER).glob("*.whl"))
    session.run("python", "-m", "build", "--sdist", "--outdir", str(scratch / "sdist"), str(ROOT))
    session.run("twine", "check", "--strict", *map(str, served), *(scratch / "sdist").iterdir())
    reader = scratch / "venv"
    session.run("python", "-m", "virtualenv", "-q", str(reader))
    python = str(reader / "bin" / "python")
    pip_env = {"PIP_CONSTRAINT": str(ROOT / "constraints.txt")}
    # The reader has Jupyter; then they run the line every notebook starts with.
    session.run(
        python, "-m", "pip", "install", "-q", "nbclient", "ipykernel", env=pip_env, external=True
    )
    with _serve(HTML, site_url) as loopback:
        local_line = line.replace(_origin(site_url), loopback, 1) if site_url else line
        session.log(f"the notebooks' first cell, host replaced: %pip install {local_line}")
        session.run(
            python,
            "-m",
            "pip",
            "install",
            "-q",
            *shlex.split(local_line),
            env=pip_env,
            external=True,
        )
        session.run(python, "-c", _SHOW_TORCH, external=True)
        runner = shutil.copy(ROOT / "tools" / "run_downloads.py", scratch)
        shutil.rmtree(READER_RUN, ignore_errors=True)
        threads = str(build_site.threads())  # the docs build's
        site = ("--site", _origin(site_url), loopback) if site_url else ()
        with session.chdir(scratch):
            # The notebooks one at a time with the build's thread count, kept for
            # `determinism`; then the scripts, several at once (see tools/run_downloads.py).
            args = (str(downloads), "--save", str(READER_RUN), "--threads", threads, *site)
            # posargs go to the runner, e.g. `nox -s notebooks -- -k plot_17` (one page) or
            # `-- --start-method forkserver` (see `python tools/run_downloads.py --help`)
            session.run(python, runner, *args, *session.posargs, env=pip_env, external=True)
    shutil.rmtree(scratch, ignore_errors=True)


_SHOW_TORCH = (
    "import torch; print(f'the reader has torch {torch.__version__} (CUDA {torch.version.cuda})')"
)


def _notebook_install_line(downloads: Path) -> tuple[str, str]:
    """The published site's address and the arguments of `%pip install` in the downloaded
    notebooks' first cell (the same in all: checked)."""
    lines = set()
    for notebook in downloads.rglob("*.ipynb"):
        first = json.loads(notebook.read_text())["cells"][0]["source"]
        lines |= {
            line.removeprefix("%pip install ").strip()
            for line in "".join(first).splitlines()
            if line.startswith("%pip install ")
        }
    if len(lines) != 1:
        raise RuntimeError(f"expected one install line in the notebooks' first cells: {lines}")
    return run_yourself.site_url(), lines.pop()


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of an address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@contextlib.contextmanager
def _serve(html: Path, site_url: str):
    """Serve the built site on 127.0.0.1 at the path of its published address; yield the local
    origin (``http://127.0.0.1:PORT``) that stands in for the address's scheme and host."""
    prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix + "/"):
                return str(html / "does-not-exist")
            return super().translate_path(path[len(prefix) :])

        def log_message(self, *args) -> None:  # pip's own output says what it fetched
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(html))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@nox.session
def serve(session: nox.Session) -> None:
    """Live-reloading preview at http://127.0.0.1:8000 (examples run only when changed)."""
    install(session, "docs", "serve")
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "dlnotes",
        "--watch",
        "gallery",
        # the folders the build generates into the sources (not a change to rebuild for)
        *(
            arg
            for path in site_layout.GENERATED_SOURCES
            if path.suffix == ""
            for arg in ("--ignore", f"*/{path.name}/*")
        ),
        "-n",
        "-b",
        "html",
        str(DOCS.relative_to(ROOT)),
        str(HTML),
        env=HEADLESS,
    )


@nox.session
def gpu(session: nox.Session) -> None:
    """Run the tests marked `gpu`; skips with a message when no CUDA device is present.

    On a GPU machine, install torch there first (the CPU pin does not apply): pass
    `--no-pin` to install without the constraints file, e.g. `nox -s gpu -- --no-pin`.
    """
    args = [a for a in session.posargs if a != "--no-pin"]
    if "--no-pin" in session.posargs:
        session.install("-e", ".[test]")
    else:
        install(session, "test")
    has_cuda = session.run(
        "python", "-c", "import torch; print(torch.cuda.is_available())", silent=True
    ).strip()
    if has_cuda != "True":
        session.skip("No CUDA device visible to torch: the `gpu` tests need one.")
    session.run("pytest", "-m", "gpu", *args, env=HEADLESS)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benchmarks/ and write their results files (benchmarks/results/).

    `nox -s bench -- fit_overhead` runs only the benchmarks whose name contains that word.
    """
    install(session, "test", "bench")
    scripts = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    chosen = [
        s for s in scripts if not session.posargs or any(a in s.stem for a in session.posargs)
    ]
    if not chosen:
        session.error(f"no benchmark matches {session.posargs}; have {[s.stem for s in scripts]}")
    for script in chosen:
        session.run("python", str(script), env=HEADLESS)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (formatting and lint rules) over the code; the Read the Docs and GitHub Actions
    configurations validated against their schemas; the translations' markup."""
    install_once(session, "ruff", "check-jsonschema", "babel", "docutils")
    session.run("ruff", "format", "--check", ".")
    session.run("ruff", "check", ".")
    # The hosting configurations, against the schemas check-jsonschema ships (no download).
    session.run("check-jsonschema", "--builtin-schema", "vendor.readthedocs", ".readthedocs.yaml")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    forms = sorted(str(p) for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *forms)
    # Every translation keeps its message's code, roles, links and math (tools/catalogs.py).
    session.run("python", "tools/catalogs.py", "lint")


# Every check CI runs, in order. `.ci/run` (after installing Chromium and a CJK font for it) and
# the GitHub workflow both run `nox -s ci`, so this list is the only one.
CI_STEPS = {
    "lint": lint,
    "tests": tests,
    "doctests": doctests,
    "docs": docs,  # cold with CI=true: every page executed; then the site checks
    "notebooks": notebooks,  # every download, in a reader's clean environment
    "browser": browser,
    "determinism": determinism,  # the reader's notebooks print what the pages show
}


@nox.session
def ci(session: nox.Session) -> None:
    """Every check CI runs (lint, tests, doctests, docs, notebooks, browser, determinism), in
    that order, in one environment installed once; prints each step's time and the total.

    Each step is the session of the same name, so `nox -s STEP` reruns one of them alone.
    """
    if session.posargs:
        session.error("`nox -s ci` takes no arguments: run a single step as `nox -s STEP -- ...`")
    began = time.monotonic()
    install(session, "docs", "test", "browser")
    times = {"install": time.monotonic() - began}
    try:
        for name, step in CI_STEPS.items():
            start = time.monotonic()
            session.log(f"::: {name} :::")
            step(session)
            times[name] = time.monotonic() - start
            session.log(f"::: {name} took {times[name]:.0f} s :::")
    finally:
        rows = "\n".join(f"  {name:12} {seconds:6.0f} s" for name, seconds in times.items())
        session.log(f"step times:\n{rows}\n  {'total':12} {time.monotonic() - began:6.0f} s")
