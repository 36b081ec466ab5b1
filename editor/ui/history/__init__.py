"""Versions and the edit history of the open project: the History dock and the Compare Versions dialog."""
