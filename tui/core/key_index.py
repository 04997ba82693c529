"""Key -> positions of the companies that have it, built for 200,000 companies at once.

The matcher keeps nine such look-ups (name, name without qualifier, word bag, joined words,
the same in short forms, name without a generic word, identifier, website domain, phone). As
dicts of strings they cost ~150 bytes a key (the key string, the dict slot, an int object
per position) and held ~0.8 KB a company between them, most of the index at 200,000
companies. Here a look-up is two flat arrays, the keys' hashes in order and each key's
company position beside it: 12 bytes a key, and no key string is kept at all. A lookup finds
the hash by bisection (~0.4 us where a dict took ~0.1 us: a few microseconds per record) and
then asks the company's own key (`key_of`), so a hash collision can never make a false hit.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

#: The company's key at a position, or None (or "") when it has none.
KeyOf = Callable[[int], "str | None"]
# The bits of a whole number a double holds exactly.
_EXACT_BITS = 53
# Codes sorted in one call at most (see `_sorted_in_steps`).
_BUCKET_SIZE = 2048


class KeyIndex:
    """Positions of the companies whose key equals a given key, ascending; `key_of(p)` is the
    key of the company at position `p` (the same function builds and checks the index), and
    `keys`, when given, is every company's key in position order, as `key_of` says: made in
    bulk by the caller (a comprehension over what it holds) it saves a Python call a company,
    most of the time of building a look-up.

    One sorted array of codes, each a key's hash (its low bits) above a company's position:
    the codes of one key are adjacent and in position order. The codes are whole numbers
    below 2**53 held as floats, which a double represents exactly: Python sorts and compares
    floats faster than ints of more than 30 bits (~40% faster to build and to look up).
    """

    __slots__ = ("_codes", "_hash_bits", "_key_of", "_scale")

    def __init__(self, key_of: KeyOf, count: int, keys: Iterable[str | None] | None = None) -> None:
        shift = max(count.bit_length(), 1)
        if shift > _EXACT_BITS - 16:
            raise ValueError(f"too many companies to index: {count:,}")
        self._hash_bits = (1 << min(30, _EXACT_BITS - shift)) - 1
        scale = self._scale = float(1 << shift)
        hash_bits = self._hash_bits
        if keys is None:
            keys = map(key_of, range(count))
        codes = [
            (hash(key) & hash_bits) * scale + position for position, key in enumerate(keys) if key
        ]
        self._codes = _sorted_in_steps(codes, (hash_bits + 1) * scale)
        self._key_of = key_of

    def get(self, key: str) -> Sequence[int]:
        """Positions of the companies with `key`, ascending (empty when none)."""
        codes, scale = self._codes, self._scale
        start = (hash(key) & self._hash_bits) * scale  # the code of this hash at position 0
        at = bisect_left(codes, start)
        end = len(codes)
        if at == end or codes[at] >= start + scale:
            return ()  # the common case: no company has the key
        key_of = self._key_of
        found = []
        while at < end and (code := codes[at]) < start + scale:
            if key_of(position := int(code - start)) == key:
                found.append(position)
            at += 1
        return found

    def __len__(self) -> int:
        """How many companies have a key."""
        return len(self._codes)


def _sorted_in_steps(codes: list[float], top: float) -> array[float]:
    """`codes` (each in [0, top)) sorted into an array, in steps of a few thousand.

    One `list.sort` of 50,000 floats holds the interpreter lock ~8 ms (~40 ms at 200,000),
    and the matcher builds these on a worker thread while the UI's event loop waits for the
    lock. Hashes spread the codes evenly, so they are dealt into buckets by value, each
    sorted alone (short calls; less work in all) and appended in bucket order.
    """
    spread = max(1, len(codes) // _BUCKET_SIZE)
    buckets: list[list[float]] = [[] for _ in range(spread + 1)]  # + 1: a rounding's slot
    deal = [bucket.append for bucket in buckets]  # no method looked up per code
    factor = spread / top
    for code in codes:
        deal[int(code * factor)](code)
    codes.clear()
    ordered = array("d")
    for bucket in buckets:
        bucket.sort()
        ordered.extend(bucket)
    return ordered


class HeldKeyIndex:
    """Key -> positions, as a dict, for keys the caller holds anyway (the normalised names).

    The name look-up is the one every record makes, most often a hit: a dict answers it in
    ~0.1 us where `KeyIndex` takes ~1 us with its check. Over strings already held it costs
    no key string, only its slot and an int per company (~80 B a company, ~16 MB at 200,000
    companies), which buys back the speed the compact look-ups cost. A key most often has one
    company, kept as a bare int: 150,000 one-item lists would cost time and memory.
    """

    __slots__ = ("_map",)

    def __init__(self, keys: Sequence[str]) -> None:
        held_by: dict[str, int | list[int]] = {}
        for position, key in enumerate(keys):
            if not key:
                continue
            held = held_by.setdefault(key, position)
            if held != position:  # positions are unique: equal means just stored
                if isinstance(held, int):
                    held_by[key] = [held, position]
                else:
                    held.append(position)
        self._map = held_by

    def get(self, key: str) -> Sequence[int]:
        """Positions of the companies with `key`, ascending (empty when none)."""
        held = self._map.get(key)
        if held is None:
            return ()
        return (held,) if isinstance(held, int) else held

    def __len__(self) -> int:
        """How many companies have a key."""
        return sum(1 if isinstance(held, int) else len(held) for held in self._map.values())
