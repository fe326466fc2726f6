"""The Council of the EU's voting weights, populations and qualified-majority thresholds, by treaty in force.

Member states are named by the DEU III codes (``el`` Greece, ``cr`` Croatia, ``bu`` Bulgaria).

* **Amsterdam** (in force for Council votes until 31 October 2004; EU-15): weights of Article 205(2) TEC as
  amended by the Amsterdam Treaty; a qualified majority is 62 of 87 votes.
* **Nice** (1 November 2004 to 31 October 2014): weights of the Act of Accession 2003, Art. 12, and of the
  2005 and 2012 Acts of Accession (Bulgaria and Romania 2007, Croatia 2013); a qualified majority is 232 of 321
  votes (EU-25), 255 of 345 (EU-27) or 260 of 352 (EU-28), i.e. 72.3 % before 2007 and 73.9 % after.  The
  62 %-of-population check of the Nice rule is not applied (it almost never binds).
* **Lisbon** (from 1 November 2014; Art. 16(4) TEU, Art. 238(3) TFEU): 55 % of the members representing 65 % of
  the population.

Populations: Eurostat, population on 1 January 2010 (table ``tps00001``), in millions, rounded to 0.01.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Treaty = Literal["amsterdam", "nice", "lisbon"]

AMSTERDAM: dict[str, float] = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
}  # fmt: skip
NICE: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip
POPULATION: dict[str, float] = {
    "de": 81.80, "fr": 64.72, "uk": 62.01, "it": 60.34, "es": 45.99, "pl": 38.17, "ro": 21.46,
    "nl": 16.57, "el": 11.31, "be": 10.84, "pt": 10.64, "cz": 10.51, "hu": 10.01, "se": 9.34,
    "at": 8.38, "bu": 7.56, "dk": 5.53, "sk": 5.42, "fi": 5.35, "ie": 4.47, "cr": 4.43, "lt": 3.33,
    "lv": 2.25, "si": 2.05, "ee": 1.34, "cy": 0.80, "lu": 0.50, "mt": 0.41,
}  # fmt: skip
MEMBERS: tuple[str, ...] = tuple(POPULATION)

NICE_FROM = dt.date(2004, 11, 1)
LISBON_FROM = dt.date(2014, 11, 1)
EU27_FROM = dt.date(2007, 1, 1)


def treaty_at(date: dt.date | None) -> Treaty:
    """The treaty whose Council voting rule was in force on ``date`` (Nice when the date is unknown)."""
    if date is None:
        return "nice"
    if date < NICE_FROM:
        return "amsterdam"
    return "nice" if date < LISBON_FROM else "lisbon"


def qmv_share(treaty: Treaty, date: dt.date | None = None) -> float:
    """Share of the weighted votes a qualified majority needs (Lisbon: the population share, 65 %)."""
    if treaty == "amsterdam":
        return 62 / 87
    if treaty == "nice":
        return 232 / 321 if date is not None and date < EU27_FROM else 255 / 345
    return 0.65


def lisbon_capability(code: str) -> float:
    """A state's capability under the Lisbon double majority: the mean of its share of the members (1/28)
    and its share of the EU-28 population (assumption: the two criteria of Art. 16(4) TEU count alike)."""
    return 0.5 * (1.0 / len(POPULATION) + POPULATION[code] / sum(POPULATION.values()))
