"""The training programme's subcommands: plan, practice, relax, thoughts, progress, data."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from voice_coach.errors import UserError
from voice_coach.settings import AnalyzerSettings, AudioSettings, SpeechSettings

EXIT_USER_ERROR = 2


def add_parsers(sub, add_common, add_listening, add_devices) -> None:
    def interactive(p):
        add_devices(p)
        p.add_argument("--script", metavar="FILE", type=Path,
                       help="answers one per line (as for rehearse --script): sound files are heard, other lines are the words")
        add_common(p)
        add_listening(p)

    plan = sub.add_parser("plan", help="list your hard situations, rate them, and order them into a ladder",
                          description="With no action: a spoken (or --text) interview that builds your plan. "
                                      "Situations are numbered by their place on the ladder, easiest first.",
                          epilog="examples:\n  voice-coach plan\n  voice-coach plan --text\n  voice-coach plan list\n"
                                 "  voice-coach plan rate 2 45\n  voice-coach plan move 3 1\n  voice-coach plan remove 2\n"
                                 "  voice-coach plan rule --attempts 3 --score 75 --anxiety 30",
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    psub = plan.add_subparsers(dest="plan_command", metavar="ACTION")
    psub.add_parser("list", help="your ladder, easiest first")
    rate = psub.add_parser("rate", help="give a situation a new anxiety rating (it moves to its place)")
    rate.add_argument("place", type=int, metavar="N")
    rate.add_argument("anxiety", type=int, metavar="RATING", help="0 to 100")
    move = psub.add_parser("move", help="put a situation at another place on the ladder")
    move.add_argument("place", type=int, metavar="N")
    move.add_argument("to", type=int, metavar="PLACE")
    rm = psub.add_parser("remove", help="take a situation off the ladder (its history goes with it)")
    rm.add_argument("place", type=int, metavar="N")
    rule = psub.add_parser("rule", help="show or change the mastery rule")
    rule.add_argument("--attempts", type=int, help="rehearsals in a row that must be assertive and score well")
    rule.add_argument("--score", type=int, help="the score each of them needs (0 to 100)")
    rule.add_argument("--anxiety", type=int, help="the highest anxiety after practice that counts (0 to 100)")
    interactive(plan)

    prac = sub.add_parser("practice", help="practise the next step of your ladder (or step N) and track mastery",
                          description="Picks the easiest situation not yet mastered, offers the obstacle work that "
                                      "fits it, runs the role-play, and asks how anxious you feel afterwards.")
    prac.add_argument("place", nargs="?", type=int, metavar="N", help="practise this place on the ladder instead")
    prac.add_argument("--keep-audio", action="store_true", help="keep the recordings of your answers in the data folder")
    interactive(prac)

    relax = sub.add_parser("relax", help="paced breathing, muscle relaxation or the STOP skill, read in a calm voice")
    relax.add_argument("exercise", nargs="?", choices=("breathing", "muscles", "stop"),
                       help="which exercise (asked when left out)")
    relax.add_argument("--minutes", type=float, default=2.0, help="how long to breathe (default 2)")
    relax.add_argument("--in", dest="inhale", type=float, default=4.0, metavar="S", help="seconds breathing in (default 4)")
    relax.add_argument("--out", dest="exhale", type=float, default=6.0, metavar="S", help="seconds breathing out (default 6)")
    interactive(relax)

    th = sub.add_parser("thoughts", help="look at the worrying thought that stops you speaking up",
                        description="Say what you fear will happen; the coach names the thinking trap, asks a "
                                    "question or two, and keeps your more helpful thought for practice.")
    th.add_argument("place", nargs="?", type=int, metavar="N", help="the situation on your ladder it is about")
    interactive(th)

    prog = sub.add_parser("progress", help="your ladder, attempts, scores and anxiety over time")
    prog.add_argument("--json", action="store_true", help="print one JSON object")
    prog.add_argument("--plot", metavar="FILE.png", type=Path, help="draw scores and anxiety per situation")

    dat = sub.add_parser("data", help="export or delete everything voice-coach keeps about you")
    dsub = dat.add_subparsers(dest="data_command", metavar="ACTION")
    ex = dsub.add_parser("export", help="write everything to one JSON file")
    ex.add_argument("file", type=Path, metavar="FILE")
    de = dsub.add_parser("delete", help="delete everything (asks you to confirm)")
    interactive(de)


def _talk(args, note, store=None):
    """The interview's two ends; every free answer is checked for crisis language; the first-run notice."""
    from voice_coach.program.talk import Talk
    from voice_coach.roleplay.rehearse import open_answers
    from voice_coach.safety import first_run

    speech = SpeechSettings(args.engine, args.vosk_model, tuple(args.hint))
    answers, stage = open_answers(speech, note, args.text, args.script, audio=AudioSettings.from_args(args))
    talk = Talk(stage, answers, guard=lambda said: _analyzer(args).crisis(said))
    if store is not None:
        first_run(store, talk.say)
    return talk, answers, stage


