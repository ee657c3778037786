"""The main screen's links: ``o`` opens the article's web page (else its file) in the
browser, ``y`` copies its address (else its file's path), and ``L`` lists its links
(:mod:`reader.app.dialogs.links`) to open or copy one by its number.

Each acts on the article the command is about when its key was pressed: the one being
read, else the one under the list's cursor, even while the reading pane is still
reading it (the article is then read in a worker; for ``L`` the keys typed after it
wait for the dialog). The browser is started in a worker (:func:`reader.links.
open_in_browser`): a key never waits for it, and nothing it prints reaches the screen.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its workers
run on the screen, as Textual's ``@work`` needs.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from reader.app.screens.main_base import MainBase
from reader.errors import BrowserError
from reader.links import article_links, open_in_browser, own_link
from reader.types import Article, ArticleSummary

NO_ARTICLE = "Open an article first, then press {key}."
NO_ADDRESS = "This article has no web page and no file to open."


class MainLinks(MainBase):
    """The main screen's links: open in the browser, copy, choose one of them."""

    def _article_at_hand(self, target: ArticleSummary | Article) -> Article | None:
        """The whole of ``target`` if the screen holds it already, else None (to read)."""
        if isinstance(target, Article):
            return target
        shown = self.reading_pane.article
        return shown if shown is not None and shown.id == target.id else None

    def _with_article(
        self, key: str, then: Callable[[Article], None], *, hold: bool = False
    ) -> None:
        """Call ``then`` with the article the command is about, read first if need be
        (with ``hold``, the keys typed meanwhile wait for what ``then`` opens)."""
        target = self._target()
        if target is None:
            self.notify(NO_ARTICLE.format(key=key), markup=False)
            return
        article = self._article_at_hand(target)
        if article is not None:
            then(article)
        else:
            self._read_for(target.id, then, self.keys.hold() if hold else None)

    @work(thread=True, group="links", exit_on_error=False)
    def _read_for(
        self, article_id: str, then: Callable[[Article], None], release: Callable[[], None] | None
    ) -> None:
        try:
            article = self.store.article(article_id)
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            if release is not None:
                self.app.call_from_thread(release)
            raise
        self.app.call_from_thread(then, article)
        if release is not None:
            self.app.call_from_thread(self.call_after_refresh, release)  # once it is up

    # -- o: open in the browser ------------------------------------------------------------

    def action_open_in_browser(self) -> None:
        self._with_article("o", self._open_own)

    def _open_own(self, article: Article) -> None:
        link = own_link(article)
        if link is None:
            self.notify(NO_ADDRESS, markup=False)
            return
        self.open_link(link.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_link(self, url: str) -> None:
        """Open ``url`` in the browser, off the event loop, and say how it went."""
        try:
            open_in_browser(url)
        except BrowserError as exc:
            self.app.call_from_thread(
                self.notify, f"Not opened: {exc}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.notify, f"Opened {url}", markup=False)

    # -- y: copy -----------------------------------------------------------------------------

    def action_copy_link(self) -> None:
        self._with_article("y", self._copy_own)

    def _copy_own(self, article: Article) -> None:
        link = own_link(article)
        if link is None:
            self.notify("This article has no web page and no file to copy.", markup=False)
            return
        self.app.copy_to_clipboard(link.text)
        self.notify(f"Copied {link.text}", markup=False)

    # -- L: the article's links ------------------------------------------------------------

    def action_links(self) -> None:
        self._with_article("L", self._choose_link, hold=True)

    def _choose_link(self, article: Article) -> None:
        from reader.app.dialogs.links import LinkChooser

        links = article_links(article)
        if not links:
            self.notify("This article has no links.", markup=False)
            return

        def chosen(url: str | None) -> None:
            if url is not None:
                self.open_link(url)

        self.app.push_screen(LinkChooser(f"Links of: {article.title}", links), chosen)
