"""The offline assets: which packages solara asks for, and their install into its cache (with a
stand-in `npm` on PATH, so this test needs no network; the browser tests use the real cache)."""

import io
import stat
import tarfile

from detente.viz import assets

FAKE_NPM = """#!/bin/sh
# stand-in for `npm pack SPEC --silent --pack-destination DIR`: counts its calls, writes a tarball
echo "$2" >> "{calls}"
cp "{tarball}" "$5/fake-1.0.0.tgz"
echo fake-1.0.0.tgz
"""


def test_wanted_lists_what_solaras_page_template_loads():
    specs = assets.wanted()
    assert "requirejs@2.3.6" in specs
    assert any(s.startswith("@widgetti/solara-vuetify-app@") for s in specs)
    assert any(s.startswith("font-awesome@") for s in specs)
    assert all("@" in s.lstrip("@") for s in specs)


def _tarball(path):
    with tarfile.open(path, "w:gz") as archive:
        data = b"console.log('ok')"
        info = tarfile.TarInfo("package/dist/main.js")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))


def test_install_unpacks_into_the_cache_once(tmp_path, monkeypatch):
    tarball, calls, bin_dir = tmp_path / "fake.tgz", tmp_path / "calls", tmp_path / "bin"
    _tarball(tarball)
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM.format(calls=calls, tarball=tarball))
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setattr(assets, "wanted", lambda: ["@scope/fake@1.0.0", "other@2"])
    cache = tmp_path / "cdn"

    assert assets.install(cache) == ["@scope/fake@1.0.0", "other@2"]
    assert (cache / "@scope/fake@1.0.0/dist/main.js").read_text() == "console.log('ok')"
    assert (cache / "other@2/dist/main.js").exists()
    assert assets.install(cache) == []  # the stamp matches: nothing to do
    assert calls.read_text().split() == ["@scope/fake@1.0.0", "other@2"]
    assert not list(cache.glob(".*.partial"))


def test_a_missing_package_is_installed_again(tmp_path):
    """The stamp lists a@1 and b@2, but b@2's folder was deleted since; c@3 (a new solara's) has a
    folder solara's proxy filled with one file, not installed by us; d@4's folder is empty."""
    cache = tmp_path / "cdn"
    for spec in ("a@1", "c@3"):
        (cache / spec).mkdir(parents=True)
        (cache / spec / "x.js").write_text("x")
    (cache / "d@4").mkdir()
    (cache / assets.STAMP).write_text("a@1\nb@2\nd@4\n")
    assert assets.missing(cache, ["a@1", "b@2"]) == ["b@2"]
    assert assets.missing(cache, ["a@1", "b@2", "c@3", "d@4"]) == ["b@2", "c@3", "d@4"]
    (cache / assets.STAMP).unlink()
    assert assets.missing(cache, ["a@1"]) == ["a@1"]
