"""Dates and times as each language writes them (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own formats is here: Korean order ("2015년 4월 27일 오후 2:00"),
and months always written in full in Indonesian and English (Django's "N" mixes "Agu." with
"Maret", "Aug." with "March")."""
