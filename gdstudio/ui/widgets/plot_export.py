"""Plots saved as files that look like the screen: PNG on the plots' own background, and SVG.

pyqtgraph's ImageExporter fills a PNG with the view's background brush, and with transparent
pixels when the view has none (most viewers show those as black); here a view without a
background of its own gives the colour its palette paints behind it, as on screen.
"""

from __future__ import annotations

import os

import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator

__all__ = ["SvgExporter", "export_scene_png", "export_scene_svg", "screen_background"]


def screen_background(scene: pg.GraphicsScene) -> QColor:
    """The colour behind a scene's plots on screen: its view's background brush, else the
    view's palette."""
    view = scene.views()[0]
    brush = view.backgroundBrush()
    if brush.style() != Qt.BrushStyle.NoBrush:
        return QColor(brush.color())
    return QColor(view.palette().color(QPalette.ColorRole.Base))


def export_scene_png(scene: pg.GraphicsScene, path: str | os.PathLike[str]) -> None:
    """The scene as a PNG on its on-screen background; OSError when it cannot be written."""
    exporter = pyqtgraph.exporters.ImageExporter(scene)
    exporter.parameters()["background"] = screen_background(scene)
    if not exporter.export(os.fspath(path)):
        raise OSError(f"{os.fspath(path)}: could not write the PNG")


def export_scene_svg(scene: pg.GraphicsScene, path: str | os.PathLike[str]) -> None:
    """The scene as vector SVG, on its on-screen background."""
    SvgExporter(scene).export(os.fspath(path))


class SvgExporter(pyqtgraph.exporters.Exporter):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """The scene as vector SVG, painted straight into a QSvgGenerator.

    pyqtgraph 0.14's SVGExporter rewrites the generator's path data and fails on the closed
    paths ("... Z") that Qt 6.12 writes (pyqtgraph issue #3495); this skips that rewrite.
    Items are put in export mode first, so scatter symbols come out as vector paths.
    """

    Name = "SVG"

    def export(
        self, fileName: str | None = None, toBytes: bool = False, copy: bool = False
    ) -> None:
        if fileName is None:
            raise ValueError("an SVG export needs a file name")
        target = QRectF(self.getTargetRect())
        generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1 keeps the plots' clipping
        generator.setFileName(fileName)
        generator.setSize(target.size().toSize())
        generator.setViewBox(target)
        generator.setTitle("GD Studio")
        scene = self.getScene()
        generator.setResolution(scene.views()[0].logicalDpiX())  # fonts sized as on screen
        background = screen_background(scene)
        painter = QPainter(generator)
        try:
            self.setExportMode(True, {"antialias": True, "background": background})
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.fillRect(target, background)
            scene.render(painter, target, QRectF(self.getSourceRect()))
        finally:
            self.setExportMode(False)
            painter.end()
