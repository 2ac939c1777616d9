"""The shapes every engine speaks: a parsed query in, raw hits and facet counts out."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..documents import DocumentData

FACETS = ("kind", "year", "street", "honour", "era")


@dataclass
class ParsedQuery:
    """A visitor's query after normalising, segmenting and synonym expansion.

    ``clauses`` are ANDed; each clause is a list of alternatives (synonyms) that are
    ORed; each alternative is a list of tokens that must all occur.
    """

    raw: str
    normalized: str
    clauses: list[list[list[str]]]
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


Filters = dict[str, Any]
Suggestion = dict[str, str]  # title, url, type


@dataclass
class EngineResult:
    total: int
    rows: list[dict[str, Any]]  # the SearchDocument display columns, best first
    facets: dict[str, list[tuple[str, str, int]]]  # facet name → (value, label, count)
    approximate_facets: bool = False
    total_capped: bool = False  # ``total`` is a lower bound
    relaxed: bool = False  # some rows hold only some of the query's words


class SearchEngine(Protocol):
    """What the search service and the indexing queue ask of an engine.

    Both engines (``database``: SQLite FTS5 / PostgreSQL; ``elasticsearch``) answer it,
    so the service can fall back from one to the other with the same result shape.
    """

    name: str

    def replace(self, page_ids: Iterable[int], documents: Sequence["DocumentData"]) -> None:
        """Make the stored documents of ``page_ids`` exactly ``documents``."""

    def rebuild(self, documents: Iterable["DocumentData"]) -> Any:
        """Replace everything with ``documents``."""

    def search(
        self, parsed: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> EngineResult:
        """Documents holding every clause of ``parsed``, best first."""

    def search_relaxed(
        self, parsed: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> EngineResult:
        """Documents holding some of the clauses, those holding more and rarer ones first."""

    def suggest(self, parsed: ParsedQuery, limit: int) -> list[Suggestion]:
        """Titles for the search box's suggestions as the visitor types."""
