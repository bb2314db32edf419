"""Exports of what the app shows, for meetings and reports: the area report (PDF), map pictures (PNG, SVG) and the
slides as one PDF, the district's progress workbook (Excel), a single-file offline snapshot (HTML). Each draws
what layers/ already builds (AreaReport, MapSpec, the status rows) with the app's strings and palette."""
