"""``python -m unspun``: the ``unspun`` command (as from a notebook's ``!python -m unspun analyze ...``)."""

from .cli import main

if __name__ == "__main__":
    main()
