"""Erasmus+ learning-mobility statistics: import, normalise, store (Parquet) and query (DuckDB).

The Commission's files are imported with `python -m alliance mobility import`; what they hold
is kept under the data folder in `.mobility/` (git-ignored): one Parquet file per imported
file, named by the digest of its bytes, and `manifest.json`, which alone says what is
imported. Queries read those files with DuckDB, never all years into pandas.
"""

from __future__ import annotations

STORE_DIR = ".mobility"
GROUPS = ("study", "traineeship", "staff_teaching", "staff_training", "other")
