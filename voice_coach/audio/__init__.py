"""Audio in and out: chunks, sound files, sources, the endpointer and playback."""
