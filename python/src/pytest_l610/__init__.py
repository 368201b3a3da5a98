"""pytest plugin: a virtual Fibocom L610 (``java -jar l610.jar serve``) for each test.

The ``l610`` fixture starts ``l610 serve`` on free 127.0.0.1 ports, waits for its READY line and stops
it (SIGTERM, then waits) after the test::

    def test_radio_off(l610):
        with socket.create_connection(l610.at) as s:     # the modem's serial line over TCP
            ...
        l610.faults.radio_off()                          # the host sees +MQTTBREAK: <id>,3
        assert l610.status()["network"]...

    @pytest.mark.l610(pty=True)                           # also a pseudo-terminal (l610.pty: its path)
    def test_serial(l610):
        port = serial.Serial(l610.pty, 115200, timeout=10)

The jar: ``--l610-jar PATH``, else the environment variable ``L610_JAR``, else ``cli/target/l610.jar``
of the l610 repository this plugin lives in (``mvn -B package -pl cli -am`` builds it).
``--l610-java`` (or ``L610_JAVA``) names the java executable.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

import pytest

__all__ = ["L610", "Faults", "L610Error", "find_jar", "start"]

#: How long ``l610 serve`` may take to print READY (JVM start on a busy machine), seconds.
READY_TIMEOUT = 120.0
#: How long a stopped ``l610 serve`` may take to exit after SIGTERM before it is killed, seconds.
STOP_TIMEOUT = 30.0

Address = Tuple[str, int]


class L610Error(RuntimeError):
    """l610 serve did not start, or the control API answered with an error."""


def _address(value: str) -> Optional[Address]:
    if value in ("-", ""):
        return None
    host, _, port = value.rpartition(":")
    return host, int(port)


def find_jar(explicit: Optional[str] = None) -> Path:
    """The l610.jar to run: ``explicit``, ``$L610_JAR``, or ``cli/target/l610.jar`` of this repository."""
    for candidate in (explicit, os.environ.get("L610_JAR")):
        if candidate:
            p = Path(candidate).expanduser()
            if not p.is_file():
                raise L610Error(f"no l610 jar at {p}")
            return p.resolve()
    here = Path(__file__).resolve()
    for parent in list(here.parents) + list(Path.cwd().resolve().parents) + [Path.cwd().resolve()]:
        p = parent / "cli" / "target" / "l610.jar"
        if p.is_file():
            return p
    raise L610Error("cli/target/l610.jar not found: build it (mvn -B -DskipTests package -pl cli -am), "
                    "or point --l610-jar / L610_JAR at an l610.jar")


class Faults:
    """The control API's faults (``POST /faults/...``); each call returns the parsed JSON answer."""

    def __init__(self, l610: "L610"):
        self._l610 = l610

    def _post(self, name: str, **params) -> dict:
        return self._l610._request("POST", "/faults/" + name, params)

    def radio_off(self) -> dict:
        return self._post("radio-off")

    def radio_on(self) -> dict:
        return self._post("radio-on")

    def deregister(self) -> dict:
        return self._post("deregister")

    def register(self) -> dict:
        return self._post("register")

    def context_drop(self) -> dict:
        return self._post("context-drop")

    def context_restore(self) -> dict:
        return self._post("context-restore")

    def broker_kill(self, client: int) -> dict:
        return self._post("broker-kill", client=client)

    def blackhole(self, on: bool = True) -> dict:
        return self._post("blackhole", on="true" if on else "false")

    def signal(self, rssi: int) -> dict:
        return self._post("signal", rssi=rssi)

    def udp(self, latency_ms: int = 0, loss: float = 0.0) -> dict:
        return self._post("udp", latency_ms=latency_ms, loss=loss)

    def shape(self, dir: str = "both", latency_ms: int = 0, jitter_ms: int = 0, rate_bps: int = 0,
              loss: float = 0.0) -> dict:
        return self._post("shape", dir=dir, latency_ms=latency_ms, jitter_ms=jitter_ms, rate_bps=rate_bps, loss=loss)


