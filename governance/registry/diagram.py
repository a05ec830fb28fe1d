"""個人情報の流れ — the data-flow diagram of a business, rendered server-side to SVG (no script, no CDN).

Input is the flow graph the registry derives (`governance.registry.selectors.flow_graph`); this module only
lays it out and draws it. The layout is deterministic: columns by distance from the ward along the flow
(ward → intermediaries → end parties, following the contract chain), nodes in each column in the order the
graph lists them, one numbered arrow per edge. An edge shows its number, item count and line on the arrow;
the full item list is in the edge's <title> and in the legend rows returned beside the SVG.
"""

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from governance.registry.diagram_layout import (
    DETAIL_FONT,
    DETAIL_H,
    GAP,
    LABEL_FONT,
    LABEL_H,
    LINE_H,
    MARGIN,
    MAX_DETAILS,
    NAME_FONT,
    NODE_W,
    PAD,
    TERMINALS,
    Edge,
    Node,
    columns_assign,
    curve_of,
    label_anchor,
    layout,
    spread_labels,
    text_width,
    wrap,
)
from governance.registry.models import ContractDirection, Line, RegisteredBusiness, Subject
from governance.registry.selectors import WARD, business_parts, flow_graph
from governance.registry.versioning import version_latest
from governance.tenancy.models import PartyRole

# Stroke colour and dash per channel, so a printed (greyscale) diagram still tells them apart.
STYLES = {
    Line.INTERNET: ("#1d4ed8", ""),
    Line.LGWAN: ("#047857", ""),
    Line.DEDICATED: ("#7c3aed", ""),
    "contract": ("#b45309", "7 4"),
}


def _line_label(via: dict) -> str:
    if via["kind"] == "contract":
        return _("outsourcing")
    return {Line.INTERNET: _("internet line"), Line.LGWAN: _("LGWAN line"),
            Line.DEDICATED: _("dedicated line")}.get(via["line"], via["line"] or "")


def _line_short(via: dict) -> str:
    """The channel in a word, for the label on the arrow (the key below the diagram spells it out)."""
    if via["kind"] == "contract":
        return _("contract (arrow label)")
    return {Line.INTERNET: _("internet (arrow label)"), Line.LGWAN: "LGWAN",
            Line.DEDICATED: _("dedicated (arrow label)")}.get(via["line"], via["line"] or "")


def _note_label(note: str) -> str:
    if note in ContractDirection.values:
        return ContractDirection(note).label
    if note == "handled":
        return _("handled within the chain")
    return note


def item_display(qualified_label: str) -> tuple[str, str]:
    """("保護者", "住所") from "guardian:住所": the subject in the user's language and the item label."""
    subject, _sep, label = qualified_label.partition(":")
    return (str(Subject(subject).label) if subject in Subject.values else subject), label


def items_by_subject(labels: list[str]) -> list[tuple[str, list[str]]]:
    """Item labels grouped by subject, in the order they first appear."""
    groups: dict[str, list[str]] = {}
    for qualified in labels:
        subject, label = item_display(qualified)
        groups.setdefault(subject, []).append(label)
    return list(groups.items())


@dataclass
class Diagram:
    """The SVG and one legend row per numbered edge."""

    svg: str
    legend: list[dict]
    width: float
    height: float


def _subtitle(node: dict, business: RegisteredBusiness) -> str:
    if node["kind"] == "ward":
        return str(business.municipality)
    if node["kind"] == "subjects":
        return _("data subjects")
    roles = [str(PartyRole(r).label) for r in node.get("roles", []) if r in PartyRole.values]
    return "、".join(roles)


def _edge_label(edge: Edge) -> str:
    # With no items listed the document names them elsewhere (資料74-2のとおり); the legend says where.
    count = _("%(count)s items") % {"count": len(edge.items)} if edge.items else _("items by reference")
    return f"{edge.number}. {count} · {_line_short(edge.via)}"


