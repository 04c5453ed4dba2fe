"""Limits on what the app and the command line read: every file is untrusted input.

One place for the caps, so the loader, uploads, `import` and the README agree. The data
folder's own tables are read whatever their size (benchmarks validate a million rows); the
caps on bytes and rows apply to what people bring in (uploads and `import`), the caps on
columns and cell size to every file, since no good table comes near them.
"""

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # matches [server] maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_ROWS = 200_000  # rows of an uploaded or imported table
MAX_COLUMNS = 1_000  # columns of any table's header
MAX_CELL_CHARS = 1_000_000  # characters of one cell (Python's csv module stops at 131,072)
XLSX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a workbook's parts, summed, once unpacked
XLSX_MAX_CELLS = 1_000_000  # cells of a workbook's sheets (openpyxl reads ~100,000 a second)
MOBILITY_XLSX_MAX_UNPACKED_BYTES = 4 * 1024**3  # the Commission's workbooks run to 100,000s of rows
XLSX_MAX_RATIO = 200  # unpacked size over packed size of any part: zip bombs exceed it
MAX_LOCATED = 1_000  # problems of one kind located per file; the rest are counted in one line
MAX_LISTED = 1_000  # problems the command line prints per file; the rest are counted in one
