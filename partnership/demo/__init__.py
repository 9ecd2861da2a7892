"""The demo scenario that ``manage.py load_demo`` (and so ``make run``) loads.

The pieces, called in this order by the command, each idempotent:

- :mod:`partnership.demo.users`: one login per role (printed at the end of ``load_demo``).
- :mod:`partnership.demo.smes`: the programme, the pilot firm PT Swen Inovasi Transfer and
  clearly fictional firms in every registration state.
- :mod:`partnership.demo.pipeline`: the roster of 100, the stages, survey visits and ranking.
- :mod:`partnership.demo.cooperation`: Korean partners and cooperation proposals.

Every firm except the pilot is fictional: its name starts with "PT Contoh", "CV Fiktif" or
"UD Contoh", and its identifiers are generated.
"""

PROGRAMME_SLUG = "aseic-2015"
PILOT_LEGAL_NAME = "PT Swen Inovasi Transfer"
# The pilot firm's demo NPWP (16 digits): other loaders find the pilot with it or its name.
PILOT_NPWP = "0015700412434000"
# Stage 1 draws from Kabupaten Bogor, Kota Bogor and the province of Banten.
STAGE1_REGENCIES = ("3201", "3271")
STAGE1_PROVINCES = ("36",)
