"""The facilitator guide (reportlab)."""
