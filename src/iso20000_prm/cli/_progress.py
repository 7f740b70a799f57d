"""A word on stderr while a long step runs: the command's name and the time elapsed, refreshed
on a terminal (tqdm), shown only after a second, cleared when the step ends. Nothing when stderr
is not a terminal or with ``--quiet``, so logs and pipes stay clean."""

from __future__ import annotations

import sys

# commands whose work can take more than a second or two (build at scale, validation, the site,
# an upload); ``query --all`` counts its queries itself
LONG_COMMANDS = ("build", "validate", "docs", "load", "synthesize", "link", "mappings")


def screen() -> dict:
    """tqdm's size arguments from the terminal (80 x 24 where it reports none: a terminal of
    0 rows would make tqdm print nothing)."""
    import shutil

    size = shutil.get_terminal_size((80, 24))
    return {"ncols": max(40, size.columns), "nrows": max(1, size.lines)}


class status:
    def __init__(self, label: str, enabled: bool, stream=None, delay: float = 1.0):
        self.label, self.enabled, self.delay = label, enabled, delay
        self.stream = stream if stream is not None else sys.stderr
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return self
        import threading  # only for a status line: a quick command's start stays light

        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()
        return self

    def _tick(self) -> None:
        if self._stop.wait(self.delay):  # a quick step ends before anything is shown
            return
        from tqdm import tqdm

        self.bar = tqdm(
            total=None,
            desc=self.label,
            bar_format="{desc}: {elapsed}",
            file=self.stream,
            leave=False,
            **screen(),
        )
        while not self._stop.wait(0.5):
            self.bar.refresh()

    def __exit__(self, *exc) -> bool:
        if self.enabled:
            self._stop.set()
            self._thread.join()
            if self.bar is not None:
                self.bar.close()
        return False


def for_command(args) -> status:
    """The status line for ``args.command``: on a terminal, for the long commands, unless quiet."""
    enabled = (
        getattr(args, "command", None) in LONG_COMMANDS
        and not getattr(args, "quiet", False)
        and sys.stderr.isatty()
    )
    return status(f"iso20000-prm {args.command}", enabled)
