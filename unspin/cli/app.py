"""The `unspin` command line: a thin layer over the library API.

Reading inputs lives in :mod:`unspin.inputs`, analysis in :mod:`unspin.pipeline`,
the text report in :mod:`unspin.cli.report`; this module only wires options to
them and turns every failure into one line on stderr and an exit code:
0 all documents analysed, 1 some failed (or an internal error), 2 usage error,
130 interrupted.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from typer.exceptions import TyperException  # typer 0.29 vendors click: its errors derive from this

from unspin import __version__
from unspin.errors import UnspinError
from unspin.options import AttributionOptions

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="unspin",
    help="Who said what, where the text came from, and what was changed on the way.",
    no_args_is_help=True,
    add_completion=False,
    # Tracebacks are for --debug only; rich's pretty tracebacks would bypass that.
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"


def _stderr() -> Console:
    # Created per use: rich looks up sys.stderr when printing, but tests swap it.
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _say(message: str, console: Console | None = None) -> None:
    """One line on stderr, prefixed with the program name."""
    (console or _stderr()).print(f"unspin: {message}", markup=False, highlight=False, emoji=False,
                                soft_wrap=True)  # file names are not rich markup


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unspin {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Who said what in a news text, where it came from, and what was changed on the way."""


@app.command(no_args_is_help=True)
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...|DIR|-",
            help="Texts to analyze: plain-text (.txt), HTML (.html/.htm) or JSONL (.jsonl) files, "
            "folders (walked for those), or - for standard input.",
            show_default=False,
        ),
    ],
    format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f",
            help="text: a readable report; json: the CONTRACT object for one document; "
            "jsonl: one object per document with its \"id\". Default: text for one document, "
            "jsonl for several.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output.",
                     dir_okay=False, show_default=False),
    ] = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", "-i",
                     help="How to read inputs; auto goes by file suffix (and sniffs standard input)."),
    ] = InputFormat.auto,
    text_field: Annotated[
        list[str] | None,
        typer.Option("--text-field", metavar="NAME",
                     help="JSONL field holding the text; repeat to try several in order "
                     "\\[default: text, body_text].", show_default=False),
    ] = None,
    id_field: Annotated[
        str, typer.Option("--id-field", metavar="NAME", help="JSONL field holding the record id.")
    ] = "id",
    include_text: Annotated[
        bool,
        typer.Option("--include-text", help="Put the analysed text in JSON output as \"text\" "
                     "(always done for HTML, whose offsets refer to the extracted text)."),
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress",
                     help="Progress bar on stderr \\[default: when stderr is a terminal and there "
                     "are several documents].", show_default=False),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents parsed together by spaCy.")
    ] = 16,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0,
                          help="Worker processes for batches (0: one per core, capped at the batch's size).")
    ] = 0,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="In folders, also read symbolic links that point outside the folder named "
        "(skipped and reported by default).")] = False,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Attributions from the rule finders alone, without the learned tagger: "
        "faster, finds fewer statements (8 PolNeAR dev articles: 3.9 against 2.5 a second, content recall "
        "0.48 against 0.75).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Find who said what: attributions, speakers, cues, hedges and entities.

    Offsets in the output are code points into the text as decoded (for HTML,
    into the extracted main text). A document that cannot be read or analysed is
    reported on stderr (and as {"id": ..., "error": ...} in jsonl output); the
    others still run and the exit status is 1.
    """
    if paths.count("-") > 1:
        raise typer.BadParameter("standard input ('-') can be named only once", param_hint="FILE")
    _run(debug, _analyze, paths, format, output, input_format, tuple(text_field or ()) or None,
         id_field, include_text, progress, batch_size, jobs, follow_links, AttributionOptions(learned=not rules_only))


def _describe(exc: BaseException) -> str:
    """What an unexpected failure said, in its words (a class name tells a user nothing)."""
    return " ".join(str(exc).split()) or "an unexpected failure with no message"


def _quiet_broken_pipe() -> None:
    # The reader went away (`unspin analyze DIR | head`): stop without noise,
    # and keep Python from complaining again when it flushes stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _analyze(
    paths: list[str],
    format: OutputFormat | None,
    output: Path | None,
    input_format: InputFormat,
    text_fields: tuple[str, ...] | None,
    id_field: str,
    include_text: bool,
    progress: bool | None,
    batch_size: int,
    jobs: int,
    follow_links: bool = False,
    attribution: AttributionOptions | None = None,
) -> int:
    from unspin.inputs import FieldMap, ReadOptions, count_documents, expand, read_records
    from unspin.inputs.batch import analyze_records

    options = ReadOptions(input_format.value, FieldMap(id=(id_field,), text=text_fields or FieldMap().text),
                          follow_links=follow_links)
    items = expand(paths, options)
    records = read_records(items, options)
    # Reading is cheap next to parsing: look at the first two documents to learn
    # whether this is one document or many before choosing a default format.
    head = []
    for rec in records:
        head.append(rec)
        if sum(r.document for r in head) >= 2:
            break
    n_docs = sum(r.document for r in head)
    # A folder or a JSONL file is a batch even when it holds one document:
    # scripts running `unspin analyze DIR` must always get JSONL by default.
    batch = (n_docs > 1 or len(paths) > 1 or any(os.path.isdir(p) for p in paths)
             or any(r.line is not None for r in head))
    if format is None:
        format = OutputFormat.jsonl if batch else OutputFormat.text
    elif format is OutputFormat.json and n_docs > 1:
        raise typer.BadParameter("prints one document; for several use --format jsonl",
                                 param_hint="'--format json'")

    # Worker processes pay off only on batches: each one loads nothing new (fork
    # shares the model) but a single article would only wait for the pool.
    if jobs == 0:
        jobs = min(os.cpu_count() or 1, 2) if batch else 1

    failures = 0
    with ExitStack() as stack:
        out = _open_output(output, stack)
        err = _stderr()
        report_console = None
        if format is OutputFormat.text:
            report_console = Console(file=out, highlight=False, emoji=False)
            if not report_console.is_terminal:
                report_console.width = 120  # no terminal to fit: do not squeeze the table into 80
        show = progress if progress is not None else (
            batch and err.is_terminal and not (report_console and report_console.is_terminal))
        advance = lambda: None  # noqa: E731
        if show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = stack.enter_context(Progress(
                TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err, transient=True,
            ))
            task = bar.add_task("analyze", total=count_documents(items))
            advance = lambda: bar.advance(task)  # noqa: E731

        for rec, analysis in analyze_records(chain(head, records), batch_size=batch_size, n_process=jobs,
                                             options=attribution):
            if analysis is None:
                failures += 1
                where = "<stdin>" if rec.where == "-" else rec.where
                _say(f"{where}: {rec.error}", err)
                if rec.document and format is OutputFormat.jsonl:
                    out.write(json.dumps({"id": rec.id, "error": rec.error}, ensure_ascii=False) + "\n")
            else:
                _warn(rec, err)
                with_text = include_text or rec.extracted
                if format is OutputFormat.jsonl:
                    out.write(json.dumps(analysis.to_dict(include_text=with_text), ensure_ascii=False) + "\n")
                elif format is OutputFormat.json:
                    out.write(analysis.to_json(include_text=with_text) + "\n")
                else:
                    from unspin.cli.report import print_report

                    print_report(report_console, analysis, title=rec.id)  # type: ignore[arg-type]
            if rec.document:
                advance()
            out.flush()  # each document's line is out as soon as it is done
    return EXIT_FAILED if failures else 0


def _warn(rec, console: Console | None = None) -> None:
    """What reading a record had to guess (encoding, language): one line each on stderr."""
    where = "<stdin>" if rec.where == "-" else rec.where
    for note in rec.warnings:
        _say(f"{where}: note: {note}", console)


def _open_output(output: Path | None, stack: ExitStack) -> TextIO:
    if output is None:
        out = sys.stdout
        if (getattr(out, "encoding", None) or "").lower().replace("-", "") != "utf8":
            try:  # JSON is written with ensure_ascii=False: it must be UTF-8
                out.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass
        return out
    try:
        return stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
    except OSError as exc:
        raise UnspinError(f"{output}: cannot write output: {exc.strerror or exc}") from None


class TraceFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class EngineKind(str, Enum):
    local = "local"
    ray = "ray"


def _engine_option(what: str):
    return typer.Option("--engine", help=f"Where {what}: local (this process) or ray (Ray tasks; with no "
                        "--address a Ray started on this machine for the run). Results are the same.")


_ADDRESS_OPTION = typer.Option("--address", metavar="ADDR", help="The Ray cluster for --engine ray (auto, "
                               "host:6379 or ray://host:10001) \\[default: start one here].", show_default=False)


def _engine(kind: "EngineKind", address: str | None):
    from unspin.engines import EngineOptions, make_engine

    return make_engine(EngineOptions(kind.value, address))


def _run(debug: bool, fn, *args) -> None:
    """Run a command body, turning failures into one line on stderr and an exit code."""
    try:
        code = fn(*args)
    except (typer.Exit, typer.Abort, TyperException):
        raise
    except UnspinError as exc:
        _say(str(exc))
        code = EXIT_FAILED
    except KeyboardInterrupt:
        _say("interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_broken_pipe()
        code = EXIT_FAILED
    except Exception as exc:
        if debug:
            raise
        _say(f"internal error (a bug in unspin, please report it): {_describe(exc)} "
             "(run with --debug for the traceback)")
        code = EXIT_FAILED
    raise typer.Exit(code)


def _field_option(name: str, default: str):
    return typer.Option(f"--{name}-field", metavar="NAME",
                        help=f"JSONL field holding the {name}; repeat to try several in order \\[default: {default}].",
                        show_default=False)


@app.command(no_args_is_help=True)
def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...", help="Folders (walked for .txt, .html, .jsonl, .warc), or such files.",
        show_default=False)],
    db: Annotated[str, typer.Option("--db", help="The store: a SQLite file (created if missing), "
                                    "sqlite:///path, or postgresql://user@host:port/dbname.")] = "unspin.db",
    id_field: Annotated[list[str] | None, _field_option("id", "id")] = None,
    text_field: Annotated[list[str] | None, _field_option("text", "text, body_text")] = None,
    title_field: Annotated[list[str] | None, _field_option("title", "title")] = None,
    date_field: Annotated[list[str] | None, _field_option("date", "date, publish_date")] = None,
    url_field: Annotated[list[str] | None, _field_option("url", "url")] = None,
    publisher_field: Annotated[list[str] | None, _field_option("publisher", "publisher")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1,
                                            help="Documents per transaction.")] = 64,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="Progress bar on stderr \\[default: when stderr is a terminal].",
        show_default=False)] = None,
    analyze: Annotated[bool, typer.Option(
        "--analyze", help="Also find who said what (as `unspin analyze`) in every document read that has no "
        "stored analysis yet, and store it (query with `unspin attributions`). Much slower than storing "
        "for tracing; a rerun resumes, and it can be run later on documents ingested without it.")] = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for --analyze (0: one per core, at most 2).")] = 0,
    engine: Annotated[EngineKind, _engine_option("documents are prepared (split, embedded, hashed)")] = EngineKind.local,
    address: Annotated[str | None, _ADDRESS_OPTION] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Store documents for tracing: idempotent (a document stored before is skipped, an
    identical text under a new id is reported as a duplicate), crash-safe and resumable
    (rerun the same command). One ingest writes to a store at a time: another one waits until
    it is done. With --analyze, also who said what in each document, stored for
    `unspin attributions`. Bad records are listed with the reason; exit status 1 if any."""
    _run(debug, _ingest, paths, db, id_field, text_field, title_field, date_field, url_field,
         publisher_field, batch_size, progress, analyze, jobs, engine, address)


