"""What the tests share: simulators and clients set up for speed, checks and spec catalogues.

Imported as ``tests.helpers.<module>`` (the repository root is on the import path when
pytest runs the suite, or when a subprocess is given ``PYTHONPATH=<root>``).
"""
