"""``python -m wenming``: the same as the ``wenming`` command."""

from wenming.cli.main import main

if __name__ == "__main__":
    main(prog_name="python -m wenming")
