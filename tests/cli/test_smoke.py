"""The package imports and the CLI answers; deeper checks live in the other test files."""

from iso20000_prm.cli import main


def test_help_lists_build(capsys):
    assert main([]) == 2
    assert "build" in capsys.readouterr().err
