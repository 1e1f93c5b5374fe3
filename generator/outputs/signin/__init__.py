"""The sign-in and sign-out sheet: who attended, and when they arrived and left."""
