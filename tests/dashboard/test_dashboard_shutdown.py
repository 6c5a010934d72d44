"""Stopping `detente dashboard` with SIGTERM or SIGINT ends the worker processes it started."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import alive, descendants

LOGS = Path(__file__).resolve().parents[2] / "test-output"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_dashboard_ends_its_worker_processes(new_page, sig):
    port = free_port()
    LOGS.mkdir(exist_ok=True)
    with open(LOGS / f"server-{sig.name}.log", "w") as output:
        server = subprocess.Popen([sys.executable, "-m", "detente.cli", "dashboard", "--port", str(port)],
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.3)
        page, _ = new_page()
        page.goto(f"http://127.0.0.1:{port}/")  # the compare page starts the worker processes
        deadline = time.monotonic() + 60
        while len(descendants(server.pid)) < 3 and time.monotonic() < deadline:  # fork server + 2
            time.sleep(0.2)
        started = descendants(server.pid)
        assert len(started) >= 3, f"the workers did not start: {started}"
        server.send_signal(sig)  # the server alone, as `kill PID` or Ctrl-C in its terminal
        server.wait(timeout=30)
        deadline = time.monotonic() + 20
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(started), f"left running after {sig.name}: {alive(started)}"
    finally:
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
