"""`python -m libro.cli`: el mismo comando `libro`."""

from libro.cli import main

main()
