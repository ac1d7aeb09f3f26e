"""The bookmarklet of /save/: a `javascript:` address that, clicked on a page being read, opens GitHub's editor
for a new file in the site's repository, filled in with a link-notes file for that page.

GitHub's page for a new file, https://github.com/OWNER/REPO/new/BRANCH/FOLDER, takes the new file's name and
its text from the query parameters `filename` and `value` (Gitea and GitLab copied them from GitHub: Gitea pull
request #16556). The file is one link of the link-notes format (PRODUCT.md, "A link note"):

    # <what to do: write the note, add tags, commit>
    - url: "https://example.org/page"
      title: "The page's title"
      date: 2026-11-23 09:15+01:00
      quote: "The words selected on the page, if any."
      tags: []
      note: |
        <the author writes here>

Each text is a YAML double-quoted string that reads back as exactly the value (`quoted_yaml` in the script):
backslash, double quote, tab and line breaks written as escapes, and the characters YAML reads as line breaks
(U+2028, U+2029) too; characters no text of the site may hold (learnlog_core/characters.py FORBIDDEN) are
dropped, with a character class made from that pattern (`script_character_class`), so the two never differ.
The build strips spaces at either end of a value; the script does too, so what it writes is what is built.
The date has the browser's UTC offset, in a form the build reads (learnlog_core/fields.py DATE_TEXT).

GitHub refuses an address longer than 8,191 bytes (github/docs issue #5136), and when the author is not signed
in it sends the address on inside its login page's own, where each %XX becomes %25XX: ADDRESS_LIMIT keeps
both under GitHub's limit. A long selection is cut to QUOTE_LIMIT characters, then shorter until the address
fits; then the title, if need be. A page whose address alone is too long is refused with alert().
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

# The longest address the bookmarklet opens, in characters (ASCII: every other character is percent-encoded).
ADDRESS_LIMIT = 4_000
# The most characters (code points) of a selection kept as the quote, and of a title: a quote is a few
# sentences, and `invoke link` keeps at most 300 characters of a title it fetches.
QUOTE_LIMIT = 1_000
TITLE_LIMIT = 300
# The most characters of the file name's slug (made from the title, else the host).
SLUG_LIMIT = 40
# The first line of the file: what the author does before committing it.
HELP_LINE = (
    "# Write what you learned on the line under 'note: |' (keep its spaces), add tags between [ and ], "
    "then press Commit changes."
)
NOT_A_WEB_PAGE = (
    "Save a link works on web pages, whose address starts with https:// or http://. It cannot save this page."
)
TOO_LONG = (
    "This page's address is too long to open in GitHub's editor. "
    "Save it with the Save a link workflow on GitHub instead (see the /save/ page of your site)."
)
# What a javascript: address may hold as it is; everything else is percent-encoded. A browser decodes every %XX
# of the address before it runs the code, so a '%' must be encoded, and spaces, quotes, '<', '>', '#' and
# '`' are encoded so the address survives being copied, pasted and stored in a bookmark.
KEPT_IN_ADDRESS = "!$&'()*+,/:;=?@[]^{|}\\"

# The script, in a readable form: `script` fills in the values (as JSON) and puts it on one line. Every statement
# ends with ';' or '}', so the lines can be joined. It returns nothing, so the browser keeps showing the page.
SCRIPT = """
(function(){
var base=@BASE,limit=@LIMIT,at=location;
if(!/^https?:$/.test(at.protocol)){alert(@NOT_A_WEB_PAGE);return;}
var forbidden=/@CLASS/gu,escapes=@ESCAPES;
function clean(text){return String(text).replace(forbidden,"").trim();}
function cut(text,most){var chars=Array.from(text);if(chars.length<=most){return text;}
return most>0?chars.slice(0,most).join("").trim()+"\\u2026":"";}
function quotedYaml(text){return '"'+text.replace(/[\\\\"\\t\\n\\r\\u2028\\u2029\\ufeff]/g,function(c){
return escapes[c]||"\\\\u"+c.charCodeAt(0).toString(16);})+'"';}
function two(n){return (n<10?"0":"")+n;}
function slug(text){return text.normalize("NFKD").replace(/[\\u0300-\\u036f]/g,"").toLowerCase()
.replace(/[^a-z0-9]+/g,"-").replace(/^-+/,"").slice(0,@SLUG_LIMIT).replace(/-+$/,"");}
var page=new URL(at.href);page.username="";page.password="";
var url=page.href,now=new Date(),shift=-now.getTimezoneOffset(),away=Math.abs(shift);
var day=now.getFullYear()+"-"+two(now.getMonth()+1)+"-"+two(now.getDate());
var time=two(now.getHours())+":"+two(now.getMinutes());
var zone=(shift<0?"-":"+")+two(Math.floor(away/60))+":"+two(away-60*Math.floor(away/60));
var title=cut(clean(document.title)||clean(page.host+page.pathname),@TITLE_LIMIT);
var chosen=window.getSelection?clean(window.getSelection()):"";
var name=day+"-"+two(now.getHours())+two(now.getMinutes())+two(now.getSeconds())+"-"
+(slug(title)||slug(page.hostname)||"link")+".yaml";
function file(title,quote){return @HELP_LINE+"\\n- url: "+quotedYaml(url)+"\\n  title: "+quotedYaml(title)
+"\\n  date: "+day+" "+time+zone+"\\n"+(quote?"  quote: "+quotedYaml(quote)+"\\n":"")
+"  tags: []\\n  note: |\\n    \\n";}
function address(title,quote){return base+"?filename="+encodeURIComponent(name)+"&value="
+encodeURIComponent(file(title,quote));}
function fit(text,most,make){var kept=cut(text,most),made=make(kept);
while(made.length>limit&&kept){most=Math.min(most,Array.from(text).length)-Math.ceil((made.length-limit)/12)-1;
kept=cut(text,most);made=make(kept);}return [kept,made];}
var target=fit(chosen,@QUOTE_LIMIT,function(quote){return address(title,quote);})[1];
if(target.length>limit){var fitted=fit(title,@TITLE_LIMIT,function(shorter){return address(shorter,"");});
title=fitted[0];target=fitted[1];}
if(!title||target.length>limit){alert(@TOO_LONG);return;}
if(!window.open(target,"_blank")){at.href=target;}
})();
"""
# Escapes of the characters quotedYaml writes as YAML escapes (YAML 1.1, section 5.7); any other it is given
# (U+2028, U+2029, U+FEFF) is written as \\uXXXX.
YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def script_character_class(pattern: re.Pattern) -> str:
    """A JavaScript regular expression's character class, for the `u` flag, matching exactly the code points
    `pattern` matches. pattern: a compiled Python pattern that is one character class of literal characters
    and ranges, such as characters.FORBIDDEN ('[\\x00-\\x08…]'). Each character is written as \\u{HEX}, so the
    class is ASCII and lone surrogates are matched as such. Raises ValueError for any other shape of pattern
    (a negated class, an escape, a class followed by anything)."""
    source = pattern.pattern
    if not (source.startswith("[") and source.endswith("]")) or source.startswith("[^") or "\\" in source:
        raise ValueError(f"not a class of literal characters and ranges: {source!r}")
    inside, parts, index = source[1:-1], [], 0
    while index < len(inside):
        first = inside[index]
        if first in "[]":
            raise ValueError(f"not a class of literal characters and ranges: {source!r}")
        if index + 2 < len(inside) and inside[index + 1] == "-":
            parts.append(f"\\u{{{ord(first):X}}}-\\u{{{ord(inside[index + 2]):X}}}")
            index += 3
        else:
            parts.append(f"\\u{{{ord(first):X}}}")
            index += 1
    return "[" + "".join(parts) + "]"


def new_file_page(repository: str, branch: str, folder: str) -> str:
    """The address of GitHub's page for a new file in `folder` of `branch` of `repository`, without a query.
    repository: "owner/name"; branch: a branch's name; folder: a path in the repository ("content/links/inbox").
    Each part is percent-encoded as a path segment (a branch or folder may hold any character git allows)."""
    segments = [*repository.split("/"), "new", *branch.split("/"), *folder.split("/")]
    return "https://github.com/" + "/".join(quote(segment, safe="") for segment in segments if segment)


def script(page: str, forbidden: re.Pattern) -> str:
    """The bookmarklet's JavaScript, on one line, ASCII only. page: the address of GitHub's new-file page
    (`new_file_page`); forbidden: the characters to drop from every text (characters.FORBIDDEN)."""
    values = {
        "@BASE": json.dumps(page),
        "@LIMIT": str(ADDRESS_LIMIT),
        "@QUOTE_LIMIT": str(QUOTE_LIMIT),
        "@TITLE_LIMIT": str(TITLE_LIMIT),
        "@SLUG_LIMIT": str(SLUG_LIMIT),
        "@NOT_A_WEB_PAGE": json.dumps(NOT_A_WEB_PAGE),
        "@TOO_LONG": json.dumps(TOO_LONG),
        "@HELP_LINE": json.dumps(HELP_LINE),
        "@ESCAPES": json.dumps(YAML_ESCAPES, separators=(",", ":")),
        "@CLASS": script_character_class(forbidden),
    }
    code = "".join(line.strip() for line in SCRIPT.strip().splitlines())
    return re.sub("|".join(sorted(values, key=len, reverse=True)), lambda found: values[found[0]], code)


def bookmarklet(repository: str, branch: str, folder: str, forbidden: re.Pattern) -> str:
    """The bookmarklet: 'javascript:' and the script (`script`) percent-encoded where an address needs it
    (KEPT_IN_ADDRESS), for a link's href and for pasting into a bookmark. repository, branch, folder: as for
    `new_file_page`; forbidden: as for `script`."""
    return "javascript:" + quote(script(new_file_page(repository, branch, folder), forbidden), safe=KEPT_IN_ADDRESS)
