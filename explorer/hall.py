"""The lecture hall: several Streamlit processes of the app behind HAProxy, started and stopped as one.

    python -m explorer.hall [--workers N] [--port 8500] [--host 0.0.0.0] [--backend http://HOST:PORT ...]
                            [--config hall.toml] [--print-config]

One Streamlit process runs every session's script under one interpreter lock; a big class needs several.
This starts N workers (`streamlit run app.py`, default one per core) on loopback ports, HAProxy in front of
them with a configuration generated for this run (explorer.haproxy: websockets, sticky sessions by cookie,
health checks on /_stcore/health), and prints the one URL to open. Other machines' servers join the same
balancer with --backend (or `backends = [...]` in a TOML file given with --config).

It watches everything until Ctrl-C or SIGTERM: a worker that dies is restarted (HAProxy routes around it
meanwhile), a server going down or up is reported. Stopping ends every process it started and deletes the
generated configuration; each child is also set to receive SIGTERM if this process dies without cleaning up.
`streamlit run app.py` stays the way to run the app for one person.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from explorer.haproxy import HEALTH_PATH, Backend, config_text, server_states

ROOT = Path(__file__).resolve().parent.parent
WORKER_ENV = "ATTENTION_HALL_WORKER"  # a worker's name, in its environment: workers() finds it there
INSTALL_HINT = "sudo apt-get install haproxy"
RESTART_BACKOFF_MAX = 30.0  # seconds between restarts of a worker that keeps dying at once
STABLE_AFTER = 60.0  # a worker that ran this long before dying is restarted at once
READY = "Open "  # the line that gives the URL starts with this (bench.liveapp.running_hall waits for it)


class HallError(Exception):
    """A reason the hall cannot start or go on, worded for the person who ran it (no traceback)."""


class Stop(Exception):
    """SIGINT (Ctrl-C), SIGTERM or SIGHUP: stop the hall."""


@dataclass
class Settings:
    workers: int
    port: int
    host: str
    first_worker_port: int  # 0: any free ports
    backends: list[str]  # other machines' app URLs
    threads: int  # torch threads per worker
    haproxy: str | None  # the binary (None: look on PATH and in /usr/sbin)
    cert: str | None  # PEM with certificate and key: serve HTTPS
    start_timeout: float


# Settings a --config TOML file may hold (the flags' names, with "_" for "-"); flags given win over the file.
FILE_KEYS = {"workers": int, "port": int, "host": str, "first_worker_port": int, "backends": list, "threads": int}
FILE_KEYS |= {"haproxy": str, "cert": str, "start_timeout": float}


def cores() -> int:
    return len(os.sched_getaffinity(0))


def parse_settings(argv: list[str] | None) -> tuple[Settings, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m explorer.hall", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", type=Path, help="a TOML file with any of the settings below (flags win)")
    parser.add_argument("--workers", type=int, help=f"local Streamlit processes (default: one per core, {cores()})")
    parser.add_argument("--port", type=int, help="the port students open (default 8500)")
    parser.add_argument("--host", help="the address HAProxy listens on (default 0.0.0.0: every interface)")
    parser.add_argument(
        "--first-worker-port",
        type=int,
        help="workers listen on 127.0.0.1 from this port up (default: --port + 1; 0: any free ports)",
    )
    parser.add_argument(
        "--backend",
        action="append",
        dest="backends",
        metavar="URL",
        help="another machine's app, e.g. http://10.0.0.12:8501 (repeatable)",
    )
    parser.add_argument("--threads", type=int, help="torch threads per worker (default: cores / workers, at least 1)")
    parser.add_argument("--haproxy", help="the haproxy binary (default: found on PATH or in /usr/sbin)")
    parser.add_argument("--cert", help="a PEM file holding the certificate and its key: students open https://")
    parser.add_argument("--start-timeout", type=float, help="seconds to wait for every worker (default 180)")
    parser.add_argument("--print-config", action="store_true", help="print the generated haproxy.cfg and exit")
    args = parser.parse_args(argv)

    values: dict[str, object] = {}
    if args.config is not None:
        values |= read_config_file(args.config)
    values |= {k: v for k, v in vars(args).items() if k in FILE_KEYS and v is not None}
    port = values.get("port", 8500)
    workers = values.get("workers", cores())
    if workers < 0 or (workers == 0 and not values.get("backends")):
        raise HallError("--workers must be at least 1, or 0 with at least one --backend")
    settings = Settings(
        workers=workers,
        port=port,
        host=values.get("host", "0.0.0.0"),
        first_worker_port=values.get("first_worker_port", port + 1),
        backends=list(values.get("backends", [])),
        threads=values.get("threads", max(1, cores() // max(1, workers))),
        haproxy=values.get("haproxy"),
        cert=values.get("cert"),
        start_timeout=values.get("start_timeout", 180.0),
    )
    return settings, args.print_config


def read_config_file(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text())
    except OSError as e:
        raise HallError(f"cannot read the config file {path}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise HallError(f"{path} is not valid TOML: {e}") from None
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise HallError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(FILE_KEYS)}")
    for key, value in data.items():
        kind = FILE_KEYS[key]
        ok = not isinstance(value, bool) and (isinstance(value, kind) or (kind is float and isinstance(value, int)))
        if not ok or (key == "backends" and not all(isinstance(u, str) for u in value)):
            raise HallError(f"{path}: {key} should be {'a list of URLs' if kind is list else kind.__name__}")
    return data


def find_haproxy(given: str | None) -> str:
    if given is not None:
        if Path(given).is_file() and os.access(given, os.X_OK):
            return given
        raise HallError(f"no haproxy at {given}. Install it with: {INSTALL_HINT}")
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise HallError(f"HAProxy is not installed (the hall's load balancer). Install it with: {INSTALL_HINT}")
    return found


def remote_backend(url: str, index: int) -> Backend:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or parts.path.strip("/") or parts.query:
        raise HallError(
            f"--backend {url!r}: give another machine's app as http://HOST:PORT (plain HTTP on the private "
            "network; the balancer is where HTTPS goes, with --cert)"
        )
    try:
        port = parts.port or 80
    except ValueError:
        raise HallError(f"--backend {url!r}: the port is not a number") from None
    return Backend(f"remote{index}", parts.hostname, port, local=False)


def port_taken(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind: TIME_WAIT is not "taken"
        try:
            s.bind((host, port))
        except PermissionError:
            raise HallError(f"port {port} needs root (ports below 1024); choose another with --port") from None
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return True
            raise HallError(f"cannot listen on {host} port {port}: {e.strerror}") from None
    return False


def free_ports(n: int) -> list[int]:
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def plan(settings: Settings) -> list[Backend]:
    """Every server behind the balancer, after checking that the ports are free."""
    if not 1 <= settings.port <= 65535:
        raise HallError(f"--port {settings.port} is not a port number")
    if port_taken(settings.host, settings.port):
        raise HallError(
            f"port {settings.port} on {settings.host} is already in use (another hall or app?). "
            "Stop it or choose another with --port."
        )
    if settings.first_worker_port == 0:
        ports = free_ports(settings.workers)
    else:
        ports = list(range(settings.first_worker_port, settings.first_worker_port + settings.workers))
        if ports and not (ports[0] >= 1 and ports[-1] <= 65535):
            raise HallError(f"worker ports {ports[0]}-{ports[-1]} are not port numbers")
        if settings.port in ports:
            raise HallError(f"the workers' ports {ports[0]}-{ports[-1]} include the hall's port {settings.port}")
        taken = [p for p in ports if port_taken("127.0.0.1", p)]
        if taken:
            raise HallError(
                f"worker port(s) {', '.join(map(str, taken))} already in use. Choose other ports with "
                "--first-worker-port (0 picks free ones)."
            )
    local = [Backend(f"local{i + 1}", "127.0.0.1", p, local=True) for i, p in enumerate(ports)]
    return local + [remote_backend(u, i + 1) for i, u in enumerate(settings.backends)]


_LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int):
    def preexec() -> None:  # runs in the child between fork and exec
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the hall died before the line above
            os._exit(1)

    return preexec


def spawn(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    with open(log, "ab") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the hall only; it stops the children in order
            preexec_fn=_die_with_parent(os.getpid()),
        )


def tail(path: Path, lines: int = 12) -> str:
    try:
        text = path.read_text(errors="replace").rstrip().splitlines()[-lines:]
    except OSError:
        return ""
    return "\n".join("    " + line for line in text)


def exit_reason(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def healthy(host: str, port: int, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}{HEALTH_PATH}", timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


@dataclass
class Worker:
    backend: Backend
    log: Path
    env: dict[str, str]
    proc: subprocess.Popen | None = None
    started: float = 0.0
    restart_at: float | None = None  # when a dead worker is due to start again
    backoff: float = 0.0

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.address", "127.0.0.1",
            "--server.port", str(self.backend.port),
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip

    def start(self) -> None:
        self.proc = spawn(self.command(), self.log, self.env | {WORKER_ENV: self.backend.name})
        self.started = time.monotonic()
        self.restart_at = None


@dataclass
class Hall:
    settings: Settings
    backends: list[Backend]
    haproxy_bin: str
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="attention-hall-")))
    workers: list[Worker] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None
    states: dict[str, str] = field(default_factory=dict)

    @property
    def socket_path(self) -> str:
        return str(self.folder / "haproxy.sock")

    def write_config(self) -> Path:
        path = self.folder / "haproxy.cfg"
        s = self.settings
        path.write_text(config_text(s.host, s.port, self.backends, self.socket_path, s.cert))
        check = subprocess.run([self.haproxy_bin, "-c", "-q", "-f", str(path)], capture_output=True, text=True)
        if check.returncode != 0:
            raise HallError(f"HAProxy refused the generated configuration:\n{check.stdout}{check.stderr}")
        return path

    def start(self) -> None:
        config = self.write_config()
        env = os.environ | {
            "OMP_NUM_THREADS": str(self.settings.threads),  # N workers x all cores each would oversubscribe
            "MKL_NUM_THREADS": str(self.settings.threads),
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),  # the same in every worker
        }
        for b in self.backends:
            if b.local:
                worker = Worker(b, self.folder / f"{b.name}.log", env)
                worker.start()
                self.workers.append(worker)
        self.haproxy = spawn([self.haproxy_bin, "-db", "-f", str(config)], self.folder / "haproxy.log")
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.settings.start_timeout
        local = {b.name for b in self.backends if b.local}
        while True:
            self.check_haproxy()
            for w in self.workers:
                if w.proc.poll() is not None:
                    raise HallError(
                        f"worker {w.backend.name} (port {w.backend.port}) stopped while starting "
                        f"({exit_reason(w.proc.returncode)}); its output:\n{tail(w.log)}"
                    )
            with contextlib.suppress(OSError):
                self.states = server_states(self.socket_path)
            up = {name for name, state in self.states.items() if state == "UP"}
            if (local and local <= up) or (not local and up):
                return
            if time.monotonic() > deadline:
                waiting = sorted((local or set(self.states)) - up)
                raise HallError(f"not up after {self.settings.start_timeout:.0f} s: {', '.join(waiting)}")
            time.sleep(0.3)

    def check_haproxy(self) -> None:
        if self.haproxy.poll() is not None:
            raise HallError(
                f"HAProxy stopped ({exit_reason(self.haproxy.returncode)}); its output:\n"
                f"{tail(self.folder / 'haproxy.log')}"
            )

    def announce(self) -> None:
        s = self.settings
        local = [b for b in self.backends if b.local]
        remote = [b for b in self.backends if not b.local]
        parts = []
        if local:
            ports = f"{local[0].port}" if len(local) == 1 else ", ".join(str(b.port) for b in local)
            parts.append(f"{len(local)} Streamlit worker{'s' * (len(local) > 1)} here (127.0.0.1 port {ports})")
        if remote:
            parts.append(f"{len(remote)} on other machines ({', '.join(b.address for b in remote)})")
        print(f"Attention Explorer hall: {' and '.join(parts)}, behind HAProxy on port {s.port}.")
        scheme = "https" if s.cert else "http"
        everywhere = s.host in ("0.0.0.0", "::")
        host = network_address() if everywhere else s.host
        host = f"[{host}]" if ":" in host else host
        print(f"{READY}{scheme}://{host}:{s.port}", flush=True)
        if everywhere:
            print(f"  (on this machine also {scheme}://localhost:{s.port})")
        for b in remote:
            print(f"  {b.name} {b.address}: {self.states.get(b.name, '?')}")
        print("Ctrl-C stops the hall and every worker.", flush=True)

    def watch(self, poll: float = 0.5) -> None:
        """Restart dead workers and report servers going down and up, until a signal stops the hall."""
        last_states = 0.0
        while True:
            self.check_haproxy()
            now = time.monotonic()
            for w in self.workers:
                if w.restart_at is None and w.proc.poll() is not None:
                    lived = now - w.started
                    w.backoff = 0.0 if lived > STABLE_AFTER else min(RESTART_BACKOFF_MAX, max(1.0, 2 * w.backoff))
                    w.restart_at = now + w.backoff
                    details = f"; its last output:\n{tail(w.log)}" if w.proc.returncode > 0 else ""
                    when = f"in {w.backoff:.0f} s" if w.backoff else "now"
                    print(
                        f"worker {w.backend.name} (port {w.backend.port}) stopped ({exit_reason(w.proc.returncode)}) "
                        f"after {lived:.0f} s; restarting it {when}{details}",
                        flush=True,
                    )
                if w.restart_at is not None and now >= w.restart_at:
                    w.start()
            if now - last_states >= 1.0:
                last_states = now
                with contextlib.suppress(OSError):
                    states = server_states(self.socket_path)
                    for name, state in states.items():
                        was = self.states.get(name, "").split()
                        if state.split()[:1] != was[:1]:  # "UP 1/3" (a check failed) is still up
                            print(f"HAProxy: {name} is {state.split()[0]}", flush=True)
                    self.states = states
            time.sleep(poll)

    def stop(self, grace: float = 10.0) -> None:
        """End every child (SIGTERM, then SIGKILL after `grace` seconds) and delete the run's folder."""
        procs = [p for p in [self.haproxy, *(w.proc for w in self.workers)] if p is not None]
        for p in procs:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def network_address() -> str:
    """This machine's address on its network, for the URL students open (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return socket.gethostname()


def workers(hall_pid: int) -> dict[str, tuple[int, int]]:
    """A running hall's local workers as {name: (pid, port)}, read from /proc (tests and benchmarks use it)."""
    out = {}
    try:
        children = Path(f"/proc/{hall_pid}/task/{hall_pid}/children").read_text().split()
    except OSError:
        return out
    for pid in map(int, children):
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        name = next((e.split(b"=", 1)[1].decode() for e in env if e.startswith(WORKER_ENV.encode() + b"=")), None)
        if name is not None and b"--server.port" in cmd:
            out[name] = (pid, int(cmd[cmd.index(b"--server.port") + 1]))
    return out


