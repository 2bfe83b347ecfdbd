"""A small classroom against the real server over Streamlit's websocket protocol (bench/wsload.py).

The full run (40+ sessions, 500+ reruns) is a benchmark; this one keeps the client honest and checks that
concurrent sessions each get their own, correct answers.
"""

import pytest

from bench import wsload

pytestmark = pytest.mark.slow


def test_concurrent_sessions_get_correct_answers(capsys):
    code = wsload.main(["--sessions", "6", "--reruns", "40", "--seconds", "120", "--think", "0.2", "--sentences", "12"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 WRONG, 0 TIMEOUTS" in out and "0 with an exception" in out
    right = int(out.split("answers: ")[1].split(" right")[0])
    assert right >= 30, out  # nearly every rerun is a checked translate page
