"""The guest's side: open a pre-check-in link and store the answers."""
