"""The analysts' shell through the installed `blo`, driven in a pseudo-terminal as a person would type."""

import os
import re
import signal
import time

import pexpect

from support.front_door import BLO
from warehouse.access import read_only
from warehouse.dictionary import describe

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = r"blo>(?:\x1b\[[0-9;?]*[A-Za-z])*\r"  # a fresh prompt: nothing typed after it yet


def _shell(home):
    # the terminal's size is the pty's, as for a person at it: not COLUMNS or LINES inherited from the test runner
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("BLO_", "DAGSTER_")) and k not in ("COLUMNS", "LINES")}
    terminal = {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    # started with SIGINT ignored, as from nohup or a background job: Ctrl-C must still cancel a query
    child = pexpect.spawn(BLO, ["sql", "--home", str(home)], env=environ | terminal, encoding="utf-8", timeout=60,
                          dimensions=(50, 200), preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    child.expect(PROMPT)
    return child


def _answer(child, typed: str) -> str:
    """Type an entry and return what the shell printed before its next prompt, without terminal codes."""
    child.send(typed + "\r")
    child.expect_exact(typed.split("\r")[-1][-12:])  # echoed as typed
    child.expect(PROMPT)
    return ANSI.sub("", child.before)


def test_two_queries_a_description_and_a_cancelled_query_in_one_session(built):
    home, _, _ = built
    with read_only(home) as con:
        seizures = con.execute("SELECT count(*) FROM seizures").fetchall()[0][0]
    started = time.monotonic()
    child = _shell(home.root)
    assert "synthetic demo data" in ANSI.sub("", child.before)
    assert re.search(r"│\s*42\s*│", _answer(child, "select 40 + 2 as answer;"))
    assert time.monotonic() - started < 30  # start-up and a first answer (the report gives the measured figure)
    counted = _answer(child, "select count(*) as n\rfrom seizures;")  # two lines: Enter continues until the ;
    assert re.search(rf"│\s*{seizures}\s*│", counted)
    described = _answer(child, ".describe seizures")
    meaning = next(row[2] for row in describe("seizures") if row[1] == "crossing_point")
    assert "crossing_point" in described and "VARCHAR" in described and " ".join(meaning.split()[:3]) in described
    child.send("select count(*) from range(100000000) a, range(100000000) b where a.range + b.range < 0;\r")
    child.expect_exact("range < 0;")
    time.sleep(1.5)
    child.sendintr()
    child.expect(PROMPT)
    assert "cancelled" in ANSI.sub("", child.before)
    assert "did_summary" in _answer(child, ".tables")
    _answer(child, ".format csv")
    assert re.search(r"again\r?\n42", _answer(child, "select 6 * 7 as again;"))  # the shell lives on, in CSV
    saved_to = home.root / "answers.csv"
    assert "answers go to" in _answer(child, f".output {saved_to}")
    _answer(child, "select crossing_point from crossing_points where crossing_point = 'Oybek';")
    _answer(child, ".output")
    assert saved_to.read_text(encoding="utf-8").splitlines() == ["crossing_point", "Oybek"]
    mistake = _answer(child, "select crosing_point from seizures;")
    assert 'Referenced column "crosing_point" not found' in mistake and "Candidate bindings" in mistake
    assert "Traceback" not in mistake
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "select 40 + 2 as answer;" in (home.root / ".sql_history").read_text(encoding="utf-8")
