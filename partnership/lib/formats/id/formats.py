# As a ministry letter writes them: "27 April 2015", "27 April 2015, 14.00" (months in full).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H.i"
