"""PeakAtlas 碳达峰行动地图 — entry point: page setup and navigation (pages live in pages/)."""

from pages.ui.navigation import setup

setup().run()
