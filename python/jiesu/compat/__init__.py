"""Drop-in replacements for other packages, backed by jiesu.

- :mod:`jiesu.compat.chinese_calendar` — the ``chinesecalendar`` package (1.11) API.
"""
