"""The terminal progress bar the commands draw: in place on a terminal, sparse lines on a pipe."""

import io

from common.progress import TerminalProgress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_sees_the_bar_redrawn_in_place_and_ended_by_a_line_end():
    out = _Terminal()
    bar = TerminalProgress(out, width=10)
    bar(0, 200, "scanning")
    bar(200, 200, "reconciling")  # the last step is always drawn
    bar.close()
    assert out.getvalue() == ("\r[----------]   0% 0/200 scanning\x1b[K\r[##########] 100% 200/200 reconciling\x1b[K\n")


def test_a_pipe_gets_nothing_from_a_quick_run():
    out = io.StringIO()
    bar = TerminalProgress(out)
    for done in range(0, 1001, 100):
        bar(done, 1000)
    bar.close()
    assert out.getvalue() == ""
