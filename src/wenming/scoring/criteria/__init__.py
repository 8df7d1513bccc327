"""The criterion types wenming ships, registered through the same hook as plugins'."""

from wenming.plugins.types import CriterionType
from wenming.scoring.criteria.attested import ATTESTED
from wenming.scoring.criteria.cadence import COUNT_RANGE, FREQUENCY
from wenming.scoring.criteria.coverage import COVERAGE
from wenming.scoring.criteria.festivals import FESTIVALS
from wenming.scoring.criteria.findings import FINDINGS
from wenming.scoring.criteria.measures import RATIO, SURVEY
from wenming.scoring.criteria.per_record import PER_RECORD
from wenming.scoring.criteria.presence import IN_PHASE, PRESENT
from wenming.scoring.criteria.timeliness import TIMELINESS
from wenming.scoring.criteria.trend import TREND

BUILTIN_CRITERION_TYPES: tuple[CriterionType, ...] = (
    PRESENT, FREQUENCY, COUNT_RANGE, FESTIVALS, TREND, IN_PHASE, COVERAGE, TIMELINESS, ATTESTED,
    FINDINGS, RATIO, SURVEY, PER_RECORD,
)

__all__ = ["BUILTIN_CRITERION_TYPES"]
