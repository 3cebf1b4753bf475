"""Reports: every report of the app (lunch, money, Kela TT3, travel, invoicing) is one table
given four ways — on screen, CSV as Finnish Excel opens it, XLSX, and a printable page that says
who produced it and when. `export.py` holds the three download and print answers and the
`?format=` parser; `templates/reports/print.html` is the printable page. No routes here: each
area's view builds its rows and answers with these."""
