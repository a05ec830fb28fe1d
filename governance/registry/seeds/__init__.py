"""A structured transcription of the five seed documents (shared/seeds/000–004), one module per ward.

Every item, party, connection, contract, medium, period and facility the documents state is written
here once, in the words of the document; the loader (governance.registry.loader) turns it into rows.
Items are referred to as "subject:label" (label = 名称, or グループ(名称) for a part of a compound item).
"""

from governance.registry.seeds import nerima, shinjuku

WARDS = (shinjuku.WARD, nerima.WARD)
