"""The training programme: inventory, anxiety hierarchy, obstacle work, practice and mastery."""
