"""Adapter: the ``coursegen`` command. The only module that prints or exits."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import __version__
from generator.errors import DataError, DataErrors

DEFAULT_OUT = {"public": "site", "internal": "site-internal"}
CONFIG = {"public": "mkdocs.yml", "internal": "mkdocs-internal.yml"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; 0 on success, 1 on bad data or a failed build, 2 on a bad command line."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except DataErrors as exc:
        report(exc.errors)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursegen", description=(
        "Build a training school's website from YAML data with MkDocs and Material."))
    parser.add_argument("--version", action="version", version=f"coursegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run: object, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(run=run)
        p.add_argument("--data", type=Path, default=Path("data"), help="data folder (data/)")
        return p

    p = command("check", cmd_check, "validate the data and report every problem")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    for name, run, text in (("build", cmd_build, "build the site with MkDocs"),
                            ("serve", cmd_serve, "live preview; rebuilds when data/ changes"),
                            ("render", cmd_render, "write the Markdown pages for any engine")):
        p = command(name, run, text)
        p.add_argument("--audience", choices=("public", "internal"), default="public")
        p.add_argument("--drafts", action="store_true", help="include draft announcements")
        p.add_argument("--config", type=Path, help="MkDocs config (mkdocs.yml, or "
                       "mkdocs-internal.yml for the internal audience)")
        if name == "build":
            p.add_argument("--out", type=Path, help="site folder (site/ or site-internal/)")
            p.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                           help="mkdocs (Material, the default) or zensical (renders first)")
            p.add_argument("--strict", action="store_true", help="fail on any warning")
        elif name == "render":
            p.add_argument("--out", type=Path, required=True, help="folder to write")
        else:
            p.add_argument("--dev-addr", default=None, help="IP:PORT to serve on")
    _add_authoring(command, sub)
    return parser


def _add_authoring(command: Any, sub: Any) -> None:
    """``coursegen new`` and ``coursegen schema``: tools for the people who edit data/."""
    from generator.scaffold import KINDS

    p = command("new", cmd_new, "scaffold a new, valid data file (the id comes from the title)")
    p.add_argument("kind", choices=tuple(KINDS))
    p.add_argument("title", help="title (a person's name for 'person')")
    p.add_argument("--id", dest="entity_id", help="the id (file name) instead of one made from "
                   "the title")
    p.add_argument("--date", help="announcement: date or date-time (default: today)")
    p.add_argument("--cohort", help="announcement: the class it is about")
    p.add_argument("--programme", help="cohort, announcement: the programme")
    p.add_argument("--start", type=_iso_date, help="cohort: first day (default: today)")
    p.add_argument("--end", type=_iso_date, help="cohort: last day (default: --start)")
    p.add_argument("--topic", dest="topics", action="append", default=[],
                   help="programme: a topic id, once per topic")
    p.add_argument("--provider", help="programme: the school (default: an existing one's)")
    p.add_argument("--yml", action="store_true",
                   help="announcement: write <id>.yml with a body field instead of <id>.md")
    p = sub.add_parser("schema", help="write JSON Schemas of the data files for editors",
                       description="write JSON Schemas of the data files for editors")
    p.set_defaults(run=cmd_schema)
    p.add_argument("--out", type=Path, default=Path("schemas"), help="folder (schemas/)")


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2019-05-27, got {text!r}"
                                         ) from None


def report(errors: Sequence[DataError]) -> None:
    """Print data errors as compiler diagnostics (and as GitHub annotations under Actions)."""
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for error in errors:
        print(error, file=sys.stderr)
        if annotate:
            print(error.github_annotation(), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from generator.build import check_site

    content = Path("content")
    warnings = check_site(args.data, content_path=content if content.is_dir() else None,
                          strict=args.strict)
    report(warnings)
    return 0


def _config_path(args: argparse.Namespace) -> Path:
    path = args.config or Path(CONFIG[args.audience])
    if not path.is_file():
        raise SystemExit(f"coursegen: error: MkDocs config {path} not found")
    return path


def _prepare_env(args: argparse.Namespace) -> None:
    # mkdocs serve re-reads the config on every rebuild, so options travel by environment.
    os.environ["COURSEGEN_DATA"] = str(args.data.resolve())
    os.environ["COURSEGEN_AUDIENCE"] = args.audience
    if args.drafts:
        os.environ["COURSEGEN_DRAFTS"] = "1"


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from generator.build import check_site
    from generator.mkdocs_plugin import CoursegenPlugin

    if args.engine == "zensical":
        check_site(args.data, content_path=None)  # clean error lines before anything starts
        return _build_zensical(args)
    _prepare_env(args)
    _log_to_stderr()
    started = time.perf_counter()
    out = args.out or Path(DEFAULT_OUT[args.audience])
    try:
        cfg = load_config(str(_config_path(args)), site_dir=str(out.resolve()),
                          strict=args.strict)
        # Data errors (images under docs_dir included) as clean lines before MkDocs starts: the
        # plugin runs the generator now (loading and checking the data once, not twice).
        plugin = cfg.plugins.get("coursegen")
        if isinstance(plugin, CoursegenPlugin):
            plugin.prepare(cfg)
        else:
            check_site(args.data, content_path=Path(cfg.docs_dir))
        progress = _count_pages(cfg)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
            progress.finish()
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"coursegen: error: {exc}", file=sys.stderr)
        return 1
    print(f"coursegen: {progress.done} pages rendered", file=sys.stderr)
    print(f"coursegen: built {args.audience} site in {out}/ "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    from generator.build import check_site

    check_site(args.data, content_path=None)
    _prepare_env(args)
    _log_to_stderr()
    kwargs = {"dev_addr": args.dev_addr} if args.dev_addr else {}
    serve(config_file=str(_config_path(args)), livereload=True, **kwargs)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from mkdocs.config import load_config

    from generator.build import build_date, build_site
    from generator.i18n import language_of
    from generator.write import write_pages

    cfg = load_config(str(_config_path(args)))
    content = Path(cfg.docs_dir)
    plugin = cfg.plugins.get("coursegen")
    options = plugin.config if plugin is not None else {}
    site = build_site(args.data, content_path=content, audience=args.audience,
                      today=build_date(), drafts=args.drafts,
                      lang=language_of(str(cfg.theme.get("language") or "en")),
                      allow_html=bool(options.get("allow_html", False)),
                      page_size=int(options.get("page_size", 10)),
                      site_url=cfg.site_url or "", site_name=cfg.site_name,
                      timezone=str(options.get("timezone", "Asia/Ho_Chi_Minh")))
    report(site.warnings)
    progress = _progress("writing files")
    result = write_pages(site.pages, args.out, content_path=content, on_file=progress.update)
    progress.finish()
    print(f"coursegen: {len(result.written)} written, {result.unchanged} unchanged, "
          f"{len(result.removed)} removed in {args.out}/", file=sys.stderr)
    return 0


def _progress(label: str) -> Any:
    from generator.progress import Progress

    progress = Progress(sys.stderr)
    progress.label = label
    return progress


def _count_pages(cfg: Any) -> Any:
    """Show MkDocs' page rendering as progress, through a plugin added to this build only."""
    from mkdocs.plugins import BasePlugin

    progress = _progress("rendering pages")

    class PageCounter(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_files(self, files: Any, /, *, config: Any) -> Any:
            progress.start("rendering pages", len(files.documentation_pages()))
            return files

        def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
            progress.advance()
            return output

        def on_post_build(self, *, config: Any) -> None:
            progress.finish()  # before MkDocs logs "Documentation built"

    class ClearLine(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            progress.finish()  # a warning gets its own line, the count redraws after it
            return True

    for handler in logging.getLogger("mkdocs").handlers:
        handler.addFilter(ClearLine())
    cfg.plugins["coursegen-progress"] = PageCounter()
    return progress


def _build_zensical(args: argparse.Namespace) -> int:
    from mkdocs.config import load_config

    from generator.zensical_build import ZensicalError, build_with_zensical

    started = time.perf_counter()
    out = (args.out or Path(DEFAULT_OUT[args.audience])).resolve()
    config_path = _config_path(args)

    def render(docs: Path) -> int:
        return cmd_render(argparse.Namespace(**{**vars(args), "out": docs}))

    try:
        status = build_with_zensical(config_path, load_config(str(config_path)), out,
                                     audience=args.audience, strict=args.strict, render=render)
    except ZensicalError as exc:
        print(f"coursegen: error: {exc}", file=sys.stderr)
        return 1
    if status:
        return status
    print(f"coursegen: built {args.audience} site with Zensical in {_shown(out)}/ "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    from generator.errors import display_path

    return display_path(path)


def cmd_new(args: argparse.Namespace) -> int:
    from generator.build import build_date
    from generator.scaffold import NewRequest, ScaffoldError, plan_new, write_new

    request = NewRequest(kind=args.kind, title=args.title, entity_id=args.entity_id,
                         date=args.date, start=args.start, end=args.end,
                         programme=args.programme, cohort=args.cohort, topics=args.topics,
                         provider=args.provider, markdown=not args.yml)
    try:
        new = plan_new(request, args.data, today=build_date())
        write_new(new)
    except ScaffoldError as exc:
        print(f"coursegen: error: {exc}", file=sys.stderr)
        return exc.status
    print(f"coursegen: wrote {_shown(new.path)}", file=sys.stderr)
    return _check_new(args.data, new.path)


def _check_new(data: Path, path: Path) -> int:
    """Say at once if the new file breaks a cross-file rule (an internal class, say)."""
    from generator.build import check_site
    from generator.errors import display_path

    try:
        check_site(data)
    except DataErrors as exc:
        mine = [e for e in exc.errors if display_path(e.where.path) == display_path(path)]
        if mine:
            print("coursegen: the new file needs a change before it passes check:",
                  file=sys.stderr)
            report(mine)
            return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.schema import write_schemas

    written, unchanged = write_schemas(args.out)
    print(f"coursegen: {len(written)} schemas written, {unchanged} unchanged in "
          f"{_shown(args.out)}/", file=sys.stderr)
    return 0


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger("mkdocs")
    if not root.handlers:
        root.addHandler(handler)
    root.setLevel(logging.INFO)