class L610:
    """A running ``l610 serve``: its addresses (``(host, port)`` tuples, or None), faults, status, transcript."""

    def __init__(self, process: subprocess.Popen, ready: str, pty: Optional[Path], stderr_path: Path, lines: "queue.Queue"):
        self.process = process
        #: the READY line as printed
        self.ready_line = ready
        fields = dict(f.split("=", 1) for f in ready.split()[1:])
        #: the TCP serial line (None with a pty only)
        self.at: Optional[Address] = _address(fields.get("at", "-")) if ":" in fields.get("at", "") else None
        #: the embedded MQTT broker
        self.mqtt: Optional[Address] = _address(fields.get("mqtt", "-"))
        #: the MQTT-SN gateway (UDP)
        self.mqttsn: Optional[Address] = _address(fields.get("mqttsn", "-"))
        #: the control API (HTTP)
        self.control: Optional[Address] = _address(fields.get("control", "-"))
        #: the pseudo-terminal's path, when started with pty=True
        self.pty: Optional[str] = str(pty) if pty else None
        self.faults = Faults(self)
        self._stderr_path = stderr_path
        self._lines = lines

    # ---- control API ----

    def _request(self, method: str, path: str, params: Optional[Dict] = None, parse: bool = True):
        if self.control is None:
            raise L610Error("this l610 serve has no control API")
        url = f"http://{self.control[0]}:{self.control[1]}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None,
                                     headers={"X-L610": "1"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                body = r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            raise L610Error(f"{method} {path}: HTTP {e.code}: {e.read().decode('utf-8', 'replace')}") from None
        return json.loads(body) if parse else body

    def status(self) -> dict:
        """``GET /status``: network state, each client's state and counters."""
        return self._request("GET", "/status")

    def transcript(self) -> str:
        """``GET /transcript``: every byte on the serial line so far (passwords masked)."""
        return self._request("GET", "/transcript", parse=False)

    def stderr(self) -> str:
        """What l610 serve wrote to stderr so far."""
        return self._stderr_path.read_text(errors="replace")

    # ---- lifecycle ----

    def stop(self) -> int:
        """SIGTERM, then wait (kill after STOP_TIMEOUT s); returns the exit code. Idempotent."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> "L610":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"L610({self.ready_line!r})"


def start(jar: Optional[Path] = None, pty: bool = False, args: Iterable[str] = (), java: Optional[str] = None,
          workdir: Optional[Path] = None) -> L610:
    """Starts ``java -jar l610.jar serve`` on free 127.0.0.1 ports and waits for READY."""
    jar = find_jar(str(jar) if jar else None)
    java = java or os.environ.get("L610_JAVA") or shutil.which("java") or "java"
    workdir = Path(workdir or tempfile.mkdtemp(prefix="l610-"))
    pty_path = workdir / "ttyL610" if pty else None
    cmd = [java, "-jar", str(jar), "serve", "--listen", "127.0.0.1:0", "--broker-port", "0",
           "--gateway-port", "0", "--control", "127.0.0.1:0"]
    if pty_path:
        cmd += ["--pty", str(pty_path)]
    cmd += list(args)
    stderr_path = workdir / "stderr.txt"
    with open(stderr_path, "wb") as err:
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
    lines: "queue.Queue[Optional[str]]" = queue.Queue()

    def read() -> None:  # drains stdout for the whole run, so serve never blocks on a full pipe
        for raw in process.stdout:
            lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        lines.put(None)

    threading.Thread(target=read, name="l610-stdout", daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=READY_TIMEOUT)
        except queue.Empty:
            process.kill()
            process.wait()
            raise L610Error(f"no READY line from {' '.join(cmd)} in {READY_TIMEOUT:.0f} s; "
                            f"stderr:\n{stderr_path.read_text(errors='replace')}") from None
        if line is None:
            code = process.wait()
            raise L610Error(f"{' '.join(cmd)} exited with {code} before READY; "
                            f"stderr:\n{stderr_path.read_text(errors='replace')}")
        if line.startswith("READY "):
            return L610(process, line, pty_path, stderr_path, lines)


# ---- pytest wiring ----

def pytest_addoption(parser) -> None:
    group = parser.getgroup("l610", "virtual Fibocom L610")
    group.addoption("--l610-jar", default=None, help="the l610.jar to run (default: $L610_JAR, else cli/target/l610.jar)")
    group.addoption("--l610-java", default=None, help="the java executable (default: $L610_JAVA, else java on PATH)")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "l610(pty=False, args=()): options of the l610 fixture's modem")


#: How much of the transcript a failed test's report gets (characters).
TRANSCRIPT_TAIL_CHARS = 4096


@pytest.fixture
def l610_factory(request, tmp_path_factory):
    """Starts modems on demand: ``l610_factory(pty=True, args=["--imei", "86954804001235"])``; all stopped after the test."""
    started = []
    request.node._l610_started = started  # for the failure report

    def make(pty: bool = False, args: Iterable[str] = ()) -> L610:
        try:
            m = start(jar=request.config.getoption("l610_jar"), pty=pty, args=args,
                      java=request.config.getoption("l610_java"), workdir=tmp_path_factory.mktemp("l610"))
        except L610Error as e:
            pytest.fail(str(e), pytrace=False)
        started.append(m)
        return m

    yield make
    for m in reversed(started):
        m.stop()


@pytest.fixture
def l610(request, l610_factory) -> L610:
    """A running ``l610 serve`` for this test (``@pytest.mark.l610(pty=True, args=[...])`` for options)."""
    marker = request.node.get_closest_marker("l610")
    kwargs = dict(marker.kwargs) if marker else {}
    return l610_factory(**kwargs)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report gets the end of each of its modems' transcripts (shown with the failure)."""
    outcome = yield
    rep = outcome.get_result()
    if rep.when != "call" or not rep.failed:
        return
    for i, m in enumerate(getattr(item, "_l610_started", ())):
        try:
            tail = m.transcript()[-TRANSCRIPT_TAIL_CHARS:]
        except Exception as e:  # the modem may be what failed
            tail = f"(transcript unavailable: {e})"
        rep.sections.append((f"l610 transcript {i + 1} (last {TRANSCRIPT_TAIL_CHARS} characters)", tail))
