"""`detente dashboard`: its options (the browser tests start it for real)."""

import pytest

from detente.cli import build_parser, main


def test_defaults_are_the_local_address_and_port_8765():
    args = build_parser().parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_bad_port_is_one_clear_error_and_exit_2(port, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["dashboard", "--port", port])
    assert exit_.value.code == 2
    assert "argument --port" in capsys.readouterr().err
