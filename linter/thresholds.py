"""Every measured threshold of the alignment and of the similarity rules, in one place.

Each constant says the measurement that set it. The stages (align, similarity, wordalign) read them
from here; a rule whose option a user may set in the configuration (`[tool.noticelint.rules.NAME]`)
keeps the option's name and takes its default from here. The engine passes a rule option on to a
stage where one steers both (NL401's `link_threshold` is the alignment's link cut): a stage never
reads a rule's options itself.

Scores are multilingual-e5 cosines unless said otherwise.
"""

from __future__ import annotations

# -- alignment ----------------------------------------------------------------------------------

# True EN/FR paragraph pairs average 0.93 (5th percentile 0.89), unrelated paragraphs of the same notice
# 0.82 (249 pairs, shared/design/embeddings.md): a link must beat the middle of that gap. NL401 `link_threshold`.
LINK = 0.855
# Without a model leaving a block unmatched is a weak guess: the lexical score links unless a pair is absurd.
LEXICAL_LINK = 0.25
# A sentence whose best match on the other side is below this has no translation there: sentences of
# paragraphs split differently are covered at 0.891-0.934, of paragraphs missing in one language at
# 0.830-0.865 (the real notices). attach_covered, and NL403 `coverage`.
COVERED = 0.88
# A paragraph moved elsewhere must match as well as a true translation does (5th percentile of true pairs,
# 0.89). link_moved, and so NL405.
MOVED = 0.89
# French text runs about 15 % longer than its English (median length ratio of true pairs, real notices).
FR_PER_EN = 1.15
# Spread of the log French/English length ratio of true pairs (Gale-Church, the real notices).
LOG_RATIO_SD = 0.3
# A link further than this from true translations' length ratio (in LOG_RATIO_SD; outside 95 % of them)
# is too short on one side to be whole: list items merged or split in translation (merges.item_merges;
# 729 of 754 bullet deletions of the twenty notices still reported).
LENGTH_Z = 2.0

# A heading facing body text (a paragraph, a list item) costs this share of the similarity's headroom above
# its cut (1 - cut): versions format headings differently (a Markdown heading in English, a plain line in
# French), so it is evidence against the link, not a bar; a true heading/line pair still links.
HEAD_AS_TEXT = 0.1
# Two numbered section headings: the same number adds this share of the headroom, another number takes it
# away (the bonus the section programme gave equal numbers before sections were paired through blocks).
SAME_NUMBER = 0.2

# -- word alignment -----------------------------------------------------------------------------

# A word whose best match on the other side is below this is believed missing even when itermax paired
# it with something (benchmarks/word_eval.py on the ten real notices).
WEAK_WORD = 0.55
# A content word is weak for its pair (NL402 names it, NL406 groups it into a phrase) when its best match
# is below this ceiling and this far under the median of its side's words (a loose translation lowers
# every word, a dropped phrase only its own): set with NL406 on the ten real notices (word_eval.py).
WEAK_CEILING = 0.7
WEAK_BELOW_MEDIAN = 0.12
# Unrelated paragraphs' words match each other around 0.4-0.55: a content word matched at this or more
# has its counterpart (NL402's "loose but whole translation" test).
STRONG_WORD = 0.65

# -- NL402 low-similarity -----------------------------------------------------------------------

# True pairs score 0.93 on average, 5th percentile 0.89; unrelated paragraphs of a notice 0.82. `threshold`.
LOW_SIMILARITY = 0.86
# Notices differ in how loosely they are translated: a pair must also score this far under its notice's
# median pair. `below_median`.
LOW_SIMILARITY_BELOW_MEDIAN = 0.04
# A pair whose content words nearly all align (this share on each side) is a loose but whole
# translation. `aligned_share`.
ALIGNED_SHARE = 0.85
# Shorter pairs (on both sides) carry too little text for a paragraph score; set with the rule, not
# measured since. `min_chars`.
LOW_SIMILARITY_MIN_CHARS = 60

# -- NL403 sentence-missing ---------------------------------------------------------------------

# 96 % of true sentence pairs of the real notices score above COVERED: NL403 `coverage` defaults to it.
SENTENCE_COVERAGE = COVERED
# A sentence whose best match is below this has no plausible match at all (under the 0.830-0.865 of the
# sentences of paragraphs missing in one language): half its length missing on the other side is enough.
NO_PLAUSIBLE_MATCH = 0.80
# Length ratios of true translations vary by about a tenth of the paragraph (benchmarks/README.md, "NL403's
# sentence alignment"): a sentence with a plausible match needs the other side this much shorter again,
# or a gap in the sentences' in-order alignment.
LENGTH_SPREAD = 0.1
# Shorter sentences are not judged; set with the rule (b14ce39), not measured since. `min_chars`.
SENTENCE_MIN_CHARS = 30

# -- NL404 wrong-language -----------------------------------------------------------------------

# Blocks of fewer words give too little stop-word evidence (lang.guess); set with the rule (5e63416),
# not measured since. `min_words`.
WRONG_LANGUAGE_MIN_WORDS = 8
# The other language must hold this share of the block's stop-word evidence (lang.guess's default is
# 0.6); set with the rule (5e63416), not measured since.
WRONG_LANGUAGE_MARGIN = 0.75

# -- NL406 phrase-missing (benchmarks/word_eval.py prints the margins) ------------------------------

# The pair is among this share of least similar pairs of its notice. `quantile`.
PHRASE_QUANTILE = 0.3
# At least this many neighbouring content words match nothing on the other side. `min_words`.
PHRASE_MIN_WORDS = 2
# One of them below this against every word of the other side. `floor`.
PHRASE_FLOOR = 0.45
# Removing them makes the pair this much more similar: the middle of the gap between the real drops (0.017,
# the Brussels phrase) and the largest gain of any other candidate (0.0115) on the ten real notices. `gain`.
PHRASE_GAIN = 0.013
