"""Two spellings of one name: Kaldria and Kaldrian, Ukraine and Ukrainian, Pellanor and
Pellanese (a place and its adjective), or a name and its inflected form."""

from __future__ import annotations

__all__ = ["name_in", "same_name"]


# Endings that make a place's adjective (Pellanese, Veyran, Kaldrian, Ukrainian, Scottish).
ADJECTIVE_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ish", "ean", "ic", "i")


# Endings a place name may have beyond the adjective's root (Pellan-or, Veyr-a, Kaldr-ia).
PLACE_ENDINGS = 3


def name_in(name: str, surfaces: frozenset[str]) -> bool:
    if name in surfaces:
        return True
    if len(name) < 4:
        return False
    for surface in surfaces:
        if same_name(name, surface):
            return True
    return False


def same_name(name: str, surface: str) -> bool:
    """Two spellings of one name (Kaldria / Kaldrian, Ukraine / Ukrainian, Pellanor / Pellanese).

    Either one is the other but for its last letters (a common prefix all but
    one letter long), or one is the other's adjective: a root of four letters
    or more and an adjective ending, the place that root and up to three more letters.
    """
    if len(name) < 4 or len(surface) < 4 or name[:3] != surface[:3]:
        return False
    shorter, longer = (surface, name) if len(surface) < len(name) else (name, surface)
    if len(shorter) >= 5 and len(longer) - len(shorter) <= 3 and longer.startswith(shorter[: max(5, len(shorter) - 1)]):
        return True
    return _adjective_of(name, surface) or _adjective_of(surface, name)


def _adjective_of(adjective: str, place: str) -> bool:
    for ending in ADJECTIVE_ENDINGS:
        if adjective.endswith(ending) and len(adjective) - len(ending) >= 4:
            root = adjective[: -len(ending)]
            for stem in (root, root[:-1]) if len(root) >= 5 else (root,):
                if place.startswith(stem) and 0 < len(place) - len(stem) <= PLACE_ENDINGS and place != adjective:
                    return True
    return False
