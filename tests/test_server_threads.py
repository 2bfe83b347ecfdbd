"""app.py's torch threads: the server runs each rerun in a new thread, where 1 torch thread is faster than 2 on this
machine (app.py SCRIPT_THREADS; bench/gradients_whatif_speed.py measures it). Checked in a fresh interpreter, so this
test process keeps its own setting."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import app, torch; app._warm_imports(); print(torch.get_num_threads())"


@pytest.mark.parametrize(("omp", "expected"), [(None, "1"), ("2", "2")])
def test_the_server_uses_one_torch_thread_unless_omp_num_threads_says_otherwise(omp, expected):
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    if omp is not None:
        env["OMP_NUM_THREADS"] = omp
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == expected