# Text styles as presentation attributes, not a <style> element: the Content-Security-Policy refuses inline
# styles, and attributes hold in the standalone SVG too. No text is under 12 px at the diagram's own size,
# and the page shows it at that size (scrolling inside its box when wider), never scaled down.
FONT = "'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif"
TEXT = {
    "name": f'font-size="{NAME_FONT}" font-weight="bold" text-anchor="middle"',
    "sub": f'font-size="{DETAIL_FONT}" fill="#52606d" text-anchor="middle"',
    "detail": f'font-size="{DETAIL_FONT}"',
    "elabel": f'font-size="{LABEL_FONT}" text-anchor="middle"',
    "key": f'font-size="{LABEL_FONT}"',
}


def _text(kind: str, x: float, y: float, content: str) -> str:
    return f'<text class="{kind}" x="{x:.1f}" y="{y:.1f}" {TEXT[kind]}>{escape(content)}</text>'


def _svg_node(node: Node) -> str:
    fill = {"ward": "#ecfdf5", "subjects": "#fef9c3"}.get(node.kind, "#ffffff")
    stroke = {"ward": "#2f6f4f", "subjects": "#a16207"}.get(node.kind, "#52606d")
    parts = [f'<g class="node" data-node={quoteattr(node.id)} data-kind={quoteattr(node.kind)}>',
             f"<title>{escape(node.label)}{escape(' — ' + node.subtitle) if node.subtitle else ''}"
             f"{escape(chr(10) + node.title_extra) if node.title_extra else ''}</title>",
             f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{NODE_W}" height="{node.height:.1f}" rx="6" '
             f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>']
    text_h = LINE_H * (len(node.lines) + (1 if node.subtitle else 0)) + DETAIL_H * len(node.details)
    y = node.y + (node.height - text_h) / 2 + LINE_H - 4
    for line in node.lines:
        parts.append(_text("name", node.x + NODE_W / 2, y, line))
        y += LINE_H
    if node.subtitle:
        subtitle = wrap(node.subtitle, DETAIL_FONT, NODE_W - 2 * PAD, 1)[0]
        parts.append(_text("sub", node.x + NODE_W / 2, y, subtitle))
        y += DETAIL_H
    for line in node.details:
        parts.append(_text("detail", node.x + PAD, y, line))
        y += DETAIL_H
    parts.append("</g>")
    return "".join(parts)


def _edge_title(edge: Edge) -> str:
    head = f"{edge.number}. {edge.source.label} → {edge.target.label} ({edge.via['title']} v{edge.via['version']})"
    body = " / ".join(f"{subject}: {'、'.join(labels)}" for subject, labels in items_by_subject(edge.items))
    return f"{head}\n{body or _note_label(edge.note)}"


def _terminals_node(endpoints: list[str], facilities: list[str]) -> Node:
    details = []
    for text in endpoints:
        details += wrap(text, DETAIL_FONT, NODE_W - 2 * PAD, 3)
    if facilities:
        details += wrap("利用施設: " + "、".join(facilities), DETAIL_FONT, NODE_W - 2 * PAD, MAX_DETAILS)
    node = Node(TERMINALS, "terminals", _("Terminals and facilities"), "", details=details[:MAX_DETAILS])
    node.title_extra = "\n".join([*endpoints, *facilities])
    return node


def render_flow_graph(graph: dict, business: RegisteredBusiness, *, endpoints: list[str] = (),
                      facilities: list[str] = ()) -> Diagram:
    """Lay out and draw a flow graph (as `flow_graph` returns it) for `business`; the ward's terminals
    (connection endpoints on its side) and the facilities using the system are drawn under the ward."""
    nodes = {n["id"]: Node(n["id"], n["kind"], n["label"], _subtitle(n, business)) for n in graph["nodes"]}
    edges = [Edge(i, nodes[e["source"]], nodes[e["target"]], list(e["items"]), e["via"], e["note"])
             for i, e in enumerate(graph["edges"], start=1)]
    if endpoints or facilities:
        nodes[TERMINALS] = _terminals_node(list(endpoints), list(facilities))
    columns_assign(nodes, edges)
    width, height = layout(nodes, edges)
    anchors: dict[int, list] = {}
    curves = {}
    for edge in edges:
        curves[edge.number] = curve = curve_of(edge)
        x, y = label_anchor(edge, curve)
        anchors.setdefault(round(x), []).append([x, y, edge])
    spread_labels(anchors)
    lowest = max([a[1] + LABEL_H for placed in anchors.values() for a in placed], default=0)
    height = max(height, lowest + MARGIN)
    legend_y = height
    height += 34

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" role="img" font-family="{FONT}" fill="#1f2933" '
           f'aria-label={quoteattr(_("Personal data flow of %(business)s") % {"business": business})}>',
           "<defs>"]
    for key, (colour, _dash) in STYLES.items():
        out.append(f'<marker id="arrow-{key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                   f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
                   "</marker>")
    out.append("</defs>")
    out.append(f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>')
    for edge in edges:
        colour, dash = STYLES.get(edge.via["kind"] if edge.via["kind"] == "contract" else edge.via["line"],
                                  ("#52606d", ""))
        key = "contract" if edge.via["kind"] == "contract" else edge.via["line"]
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curves[edge.number]
        out.append(f'<g class="edge" id="edge-{edge.number}" data-source={quoteattr(edge.source.id)} '
                   f'data-target={quoteattr(edge.target.id)} data-items="{len(edge.items)}" '
                   f'data-via={quoteattr(edge.via["kind"])}><title>{escape(_edge_title(edge))}</title>'
                   f'<path d="M{x0:.1f},{y0:.1f} C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}" '
                   f'fill="none" stroke="{colour}" stroke-width="1.8"'
                   + (f' stroke-dasharray="{dash}"' if dash else "")
                   + (f' marker-end="url(#arrow-{key})"' if key in STYLES else "") + "/></g>")
    if TERMINALS in nodes:
        ward, terminals = nodes[WARD], nodes[TERMINALS]
        out.append(f'<line class="tie" x1="{ward.x + NODE_W / 2:.1f}" y1="{ward.y + ward.height:.1f}" '
                   f'x2="{terminals.x + NODE_W / 2:.1f}" y2="{terminals.y:.1f}" stroke="#2f6f4f" stroke-width="1.5" '
                   'stroke-dasharray="2 3"/>')
    for node in nodes.values():
        out.append(_svg_node(node))
    for placed in anchors.values():
        for x, y, edge in placed:
            text = wrap(_edge_label(edge), LABEL_FONT, GAP - 28, 1)[0]
            w = text_width(text, LABEL_FONT) + 12
            out.append(f'<g class="elabel-box" data-edge="{edge.number}"><title>{escape(_edge_title(edge))}</title>'
                       f'<rect x="{x - w / 2:.1f}" y="{y - LABEL_H / 2:.1f}" width="{w:.1f}" height="{LABEL_H}" '
                       f'rx="4" fill="#ffffff" fill-opacity="0.92" stroke="#cbd2d9"/>'
                       + _text("elabel", x, y + 4, text) + "</g>")
    # Key to the line styles actually used.
    used = []
    for edge in edges:
        key = "contract" if edge.via["kind"] == "contract" else edge.via["line"]
        if key in STYLES and key not in [k for k, _l in used]:
            used.append((key, _line_label(edge.via)))
    x = MARGIN
    for key, label in used:
        colour, dash = STYLES[key]
        out.append(f'<line x1="{x}" y1="{legend_y + 12}" x2="{x + 36}" y2="{legend_y + 12}" stroke="{colour}" '
                   f'stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                   + _text("key", x + 42, legend_y + 16, label))
        x += 60 + math.ceil(text_width(label, LABEL_FONT))
    out.append("</svg>")
    legend = [{
        "number": edge.number, "source": edge.source.label, "target": edge.target.label,
        "via": edge.via, "line": _line_label(edge.via), "note": _note_label(edge.note),
        "count": len(edge.items), "items": items_by_subject(edge.items),
    } for edge in edges]
    return Diagram("".join(out), legend, width, height)


def flow_diagram(*, business: RegisteredBusiness) -> Diagram:
    """The data-flow diagram of a business (the caller has already checked the actor may read it)."""
    parts = business_parts(business=business)
    endpoints: list[str] = []
    for connection in parts["connections"]:
        for endpoint in version_latest(part=connection).ward_endpoints:
            if endpoint not in endpoints:
                endpoints.append(endpoint)
    facilities = [f"{use.facility}({use.capacity})" if use.capacity else str(use.facility)
                  for use in parts["facility_uses"]]
    return render_flow_graph(flow_graph(business=business), business, endpoints=endpoints, facilities=facilities)
