"""What content text may hold, since forks publish text from many hands: Markdown and a few inline tags.

Every text value of every content file is checked when it is read (yaml_source.read_yaml), in every language,
and each problem is an error at the file, line and column where it was typed. The renderer also cleans its
HTML with nh3 (render.py), a second wall behind this one, so a gap here cannot reach a page or a PDF.

Allowed in text: Markdown (links to web pages and to the project's own files; images from the project only),
and these inline tags with these attributes. Anything else is refused: other tags (<script>, <style>,
<iframe>, <object>, <img>...), event handler attributes (on...=), javascript:, data:, vbscript: and file:
URLs, rel="attachment" (which makes a PDF embed a file), and images or other resources from another host.
"""

import re
import string

INLINE_TAGS = ("a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
               "span", "strong", "sub", "sup")
TAG_ATTRIBUTES = {"a": ("href", "title", "lang", "dir"), "abbr": ("title", "lang", "dir")}
COMMON_ATTRIBUTES = ("title", "lang", "dir")
REFUSED_SCHEMES = ("javascript", "data", "vbscript", "file")

# An opening tag; a closing one carries nothing, and its opening tag is where the problem is reported.
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>?")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*):[^\s<>]*>")
_MARKDOWN_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_ATTRIBUTE_LIST = re.compile(r"\{[:#.]?[^{}\n]*\}")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)\s*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Plain-text fields (titles, names) are printed by the themes as they are, some inside attributes: a quote followed
# by an event handler, or a script URL, would break out of one. No text needs either.
_BREAKOUT = re.compile(r"""["'`]\s*(on[a-z]{3,})\s*=|(?<![\w-])(javascript|vbscript)\s*:""", re.I)


def text_problems(text: str) -> list[tuple[int, str, str]]:
    """Each problem in one text value: (offset in the text, the snippet found, what is wrong and what is allowed)."""
    problems, checked = [], []  # checked: the spans of tags and links already looked at whole
    for match in _TAG.finditer(text):
        problems += _tag_problems(match)
        checked.append(match.span())
    for match in _AUTOLINK.finditer(text):
        problems += _url_problems(match.start(), match.group(0), match.group(1) + ":")
        checked.append(match.span())
    for match in _MARKDOWN_LINK.finditer(text):
        image, url = match.group(1), match.group(2)
        problems += _url_problems(match.start(), match.group(0), url, image=bool(image))
        checked.append(match.span())
    for match in _REFERENCE.finditer(text):
        problems += _url_problems(match.start(1), match.group(0).strip(), match.group(1))
        checked.append(match.span())
    for match in _BREAKOUT.finditer(text):
        if any(start <= match.start() < end for start, end in checked):
            continue
        if match.group(1):
            problems.append((match.start(), match.group(0), _event_handler(match.group(1).lower())))
        else:
            problems += _url_problems(match.start(), match.group(0), match.group(0))
    for match in _ATTRIBUTE_LIST.finditer(text):
        for attribute in _ATTRIBUTE.finditer(match.group(0)[1:-1]):
            if attribute.group(1).lower().startswith("on") and attribute.group(2) is not None:
                problems.append((match.start(), match.group(0), _event_handler(attribute.group(1))))
    return sorted(set(problems))


def _tag_problems(match: re.Match) -> list:
    name, snippet, start = match.group(1).lower(), match.group(0), match.start()
    if name not in INLINE_TAGS:
        return [(start, snippet, f"the tag <{name}> is not allowed in content (expected Markdown, or only these "
                                 f"inline tags: {', '.join(INLINE_TAGS)})")]
    problems = []
    allowed = TAG_ATTRIBUTES.get(name, COMMON_ATTRIBUTES)
    for attribute in _ATTRIBUTE.finditer(match.group(2)):
        key = attribute.group(1).lower()
        value = (attribute.group(2) or "").strip("\"'")
        if key.startswith("on"):
            problems.append((start, snippet, _event_handler(key)))
        elif key == "rel" and "attachment" in value.lower():
            problems.append((start, snippet, 'rel="attachment" is not allowed (it makes a PDF embed the file the '
                                             "link names; expected a plain link)"))
        elif key not in allowed:
            problems.append((start, snippet, f"the attribute '{key}' is not allowed on <{name}> (expected only: "
                                             f"{', '.join(allowed)})"))
        elif key == "href":
            problems += _url_problems(start, snippet, value)
    return problems


def _event_handler(key: str) -> str:
    return f"the event handler attribute '{key}' is not allowed (content runs no script; expected plain text)"


def _url_problems(start: int, snippet: str, url: str, image: bool = False) -> list:
    scheme = _SCHEME.match(_INVISIBLE.sub("", url))
    if scheme and scheme.group(1).lower() in REFUSED_SCHEMES:
        return [(start, snippet, f"{scheme.group(1).lower()}: links are not allowed (expected a web address such as "
                                 "https://example.org/, a mailto: address or a page of the playbook)")]
    if image and (scheme or url.startswith("//")):
        return [(start, snippet, "images from another host are not allowed: the site loads nothing from other "
                                 "servers (expected an image file of the project, such as assets/images/map.png)")]
    return []


def placeholder_problem(text: str, allowed) -> str | None:
    """What is wrong with the {placeholders} of a UI string the site fills in, if anything.

    Each string may use only the placeholders its schema lists ("placeholders" in ui.schema.json), written plainly
    as {name}: a format such as {minutes:>10000000} would fill the page with ten million spaces.
    """
    allowed = sorted(allowed)
    expected = ", ".join("{" + name + "}" for name in allowed) or "no placeholders"
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:
        return f"has a {{ or }} that opens or closes nothing (expected only: {expected}; write {{{{ or }}}} for a brace)"
    for name, spec, conversion in fields:
        written = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
        if spec or conversion or not re.fullmatch(r"\w+", name):
            return f"uses {written}, a placeholder with formatting (expected only plain placeholders: {expected})"
        if name not in allowed:
            return f"uses {written}, which this text does not have (expected only: {expected})"
    return None
