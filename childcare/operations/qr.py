"""QR codes drawn as SVG on the server (reportlab's encoder; no script, no CDN).

The SVG uses attributes only (no style element or attribute), so the site's CSP lets it render inline.
"""

from django.utils.html import escape
from reportlab.graphics.barcode import qrencoder

QUIET = 4  # modules of white border the standard asks for


def qr_svg(text: str, *, size: int = 240, label: str = "") -> str:
    matrix = qr_matrix(text)
    n = len(matrix)
    path = "".join(f"M{c + QUIET} {r + QUIET}h1v1h-1z" for r in range(n) for c in range(n) if matrix[r][c])
    total = n + 2 * QUIET
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {total}" width="{size}" '
            f'height="{size}" role="img" aria-label="{escape(label)}" shape-rendering="crispEdges">'
            f'<rect width="{total}" height="{total}" fill="#fff"/><path d="{path}" fill="#000"/></svg>')


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the code, row by row (True = dark)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    n = code.getModuleCount()
    return [[code.isDark(r, c) for c in range(n)] for r in range(n)]
