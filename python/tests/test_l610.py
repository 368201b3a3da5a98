"""The pytest plugin against the real l610.jar: READY, addresses, AT over TCP and the pty, faults, status, transcript."""

import socket

import pytest


def read_until(sock: socket.socket, marker: bytes) -> bytes:
    """Reads until ``marker`` arrived (the socket's timeout guards a modem that never answers)."""
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise AssertionError(f"line closed before {marker!r}; got {data!r}")
        data += chunk
    return data


def command(sock: socket.socket, line: str, final: bytes = b"\r\nOK\r\n") -> str:
    sock.sendall(line.encode() + b"\r")
    return read_until(sock, final).decode()


def test_ready_line_names_every_address(l610):
    assert l610.ready_line.startswith("READY at=127.0.0.1:")
    for addr in (l610.at, l610.mqtt, l610.mqttsn, l610.control):
        assert addr is not None and addr[0] == "127.0.0.1" and addr[1] > 0
    assert len({l610.at[1], l610.mqtt[1], l610.control[1]}) == 3
    assert l610.pty is None


def test_at_over_tcp_faults_status_and_transcript(l610):
    with socket.create_connection(l610.at, timeout=30) as s:
        assert "OK" in command(s, "AT")
        assert "+CSQ: 31,99" in command(s, "AT+CSQ")
        answer = l610.faults.radio_off()
        assert answer.get("ok") is True
        assert "+CSQ: 99,99" in command(s, "AT+CSQ")
        l610.faults.radio_on()
        l610.faults.signal(5)
        assert "+CSQ: 5,99" in command(s, "AT+CSQ")
    status = l610.status()
    assert isinstance(status, dict) and status
    transcript = l610.transcript()
    assert "AT+CSQ" in transcript and "+CSQ: 99,99" in transcript


def test_a_bad_fault_is_an_error(l610):
    from pytest_l610 import L610Error
    with pytest.raises(L610Error, match="HTTP 400"):
        l610.faults.signal("loud")


def test_stop_is_sigterm_and_clean(l610):
    assert l610.stop() in (0, 143)  # 143: the JVM's exit after SIGTERM, with its shutdown hook run
    assert "l610: stopped" in l610.stderr()
    assert l610.stop() == l610.process.returncode  # idempotent


def test_factory_starts_more_modems(l610_factory):
    a = l610_factory()
    b = l610_factory(args=["--imei", "86954804001235", "--no-gateway"])
    assert a.at != b.at and b.mqttsn is None
    with socket.create_connection(b.at, timeout=30) as s:
        assert "86954804001235" in command(s, "AT+CGSN")


def test_a_failure_report_carries_the_transcript(pytester, request):
    pytester.makeconftest(f"""
import sys
sys.path.insert(0, {str(request.config.rootpath / "src")!r})
pytest_plugins = ["pytest_l610"]
""")
    pytester.makepyfile("""
import socket

def test_fails(l610):
    with socket.create_connection(l610.at, timeout=30) as s:
        s.sendall(b"AT+CGMR\\r")
        data = b""
        while b"OK" not in data:
            data += s.recv(4096)
    assert False, "on purpose"
""")
    jar = request.config.getoption("l610_jar")
    result = pytester.runpytest_subprocess(*(["--l610-jar", jar] if jar else []))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*l610 transcript 1*", "*AT+CGMR*"])
