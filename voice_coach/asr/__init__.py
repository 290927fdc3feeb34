"""Speech recognition: the recogniser protocol, the Vosk and PocketSphinx engines, models and commands."""