_ANALYZERS: dict = {}


def _analyzer(args):
    """One analyzer per process, loaded when first needed."""
    from voice_coach.analysis import Analyzer

    settings = AnalyzerSettings.from_env(args.spacy_model)
    if settings not in _ANALYZERS:
        _ANALYZERS[settings] = Analyzer(settings)
    return _ANALYZERS[settings]


def _close(answers) -> None:
    if hasattr(answers, "close"):
        answers.close()


def cmd_plan(args, note) -> int:
    from voice_coach.program import plan
    from voice_coach.program.mastery import MasteryRule
    from voice_coach.roleplay import library
    from voice_coach.store import Store

    with Store() as store:
        action = args.plan_command
        if action == "list":
            lines = plan.ladder(store)
            print("\n".join(lines) if lines else "Your plan is empty; 'voice-coach plan' builds it.")
            return 0
        if action == "rate":
            if not 0 <= args.anxiety <= 100:
                raise UserError(f"rating {args.anxiety}: use 0 (not at all anxious) to 100")
            s = plan.by_place(store, args.place)
            store.rate(s.id, args.anxiety)
            print("\n".join(plan.ladder(store)))
            return 0
        if action == "move":
            store.move(plan.by_place(store, args.place).id, args.to)
            print("\n".join(plan.ladder(store)))
            return 0
        if action == "remove":
            gone = store.remove(plan.by_place(store, args.place).id)
            print(f"removed: {gone.title}")
            return 0
        if action == "rule":
            old = MasteryRule.load(store)
            rule = MasteryRule(args.attempts if args.attempts is not None else old.attempts,
                               args.score if args.score is not None else old.min_score,
                               args.anxiety if args.anxiety is not None else old.max_anxiety)
            if rule != old:
                rule.save(store)
            print(rule.describe())
            return 0
        talk, answers, _ = _talk(args, note, store)
        try:
            plan.interview(talk, store, _analyzer(args), library.load_library())
        finally:
            _close(answers)
    return 0


def cmd_practice(args, note) -> int:
    from voice_coach.program.practice import practice
    from voice_coach.roleplay.rehearse import play
    from voice_coach.store import Store

    with Store() as store:
        talk, answers, stage = _talk(args, note, store)
        analyzer = _analyzer(args)
        try:
            practice(talk, store, analyzer, args.place,
                     lambda scene, sid: play(scene, answers, stage, None, note, store, sid, args.keep_audio,
                                             analyzer, close_answers=False))
        finally:
            _close(answers)
    return 0


def cmd_relax(args, note) -> int:
    from voice_coach.program import relax
    from voice_coach.program.talk import Stopped
    from voice_coach.store import Store

    settings = relax.BreathSettings(args.minutes, args.inhale, args.exhale)
    with Store() as store:
        talk, answers, _ = _talk(args, note, store)
    try:
        relax.run(talk, args.exercise, settings)
    except Stopped:
        pass
    finally:
        _close(answers)
    return 0


def cmd_thoughts(args, note) -> int:
    from voice_coach.program import thoughts
    from voice_coach.program.plan import by_place
    from voice_coach.program.talk import Stopped
    from voice_coach.store import Store

    with Store() as store:
        situation = by_place(store, args.place) if args.place is not None else None
        talk, answers, _ = _talk(args, note, store)
        try:
            thoughts.exercise(talk, store, _analyzer(args), situation)
        except Stopped:
            print("(stopped; nothing was saved for this thought)", file=sys.stderr)
        finally:
            _close(answers)
    return 0


def cmd_progress(args, note) -> int:
    from voice_coach import progress
    from voice_coach.store import Store

    with Store() as store:
        data = progress.report(store)
    if args.plot:
        note(f"plot written to {progress.plot(data, args.plot)}")
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print("\n".join(progress.summary(data)))
    return 0


def cmd_data(args, note) -> int:
    from voice_coach import progress
    from voice_coach.program.talk import Stopped
    from voice_coach.program.texts import text
    from voice_coach.store import Store, data_dir

    action = args.data_command
    if action == "export":
        with Store() as store:
            path = progress.export(store, args.file)
        print(f"exported everything to {path}")
        return 0
    if action != "delete":
        raise UserError("say what to do: voice-coach data export FILE, or voice-coach data delete")
    folder = data_dir()
    if not folder.exists() or not any(folder.iterdir()):
        print(f"nothing to delete in {folder}")
        return 0
    talk, answers, _ = _talk(args, note)
    try:
        said = talk.ask(text("data", "confirm"))
    except Stopped:
        said = ""
    finally:
        _close(answers)
    if " ".join(said.lower().strip(" .!").split()) != "delete everything":
        talk.say(text("data", "kept"))
        return EXIT_USER_ERROR
    progress.delete_everything(folder)
    talk.say(text("data", "deleted"))
    return 0


COMMANDS = {"plan": cmd_plan, "practice": cmd_practice, "relax": cmd_relax, "thoughts": cmd_thoughts,
            "progress": cmd_progress, "data": cmd_data}
