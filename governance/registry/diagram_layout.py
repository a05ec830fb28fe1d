"""Layout of the data-flow diagram: text measure and wrapping, columns by distance from the ward along the
flow, node stacking, edge ports, curves and label placement. Pure geometry; governance.registry.diagram draws."""

from dataclasses import dataclass, field

from governance.registry.selectors import SUBJECTS, WARD

TERMINALS = "terminals"
NODE_W, GAP, MARGIN = 186, 200, 20
LINE_H, PAD, PORT_GAP, NODE_GAP = 17, 10, 26, 28
LABEL_H, LABEL_FONT = 20, 12
NAME_FONT, DETAIL_FONT = 13, 12  # px at the diagram's own size, which is the size the page shows it at
DETAIL_H, MAX_DETAILS = 16, 8
MAX_NAME_LINES = 4


def text_width(text: str, size: float) -> float:
    """Approximate rendered width: CJK glyphs are square, Latin ones about 0.65 em (bold included)."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.65 for ch in text)


CLOSING = "）)」』】、。・ー"


def wrap(text: str, size: float, width: float, max_lines: int) -> list[str]:
    lines, current = [], ""
    for ch in text:
        # Closing brackets and punctuation never start a line (kinsoku): they stay with the line before.
        if text_width(current + ch, size) > width and current and ch not in CLOSING:
            lines.append(current)
            current = ""
        current += ch
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


@dataclass
class Node:
    id: str
    kind: str
    label: str
    subtitle: str
    column: int = 0
    x: float = 0
    y: float = 0
    height: float = 0
    lines: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    title_extra: str = ""
    left: list["Edge"] = field(default_factory=list)
    right: list["Edge"] = field(default_factory=list)


@dataclass
class Edge:
    number: int
    source: Node
    target: Node
    items: list[str]
    via: dict
    note: str
    ports: dict[str, tuple[float, float]] = field(default_factory=dict)


def columns_assign(nodes: dict[str, Node], edges: list[Edge]) -> None:
    """Distance from the ward along the flow: a party delivering to another sits one column further out."""
    depth = {node_id: (0 if node_id == WARD else 1) for node_id in nodes}
    for _round in range(len(nodes)):  # longest path; bounded so a cycle cannot loop forever
        changed = False
        for edge in edges:
            s, t = edge.source.id, edge.target.id
            if WARD in (s, t):
                continue
            if depth[s] < depth[t] + 1:
                depth[s] = depth[t] + 1
                changed = True
        if not changed:
            break
    if SUBJECTS in depth:  # the people data is collected from stand beyond whoever collects it
        targets = [depth[e.target.id] for e in edges if e.source.id == SUBJECTS] or [0]
        depth[SUBJECTS] = max(max(targets) + 1, max(d for k, d in depth.items() if k != SUBJECTS))
    for node_id, node in nodes.items():
        node.column = 0 if node_id == TERMINALS else depth[node_id]


def _side(node: Node, other: Node) -> str:
    return "right" if other.column > node.column or other.column == node.column else "left"


def layout(nodes: dict[str, Node], edges: list[Edge]) -> tuple[float, float]:
    for edge in edges:
        for end, other in ((edge.source, edge.target), (edge.target, edge.source)):
            getattr(end, _side(end, other)).append(edge)
    columns: dict[int, list[Node]] = {}
    for node in nodes.values():
        columns.setdefault(node.column, []).append(node)
        node.lines = wrap(node.label, NAME_FONT, NODE_W - 2 * PAD, MAX_NAME_LINES)
        text_h = PAD * 2 + LINE_H * (len(node.lines) + (1 if node.subtitle else 0)) + DETAIL_H * len(node.details)
        ports_h = PORT_GAP * (max(len(node.left), len(node.right)) + 1)
        node.height = max(text_h, ports_h, 56)
    # The terminals hang under the ward and do not count when the columns are centred on each other, so the
    # ward lines up with the parties it exchanges with.
    terminals = nodes.get(TERMINALS)
    if terminals is not None:
        columns[0].remove(terminals)
    heights = {c: sum(n.height for n in col) + NODE_GAP * (len(col) - 1) for c, col in columns.items()}
    inner = max(heights.values())
    for c, col in columns.items():
        y = MARGIN + (inner - heights[c]) / 2
        for node in col:
            node.x, node.y = MARGIN + c * (NODE_W + GAP), y
            y += node.height + NODE_GAP
    if terminals is not None:
        below = max(n.y + n.height for n in columns[0]) + NODE_GAP
        terminals.x, terminals.y = MARGIN, below
        inner = max(inner, below + terminals.height - MARGIN)
    # Ports: spread each side's edges over its height, ordered by where the other end is, to cut crossings.
    for node in nodes.values():
        for side in ("left", "right"):
            attached = sorted(getattr(node, side), key=lambda e: (
                (e.target if e.source is node else e.source).y, e.number))
            x = node.x + (NODE_W if side == "right" else 0)
            for k, edge in enumerate(attached):
                end = "source" if edge.source is node else "target"
                edge.ports[end] = (x, node.y + node.height * (k + 1) / (len(attached) + 1))
    width = 2 * MARGIN + (max(columns) + 1) * NODE_W + max(columns) * GAP
    return width, 2 * MARGIN + inner


def curve_of(edge: Edge) -> tuple[tuple[float, float], ...]:
    (x1, y1), (x2, y2) = edge.ports["source"], edge.ports["target"]
    if edge.source.column == edge.target.column:  # a loop out to the right and back
        bend = 70
        return (x1, y1), (x1 + bend, y1), (x2 + bend, y2), (x2, y2)
    dx = (x2 - x1) / 2
    return (x1, y1), (x1 + dx, y1), (x2 - dx, y2), (x2, y2)


def _point(curve, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    return (u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
            u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3)


def label_anchor(edge: Edge, curve) -> tuple[float, float]:
    """Where the label sits: in the gap next to the source, so it never lands on a column of boxes."""
    if edge.source.column == edge.target.column:
        return _point(curve, 0.5)
    step = 1 if edge.target.column > edge.source.column else -1
    gap_x = MARGIN + edge.source.column * (NODE_W + GAP) + (NODE_W + GAP / 2 if step > 0 else -GAP / 2)
    lo, hi = 0.0, 1.0
    for _i in range(40):  # x(t) is monotone on these curves: bisect for the gap's centre
        mid = (lo + hi) / 2
        if (_point(curve, mid)[0] - gap_x) * step < 0:
            lo = mid
        else:
            hi = mid
    return _point(curve, (lo + hi) / 2)


def spread_labels(anchors: dict[int, list]) -> None:
    """Labels in one gap that would overlap are pushed apart vertically, keeping their order."""
    for placed in anchors.values():
        placed.sort(key=lambda a: (a[1], a[2].number))
        for i in range(1, len(placed)):
            if placed[i][1] - placed[i - 1][1] < LABEL_H + 4:
                placed[i][1] = placed[i - 1][1] + LABEL_H + 4
