"""A small plan written for the tests (松江区 310117), with full-width digits and punctuation, as .txt (UTF-8, BOM,
GBK), .docx (made with the standard library, runs split mid-number as Word does) and a PDF typeset by typst on a
narrow page, so its text has hard line breaks inside phrases and numbers."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

PLAN = [
    "松江区测试碳达峰实施方案",
    "一、主要目标",
    "到２０２５年，单位生产总值能耗比２０２０年下降１４％，确保２０３０年前实现碳达峰。",
    "二、重点任务",
    "（一）能源绿色低碳转型行动",
    "１．大力发展可再生能源。“十四五”期间，累计新增光伏装机容量２９．４万千瓦，推进车墩镇、泖港镇整镇屋顶分布式光伏"
    "开发试点。（责任单位：区发展改革委、区经委）",
    "２．推进绿色建筑和充电设施。新建大型公共建筑按照二星级及以上绿色建筑标准建设。到２０２５年，新建公共停车场配建"
    "充电车位不少于总停车位的１０％－１５％，建成３－５个循环利用产业基地，鼓励５６ｋＷ以下机械“油改电”。"
    "（责任单位：区建设管理委、区交通委）",
    "（二）生态碳汇能力巩固提升行动",
    "１．建设公园和湿地。至２０２５年，新建公园２６个，推进嘉北郊野公园和泖港湿地建设，森林覆盖率达到１９．５％以上。"
    "（责任单位：区绿化市容局）",
]
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def txt(encoding: str = "utf-8") -> bytes:
    return "\n".join(PLAN).encode(encoding)


def docx() -> bytes:
    def paragraph(text: str) -> str:
        cut = len(text) // 2  # two runs, the way Word splits a paragraph at an edit
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' for part in (text[:cut], text[cut:])
        )
        return f"<w:p>{runs}</w:p>"

    body = "".join(paragraph(p) for p in PLAN)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", document)
    return out.getvalue()


_TEMPLATE = """#set page(width: 11cm, height: auto, margin: 8mm)
#set text(font: "Noto Sans CJK SC", size: 10pt)
#let d = json("data.json")
#for p in d.paragraphs { p; parbreak() }
#if d.image != "" { image(d.image, width: 9cm) }
"""


def pdf(paragraphs: list[str] | None = None, picture: bytes | None = None) -> bytes:
    """The plan (or other paragraphs) typeset; with `picture` a page that is only that image (a scan)."""
    import typst

    from layers.exports import fonts

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = {"paragraphs": PLAN if paragraphs is None else paragraphs, "image": "scan.png" if picture else ""}
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        if picture:
            (root / "scan.png").write_bytes(picture)
        (root / "main.typ").write_text(_TEMPLATE, "utf-8")
        return typst.compile(str(root / "main.typ"), root=str(root), font_paths=[str(fonts.only_noto())])


def png() -> bytes:
    """A small grey picture standing in for a scanned page."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 3), dpi=50)
    fig.text(0.1, 0.5, "scan")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()
