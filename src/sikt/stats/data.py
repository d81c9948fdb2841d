"""Input for the estimators: loading tables and validating columns.

Accepted input is a pandas ``DataFrame``, any frame with a ``.to_pandas()`` method (polars,
pyarrow — converted without importing those libraries), or a path to a CSV or XLSX file of
individual-level records. CSV files may use ``,``, ``;`` or tab as separator; with ``;`` the
decimal comma (Swedish Excel export) is assumed.

Rows loaded from a file are numbered as in the spreadsheet (the header is row 1, the first
record row 2), so validation errors point at the row the evaluator sees. Rows of a frame passed
in are named by the frame's index.

Every problem raises :class:`StatsInputError`, a ``ValueError`` carrying a bilingual
:class:`~sikt.text.Text` that names the column and the offending rows.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from sikt.text import Text

__all__ = ["StatsInputError", "load_frame"]

FloatArray = npt.NDArray[np.float64]
MAX_ROWS_LISTED = 10


class StatsInputError(ValueError):
    """Invalid data or arguments. ``text`` has the message in Swedish and English."""

    def __init__(self, text: Text, column: str | None = None, rows: Sequence[Any] = ()) -> None:
        super().__init__(str(text))
        self.text = text
        self.column = column
        self.rows = list(rows)


def _rows_text(rows: Sequence[Any]) -> tuple[str, str]:
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    more = len(rows) - MAX_ROWS_LISTED
    if more > 0:
        return f"{shown} och {more} till", f"{shown} and {more} more"
    return shown, shown


def load_frame(source: Any) -> pd.DataFrame:
    """Return ``source`` as a pandas DataFrame (see module docstring for what is accepted)."""
    if isinstance(source, pd.DataFrame):
        return source
    if hasattr(source, "to_pandas") and callable(source.to_pandas):
        frame = source.to_pandas()
        if isinstance(frame, pd.DataFrame):
            return frame
    if isinstance(source, str | Path):
        return _read_file(Path(source))
    raise StatsInputError(
        Text(
            sv=f"Data av typen {type(source).__name__} stöds inte; ange en DataFrame eller en "
            "CSV-/XLSX-fil.",
            en=f"Data of type {type(source).__name__} is not supported; give a DataFrame or a "
            "CSV/XLSX file.",
        )
    )


def _read_file(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise StatsInputError(
            Text(sv=f"Filen {path} finns inte.", en=f"The file {path} does not exist.")
        )
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, engine="openpyxl")
        elif suffix in {".csv", ".txt", ".tsv"}:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                head = fh.read(64_000)
            try:
                sep = csv.Sniffer().sniff(head.splitlines()[0] if head else ",", ",;\t").delimiter
            except csv.Error:
                sep = ","
            frame = pd.read_csv(
                path, sep=sep, decimal="," if sep == ";" else ".", encoding="utf-8-sig"
            )
        else:
            raise StatsInputError(
                Text(
                    sv=f"Filen {path.name} har okänt format; använd .csv eller .xlsx.",
                    en=f"The file {path.name} has an unknown format; use .csv or .xlsx.",
                )
            )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
        if isinstance(e, StatsInputError):
            raise
        raise StatsInputError(
            Text(
                sv=f"Filen {path.name} kunde inte läsas: {e}",
                en=f"The file {path.name} could not be read: {e}",
            )
        ) from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


@dataclass(frozen=True, slots=True)
class Columns:
    """Validated numeric columns, aligned row by row (rows with missing values removed)."""

    frame: pd.DataFrame
    dropped_rows: tuple[Any, ...]


def require_columns(frame: pd.DataFrame, names: Iterable[str]) -> None:
    """Raise if a column is missing; suggest the closest existing name (misspelling)."""
    existing = [str(c) for c in frame.columns]
    for name in names:
        if name not in frame.columns:
            close = difflib.get_close_matches(name, existing, n=1, cutoff=0.6)
            hint_sv = f" Menade du '{close[0]}'?" if close else ""
            hint_en = f" Did you mean '{close[0]}'?" if close else ""
            raise StatsInputError(
                Text(
                    sv=f"Kolumnen '{name}' finns inte i data.{hint_sv} "
                    f"Kolumner: {', '.join(existing)}.",
                    en=f"Column '{name}' is not in the data.{hint_en} "
                    f"Columns: {', '.join(existing)}.",
                ),
                column=name,
            )


def numeric_columns(
    frame: pd.DataFrame,
    numeric: Sequence[str],
    keys: Sequence[str] = (),
    *,
    drop_missing: bool = False,
) -> Columns:
    """Select ``numeric`` (converted to float) and ``keys`` (kept as is) columns.

    Raises on missing columns, non-numeric values (naming the rows) and — unless
    ``drop_missing`` — on empty cells.
    """
    wanted = list(dict.fromkeys([*numeric, *keys]))
    require_columns(frame, wanted)
    out = pd.DataFrame(index=frame.index)
    missing_mask = np.zeros(len(frame), dtype=bool)
    for name in wanted:
        col = frame[name]
        if name in numeric:
            conv = _to_float(col)
            bad = conv.isna() & col.notna()
            if bad.any():
                rows = list(frame.index[bad.to_numpy()])
                sv_rows, en_rows = _rows_text(rows)
                raise StatsInputError(
                    Text(
                        sv=f"Kolumnen '{name}' måste vara numerisk; icke-numeriska värden på "
                        f"rad {sv_rows}.",
                        en=f"Column '{name}' must be numeric; non-numeric values in row(s) "
                        f"{en_rows}.",
                    ),
                    column=name,
                    rows=rows,
                )
            out[name] = conv
        else:
            out[name] = col
        missing = out[name].isna().to_numpy()
        if missing.any() and not drop_missing:
            rows = list(frame.index[missing])
            sv_rows, en_rows = _rows_text(rows)
            raise StatsInputError(
                Text(
                    sv=f"Kolumnen '{name}' saknar värden på rad {sv_rows}. Fyll i eller "
                    "ta bort raderna (eller tillåt att de utesluts).",
                    en=f"Column '{name}' has missing values in row(s) {en_rows}. Fill them in "
                    "or remove the rows (or allow them to be dropped).",
                ),
                column=name,
                rows=rows,
            )
        missing_mask |= missing
    if not missing_mask.any():
        return Columns(frame=out, dropped_rows=())
    dropped = tuple(frame.index[missing_mask])
    return Columns(frame=out.loc[~missing_mask], dropped_rows=dropped)


def _to_float(col: pd.Series[Any]) -> pd.Series[float]:
    if col.dtype == np.float64:
        return col
    if col.dtype == bool:
        return col.astype(float)
    if not pd.api.types.is_numeric_dtype(col.dtype):
        as_str = col.astype(object).map(
            lambda v: v.strip().replace(",", ".") if isinstance(v, str) else v
        )
        return pd.to_numeric(as_str, errors="coerce").astype(float)
    return pd.to_numeric(col, errors="coerce").astype(float)


def check_binary(frame: pd.DataFrame, name: str) -> FloatArray:
    """The column as 0.0/1.0; raise naming the rows if any other value occurs."""
    values = frame[name].to_numpy(dtype=float)
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        rows = list(frame.index[bad])
        sv_rows, en_rows = _rows_text(rows)
        raise StatsInputError(
            Text(
                sv=f"Kolumnen '{name}' måste vara 0 eller 1 (1 = insatsgrupp); andra värden på "
                f"rad {sv_rows}.",
                en=f"Column '{name}' must be 0 or 1 (1 = intervention group); other values in "
                f"row(s) {en_rows}.",
            ),
            column=name,
            rows=rows,
        )
    return values


def check_group_sizes(treat: FloatArray, name: str, minimum: int = 2) -> tuple[int, int]:
    """Number of treated and control rows; raise if either group has fewer than ``minimum``."""
    n1 = int(treat.sum())
    n0 = int(treat.size - n1)
    for label_sv, label_en, value, n in (
        ("insatsgruppen", "the intervention group", 1, n1),
        ("jämförelsegruppen", "the comparison group", 0, n0),
    ):
        if n < minimum:
            raise StatsInputError(
                Text(
                    sv=f"Kolumnen '{name}': {label_sv} ({name} = {value}) har {n} rader; "
                    f"minst {minimum} behövs.",
                    en=f"Column '{name}': {label_en} ({name} = {value}) has {n} rows; "
                    f"at least {minimum} are needed.",
                ),
                column=name,
            )
    return n1, n0


def covariate_matrix(
    frame: pd.DataFrame, covariates: Sequence[str]
) -> tuple[FloatArray, list[str], list[Text]]:
    """Covariates as a float matrix; constant columns are dropped with a caveat.

    Raises when every covariate is constant (nothing to adjust or match on).
    """
    caveats: list[Text] = []
    kept: list[str] = []
    for name in covariates:
        col = frame[name].to_numpy(dtype=float)
        if col.size and np.ptp(col) == 0.0:
            caveats.append(
                Text(
                    sv=f"Kovariaten '{name}' är konstant och har uteslutits.",
                    en=f"Covariate '{name}' is constant and has been left out.",
                )
            )
        else:
            kept.append(name)
    if covariates and not kept:
        raise StatsInputError(
            Text(
                sv=f"Alla kovariater ({', '.join(covariates)}) är konstanta; det finns inget att "
                "justera eller matcha på.",
                en=f"All covariates ({', '.join(covariates)}) are constant; there is nothing to "
                "adjust or match on.",
            ),
            column=covariates[0],
        )
    matrix = frame[kept].to_numpy(dtype=float) if kept else np.empty((len(frame), 0))
    return matrix, kept, caveats


def dropped_caveat(rows: Sequence[Any]) -> list[Text]:
    if not rows:
        return []
    sv_rows, en_rows = _rows_text(list(rows))
    return [
        Text(
            sv=f"{len(rows)} rader med saknade värden uteslöts (rad {sv_rows}). Om bortfallet "
            "inte är slumpmässigt kan skattningen bli snedvriden.",
            en=f"{len(rows)} rows with missing values were left out (row(s) {en_rows}). If the "
            "missingness is not random the estimate may be biased.",
        )
    ]


def parse_level(level: float) -> float:
    if not 0.5 <= level < 1.0:
        raise StatsInputError(
            Text(
                sv=f"Konfidensnivån måste ligga mellan 0,5 och 1 (fick {level}).",
                en=f"The confidence level must lie between 0.5 and 1 (got {level}).",
            )
        )
    return float(level)
