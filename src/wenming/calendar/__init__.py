"""Campaign calendar: date windows, reporting periods and festivals (Asia/Shanghai)."""

from wenming.calendar.festivals import (
    DEFAULT_FESTIVAL_WINDOW,
    FESTIVALS,
    Festival,
    FestivalWindow,
    UnknownFestivalError,
    festival_date,
    festival_on,
    festival_window,
    get_festival,
)
from wenming.calendar.periods import (
    BilingualLabel,
    Granularity,
    Period,
    clip,
    period_of,
    periods_between,
)
from wenming.calendar.windows import (
    CAMPAIGN_TZ,
    DateWindow,
    WindowFormatError,
    month_window,
    parse_date,
    parse_window,
    year_window,
)

__all__ = [
    "CAMPAIGN_TZ",
    "DEFAULT_FESTIVAL_WINDOW",
    "FESTIVALS",
    "BilingualLabel",
    "DateWindow",
    "Festival",
    "FestivalWindow",
    "Granularity",
    "Period",
    "UnknownFestivalError",
    "WindowFormatError",
    "clip",
    "festival_date",
    "festival_on",
    "festival_window",
    "get_festival",
    "month_window",
    "parse_date",
    "parse_window",
    "period_of",
    "periods_between",
    "year_window",
]