def _ingest(paths, db, id_field, text_field, title_field, date_field, url_field, publisher_field,
            batch_size, progress, analyze, jobs, engine=EngineKind.local, address=None) -> int:
    from unspin.inputs import FieldMap, ReadOptions, count_documents, expand
    from unspin.provenance import Corpus
    from unspin.provenance.report import RateColumn, print_ingest

    base = FieldMap()
    fields = FieldMap(*(tuple(given) if given else default for given, default in (
        (id_field, base.id), (text_field, base.text), (title_field, base.title), (date_field, base.date),
        (url_field, base.url), (publisher_field, base.publisher))))
    err = _stderr()
    show = progress if progress is not None else err.is_terminal
    with ExitStack() as stack:
        eng = stack.enter_context(_engine(engine, address))
        corpus = stack.enter_context(Corpus(db))
        advance = analysed = None
        if show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = stack.enter_context(Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                               RateColumn(), TimeElapsedColumn(), console=err, transient=True))
            task = bar.add_task("ingesting", total=count_documents(expand(paths, ReadOptions(fields=fields))))
            advance = lambda n: bar.advance(task, n)  # noqa: E731
            analysis_task = []

            def analysed(done: int, total: int) -> None:
                if not analysis_task:
                    analysis_task.append(bar.add_task("analysing", total=total))
                bar.update(analysis_task[0], completed=done)

        rep = corpus.ingest(paths, fields, batch_size=batch_size, progress=advance, analyze=analyze, jobs=jobs,
                            analysis_progress=analysed, wait=lambda message: _say(message, err), engine=eng)
        total = len(corpus)
    print_ingest(err, rep, db, total)
    return EXIT_FAILED if rep.bad or (rep.analysis and rep.analysis.bad) else 0


