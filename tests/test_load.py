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


def test_a_fresh_server_serves_concurrent_first_sessions_from_deep_links():
    """A class arriving at once on a fresh process (a new `streamlit run`, a worker the hall restarted)."""
    import asyncio
    import urllib.parse

    from bench.liveapp import running_app
    from bench.wsclient import Session

    query = urllib.parse.urlencode({"pack": "dates", "models": "none,dot", "s": "15 févr. 1946"})

    async def first_session(url: str) -> list[str]:
        session = Session(url, 120)
        await session.connect()
        try:
            screen = await session.rerun(page_name="translate", query_string=query)
        finally:
            await session.close()
        return [c.code_text for c in screen.of("code")]

    async def class_arrives(url: str) -> list[list[str]]:
        return await asyncio.gather(*(first_session(url) for _ in range(4)))

    with running_app() as url:
        pages = asyncio.run(class_arrives(url))
    assert all(codes[:2] == ["15 févr. 1946", "1946-02-15"] for codes in pages), pages
