"""The shapes every engine speaks: a parsed query in, raw hits and facet counts out."""

from dataclasses import dataclass

FACETS = ("kind", "year", "street", "honour", "era")


@dataclass
class ParsedQuery:
    """A visitor's query after normalising, segmenting and synonym expansion.

    ``clauses`` are ANDed; each clause is a list of alternatives (synonyms) that are
    ORed; each alternative is a list of tokens that must all occur.
    """

    raw: str
    normalized: str
    clauses: list
    pinyin: str = ""

    @property
    def tokens(self):
        return [token for clause in self.clauses for token in clause[0]]

    @property
    def highlight_terms(self):
        terms = set()
        for clause in self.clauses:
            for alternative in clause:
                terms.update(alternative)
                terms.add("".join(alternative))
        return terms

    @property
    def title_variants(self):
        """The query as a title, with each word or any of its synonyms (at most 32)."""
        variants = [""]
        for clause in self.clauses:
            variants = [v + "".join(alt) for v in variants for alt in clause][:32]
        return {self.normalized, *variants} - {""}

    def __bool__(self):
        return bool(self.clauses or self.pinyin)


@dataclass
class EngineResult:
    total: int
    rows: list  # dicts with the SearchDocument display columns, best first
    facets: dict  # facet name → list of (value, label, count)
    approximate_facets: bool = False
    total_capped: bool = False  # ``total`` is a lower bound
    relaxed: bool = False  # some rows hold only some of the query's words
