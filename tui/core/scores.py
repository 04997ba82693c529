"""The score scale's one fixed point: at or above `DEFAULT_MIN_SCORE` a suggestion is confident.

In its own module (no imports) so the matcher, the app's threshold and the CLI's
`--min-score` default share one value, and `psamap --help` need not import the matcher.
"""

from __future__ import annotations

#: Suggestions at or above this score are accepted automatically unless the record is ambiguous.
DEFAULT_MIN_SCORE = 92.0
