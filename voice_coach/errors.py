"""The one exception type for mistakes a user can fix; the CLI prints it as a single line."""


class UserError(Exception):
    """A problem with the user's input or set-up, with what to do about it."""


class DeviceLost(UserError):
    """A microphone or speaker went away mid-session (unplugged, or the sound server stopped)."""
