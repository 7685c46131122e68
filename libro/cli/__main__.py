"""`python -m libro.cli`: lo mismo que el comando `libro`."""

from libro.cli import main

main()
