"""The glossary of formula terms: entries read from content/glossary/, and finding them in text.

- `load_glossary(folder, to_traditional, to_pinyin)` -> (Glossary, [Problem])
- `find_terms(text, glossary, cut)` -> [TermMatch(start, end, slug)]
- `find_missing_terms(texts, glossary, cut)` -> [MissingTerm(candidate, count, examples, kinds)]

`cut` is a word segmenter (jieba's `lcut` on a private Tokenizer that knows
`glossary.forms`); both functions work without one, less precisely.

Modules: `entry` (the values), `load` (reading files, with `jiedu.frontmatter`;
`fields` reads typed fields, `sources` the sources, `facts` ties facts to
sources), `index` (the trie), `match` (find_terms), `missing` (find_missing_terms;
`missing_evidence` a candidate's shape and cues, `missing_rank` the report's order),
`chars` (character classes and the matching fold).
"""

from jiedu.annotate.glossary.entry import Glossary, GlossaryEntry, GlossarySource, build_glossary
from jiedu.annotate.glossary.load import load_glossary, parse_entry
from jiedu.annotate.glossary.match import TermMatch, find_terms
from jiedu.annotate.glossary.missing import MissingTerm, Sighting, find_missing_terms, find_sightings, rank_missing_terms
from jiedu.annotate.glossary.missing_rank import DocumentCandidate, SiteRanking, document_candidates, rank_candidates, rank_site_candidates

__all__ = [
    "Glossary",
    "GlossaryEntry",
    "GlossarySource",
    "DocumentCandidate",
    "MissingTerm",
    "TermMatch",
    "build_glossary",
    "document_candidates",
    "find_missing_terms",
    "find_sightings",
    "rank_candidates",
    "rank_site_candidates",
    "SiteRanking",
    "rank_missing_terms",
    "Sighting",
    "find_terms",
    "load_glossary",
    "parse_entry",
]
