"""pyserial on the modem's pseudo-terminal, as a host program on a real serial port would use it."""

import os

import pytest

if os.environ.get("L610_REQUIRE_SERIAL"):  # .ci/run: python3-serial is installed, a missing one is an error
    import serial
else:
    serial = pytest.importorskip("serial")  # Debian: python3-serial


def readline_until(port, wanted: bytes) -> bytes:
    """Lines until ``wanted`` (the port's timeout guards a silent modem)."""
    seen = b""
    while True:
        line = port.readline()
        if not line:
            raise AssertionError(f"no {wanted!r} from the modem; got {seen!r}")
        seen += line
        if line.strip() == wanted:
            return seen


@pytest.mark.l610(pty=True)
def test_at_ok_on_the_pty(l610):
    assert l610.pty is not None and l610.at is not None  # --pty together with --listen: both lines
    with serial.Serial(l610.pty, 115200, timeout=30) as port:
        port.write(b"AT\r")
        assert b"OK" in readline_until(port, b"OK")
        port.write(b"ATI\r")
        assert b"L610" in readline_until(port, b"OK")
    assert "ATI" in l610.transcript()


@pytest.mark.l610(pty=True)
def test_serial_for_url(l610):
    with serial.serial_for_url(l610.pty, baudrate=115200, timeout=30) as port:
        port.write(b"AT+CGSN\r")
        assert b"869548040012344" in readline_until(port, b"OK")
