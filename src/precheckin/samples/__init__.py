"""A generator of realistic reservation exports, and the bundled sample export."""
