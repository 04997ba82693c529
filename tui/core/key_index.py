"""Key -> positions of the companies that have it, built for 200,000 companies at once.

The matcher keeps eight such look-ups (name, name without qualifier, word bag, joined words,
name without a generic word, identifier, website domain, phone). As dicts of strings they
cost ~150 bytes a key (the key string, the dict slot, an int object per position) and held
~0.8 KB a company between them, most of the index at 200,000 companies. Here a look-up is two
flat arrays, the keys' hashes in order and each key's company position beside it: 12 bytes
a key, and no key string is kept at all. A lookup finds the hash by bisection (~0.4 us where
a dict took ~0.1 us: a few microseconds per record) and then asks the company's own key
(`key_of`), so a hash collision can never make a false hit.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence

#: The company's key at a position, or None (or "") when it has none.
KeyOf = Callable[[int], "str | None"]
# The hash bits kept: ints of 30 bits sort and compare fastest (one internal digit).
_HASH_BITS = (1 << 30) - 1


class KeyIndex:
    """Positions of the companies whose key equals a given key, ascending; `key_of(p)` is the
    key of the company at position `p` (the same function builds and checks the index).

    One sorted array of codes, a key's hash (its low 30 bits) above the position's bits: the
    codes of one key are adjacent and in position order. Sorting plain ints is what makes the
    build as fast as filling a dict was.
    """

    __slots__ = ("_codes", "_key_of", "_mask", "_shift")

    def __init__(self, key_of: KeyOf, count: int) -> None:
        shift = self._shift = max(count.bit_length(), 1)
        self._mask = (1 << shift) - 1
        codes = [
            (hash(key) & _HASH_BITS) << shift | position
            for position in range(count)
            if (key := key_of(position))
        ]
        codes.sort()
        self._codes = array("q", codes)
        self._key_of = key_of

    def get(self, key: str) -> Sequence[int]:
        """Positions of the companies with `key`, ascending (empty when none)."""
        codes, shift = self._codes, self._shift
        wanted = hash(key) & _HASH_BITS
        at = bisect_left(codes, wanted << shift)
        end = len(codes)
        if at == end or codes[at] >> shift != wanted:
            return ()  # the common case: no company has the key
        key_of, mask = self._key_of, self._mask
        found = []
        while at < end and (code := codes[at]) >> shift == wanted:
            if key_of(position := code & mask) == key:
                found.append(position)
            at += 1
        return found

    def __len__(self) -> int:
        """How many companies have a key."""
        return len(self._codes)
