"""The admin of the programme app: each part registers its own models.

Django discovers ``partnership.admin`` only; the roster (programmes and roster entries) and
cooperation (Korean partners, proposals) keep their admin beside the rest of their code.
"""

from partnership.cooperation import admin as cooperation_admin  # noqa: F401
from partnership.roster import admin as roster_admin  # noqa: F401
