"""The ``linewatch`` command: a thin shell over the stage packages."""

from linewatch.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
