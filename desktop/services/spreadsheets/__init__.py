"""Importing the rosters coordinators keep in Excel, and exporting lists for Excel."""
