"""`detente dashboard`: its options, the environment it starts solara in, and its errors (the
browser tests start it for real)."""

import os

import pytest

from detente.cli import build_parser, main
from detente.viz import assets


def test_defaults_are_the_local_address_and_port_8765():
    args = build_parser().parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_bad_port_is_one_clear_error_and_exit_2(port, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["dashboard", "--port", port])
    assert exit_.value.code == 2
    assert "argument --port" in capsys.readouterr().err


def test_the_users_warning_filters_are_kept_and_solara_is_started_offline(monkeypatch, capsys):
    started = []
    monkeypatch.setattr(assets, "install", lambda: [])
    monkeypatch.setattr(os, "execve", lambda path, command, env: started.append((command, env)))
    monkeypatch.setenv("PYTHONWARNINGS", "error::DeprecationWarning")
    main(["dashboard", "--port", "8800"])
    ((command, env),) = started
    assert command[1:] == ["-m", "solara", "run", "detente.viz.app", "--host", "127.0.0.1", "--port", "8800",
                           "--production"]
    assert env["PYTHONWARNINGS"] == ("error::DeprecationWarning,"
                                     "ignore:Cookies with samesite=none require https:UserWarning")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    monkeypatch.delenv("PYTHONWARNINGS")
    main(["dashboard"])
    assert started[-1][1]["PYTHONWARNINGS"] == "ignore:Cookies with samesite=none require https:UserWarning"
    assert "http://127.0.0.1:8765/" in capsys.readouterr().out


def test_assets_that_cannot_be_installed_are_one_clear_error_and_exit_2(monkeypatch, capsys):
    def install():
        raise RuntimeError("npm is needed to install solara's assets (apt-get install -y npm)")

    started = []
    monkeypatch.setattr(assets, "install", install)
    monkeypatch.setattr(os, "execve", lambda *args: started.append(args))
    assert main(["dashboard"]) == 2
    err = capsys.readouterr().err
    assert err == "detente: error: npm is needed to install solara's assets (apt-get install -y npm)\n"
    assert "Traceback" not in err and started == []
