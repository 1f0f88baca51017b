"""SVGs from partners' and authors' files are published without anything that runs or fetches."""

from __future__ import annotations

import pytest
from lxml import etree

from backbone.svgsafe import SvgError, clean

LOGO = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#123456"/></linearGradient></defs>
  <!-- exported by a design tool -->
  <rect width="10" height="10" fill="url(#g)" style="fill: url(#g)"/>
  <use xlink:href="#g"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <text x="1" y="9">City Hall</text>
</svg>"""


def parsed(data: bytes):
    return etree.fromstring(data)


def test_a_plain_logo_is_published_byte_for_byte():
    assert clean(LOGO) == LOGO
    svg = parsed(clean(LOGO.replace(b"<text", b'<text onclick="x()"')))  # and once rewritten, keeps its drawing
    ns = {"s": "http://www.w3.org/2000/svg", "x": "http://www.w3.org/1999/xlink"}
    assert svg.xpath("//s:rect/@fill", namespaces=ns) == ["url(#g)"]
    assert svg.xpath("//s:rect/@style", namespaces=ns) == ["fill: url(#g)"]
    assert svg.xpath("//s:use/@x:href", namespaces=ns) == ["#g"]
    assert svg.xpath("//s:image/@href", namespaces=ns) == ["data:image/png;base64,iVBORw0KGgo="]
    assert svg.xpath("//s:text/text()", namespaces=ns) == ["City Hall"]


HOSTILE = {
    "script element": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "event handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect onclick="alert(1)"/></svg>',
    "javascript link": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect/></a></svg>',
    "embedded HTML": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject></svg>',
    "animated link": b'<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" to="javascript:alert(1)"/><rect/></a></svg>',
    "set link": b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    "remote image": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>',
    "remote CSS": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css); rect { fill: url(https://x.example/p.png) }</style><rect style="background: url(javascript:alert(1))"/></svg>',
    "remote stylesheet": b'<?xml version="1.0"?><?xml-stylesheet href="https://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
    "inner stylesheet": b'<svg xmlns="http://www.w3.org/2000/svg"><?xml-stylesheet href="https://x.example/a.css"?><rect/></svg>',
    "external entity": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_nothing_that_runs_or_fetches_is_published(data):
    out = clean(data).decode()
    for bad in ("script", "alert", "onload", "onclick", "javascript:", "https://", "@import", "iframe", "foreignObject", "/etc/passwd", "root:"):
        assert bad not in out, (bad, out)
    assert parsed(out.encode()).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("data, message, line", [
    (b"", "cannot be read as SVG", 1),
    (b"<svg xmlns='http://www.w3.org/2000/svg'>\n<rect>\n</svg>", "cannot be read as SVG", 3),
    (b"<html><body>a web page saved as .svg</body></html>", "not an SVG image", 0),
])
def test_a_file_that_is_not_an_svg_is_named_with_its_line(data, message, line):
    with pytest.raises(SvgError) as caught:
        clean(data)
    assert message in str(caught.value) and caught.value.line == line


def test_a_published_logo_and_story_picture_are_cleaned_and_a_broken_one_is_named(minimal, tmp_path):
    hostile = HOSTILE["script element"].replace(b"</svg>", b'<rect width="5" height="5" onclick="alert(2)"/></svg>')
    minimal.path("data/partners/city-hall.svg").write_bytes(hostile)
    minimal.path("content/pictures").mkdir()
    minimal.path("content/pictures/map.svg").write_bytes(hostile)
    built = minimal.build()
    assert built.error is None, built.error
    for published in ("assets/partners/city-hall.svg", "pictures/map.svg"):
        text = (built.site / published).read_text()
        assert "<rect" in text and "alert" not in text and "script" not in text, published

    minimal.path("content/pictures/map.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'>\n<g>\n</svg>")
    minimal.path("data/partners/city-hall.svg").write_bytes(LOGO)
    built = minimal.build()
    assert "content/pictures/map.svg:3: it cannot be read as SVG" in built.error, built.error

    minimal.path("content/pictures/map.svg").write_bytes(LOGO)
    minimal.path("data/partners/city-hall.svg").write_bytes(b"not an image")
    built = minimal.build()
    assert "data/partners.yml:" in built.error and "'partners/city-hall.svg': it cannot be read as SVG" in built.error, built.error
