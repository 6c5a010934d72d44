"""Solara's front-end assets, installed from the npm registry into solara's local proxy cache.

A browser that opens a solara page asks the server for ``/_solara/cdn/<package>@<version>/<file>``;
the server answers from its proxy cache (``solara.server.settings.assets.proxy_cache_dir``) and only
goes to a public CDN on a miss, so with the cache filled the dashboard works offline. The packages
are the ones the installed solara names in its own templates and widgets (``{{cdn}}/pkg@ver/`` and
``getCdn()}/pkg@ver/``) plus its Font Awesome stylesheet; reading them from solara's files keeps the
list right when solara is upgraded. A stamp in the cache records what was installed; a second run
installs only the packages whose folders are gone or that the stamp does not list.

Run as ``python -m detente.viz.assets`` (the Makefile does, on set-up).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

#: A package@version that solara loads through its CDN path, as written in its source files.
_CDN_REFERENCE = re.compile(r"(?:cdn ?\}\}|getCdn\(\)\})/((?:@[\w.-]+/)?[\w.-]+@[0-9][\w.-]*)/")
_SOURCE_SUFFIXES = {".py", ".vue", ".j2", ".html", ".js"}
STAMP = ".detente-assets"


def cache_dir() -> Path:
    """Solara's proxy cache folder (by default ``<venv>/share/solara/cdn``)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def wanted() -> list[str]:
    """The ``package@version`` specs the installed solara asks its CDN path for."""
    import solara
    from solara.server import settings

    specs = set()
    for path in Path(solara.__file__).parent.rglob("*"):
        if path.suffix in _SOURCE_SUFFIXES and "website" not in path.parts and path.is_file():
            specs.update(_CDN_REFERENCE.findall(path.read_text(encoding="utf-8", errors="ignore")))
    if settings.assets.fontawesome_enabled:  # its path is a setting: "/font-awesome@4.5.0/css/..."
        specs.add(settings.assets.fontawesome_path.strip("/").split("/")[0])
    return sorted(specs)


def missing(cache: Path, specs: list[str]) -> list[str]:
    """The specs to install: those whose folder in the cache is gone or empty, and those the stamp
    does not list (a new solara version asks for new ones, and a folder solara's proxy filled while
    online holds only the files a browser happened to ask for)."""
    stamp = cache / STAMP
    installed = set(stamp.read_text().split()) if stamp.exists() else set()
    return [spec for spec in specs
            if spec not in installed or not (cache / spec).is_dir() or not any((cache / spec).iterdir())]


def unpack(spec: str, cache: Path, scratch: Path) -> None:
    """``npm pack`` one package and unpack its files into ``cache/<spec>/`` (the tarball's top
    folder, usually ``package/``, stripped), via a temporary folder renamed into place."""
    result = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", str(scratch)],
                            capture_output=True, text=True, cwd=scratch)
    if result.returncode != 0:
        raise RuntimeError(f"npm pack {spec} failed: {result.stderr.strip()[-500:]}")
    tarball = scratch / result.stdout.strip().splitlines()[-1]
    staging = cache / f".{spec.replace('/', '+')}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        members = []
        for member in archive.getmembers():
            head, _, rest = member.name.partition("/")
            if rest:
                member.name = rest
                members.append(member)
        archive.extractall(staging, members=members, filter="data")
    target = cache / spec
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    tarball.unlink()


def install(cache: Path | None = None) -> list[str]:
    """Fill the cache with every wanted package not there yet; return the specs installed."""
    cache = cache or cache_dir()
    specs = wanted()
    todo = missing(cache, specs)
    if not todo:
        return []
    if shutil.which("npm") is None:
        raise RuntimeError("npm is needed to install solara's assets (apt-get install -y npm)")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for spec in todo:
            print(f"solara assets: {spec}", file=sys.stderr)
            unpack(spec, cache, Path(scratch))
    (cache / STAMP).write_text("\n".join(specs) + "\n")
    return todo


if __name__ == "__main__":
    try:
        done = install()
    except RuntimeError as err:
        print(f"detente: error: {err}", file=sys.stderr)
        sys.exit(2)
    print(f"solara assets: {len(done)} package(s) installed in {cache_dir()}" if done
          else f"solara assets: already in {cache_dir()}")
