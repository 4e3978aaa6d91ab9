"""Names in enumerations: the members of a list share the type of the members already known.

Bulletins name companies and investors in lists: 字节跳动、滴滴出行、快手等 or
由A领投，B、C、D跟投. No lexicon knows every member, but a reader types an unknown member
by its neighbours; so does this step. It runs after the trusted layers have chosen their
spans and only fills gaps:

- in a run of items joined by 、 (和/及/与 before the last), unknown items take the type
  of the known ones when all known ones agree;
- the items right before an investing verb (领投, 跟投, 参投 ...) are investors even when
  none is known (a company that invests keeps its own type: it is known);
- so are the items after an opener that calls them investors (投资方包括：A，B，C等).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.recognize.found import Found, occurrences
from kg.recognize.orgs import LIST_JOINERS, counted_stop_before
from kg.recognize.resources import Resources

_ITEM_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&\- ]")
_QUOTES = "“”\"'「」『』"
_CLOSING_OF = {"“": "”", "「": "」", "『": "』", '"': '"'}
_OPENING_OF = {closing: opening for opening, closing in _CLOSING_OF.items()}


@dataclass(frozen=True, slots=True)
class Item:
    start: int
    end: int


def _item_char(char: str) -> bool:
    return bool(_ITEM_CHARS.fullmatch(char))


def _known_at(spans: list[tuple[int, int, str]], item: Item) -> str | None:
    """The type of the known name that ends the item (有工信部, 成立某某办公室), or that the item
    lies in the end of (微见数据股份有限公司、: the item grammar stops at 据, a left stop)."""
    for _start, end, label in spans:
        if end == item.end:
            return label
    return None


def _overlaps(spans: list[tuple[int, int, str]], item: Item) -> bool:
    return any(start < item.end and item.start < end for start, end, _ in spans)


def _place_prefix_only(spans: list[tuple[int, int, str]], item: Item, min_rest: int, place: str) -> bool:
    """Whether the only name inside the item is a place at its start (宁德时代, 苏州银行)."""
    inside = [(start, end, label) for start, end, label in spans if start < item.end and item.start < end]
    return (len(inside) == 1 and inside[0][2] == place and inside[0][0] == item.start
            and item.end - inside[0][1] >= min_rest)


class ListReader:
    """Finds list items around 、 and before investing verbs in one text."""

    def __init__(self, res: Resources) -> None:
        self.left_stops = tuple(sorted(res.setting("organizations", "left_stops"), key=len, reverse=True))
        self.counted_stops = frozenset(res.setting("organizations", "counted_stops"))
        self.right_stops = tuple(sorted(set(res.setting("lists", "item_end_words"))
                                        | set(res.setting("organizations", "right_stops")), key=len, reverse=True))
        self.investing_verbs = tuple(sorted(res.setting("lists", "investing_verbs"), key=len, reverse=True))
        self.before_verb_words = tuple(sorted(res.setting("lists", "before_verb_words"), key=len, reverse=True))
        self.min_len = int(res.setting("lists", "min_item"))
        self.min_known = int(res.setting("lists", "min_known"))
        self.not_member_endings = tuple(res.setting("lists", "not_member_endings"))
        self.generic = res.generic_cores
        self.max_len = int(res.setting("lists", "max_item"))
        self.investor_opener = res.pattern("lists", "investor_list_opener")
        self.list_closers = sorted(res.setting("lists", "list_closers"), key=len, reverse=True)

    def grow_left(self, text: str, end: int) -> int:
        """Start of the item ending at ``end``; ``end`` itself when no clean boundary is in reach."""
        start = end
        while start > 0 and end - start < self.max_len and _item_char(text[start - 1]):
            if end - start >= 1 and (text[:start].endswith(self.left_stops)
                                     or counted_stop_before(text, start, self.counted_stops)):
                return start
            start -= 1
        if start > 0 and (_item_char(text[start - 1]) or text[start - 1] in _QUOTES):
            return end  # ran out of room, or a quote: the item is part of a phrase (制定“引企”政策)
        return start

    def _quoted_before(self, text: str, end: int) -> Item | None:
        """The quoted name that ends right before ``end`` (“星云智算”、): the words inside the quotes."""
        closing = text[end - 1:end]
        opening = _OPENING_OF.get(closing)
        if opening is None:
            return None
        start = text.rfind(opening, max(0, end - 2 - self.max_len), end - 1)
        inside = text[start + 1:end - 1]
        return Item(start + 1, end - 1) if start >= 0 and inside and all(_item_char(c) for c in inside) else None

    def _quoted_after(self, text: str, start: int) -> Item | None:
        """The quoted name that starts at ``start`` (、“青禾数据”等): the words inside the quotes."""
        closing = _CLOSING_OF.get(text[start:start + 1])
        if closing is None:
            return None
        end = text.find(closing, start + 1, start + 2 + self.max_len)
        inside = text[start + 1:end]
        return Item(start + 1, end) if end > 0 and inside and all(_item_char(c) for c in inside) else None

    def grow_right(self, text: str, start: int) -> int:
        """End of the item starting at ``start``: before a stop word or punctuation."""
        end = start
        while end < len(text) and end - start < self.max_len and _item_char(text[end]):
            if end - start >= self.min_len and text.startswith(self.right_stops, end):
                break
            end += 1
        return end

    def _trim(self, text: str, item: Item) -> Item:
        start, end = item.start, item.end
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        return Item(start, end)

    def runs(self, text: str) -> list[list[Item]]:
        """Runs of two or more items joined by 、 (the last perhaps by 和/及/与)."""
        runs: list[list[Item]] = []
        position = 0
        while True:
            comma = text.find("、", position)
            if comma < 0:
                return runs
            items = [self._quoted_before(text, comma) or Item(self.grow_left(text, comma), comma)]
            cursor = comma + 1
            while True:
                quoted = self._quoted_after(text, cursor)
                item = quoted or Item(cursor, self.grow_right(text, cursor))
                items.append(item)
                end = item.end + 1 if quoted else item.end  # past the closing quote
                joiner = next((j for j in LIST_JOINERS if text.startswith(j, end)), None)
                if joiner is None or item.end == item.start:
                    break
                cursor = end + len(joiner)
            runs.append([self._trim(text, i) for i in items if i.end > i.start])
            position = cursor

    def after_openers(self, text: str) -> list[list[Item]]:
        """The items of each list an opener calls investors (投资方包括：A，B，C等).

        Items are split by 、, and by ， only after a colon (without one, a comma ends a
        clause, not an item); the list ends at the sentence end, at 等, or at the first item
        that is not name-like.
        """
        found: list[list[Item]] = []
        for match in self.investor_opener.finditer(text):
            separators = "、，," if match.group().endswith(("：", ":")) else "、"
            stop = re.search(r"[。；;！？!?\n]", text[match.end():])
            segment_end = match.end() + stop.start() if stop else len(text)
            run: list[Item] = []
            cursor = match.end()
            while cursor < segment_end:
                end = cursor
                while end < segment_end and text[end] not in "、，,":
                    end += 1
                item = self._trim(text, Item(cursor, end))
                words = text[item.start:item.end]
                closed = words.endswith(tuple(self.list_closers))
                if closed:
                    item = self._trim(text, Item(item.start, item.end - len(next(
                        c for c in self.list_closers if words.endswith(c)))))
                if not all(_item_char(c) for c in text[item.start:item.end]) or item.end - item.start > 3 * self.max_len:
                    break  # a clause, not a name: the list has ended (long Latin names pass)
                run.append(item)
                if closed or end >= segment_end or text[end] not in separators:
                    break
                cursor = end + 1
            if run:
                found.append(run)
        return found

    def before_verbs(self, text: str) -> list[list[Item]]:
        """The item or run of items right before each investing verb (由A、B领投)."""
        found: list[list[Item]] = []
        for verb in self.investing_verbs:
            for end, _verb_end in occurrences(text, verb):
                stripped = True
                while stripped:  # 'A、B均曾领投': every word between the names and the verb
                    stripped = False
                    for word in self.before_verb_words:
                        if text[:end].endswith(word) and end - len(word) > 0:
                            end -= len(word)
                            stripped = True
                            break
                run: list[Item] = []
                while end > 0:
                    start = self.grow_left(text, end)
                    if start == end:
                        break
                    run.insert(0, self._trim(text, Item(start, end)))
                    if start > 0 and text[start - 1] in "、和及与":
                        end = start - 1
                    else:
                        break
                if run:
                    found.append(run)
        return found


def find_list_members(text: str, spans: list[tuple[int, int, str]], res: Resources) -> list[Found]:
    """Unknown list members of ``text``, typed by their known neighbours or by an investing verb.

    ``spans`` are the (start, end, label) names already chosen; members overlapping them are
    never proposed, except an investor that only starts with a place (宁德时代领投): it
    replaces the place.
    """
    reader = ListReader(res)
    investor = res.types.investor
    inheriting = res.typed("list_members_inherit")  # lists homogeneous enough to type a member by its neighbours
    found: dict[tuple[int, int], Found] = {}

    def propose(item: Item, label: str, rule: str) -> None:
        size, words = item.end - item.start, text[item.start:item.end]
        if not reader.min_len <= size <= reader.max_len:
            return
        absorbs = label == investor and _place_prefix_only(spans, item, reader.min_len, res.types.place)
        if _overlaps(spans, item) and not absorbs:
            return
        if words.endswith(reader.not_member_endings) or words in reader.generic:
            return
        found.setdefault((item.start, item.end), Found(item.start, item.end, label, rule))

    for run in reader.runs(text):
        known = [label for item in run if (label := _known_at(spans, item))]
        labels = set(known)
        if len(labels) == 1 and len(known) >= reader.min_known and (label := labels.pop()) in inheriting:
            for item in run:
                propose(item, label, f"list:{label}")
    for run in reader.after_openers(text):
        for item in run:
            propose(item, investor, "list:opener")
    for run in reader.before_verbs(text):
        for item in run:
            propose(item, investor, "list:investing")
    return sorted(found.values(), key=lambda f: f.start)
