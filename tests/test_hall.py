"""The lecture hall (explorer.hall): HAProxy's generated configuration, the refusals, and a real run.

The slow test starts the hall with 2 workers on loopback, runs a short classroom through its balancer
(bench.wsload), kills the busiest worker in the middle, and stops the hall with Ctrl-C's signal: no wrong
answer, no trouble for the sessions on the other worker, the dead worker restarted, and nothing left behind.
"""

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from explorer import hall
from explorer.haproxy import Backend, config_text, cookie_name

HAPROXY = hall.shutil.which("haproxy") or hall.shutil.which("haproxy", path="/usr/sbin")
needs_haproxy = pytest.mark.skipif(HAPROXY is None, reason="HAProxy is not installed (sudo apt-get install haproxy)")

BACKENDS = [
    Backend("local1", "127.0.0.1", 18501, local=True),
    Backend("local2", "127.0.0.1", 18502, local=True),
    Backend("remote1", "10.0.0.12", 8501, local=False),
]


@needs_haproxy
@pytest.mark.parametrize("bind", ["0.0.0.0", "127.0.0.1", "::"])
def test_haproxy_accepts_the_generated_configuration(tmp_path, bind):
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(config_text(bind, 18500, BACKENDS, str(tmp_path / "s.sock")))
    check = subprocess.run([HAPROXY, "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "[WARNING]" not in check.stdout + check.stderr


def test_configuration_routes_websockets_to_every_server_with_sticky_cookies_and_health_checks():
    text = config_text("0.0.0.0", 8500, BACKENDS, "/x/s.sock")
    assert "bind 0.0.0.0:8500\n" in text
    assert f"cookie {cookie_name(8500)} insert indirect nocache httponly" in text
    assert "http-check send meth GET uri /_stcore/health" in text
    for b in BACKENDS:
        assert f"server {b.name} {b.host}:{b.port} check cookie {b.name}\n" in text
    assert "timeout tunnel 8h" in text  # a websocket idles for a lecture's length
    https = config_text("::", 443, BACKENDS[:1], "/x/s.sock", cert="/etc/hall.pem")
    assert "bind [::]:443 ssl crt /etc/hall.pem\n" in https and "SameSite=Lax secure" in https


def refusal(capsys, argv) -> str:
    assert hall.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("hall: ") and "Traceback" not in err
    return err


def test_refuses_without_haproxy_and_says_how_to_install_it(capsys, monkeypatch):
    assert "sudo apt-get install haproxy" in refusal(capsys, ["--haproxy", "/nonexistent/haproxy"])
    monkeypatch.setattr(hall.shutil, "which", lambda *a, **k: None)
    assert "sudo apt-get install haproxy" in refusal(capsys, ["--workers", "1"])


@needs_haproxy
def test_refuses_a_port_in_use(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        err = refusal(capsys, ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"])
        assert f"port {port} on 127.0.0.1 is already in use" in err
        front = next(p for p in hall.free_ports(2) if p != port)
        err = refusal(capsys, ["--port", str(front), "--first-worker-port", str(port), "--workers", "1"])
        assert f"worker port(s) {port} already in use" in err


def test_refuses_bad_settings(capsys, tmp_path):
    assert "--workers must be at least 1" in refusal(capsys, ["--workers", "0"])
    assert "http://HOST:PORT" in refusal(capsys, ["--backend", "https://10.0.0.12:8501", "--print-config"])
    toml = tmp_path / "hall.toml"
    toml.write_text('workers = 2\nbackend = ["http://10.0.0.12:8501"]\n')
    assert "unknown setting(s) backend" in refusal(capsys, ["--config", str(toml)])
    toml.write_text('workers = "two"\n')
    assert "workers should be int" in refusal(capsys, ["--config", str(toml)])


def test_a_config_file_lists_other_machines_and_flags_win(capsys, tmp_path):
    toml = tmp_path / "hall.toml"
    toml.write_text('workers = 3\nport = 9000\nbackends = ["http://10.0.0.12:8501", "http://lab-pc-7:8501"]\n')
    assert hall.main(["--config", str(toml), "--workers", "1", "--print-config"]) == 0
    text = capsys.readouterr().out
    assert "bind 0.0.0.0:9000\n" in text
    servers = [line.split()[1:3] for line in text.splitlines() if line.strip().startswith("server ")]
    assert servers == [["local1", "127.0.0.1:9001"], ["remote1", "10.0.0.12:8501"], ["remote2", "lab-pc-7:8501"]]


def test_children_die_with_the_hall(tmp_path):
    """A child of the hall gets SIGTERM from the kernel when the hall dies without cleaning up (SIGKILL)."""
    script = (
        "import sys, time\nfrom pathlib import Path\nfrom explorer.hall import spawn\n"
        "p = spawn(['sleep', '300'], Path(sys.argv[1]))\nprint(p.pid, flush=True)\ntime.sleep(300)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "log")], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert Path(f"/proc/{child}").exists()
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists()


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow
@needs_haproxy
def test_a_class_through_the_hall_survives_a_worker_dying(tmp_path):
    from bench import liveapp, wsload

    with liveapp.running_hall(2, stop_signal=signal.SIGINT) as (url, hall_pid):
        started = hall.workers(hall_pid)
        assert sorted(started) == ["local1", "local2"]
        everything = {hall_pid, *children(hall_pid)}  # the workers and HAProxy
        haproxy_cmd = next(
            Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0") for p in children(hall_pid) if p not in
            {pid for pid, _ in started.values()}
        )  # fmt: skip
        folder = Path(haproxy_cmd[haproxy_cmd.index(b"-f") + 1].decode()).parent
        assert folder.name.startswith("attention-hall-") and (folder / "haproxy.cfg").exists()

        o = wsload.run(
            [
                *("--url", url, "--pid", str(hall_pid), "--sessions", "6", "--reruns", "400", "--seconds", "20"),
                *("--think", "0.3", "--sentences", "12", "--kill-after", "6", "--every", "0"),
            ]
        )
        wsload.report(o)
        s, k = o.stats, o.kill
        assert s.wrong == 0 and o.failed == 0, s.examples
        assert s.right >= 20, s.right
        assert set(s.workers) == {"local1", "local2"}  # the balancer used both
        assert k is not None and k.victims and k.others  # someone was on each side when it died
        assert o.survivors_trouble() == 0, s.examples
        assert s.reconnects == s.restored_right >= len(k.victims)  # every tab came back from its URL, right

        deadline = time.monotonic() + 120  # the hall restarts the killed worker
        while time.monotonic() < deadline:
            now = hall.workers(hall_pid).get(k.worker)
            if now and now[0] != k.pid and hall.healthy("127.0.0.1", now[1]):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"{k.worker} was not restarted")
        everything |= set(children(hall_pid))
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as r:
            assert r.read() == b"ok"

    time.sleep(0.5)
    left = [p for p in everything if Path(f"/proc/{p}").exists() and not _zombie(p)]
    assert not left, [Path(f"/proc/{p}/cmdline").read_bytes() for p in left]
    assert not folder.exists()


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False
