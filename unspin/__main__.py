"""`python -m unspin` runs the CLI."""

from unspin.cli.app import main

main()
