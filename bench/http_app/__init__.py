"""The site as bench/http.py serves it: the production settings, plus a hand-tuned reference view.

Never part of the product: only gunicorn started by bench/http.py loads these modules."""
