"""API keys and the staff sign-in sessions made from them."""
