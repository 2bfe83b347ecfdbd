"""Start the real app on loopback for browser tests, screenshots and load tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(port: int | None = None, timeout: float = 60, env: dict[str, str] | None = None):
    """Start the app, wait for /_stcore/health to answer ok, yield its base URL, stop it. `env`: variables to add
    to the server's environment (ATTENTION_EXPLORER_PRETRAINED, say, to serve packs from another folder)."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115  (a file, not a pipe: a full pipe would block the server)
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **(env or {})}
    )
    global LAST_PID
    LAST_PID = proc.pid
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                out = log.read().decode(errors="replace")
                raise RuntimeError(f"streamlit did not start:\n{out}")
            time.sleep(0.2)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@contextlib.contextmanager
def running_hall(workers: int, timeout: float = 300, args: tuple[str, ...] = (), stop_signal=signal.SIGTERM):
    """Start the lecture hall (python -m explorer.hall) on loopback, yield (balancer URL, the hall's PID), stop it.

    The hall prints its URL once HAProxy sees every worker up. It is stopped with stop_signal (SIGINT is what
    Ctrl-C sends); the hall itself ends its workers and HAProxy.
    """
    from explorer.hall import READY

    port = free_port()
    cmd = [sys.executable, "-m", "explorer.hall", "--workers", str(workers), "--port", str(port)]
    cmd += ["--host", "127.0.0.1", "--first-worker-port", "0", "--start-timeout", str(timeout), *args]
    log = tempfile.TemporaryFile()  # noqa: SIM115  (a file, not a pipe: a full pipe would block the hall)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def output() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")

    try:
        deadline = time.monotonic() + timeout + 30
        while True:
            url = next((ln[len(READY) :].strip() for ln in output().splitlines() if ln.startswith(READY)), None)
            if url is not None:
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the hall did not start:\n{output()}")
            time.sleep(0.3)
        yield url, proc.pid
    finally:
        if proc.poll() is None:
            proc.send_signal(stop_signal)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()  # its children get SIGTERM from the kernel (the hall sets PR_SET_PDEATHSIG)
            proc.wait()
            raise RuntimeError(f"the hall did not stop within 60 s of {stop_signal!r}:\n{output()}") from None
        finally:
            log.close()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


LAST_PID = 0  # the most recent server's PID (the load and memory benchmarks read its /proc entry)


MAIN_CHARTS = '[data-testid="stMain"] .js-plotly-plot'  # the page's figures (the sidebar's Data panel has one too)


def wait_rendered(page, min_charts: int = 1, timeout_ms: int = 30_000, settle_ms: int = 800) -> None:
    page.wait_for_selector(MAIN_CHARTS, timeout=timeout_ms)
    page.wait_for_function(f"document.querySelectorAll('{MAIN_CHARTS}').length >= {min_charts}", timeout=timeout_ms)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    if settle_ms:
        page.wait_for_timeout(settle_ms)


def apptest_in_navigation_mode() -> None:
    """Make AppTest run the app the way the live server does after its first request.

    AppTest recomputes Streamlit's legacy "pages/ folder" flag before every run, so each run would start
    in legacy mode, where a page file runs without main.py (explorer.navigation.ensure_navigation then reruns,
    losing a pending click). The live server leaves that mode for good once main.py calls st.navigation.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager.__init__, "_navigation_mode", False):
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._navigation_mode = True
    PagesManager.__init__ = init
