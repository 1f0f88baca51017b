"""SVGs from partners' and authors' files are published without anything that runs or fetches."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
import tinycss2
from lxml import etree
from PIL import Image

from backbone.drawing.band import LOGO_HEIGHT
from backbone.drawing.fonts import fonts
from backbone.drawing.svg import rasterise
from backbone.svgsafe import ELEMENTS, LIMITS, SVG_NS, XLINK_NS, SvgError, clean

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
    for bad in (
        "script",
        "alert",
        "onload",
        "onclick",
        "javascript:",
        "https://",
        "@import",
        "iframe",
        "foreignObject",
        "/etc/passwd",
        "root:",
    ):
        assert bad not in out, (bad, out)
    assert parsed(out.encode()).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize(
    "data, message, line",
    [
        (b"", "cannot be read as SVG", 1),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>\n<rect>\n</svg>", "cannot be read as SVG", 3),
        (b"<html><body>a web page saved as .svg</body></html>", "not an SVG image", 0),
    ],
)
def test_a_file_that_is_not_an_svg_is_named_with_its_line(data, message, line):
    with pytest.raises(SvgError) as caught:
        clean(data)
    assert message in str(caught.value) and caught.value.line == line


def test_a_published_logo_and_story_picture_are_cleaned_and_a_broken_one_is_named(minimal, tmp_path):
    hostile = HOSTILE["script element"].replace(b"</svg>", b'<rect width="5" height="5" onclick="alert(2)"/></svg>')
    minimal.path("data/partners/city-hall.svg").write_bytes(hostile)
    minimal.path("content/pictures").mkdir()
    minimal.path("content/pictures/map.svg").write_bytes(hostile)
    minimal.write("content/map.md", "# Map\n\n![The map](pictures/map.svg)\n")  # a page shows it: published
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
    assert (
        "data/partners.yml:" in built.error and "'partners/city-hall.svg': it cannot be read as SVG" in built.error
    ), built.error


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:h="http://www.w3.org/1999/xhtml" viewBox="0 0 100 50">{}</svg>'

# (what goes in, a text that must be gone, a text that must stay)
TABLE = {
    "xhtml frame": ('<h:frame src="javascript:alert(origin)"/><rect/>', "frame", "<rect/>"),
    "xhtml meta refresh": ('<h:meta http-equiv="refresh" content="0;url=https://evil.example/"/>', "evil", ""),
    "xhtml img src": ('<h:img src="https://evil.example/t.png"/>', "evil", ""),
    "xhtml video poster": ('<h:video poster="https://evil.example/p.png"/>', "evil", ""),
    "element in no namespace": ('<script xmlns="">alert(1)</script>', "alert", ""),
    "prefix bound to xhtml": (
        '<svg:script xmlns:svg="http://www.w3.org/1999/xhtml">alert(1)</svg:script>',
        "alert",
        "",
    ),
    "svg prefix kept": ('<s:rect xmlns:s="http://www.w3.org/2000/svg" width="1"/>', "script", 'width="1"'),
    "@import escaped": (
        "<style>@\\69mport url(https://evil.example/a.css); rect { fill: red }</style>",
        "evil",
        "fill: red",
    ),
    "url() escaped": ('<rect style="fill: \\75 rl(https://evil.example/p#p); stroke: blue"/>', "evil", "stroke: blue"),
    "url() escaped in attribute": (
        '<rect fill="\\75 rl(https://evil.example/p#p)" stroke="red"/>',
        "evil",
        'stroke="red"',
    ),
    "url() content escaped": ('<rect style="fill: url(\\68 ttps://evil.example/p#p)"/>', "evil", "<rect/>"),
    "image-set": ('<style>rect { fill: image-set("https://evil.example/a.png" 1x) }</style>', "evil", ""),
    "comment splits url": ('<rect style="fill: u/**/rl(https://evil.example/p#p)"/>', "evil", "<rect/>"),
    "CDATA in style": (
        "<style><![CDATA[@import url(https://evil.example/a.css); rect { fill: red }]]></style>",
        "evil",
        "fill: red",
    ),
    "url(#id) kept": ('<rect style="fill: url(#g)" fill="url(#g)"/>', "evil", 'style="fill: url(#g)" fill="url(#g)"'),
    "cursor": ('<rect cursor="url(https://evil.example/c.cur), auto"/>', "evil", "<rect/>"),
    "filter function": (
        '<rect style="filter: blur(1000000px)" filter="drop-shadow(0 0 9999px red)"/>',
        "blur",
        "<rect/>",
    ),
    "src srcset poster": (
        '<image src="https://evil.example/a" srcset="https://evil.example/b 1x" poster="https://evil.example/c"/>',
        "evil",
        "<image/>",
    ),
    "action formaction": ('<g action="https://evil.example/" formaction="javascript:alert(1)"/>', "alert", "<g/>"),
    "xml:base": (
        '<g xml:base="https://evil.example/"><rect xml:space="preserve"/></g>',
        "evil",
        'xml:space="preserve"',
    ),
    "xlink other than href": (
        '<use xlink:href="#a" xlink:show="new" xlink:actuate="onLoad"/>',
        "onLoad",
        'xlink:href="#a"',
    ),
    "a with target": ('<a href="https://evil.example/" target="_top"><rect/></a>', "evil", "<g><rect/></g>"),
    "javascript entity-obfuscated": ('<a href="&#106;avascript:alert(1)"><rect/></a>', "alert", "<rect/>"),
    "javascript tab-obfuscated": ('<a href="java&#x09;script:alert(1)"><rect/></a>', "alert", "<rect/>"),
    "data:text/html": ('<image href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>', "alert", "<image/>"),
    "data:image/png kept": (
        '<image href="data:image/png;base64,iVBORw0KGgo="/>',
        "text/html",
        'href="data:image/png;base64,iVBORw0KGgo="',
    ),
    "data image on use": ('<use href="data:image/png;base64,iVBORw0KGgo="/>', "data:", "<use/>"),
    "animation": ('<animate attributeName="x"/><set to="1"/><animateMotion/><animateTransform/><discard/>', "anim", ""),
    "event handler": ('<rect onclick="alert(1)" onfocusin="alert(2)"/>', "alert", "<rect/>"),
    "processing instruction inside": ('<?xml-stylesheet href="https://evil.example/a.css"?><rect/>', "evil", "<rect/>"),
    "comment kept": ("<!-- by a design tool --><rect/>", "evil", "<!-- by a design tool -->"),
    "editor's namespace": (
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>'
        '<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="Layer 1"><rect/></g>',
        "inkscape",
        "<g><rect/></g>",
    ),
    "exported class styles kept": (
        "<style>.cls-1{fill:url(#linear-gradient);}.cls-2{opacity:0.5}</style>",
        "evil",
        "<style>.cls-1{fill:url(#linear-gradient);}.cls-2{opacity:0.5}</style>",
    ),
}


@pytest.mark.parametrize("inside, gone, kept", TABLE.values(), ids=TABLE.keys())
def test_the_allow_list_keeps_the_drawing_and_drops_the_rest(inside, gone, kept):
    out = clean(SVG.format(inside).encode()).decode()
    assert gone not in out and kept in out, out
    assert_safe(etree.fromstring(out.encode()))


# (filter or pattern, attribute, highest value allowed) with a viewBox of 100 x 50
CLAMPED = [
    ('<feTurbulence numOctaves="1000000000"/>', "numOctaves", LIMITS.octaves),
    ('<feGaussianBlur stdDeviation="1e9 1e9"/>', "stdDeviation", LIMITS.blur * 100),
    ('<feDropShadow stdDeviation="1e9" dx="1e9" dy="-1e9"/>', "dx", LIMITS.offset * 100),
    ('<feOffset dx="1e9" dy="-1e9"/>', "dy", LIMITS.offset * 100),
    ('<feMorphology radius="1000000000"/>', "radius", LIMITS.morphology * 50),
]


@pytest.mark.parametrize("primitive, attr, high", CLAMPED, ids=[c[1] for c in CLAMPED])
def test_filter_numbers_are_clamped(primitive, attr, high):
    svg = SVG.format(
        f'<filter id="f" x="-1e9" width="1e9" filterRes="99999">{primitive}</filter><rect width="9" height="9" filter="url(#f)"/>'
    )
    root = etree.fromstring(clean(svg.encode()))
    element = root.find(f"{{{SVG_NS}}}filter")[0]
    assert all(abs(float(v)) <= high for v in element.get(attr).split()), element.attrib
    region = root.find(f"{{{SVG_NS}}}filter")
    assert float(region.get("x")) >= LIMITS.region[0] and float(region.get("width")) <= LIMITS.region[1]
    assert region.get("filterRes") is None


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


BIG_PNG = _png(5000, 5000)


@pytest.mark.parametrize(
    "inside, message",
    [
        ('<filter id="f"><feConvolveMatrix order="1000"/></filter>', "order '1000', more than the 5"),
        (
            '<defs><rect id="a"/>'
            + "".join(f'<g id="{chr(98 + i)}">' + f'<use href="#{chr(97 + i)}"/>' * 10 + "</g>" for i in range(9))
            + '</defs><use href="#j"/>',
            "once its <use> copies and references are counted, more than the 20,000",
        ),
        ('<g id="a"><use href="#a"/></g>', "<use> refers back to itself through #a"),
        ("<rect/>" * 10_001, "it has 10,002 elements, more than the 10,000"),
        (
            '<filter id="f"><feFlood/><feFlood/></filter>' + '<rect filter="url(#f)"/>' * 51,
            "it runs 102 filter effects",
        ),
        (
            f'<image href="data:image/png;base64,{base64.b64encode(BIG_PNG).decode()}"/>',
            "an embedded image has 5,000 x 5,000 pixels, more than the 16,777,216 pixels",
        ),
    ],
    ids=["convolution order", "use chain", "use loop", "elements", "filter effects", "embedded image"],
)
def test_a_file_too_costly_to_draw_is_refused_with_what_to_do(inside, message):
    with pytest.raises(SvgError) as caught:
        clean(SVG.format(inside).encode())
    assert message in str(caught.value), str(caught.value)
    assert "design tool" in caught.value.fix or "make the image smaller" in caught.value.fix


HOSTILE_SVGS = sorted((Path(__file__).parent / "fixtures" / "hostile-svg").glob("*.svg"))
REMOTE_OR_SCRIPT = re.compile(r"evil|alert|javascript|https?:|//|@import|image-set|expression|/etc/passwd", re.I)
FETCHING_ATTRIBUTES = {"src", "srcset", "poster", "action", "formaction", "target", "base", "data", "srcdoc", "cursor"}


def assert_safe(root) -> None:
    """What a browser could run or fetch from a cleaned file, judged on the parsed result."""
    assert root.tag == f"{{{SVG_NS}}}svg"
    docinfo = root.getroottree().docinfo
    assert not docinfo.doctype and not docinfo.internalDTD, docinfo.doctype
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    assert not outside, outside  # nothing before or after the root element (F9)
    for node in root.iter():
        assert not isinstance(node, (etree._ProcessingInstruction, etree._Entity)), node
        if isinstance(node, etree._Comment):
            continue
        qname = etree.QName(node)
        assert qname.namespace == SVG_NS and qname.localname in ELEMENTS - {"a"}, node.tag
        assert "script" not in qname.localname and not qname.localname.startswith(("animate", "set"))
        for attr, value in node.attrib.items():
            name = etree.QName(attr)
            assert name.namespace in (None, XLINK_NS, "http://www.w3.org/XML/1998/namespace"), attr
            assert not name.localname.lower().startswith("on") and name.localname not in FETCHING_ATTRIBUTES, attr
            if name.localname == "href":
                assert value.startswith("#") or re.match(r"data:image/(png|jpeg|gif|webp)[;,]", value), value
            else:
                assert not REMOTE_OR_SCRIPT.search(value), (attr, value)
            if name.localname == "style" or "(" in value:
                assert_css_safe(tinycss2.parse_component_value_list(value))
        if qname.localname == "style":
            assert not REMOTE_OR_SCRIPT.search(node.text or "")
            for rule in tinycss2.parse_stylesheet(node.text or "", skip_comments=True, skip_whitespace=True):
                assert rule.type == "qualified-rule", rule
                assert_css_safe(rule.prelude)
                assert_css_safe(rule.content)


def assert_css_safe(tokens) -> None:
    for token in tokens:
        assert token.type not in ("at-keyword", "bad-url", "error"), token
        if token.type == "url":
            assert token.value.startswith("#"), token.value
        if token.type == "function":
            assert token.lower_name not in (
                "image-set",
                "-webkit-image-set",
                "image",
                "element",
                "expression",
                "var",
            ), token.lower_name
            assert_css_safe(token.arguments)
        if hasattr(token, "content") and token.content is not None and not isinstance(token.content, str):
            assert_css_safe(token.content)


def test_the_hostile_corpus_is_all_there():
    names = {p.stem for p in HOSTILE_SVGS}
    for case in (
        "xhtml-frame",
        "xhtml-meta-refresh",
        "css-import-escaped",
        "css-url-escaped",
        "css-image-set",
        "filter-turbulence-octaves",
        "filter-morphology-huge",
        "filter-blur-huge",
        "refused-use-billion-laughs",
        "xml-stylesheet",
        "xml-stylesheet-after-root",
        "outside-root-doctype-comment-xsl",
        "dtd-external-entity",
        "a-entity-obfuscated",
        "foreignobject",
        "script-prefix-confusion",
    ):
        assert case in names
    assert len(names) >= 90


@pytest.mark.parametrize("path", HOSTILE_SVGS, ids=[p.stem for p in HOSTILE_SVGS])
def test_every_hostile_svg_is_cleaned_or_refused_and_drawn_in_bounded_time(path):
    """Cleaned: nothing in it runs or fetches, its filter numbers are within the limits; refused
    (the refused-* files): a message says why. Then drawn once as a card logo: a file that made
    resvg hang (feTurbulence numOctaves=1e9, a morphology radius scaled by a transform...)
    would hang this test; the bound is on the data, so no clock is read."""
    data = path.read_bytes()
    if path.stem.startswith("refused-"):
        with pytest.raises(SvgError):
            clean(data)
    else:
        root = etree.fromstring(clean(data))
        assert_safe(root)
        for element in root.iter(f"{{{SVG_NS}}}feTurbulence"):
            assert int(element.get("numOctaves", "1")) <= LIMITS.octaves
        for element in root.iter(f"{{{SVG_NS}}}feConvolveMatrix"):
            assert all(float(n) <= LIMITS.convolve_order for n in element.get("order", "3").split())
    logo = rasterise(data, LOGO_HEIGHT, fonts())
    assert logo is None or logo.height <= LOGO_HEIGHT


def test_an_svg_in_content_is_cleaned_and_a_compressed_one_refused(minimal):
    """An SVG in content/ that a page shows is published cleaned, like the logos; a compressed
    SVG is refused (file, what, fix). A link to one is refused before (tests/test_links.py)."""
    hostile = SVG.format(
        '<script>alert(1)</script><h:frame src="javascript:alert(2)"/><rect width="5" height="5"/>'
    ).encode()
    minimal.path("content/pictures").mkdir()
    minimal.path("content/pictures/inside.svg").write_bytes(hostile)
    minimal.write("content/pictures.md", "# Pictures\n\n![A square](pictures/inside.svg)\n")
    built = minimal.build()
    assert built.error is None, built.error
    text = (built.site / "pictures/inside.svg").read_text()
    assert "<rect" in text and "alert" not in text and "frame" not in text

    minimal.path("content/pictures/packed.svgz").write_bytes(b"\x1f\x8b")
    built = minimal.build()
    assert "content/pictures/packed.svgz: a compressed SVG (.svgz) is not published" in built.error
