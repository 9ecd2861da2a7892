"""The read API (``/api/v1/``): open data for everyone, the programme's records for its teams.

The top floor of the building: it reads through the other parts' querysets, figures and
permissions modules, and nothing imports it but the project's URLs.
"""
