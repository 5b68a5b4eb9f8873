"""The controlled vocabulary of the synthetic sentences: word lists by role, inflection, numbers.

Words are lower-case and spelled out (numbers too), so every voice reads
them the same way and the transcript is their upper-cased form. Irregular
forms are written ``singular:plural`` for nouns and ``base:past`` for verbs.
No word starts with ``u`` or a silent ``h`` so ``a``/``an`` follows the first
letter.
"""

from __future__ import annotations

NAMES = [
    "anna",
    "peter",
    "maria",
    "james",
    "linda",
    "david",
    "sarah",
    "thomas",
    "emma",
    "robert",
    "lucy",
    "michael",
    "helen",
    "george",
    "alice",
    "daniel",
]

PEOPLE = [
    "teacher",
    "doctor",
    "farmer",
    "driver",
    "child:children",
    "woman:women",
    "man:men",
    "girl",
    "boy",
    "friend",
    "student",
    "worker",
    "baker",
    "nurse",
    "captain",
    "sister",
    "brother",
    "mother",
    "father",
    "neighbor",
    "singer",
    "painter",
]
ANIMALS = ["dog", "cat", "horse", "bird", "fish:fish", "cow", "sheep:sheep", "mouse:mice", "rabbit", "duck", "goat"]
THINGS = [
    "book",
    "letter",
    "table",
    "chair",
    "window",
    "door",
    "box",
    "bag",
    "cup",
    "glass",
    "bottle",
    "key",
    "phone",
    "picture",
    "ball",
    "boat",
    "car",
    "train",
    "bus",
    "bike",
    "coat",
    "hat",
    "shoe",
    "apple",
    "egg",
    "cake",
    "basket",
    "lamp",
    "map",
    "ticket",
    "flower",
    "pencil",
]
PLACES = [
    "kitchen",
    "garden",
    "market",
    "station",
    "river",
    "park",
    "school",
    "office",
    "village",
    "city",
    "forest",
    "hill",
    "beach",
    "library",
    "church",
    "bridge",
    "shop",
    "farm",
    "road",
    "field",
    "hospital",
    "hotel",
    "harbor",
    "museum",
]

ADJECTIVES = [
    "big",
    "small",
    "old",
    "new",
    "young",
    "red",
    "blue",
    "green",
    "white",
    "black",
    "yellow",
    "brown",
    "long",
    "short",
    "warm",
    "cold",
    "quiet",
    "loud",
    "happy",
    "tired",
    "busy",
    "clean",
    "dirty",
    "heavy",
    "empty",
    "full",
    "bright",
    "dark",
    "soft",
    "fresh",
    "sweet",
    "strong",
    "kind",
    "clever",
    "friendly",
    "beautiful",
    "wooden",
    "little",
    "broken",
    "famous",
]
WEATHER = ["cold", "warm", "dark", "late", "sunny", "windy", "cloudy", "raining", "snowing"]

TRANSITIVE_VERBS = [
    "see:saw",
    "find:found",
    "take:took",
    "bring:brought",
    "carry:carried",
    "open:opened",
    "close:closed",
    "paint:painted",
    "wash:washed",
    "sell:sold",
    "buy:bought",
    "cook:cooked",
    "read:read",
    "write:wrote",
    "fix:fixed",
    "move:moved",
    "hold:held",
    "watch:watched",
    "clean:cleaned",
    "keep:kept",
    "like:liked",
    "need:needed",
    "follow:followed",
    "help:helped",
    "call:called",
    "visit:visited",
    "meet:met",
    "leave:left",
    "push:pushed",
    "pull:pulled",
    "drop:dropped",
    "catch:caught",
    "lose:lost",
    "draw:drew",
    "feed:fed",
]
INTRANSITIVE_VERBS = [
    "walk:walked",
    "run:ran",
    "sleep:slept",
    "sing:sang",
    "wait:waited",
    "work:worked",
    "laugh:laughed",
    "swim:swam",
    "smile:smiled",
    "stay:stayed",
    "sit:sat",
    "stand:stood",
    "dance:danced",
    "play:played",
    "rest:rested",
]
MOTION_VERBS = ["go:went", "walk:walked", "drive:drove", "run:ran", "ride:rode", "hurry:hurried", "return:returned"]

ADVERBS = ["slowly", "quickly", "quietly", "carefully", "happily", "again", "together", "early", "late"]
PREPOSITIONS = ["near", "behind", "beside", "inside", "across", "in front of", "next to", "in", "at"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PRONOUNS_SINGULAR = ["he", "she"]
PRONOUNS_PLURAL = ["i", "you", "we", "they"]
OBJECT_PRONOUNS = ["me", "him", "her", "us", "them"]

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell_number(number: int) -> str:
    """Spell 1..99 in words (``42`` -> ``forty two``)."""
    if not 1 <= number <= 99:
        raise ValueError(f"can only spell 1..99, got {number}")
    if number < 10:
        return _UNITS[number - 1]
    if number < 20:
        return _TEENS[number - 10]
    tens, units = divmod(number, 10)
    return _TENS[tens - 2] + (f" {_UNITS[units - 1]}" if units else "")


def add_s(word: str) -> str:
    """Regular ``-s`` ending of plural nouns and third-person verbs (box -> boxes, carry -> carries)."""
    if word.endswith(("s", "sh", "ch", "x", "o")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def split_irregular(entry: str) -> tuple[str, str]:
    """``'child:children'`` -> ('child', 'children'); a plain noun gets its regular plural."""
    first, _, second = entry.partition(":")
    return first, second or add_s(first)
