"""The announcement: one printable page that says what the session is and how to join it."""