def _stop_on_signal(signum, frame) -> None:
    raise Stop


def main(argv: list[str] | None = None) -> int:
    hall = None
    try:
        settings, print_only = parse_settings(argv)
        if print_only:
            settings.first_worker_port = settings.first_worker_port or settings.port + 1
            backends = [
                Backend(f"local{i + 1}", "127.0.0.1", settings.first_worker_port + i, True)
                for i in range(settings.workers)
            ]
            backends += [remote_backend(u, i + 1) for i, u in enumerate(settings.backends)]
            print(
                config_text(
                    settings.host, settings.port, backends, "/tmp/attention-hall-XXXX/haproxy.sock", settings.cert
                )
            )
            return 0
        haproxy_bin = find_haproxy(settings.haproxy)
        if settings.cert and not Path(settings.cert).is_file():
            raise HallError(f"--cert {settings.cert}: no such file")
        backends = plan(settings)
        # Started in the background by a shell, a process inherits SIGINT ignored: Ctrl-C's signal must stop the
        # hall however it was started.
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, _stop_on_signal)
        hall = Hall(settings, backends, haproxy_bin)
        print(f"starting {settings.workers} worker(s) and HAProxy…", flush=True)
        hall.start()
        hall.announce()
        hall.watch()
    except (KeyboardInterrupt, Stop):  # KeyboardInterrupt: Ctrl-C before the handlers are set
        print("\nstopping the hall…", flush=True)
    except HallError as e:
        print(f"hall: {e}", file=sys.stderr, flush=True)
        return 2
    finally:
        if hall is not None:
            for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(s, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
            hall.stop()
            print("stopped: HAProxy and every worker ended, the generated configuration deleted", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
