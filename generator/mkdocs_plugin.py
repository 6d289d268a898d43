"""Adapter: the ``coursegen`` MkDocs plugin. The only module that imports MkDocs.

It runs the whole generator in ``on_config`` (``coursegen build`` runs it just before MkDocs
starts, with :meth:`CoursegenPlugin.prepare`), before MkDocs empties ``site_dir``, so bad data
stops the build while the last good site is still there; and it builds into a fresh folder that
replaces ``site_dir`` only when the whole build succeeded, so a failure of any later stage
(a template, a theme, a disk) also leaves the last good site byte for byte as it was.

In a one-off build it lets go of what nothing reads again, which keeps the peak memory below a
plain MkDocs build of the same pages: the catalog and the parse cache once the pages are MkDocs
files (held as UTF-8 bytes), a page's source once read, its Markdown once rendered, its HTML
once written.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.build import SiteBuild, build_date, build_site
from generator.calendar import zone
from generator.errors import DataErrors
from generator.feeds import feed_link
from generator.htmlfix import fix_html
from generator.i18n import language_of
from generator.load import clear_parse_cache
from generator.pages import HOME_URI, Urls
from generator.write import swap_in

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.coursegen")


class CoursegenConfig(Config):
    data_dir = c.Type(str, default="data")
    audience = c.Choice(("public", "internal"), default="public")
    drafts = c.Type(bool, default=False)
    allow_html = c.Type(bool, default=False)
    page_size = c.Type(int, default=10)
    strict_data = c.Type(bool, default=False)
    #: the IANA time zone of the schedule's clock times (the .ics files, JSON-LD)
    timezone = c.Type(str, default="Asia/Ho_Chi_Minh")


class CoursegenPlugin(BasePlugin[CoursegenConfig]):
    """Adds the generated pages to the MkDocs build as virtual files."""

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        self.prepared: SiteBuild | None = None
        self.command: str = "build"
        self.final_dir: str | None = None
        self.tmp_dir: str | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    def data_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return base / os.environ.get("COURSEGEN_DATA", self.config.data_dir)

    def prepare(self, config: MkDocsConfig) -> None:
        """Run the generator now, before MkDocs' ``build(config)``; its ``on_config`` uses this.

        For the ``coursegen build`` command: bad data raises DataErrors here, which it prints
        as clean ``file:line:col`` lines, without loading and checking the data a second time.
        A bad option raises PluginError.
        """
        self.prepared = self._generate(config)

    def _generate(self, config: MkDocsConfig) -> SiteBuild:
        """config -> every generated page (DataErrors on bad data, PluginError on bad options)."""
        if self.config.page_size < 1:
            raise PluginError(f"coursegen: page_size must be at least 1, got "
                              f"{self.config.page_size}")
        try:
            zone(self.config.timezone)
        except ValueError as exc:
            raise PluginError(f"coursegen: timezone: {exc}") from None
        return build_site(
            self.data_path(config), content_path=Path(config.docs_dir),
            audience=self._audience(),  # type: ignore[arg-type]
            today=build_date(),
            drafts=self.config.drafts or os.environ.get("COURSEGEN_DRAFTS") == "1",
            lang=language_of(str(config.theme.get("language") or "en")),
            allow_html=self.config.allow_html, page_size=self.config.page_size,
            strict=self.config.strict_data, site_url=config.site_url or "",
            site_name=config.site_name,
            timezone=self.config.timezone, as_bytes=True,
            lasting=self.command != "serve")  # a one-off build: the process ends with it

    def _audience(self) -> str:
        return os.environ.get("COURSEGEN_AUDIENCE", self.config.audience)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site, self.prepared = self.prepared, None
        if self.site is None:
            try:
                self.site = self._generate(config)
            except DataErrors as exc:
                raise PluginError(f"invalid data:\n{exc}") from None
        for warning in self.site.warnings:
            log.warning(str(warning))
        config.extra["audience"] = self._audience()
        self._link_feed(config)
        if self.command != "serve":
            # Build next to site_dir; on_post_build swaps it in only when everything succeeded.
            self.final_dir = config.site_dir
            parent = Path(config.site_dir).resolve().parent
            parent.mkdir(parents=True, exist_ok=True)
            self.tmp_dir = config.site_dir = tempfile.mkdtemp(prefix=".coursegen-", dir=parent)
        return config

    def _link_feed(self, config: MkDocsConfig) -> None:
        # overrides/main.html links the news feed from every page's head when it exists.
        assert self.site is not None
        lang = language_of(str(config.theme.get("language") or "en"))
        feed = Urls(lang).feed()
        config.extra["news_feed"] = None
        if any(page.uri == feed for page in self.site.pages):
            config.extra["news_feed"] = feed_link(site_url=config.site_url or "",
                                                  site_name=config.site_name, lang=lang)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            existing = files.get_file_from_path(page.uri)
            if existing is not None:
                if page.uri != HOME_URI:
                    raise PluginError(f"generated page {page.uri!r} clashes with "
                                      f"{config.docs_dir}/{page.uri}: rename or remove it")
                files.remove(existing)  # the home page extends content/index.md
            files.append(File.generated(config, page.uri, content=page.content))
        if self.command != "serve":
            # MkDocs now holds the pages; the catalog and the parsed files (~150 MB at 10,000
            # announcements) would only add to its peak, when it holds every page's HTML.
            self.site = None
            clear_parse_cache()
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: MkDocsConfig,
                         files: Files) -> str:
        if self.command != "serve" and page.file.generated_by == "coursegen":
            # MkDocs has read the page's source into page.markdown and never reads it again in
            # a one-off build; letting the File keep it too holds a second copy of every page.
            page.file.content_bytes = b""
        return markdown

    @event_priority(-100)  # last: no other plugin reads page.markdown after this
    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str:
        if self.command != "serve":
            # The page is rendered; in a one-off build nothing reads its Markdown again (the
            # title comes from the meta or the render). Holding it until the end of the build
            # would keep every page's source next to its HTML (~150 MB at 10,000 announcements).
            page.markdown = ""
        return html

    @event_priority(-100)  # last: no other plugin reads page.content after this
    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        if self.command != "serve":
            # The page is written next; the search plugin has indexed it and the anchor check
            # uses page.present_anchor_ids: its HTML is no longer needed.
            page.content = ""
        # Material's chrome has HTML/ARIA errors outside any template block: see htmlfix.
        return fix_html(output)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        # Theme pages rendered without a Markdown page: 404.html.
        return fix_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
                 ) -> LiveReloadServer:
        server.watch(str(self.data_path(config)))
        return server

    @event_priority(-100)  # last, after every other plugin wrote its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.final_dir is None:
            return
        final = Path(self.final_dir)
        swap_in(Path(config.site_dir), final)
        final.chmod(0o755)
        config.site_dir = str(final)

    def on_build_error(self, *, error: Exception) -> None:
        if self.tmp_dir is not None:
            shutil.rmtree(self.tmp_dir, ignore_errors=True)
