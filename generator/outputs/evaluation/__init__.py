"""The evaluation form: one rating per learning objective, the session, and open questions."""
