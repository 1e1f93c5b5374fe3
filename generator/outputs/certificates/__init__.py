"""Certificates of attendance: one PDF with a page each, and one PDF per person."""
