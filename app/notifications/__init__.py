"""Notifications: events, their publication and the live channels."""
