"""Allow ``python -m generator`` as a synonym for the ``workshop`` command."""

from generator.cli import main

if __name__ == "__main__":
    main()