@app.command(name="attributions")
def attributions_command(
    db: Annotated[str, typer.Option("--db", help="The store made by `unspin ingest --analyze`.")] = "unspin.db",
    speaker: Annotated[str | None, typer.Option(
        "--speaker", "-s", metavar="NAME", help="Only statements credited to this speaker: the resolved name, "
        "whole, in any case (\"helen carter\" finds Helen Carter, \"Carter\" does not).",
        show_default=False)] = None,
    doc: Annotated[str | None, typer.Option("--doc", metavar="ID", help="Only this document's attributions.",
                                            show_default=False)] = None,
    format: Annotated[TraceFormat, typer.Option(
        "--format", "-f", help="text: a table; json: {\"attributions\": [...]}; jsonl: one per line. Each is "
        "the CONTRACT attribution object plus \"doc\", the document's id.")] = TraceFormat.text,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Who said what in the stored documents: the attributions `unspin ingest --analyze` stored
    (document, speaker, cue, content and hedges), in document order."""
    if speaker is not None and not speaker.strip():
        raise typer.BadParameter("give a name", param_hint="'--speaker'")
    _run(debug, _attributions, db, speaker, doc, format)


def _attributions(db, speaker, doc, format) -> int:
    from unspin.provenance import Corpus
    from unspin.provenance.report import print_attributions

    out = sys.stdout
    with Corpus(db, create=False) as corpus:
        if corpus.analysed_count() == 0:
            raise UnspinError(f"{db}: no analyses stored (run `unspin ingest PATH... --db {db} --analyze`)")
        if doc is not None:
            try:
                if corpus.analysis(doc) is None:
                    raise UnspinError(f"{doc}: stored without an analysis (run `unspin ingest` on it with --analyze)")
            except KeyError:
                raise UnspinError(f"{db}: no document with id {doc!r}") from None
        found = corpus.attributions(speaker=speaker, doc_id=doc)
        if format is TraceFormat.text:
            console = Console(file=out, highlight=False, emoji=False)
            if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
                console.width = 120
            n = print_attributions(console, found)
        elif format is TraceFormat.json:
            items = [a.to_dict() for a in found]
            n = len(items)
            out.write(json.dumps({"attributions": items}, ensure_ascii=False, indent=2) + "\n")
        else:
            n = 0
            for a in found:
                n += 1
                out.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
        if n == 0:
            hint = ""
            if speaker is not None:
                near = corpus.speakers(contains=speaker, limit=5)
                if near:
                    hint = "; speakers whose name holds it: " + ", ".join(f"{name} ({c})" for name, c in near)
            _say(f"no stored attributions match{hint}")
    return 0


class TextOrJson(str, Enum):
    """--format of the commands that print one report: words, or the JSON object."""

    text = "text"
    json = "json"


@app.command()
def check(
    db: Annotated[str, typer.Option("--db", help="The store made by `unspin ingest`.")] = "unspin.db",
    format: Annotated[TextOrJson, typer.Option(
        "--format", "-f", help="text: in words; json: {\"documents\", \"analyses\", \"index_coverage\", "
        "\"ok\", \"problems\", ...}.")] = TextOrJson.text,
    repair: Annotated[bool, typer.Option(
        "--repair", help="Rebuild what can be rebuilt from the stored documents: the ANN index (anchor sentences "
        "missing, or a stale index) and the speaker index of the analyses; waits for a running ingest.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Check a store: the database's integrity (every document with its sentences and bands, no
    rows of missing documents, the speaker index matching the stored analyses) and how much
    of the stored documents the saved ANN index holds. Exit status 1 if anything is off."""
    _run(debug, _check, db, format, repair)


def _check(db, format, repair) -> int:
    from unspin.provenance import Corpus
    from unspin.provenance.report import print_check

    with Corpus(db, create=False) as corpus:
        rep = corpus.check(repair=repair, wait=lambda message: _say(message))
    if format is TextOrJson.json:
        sys.stdout.write(json.dumps(rep.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_check(Console(file=sys.stdout, highlight=False, emoji=False, soft_wrap=True), rep)
    return 0 if rep.ok else EXIT_FAILED


@app.command()
def trace(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="FILE...|DIR|-", help="Texts to trace (.txt, .html, .jsonl, a folder, or - for standard input).",
        show_default=False)] = None,
    db: Annotated[str, typer.Option("--db", help="The store made by `unspin ingest`.")] = "unspin.db",
    top: Annotated[int, typer.Option("--top", "-k", min=1, help="Matches to report per text.")] = 10,
    all_: Annotated[bool, typer.Option("--all", help="List the copy families of the whole store instead.")] = False,
    format: Annotated[TraceFormat | None, typer.Option(
        "--format", "-f", help="text (readable), json (one text, or --all), jsonl (one line per text) "
        "\\[default: text for one text, jsonl for several].", show_default=False)] = None,
    engine: Annotated[EngineKind, _engine_option("--all traces the documents")] = EngineKind.local,
    address: Annotated[str | None, _ADDRESS_OPTION] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Find the stored documents a text copies: duplicate, near-duplicate, paraphrase or
    partial copy, with the shared passages (source and copy spans, code-point offsets).
    Documents that only share a topic are not reported."""
    if all_ == bool(paths):
        raise typer.BadParameter("give texts to trace, or --all (not both)", param_hint="FILE")
    if (engine is not EngineKind.local or address is not None) and not all_:
        raise typer.BadParameter("is for --all (one text is traced in this process)", param_hint="'--engine'")
    _run(debug, _trace, paths or [], db, top, all_, format, engine, address)


def _families(corpus, eng) -> list:
    """``corpus.families`` with a progress bar on a terminal's stderr, gone when it ends."""
    err = _stderr()
    if not err.is_terminal:
        return corpus.families(engine=eng)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from unspin.provenance.report import RateColumn

    with Progress(TextColumn("tracing every document"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("all", total=len(corpus))
        return corpus.families(progress=lambda: bar.advance(task), engine=eng)


def _trace(paths, db, top, all_, format, engine=EngineKind.local, address=None) -> int:
    from unspin.provenance import Corpus
    from unspin.provenance.report import print_families, print_matches
    from unspin.provenance.results import CopyFamilies, TraceResult

    out = sys.stdout
    console = Console(file=out, highlight=False, emoji=False)
    with Corpus(db, create=False) as corpus:
        if all_:
            # the answer is written while the engine runs: Ray's notices go to stderr until it ends
            with _engine(engine, address) as eng:
                fams = _families(corpus, eng)
                if format in (TraceFormat.json, TraceFormat.jsonl):
                    indent = None if format is TraceFormat.jsonl else 2
                    out.write(json.dumps(CopyFamilies(fams).to_dict(), ensure_ascii=False,
                                         indent=indent) + "\n")
                else:
                    print_families(console, fams)
            return 0
        from unspin.inputs import expand, read_records

        items = list(read_records(expand(paths)))
        batch = len(items) > 1 or any(os.path.isdir(p) for p in paths)
        if format is None:
            format = TraceFormat.jsonl if batch else TraceFormat.text
        elif format is TraceFormat.json and batch:
            raise typer.BadParameter("prints one text; for several use --format jsonl",
                                     param_hint="'--format json'")
        failures = 0
        for rec in items:
            doc_id, text = rec.id, rec.text or ""
            if rec.error is not None:
                failures += 1
                _say(f"{'<stdin>' if rec.where == '-' else rec.where}: {rec.error}")
                if format is TraceFormat.jsonl:
                    out.write(json.dumps({"id": doc_id, "error": rec.error}, ensure_ascii=False) + "\n")
                continue
            _warn(rec)
            path = rec.where if rec.where != "-" and os.path.isfile(rec.where) else None
            matches = corpus.trace(text, top=top, id=None if doc_id == "-" else doc_id, path=path)
            if format is TraceFormat.jsonl:
                out.write(json.dumps(TraceResult(matches, doc_id).to_dict(), ensure_ascii=False) + "\n")
            elif format is TraceFormat.json:
                out.write(json.dumps(TraceResult(matches).to_dict(), ensure_ascii=False, indent=2) + "\n")
            else:
                print_matches(console, matches, text, title=doc_id if batch else None)
            out.flush()
    return EXIT_FAILED if failures else 0


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class MinSeverity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"


@app.command(no_args_is_help=True)
def diff(
    paths: Annotated[list[str], typer.Argument(
        metavar="SOURCE COPY", help="The source text and its copy: plain-text (.txt) or HTML (.html/.htm) "
        "files, or - for standard input (one of the two). With --against-corpus, only COPY.",
        show_default=False)],
    format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text: the pair side by side in the terminal; json: the CONTRACT object; "
        "html: a self-contained page to open in a browser.")] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.", dir_okay=False,
        show_default=False)] = None,
    against_corpus: Annotated[bool, typer.Option(
        "--against-corpus", help="Trace COPY in the store (--db) and diff it against its best source.")] = False,
    db: Annotated[str, typer.Option("--db", help="The store made by `unspin ingest` (with --against-corpus).")
                  ] = "unspin.db",
    all_rows: Annotated[bool, typer.Option(
        "--all", help="Text format: show every aligned sentence, not only those with edits, and list "
        "low rewordings (otherwise counted).")] = False,
    min_severity: Annotated[MinSeverity, typer.Option(
        "--min-severity", help="Report only edits of this severity or higher (all formats).")
    ] = MinSeverity.low,
    input_format: Annotated[InputFormat, typer.Option(
        "--input-format", "-i", help="How to read inputs; auto goes by file suffix (and sniffs standard input).")
    ] = InputFormat.auto,
    include_text: Annotated[bool, typer.Option(
        "--include-text", help="Put both texts in JSON output as \"source_text\" and \"copy_text\" (always done "
        "for a side extracted from HTML or read from the store, whose offsets refer to that text).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """What a copy changed against its source: the two texts aligned sentence by sentence, and every
    edit (negation, number, entity, speaker, hedge, attribution cue, role, meaning shift, dropped or
    added text, wording) with its severity, the source and copy spans and an explanation."""
    want = 1 if against_corpus else 2
    if len(paths) != want:
        hint = "give only COPY with --against-corpus" if against_corpus else "give SOURCE and COPY"
        raise typer.BadParameter(f"{hint} (got {len(paths)} path{'' if len(paths) == 1 else 's'})",
                                 param_hint="SOURCE COPY")
    if paths.count("-") > 1:
        raise typer.BadParameter("standard input ('-') can be named only once", param_hint="SOURCE COPY")
    _run(debug, _diff, paths, format, output, against_corpus, db, all_rows, input_format, include_text,
         min_severity.value)


def _read_one(path: str, input_format: InputFormat) -> tuple[str, str, bool]:
    """(name to show, text, whether the text was extracted from HTML) for one file or stdin."""
    from unspin.errors import InputError
    from unspin.inputs import ReadOptions, expand, read_records

    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory (diff compares two files)")
    found = []
    for rec in read_records(expand([path], ReadOptions(input_format.value))):  # type: ignore[arg-type]
        where = "<stdin>" if rec.where == "-" else rec.where
        if rec.error is not None:
            raise InputError(f"{where}: {rec.error}")
        _warn(rec)
        found.append(rec)
        if len(found) > 1:
            raise InputError(f"{'<stdin>' if path == '-' else path}: holds several documents "
                             "(diff compares two texts)")
    rec = found[0]
    return ("<stdin>" if path == "-" else rec.id), rec.text or "", rec.extracted


def _diff(paths, format, output, against_corpus, db, show_all, input_format, include_text,
          min_severity: str = "low") -> int:
    copy_path = paths[-1]
    copy_name, copy_text, copy_extracted = _read_one(copy_path, input_format)
    traced = None
    if against_corpus:
        from unspin.provenance import Corpus

        with Corpus(db, create=False) as corpus:
            traced = corpus.diff_against(copy_text, path=copy_path if os.path.isfile(copy_path) else None)
        if traced is None:
            raise UnspinError(f"{copy_name}: no source found in {db}: nothing stored is copied by this "
                              "text (sharing a topic is not copying)")
        drift, source_name = traced.drift, traced.source.id
    else:
        from unspin.drift import diff as drift_diff

        source_name, source_text, source_extracted = _read_one(paths[0], input_format)
        drift = drift_diff(source_text, copy_text)
    from unspin.model import SEVERITY_RANK

    drift.edits = [e for e in drift.edits if SEVERITY_RANK[e.severity] >= SEVERITY_RANK[min_severity]]
    with ExitStack() as stack:
        out = _open_output(output, stack)
        if format is DiffFormat.json:
            if traced is not None:
                obj = traced.to_dict(include_copy_text=include_text or copy_extracted)
            else:
                obj = drift.to_dict()
                if include_text or source_extracted:
                    obj["source_text"] = drift.source.text
                if include_text or copy_extracted:
                    obj["copy_text"] = drift.copy.text
            out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
        elif format is DiffFormat.html:
            from unspin.drift.render_html import drift_to_html

            label = source_name
            if traced is not None:
                label = f"{source_name} (found in {db}: {traced.source.relation}, score {traced.source.score:.2f})"
            out.write(drift_to_html(drift, source_name=label, copy_name=copy_name))
        else:
            from unspin.cli.diff_report import print_diff

            console = Console(file=out, highlight=False, emoji=False)
            if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
                console.width = 120  # no terminal to fit: as analyze does (COLUMNS still rules)
            title = None
            if traced is not None:
                title = (f"{source_name} ({traced.source.relation}, score {traced.source.score:.2f}, "
                         f"traced in {db}) → {copy_name}")
            print_diff(console, drift, source_name, copy_name, show_all=show_all, title=title)
        out.flush()
    return 0


@app.command(no_args_is_help=True)
def corroborate(
    claim: Annotated[str | None, typer.Argument(
        metavar="CLAIM", help="The claim, a sentence or two (- for standard input).", show_default=False)] = None,
    db: Annotated[str, typer.Option("--db", help="The store made by `unspin ingest`.")] = "unspin.db",
    file: Annotated[str | None, typer.Option(
        "--file", metavar="ARTICLE", help="Check every attributed statement of this article instead.",
        show_default=False)] = None,
    format: Annotated[TextOrJson, typer.Option(
        "--format", "-f", help="text: counts and a timeline; json: the CONTRACT object "
        "({\"claims\": [...]} with --file).")] = TextOrJson.text,
    all_: Annotated[bool, typer.Option(
        "--all", help="The whole corpus: the claims most documents carry, ranked by independent sources, "
        "and the echo chambers (several outlets, one origin).")] = False,
    engine: Annotated[EngineKind, _engine_option("--all traces the documents")] = EngineKind.local,
    address: Annotated[str | None, _ADDRESS_OPTION] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Who else reports a claim, and how many independent sources stand behind it: every stored
    document that carries it (verbatim, reworded, spun or copied) with its evidence passage,
    stance (supports, disputes, hedged), whom it credits and whether it copies another report;
    the counts of reports, outlets, independent reports and origins; earliest first."""
    if (claim is not None) + (file is not None) + all_ != 1:
        raise typer.BadParameter("give one of CLAIM, --file ARTICLE or --all", param_hint="CLAIM")
    if (engine is not EngineKind.local or address is not None) and not all_:
        raise typer.BadParameter("is for --all (one claim is checked in this process)", param_hint="'--engine'")
    if all_:
        _run(debug, _corroborate_all, claim, db, file, format, engine, address)
    else:
        _run(debug, _corroborate, claim, db, file, format)


def _corroborate_all(claim, db, file, format, engine=EngineKind.local, address=None) -> int:
    from unspin.corroboration import Corroborator
    from unspin.corroboration.dashboard import dashboard, traced_corpus
    from unspin.provenance import Corpus

    from unspin.cli.corroborate_report import print_dashboard

    out = sys.stdout  # written while the engine runs: Ray's notices go to stderr until it ends
    with Corpus(db, create=False) as corpus, _engine(engine, address) as eng:
        board = dashboard(Corroborator(traced_corpus(corpus, eng)))
        if format is TextOrJson.json:
            out.write(json.dumps(board.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            print_dashboard(Console(file=out, highlight=False, emoji=False, width=120), board)
    return 0


def _corroborate(claim, db, file, format) -> int:
    from unspin.corroboration import Corroborator
    from unspin.provenance import Corpus

    claims = _claims(claim, file)
    out = sys.stdout
    with Corpus(db, create=False) as corpus:
        engine = Corroborator(corpus)
        results = [engine.corroborate(c) for c in claims]
    if format is TextOrJson.json:
        obj = {"claims": [r.to_dict() for r in results]} if file is not None else results[0].to_dict()
        out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
    else:
        from unspin.cli.corroborate_report import print_corroboration

        console = Console(file=out, highlight=False, emoji=False)
        if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
            console.width = 120
        for r in results:
            print_corroboration(console, r)
    return 0


def _claims(claim: str | None, file: str | None) -> list[str]:
    """The claims to check: the one given, or the attributed statements of an article."""
    from unspin.errors import InputError
    from unspin.limits import check_text

    if claim is not None:
        text = sys.stdin.read() if claim == "-" else claim
        check_text(text)
        return [text]
    name, text, _ = _read_one(file, InputFormat.auto)  # type: ignore[arg-type]
    import unspin

    from unspin.corroboration.engine import statement_claims

    statements = statement_claims(unspin.analyze(text))
    if not statements:
        raise InputError(f"{name}: no attributed statements to check")
    return statements


@app.command()
def serve(
    db: Annotated[str, typer.Option("--db", help="The store: documents for trace, stored analyses, API tokens.")
                  ] = "unspin.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    open_access: Annotated[bool, typer.Option(
        "--open", help="Let anyone read without a token (only on a loopback address).")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Analysis worker processes.")] = 1,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds one analysis or diff may take.")
                       ] = 60.0,
    rate: Annotated[int, typer.Option("--rate", min=1, help="Requests a minute per token (or per address).")
                    ] = 120,
    allow_private_urls: Annotated[bool, typer.Option(
        "--allow-private-urls", help="Let URL input reach loopback, private and link-local addresses "
        "(refused by default: the server must not become a way into its own network).")] = False,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Analyses and diffs use the rule finders alone (as `unspin analyze --rules-only`).")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Run the REST API (FastAPI under uvicorn): /v1/analyze, /v1/diff, /v1/trace, /v1/attributions,
    /v1/health; OpenAPI at /openapi.json and docs at /docs. Every endpoint but health needs
    `Authorization: Bearer TOKEN` (`unspin token create`) unless --open."""
    _run(debug, _serve, db, host, port, open_access, workers, timeout, rate, allow_private_urls,
         AttributionOptions(learned=not rules_only))


def _serve(db, host, port, open_access, workers, timeout, rate, allow_private_urls,
           attribution: AttributionOptions | None = None) -> int:
    import ipaddress

    import uvicorn

    from unspin.server import ServerSettings, create_app

    if open_access:
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise UnspinError(f"--open lets anyone read without a token: it serves only on a loopback address "
                              f"(127.0.0.1, ::1), not on {host}")
    settings = ServerSettings(db=db, open_access=open_access, workers=workers, timeout=timeout,
                              rate_per_minute=rate, allow_private_urls=allow_private_urls,
                              attribution=attribution or AttributionOptions())
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    return 0


token_app = typer.Typer(help="API tokens for `unspin serve`.", no_args_is_help=True)
app.add_typer(token_app, name="token")


class TokenScope(str, Enum):
    read = "read"
    write = "write"


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who or what the token is for.")],
    db: Annotated[str, typer.Option("--db", help="The store the server uses.")] = "unspin.db",
    scope: Annotated[TokenScope, typer.Option("--scope", help="read: analysis and search; write: also ingest.")
                     ] = TokenScope.read,
) -> None:
    """Print a new API token (shown once: the store keeps only its hash)."""
    def create() -> int:
        from unspin.store import open_tokens

        store = open_tokens(db)  # in the store's database, SQLite or PostgreSQL
        try:
            typer.echo(store.create(name, scope.value))
        finally:
            store.close()
        return 0

    _run(False, create)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except Exception as exc:  # commands wrap their own; this catches anything around them
        if "--debug" in sys.argv[1:]:
            raise
        _say(f"internal error (a bug in unspin, please report it): {_describe(exc)} "
             "(run with --debug for the traceback)")
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
