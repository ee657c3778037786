"""The article list's rows, paged in from the store: a base class of
:class:`~reader.app.widgets.article_list.ArticleList`.

The list never holds the archive: it knows the row count and a ``fetch(offset, limit)``
function, and pages rows in from the store in thread workers as they scroll into view,
with a page either side of the screen's. A row not loaded yet is None until its page
comes (the list draws it as a dim placeholder for a moment). A search's results come
all at once, in pages already loaded, with nothing to fetch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.geometry import Region
from textual.scroll_view import ScrollView

from reader.app.jobs import ReportsFailedJobs
from reader.records import replace
from reader.types import ArticleSummary, SearchHit

Row = ArticleSummary | SearchHit
Fetch = Callable[[int, int], list[ArticleSummary]]

ROW_HEIGHT = 2
COMPACT_ROW_HEIGHT = 1
HIT_ROW_HEIGHT = 3
PAGE_SIZE = 200


class ListPages(ReportsFailedJobs, ScrollView):
    """The rows of the article list, by page, and the workers that read them in."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.total = 0
        self.loaded = False
        self._fetch: Fetch | None = None
        self._pages: dict[int, list[Row]] = {}
        self.row_height = ROW_HEIGHT
        self._requested: set[int] = set()
        #: Pages whose reading failed: not read again by drawing or scrolling (each try
        #: would say the failure again), but once the cursor moves (:meth:`retry_failed`).
        self._failed: set[int] = set()
        self._generation = 0

    def loaded_summary(self, article_id: str) -> ArticleSummary | None:
        """The row of ``article_id`` as it is drawn, if it is among the rows loaded."""
        for page in self._pages.values():
            for row in page:
                summary = row.summary if isinstance(row, SearchHit) else row
                if summary.id == article_id:
                    return summary
        return None

    def update_summary(self, article_id: str, **changes: Any) -> None:
        """Change a loaded row in place (a bookmark, a note count) without reloading."""
        for page_no, page in self._pages.items():
            for i, row in enumerate(page):
                if isinstance(row, SearchHit) and row.summary.id == article_id:
                    page[i] = row.with_summary(replace(row.summary, **changes))
                elif isinstance(row, ArticleSummary) and row.id == article_id:
                    page[i] = replace(row, **changes)
                else:
                    continue
                self._refresh_row(page_no * PAGE_SIZE + i)  # its lines only, not the list's

    def _refresh_row(self, index: int) -> None:
        """Draw the row at ``index`` again (if it is on screen)."""
        top = index * self.row_height - int(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, self.row_height))

    def row_at(self, index: int) -> Row | None:
        """The row at ``index`` if its page is loaded, else None (and it gets loaded)."""
        if not 0 <= index < self.total:
            return None
        page_no, offset = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            self._request(page_no)
            return None
        return page[offset] if offset < len(page) else None

    def summary_at(self, index: int, *, load: bool = True) -> ArticleSummary | None:
        """The article at ``index`` if its page is loaded, else None (and it gets loaded,
        unless not ``load``)."""
        if not load:
            page_no, offset = divmod(index, PAGE_SIZE)
            page = self._pages.get(page_no)
            row = page[offset] if page is not None and 0 <= offset < len(page) else None
        else:
            row = self.row_at(index)
        return row.summary if isinstance(row, SearchHit) else row

    @property
    def generation(self) -> int:
        """A number that changes whenever the list is given other rows."""
        return self._generation

    def fetch_page(self, page_no: int) -> list[ArticleSummary]:
        """Page ``page_no`` of the rows, read from the store now (in a worker: it blocks),
        whether or not it is loaded; [] for a search's results, which are all loaded."""
        fetch = self._fetch
        if fetch is None or page_no < 0:
            return []
        return fetch(page_no * PAGE_SIZE, PAGE_SIZE)

    def _request(self, page_no: int) -> None:
        if page_no in self._requested or self._fetch is None or page_no < 0:
            return
        if page_no * PAGE_SIZE >= self.total:
            return
        self._requested.add(page_no)
        fetch, generation = self._fetch, self._generation

        def load() -> None:
            try:
                rows = fetch(page_no * PAGE_SIZE, PAGE_SIZE)
            except Exception:  # reported as any failed job is (ReportsFailedJobs)
                self.app.call_from_thread(self._page_failed, generation, page_no)
                raise
            self.app.call_from_thread(self._page_loaded, generation, page_no, rows)

        self.run_worker(
            load,
            thread=True,
            group="article-list-pages",
            name="list_page",
            description=f"page {page_no}",
            exit_on_error=False,
        )

    def _page_loaded(self, generation: int, page_no: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return  # a newer show() replaced the data
        self._pages[page_no] = rows
        self.refresh()
        self._page_arrived()

    def _page_arrived(self) -> None:
        """A page of rows came in and is drawn (the list says so if the cursor's row was
        waiting for it)."""

    def _page_failed(self, generation: int, page_no: int) -> None:
        if generation == self._generation:
            self._failed.add(page_no)  # asked for again once the cursor moves

    def retry_failed(self) -> None:
        """Read the pages that failed again when next wanted (the user moved on)."""
        if self._failed:
            self._requested -= self._failed
            self._failed.clear()

    def _prefetch_visible(self) -> None:
        first = int(self.scroll_offset.y) // self.row_height
        last = first + self.size.height // self.row_height + 1
        for page_no in {first // PAGE_SIZE - 1, first // PAGE_SIZE, last // PAGE_SIZE + 1}:
            if page_no >= 0 and page_no * PAGE_SIZE < self.total:
                self._request(page_no)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._prefetch_visible()
