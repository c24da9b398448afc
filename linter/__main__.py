"""`python -m linter` is `noticelint`."""

from .cli import main

main()
