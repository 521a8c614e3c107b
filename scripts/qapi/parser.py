# SPDX-License-Identifier: GPL-2.0-or-later
"""Reader for QAPI schema files: text -> list of expressions.

The schema syntax is a JSON dialect: single-quoted strings, true/false,
objects and arrays, '#' comments.  A comment block opened by a line that
is exactly '##' is a documentation block; it documents the expression
that follows it when its first line is '# @Name:'.

Each top-level expression comes back as an Expr carrying the dict, the
Location of its opening brace and the documentation block (if any).
'include' directives are followed here (relative to the including file,
each file read once); 'pragma' directives are collected into Pragmas.
"""

import os


class Location:
    """Where something is in the schema: file, line."""

    def __init__(self, fname, line, parent=None):
        self.fname = fname
        self.line = line
        self.parent = parent    # Location of the include directive

    def __str__(self):
        return '%s:%d' % (self.fname, self.line)


class SchemaError(Exception):
    """A problem in the schema, reported as 'file:line: message'."""

    def __init__(self, loc, msg):
        super().__init__(msg)
        self.loc = loc
        self.msg = msg

    def __str__(self):
        text = ''
        parent = self.loc.parent if self.loc else None
        while parent:
            text = 'In file included from %s:\n' % parent + text
            parent = parent.parent
        if self.loc:
            return '%s%s: %s' % (text, self.loc, self.msg)
        return self.msg


class DocBlock:
    """A '##' comment block: the symbol it names and its @member lines."""

    def __init__(self, loc, lines):
        self.loc = loc
        self.lines = lines
        self.symbol = None
        self.members = {}
        if lines:
            first = lines[0].strip()
            if first.startswith('@') and first.endswith(':'):
                self.symbol = first[1:-1]
        for text in lines[1:]:
            text = text.strip()
            if text.startswith('@') and ':' in text:
                name = text[1:text.index(':')]
                self.members[name] = text[text.index(':') + 1:].strip()


class Expr:
    """One top-level schema expression."""

    def __init__(self, data, loc, doc):
        self.data = data
        self.loc = loc
        self.doc = doc


class Pragmas:
    """Pragma settings; they apply to the whole schema."""

    LISTS = ('command-name-exceptions', 'command-returns-exceptions',
             'documentation-exceptions', 'member-name-exceptions')

    def __init__(self):
        self.doc_required = True
        self.lists = {name: set() for name in self.LISTS}

    def apply(self, loc, pragma):
        if not isinstance(pragma, dict):
            raise SchemaError(loc, "value of 'pragma' must be an object")
        for key, value in pragma.items():
            if key == 'doc-required':
                if not isinstance(value, bool):
                    raise SchemaError(
                        loc, "pragma 'doc-required' must be boolean")
                self.doc_required = value
            elif key in self.lists:
                if (not isinstance(value, list)
                        or not all(isinstance(v, str) for v in value)):
                    raise SchemaError(
                        loc, "pragma %s must be a list of strings" % key)
                self.lists[key].update(value)
            else:
                raise SchemaError(loc, "unknown pragma '%s'" % key)

    def has(self, name, entry):
        return entry in self.lists[name]


class _Lexer:
    """Tokeniser of one file.  Tokens: '{' '}' '[' ']' ',' ':' plus
    ('str', value), ('bool', value) and ('eof', None)."""

    def __init__(self, fname, text, parent):
        self.fname = fname
        self.text = text
        self.parent = parent
        self.pos = 0
        self.line = 1
        self.pending_doc = None     # DocBlock read since the last token
        self.tok_loc = None         # where the last token started
        self.docs_seen = []         # every DocBlock, for stray-doc checks

    def loc(self):
        return Location(self.fname, self.line, self.parent)

    def error(self, msg):
        raise SchemaError(self.loc(), msg)

    def _read_comment_block(self):
        """At a line that is exactly '##': read the doc block."""
        start = self.loc()
        lines = []
        self._skip_line()
        while self.pos < len(self.text):
            end = self.text.find('\n', self.pos)
            if end < 0:
                end = len(self.text)
            raw = self.text[self.pos:end]
            stripped = raw.strip()
            if stripped == '##':
                self._skip_line()
                break
            if not stripped.startswith('#'):
                break
            body = stripped[1:]
            if body.startswith(' '):
                body = body[1:]
            lines.append(body)
            self._skip_line()
        doc = DocBlock(start, lines)
        self.pending_doc = doc
        self.docs_seen.append(doc)

    def _skip_line(self):
        end = self.text.find('\n', self.pos)
        if end < 0:
            self.pos = len(self.text)
        else:
            self.pos = end + 1
            self.line += 1

    def _at_line_start(self):
        return self.pos == 0 or self.text[self.pos - 1] == '\n'

    def next(self):
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == '\n':
                self.pos += 1
                self.line += 1
            elif ch in ' \t\r':
                self.pos += 1
            elif ch == '#':
                end = text.find('\n', self.pos)
                if end < 0:
                    end = len(text)
                if (text[self.pos:end].strip() == '##'
                        and text[:self.pos].rsplit('\n', 1)[-1].strip()
                        == ''):
                    self._read_comment_block()
                else:
                    self._skip_line()
            else:
                break
        self.tok_loc = self.loc()
        if self.pos >= len(text):
            return ('eof', None)
        ch = text[self.pos]
        if ch in '{}[],:':
            self.pos += 1
            return (ch, None)
        if ch == "'":
            return ('str', self._string())
        for word, value in (('true', True), ('false', False)):
            if text.startswith(word, self.pos):
                self.pos += len(word)
                return ('bool', value)
        if ch == '"':
            self.error('strings must use single quotes')
        self.error("stray '%s'" % ch)
        return None

    def _string(self):
        out = []
        self.pos += 1
        while True:
            if self.pos >= len(self.text):
                self.error('missing terminating quote')
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "'":
                return ''.join(out)
            if ch == '\n':
                self.error('missing terminating quote')
            if ch == '\\':
                esc = self.text[self.pos:self.pos + 1]
                if esc not in ("'", '\\', '"'):
                    self.error("unknown escape \\%s" % esc)
                self.pos += 1
                ch = esc
            if not ' ' <= ch <= '~':
                self.error('funny character in string')
            out.append(ch)


class _FileParser:
    """Recursive-descent parser of the expressions of one file."""

    def __init__(self, lexer):
        self.lex = lexer
        self.tok = None
        self.tok_loc = None
        self._advance()

    def _advance(self):
        self.tok = self.lex.next()
        self.tok_loc = self.lex.tok_loc

    def _expect(self, kind):
        if self.tok[0] != kind:
            self.lex.error("expected '%s'" % kind)
        self._advance()

    def value(self):
        kind, val = self.tok
        if kind == '{':
            return self._object()
        if kind == '[':
            return self._array()
        if kind in ('str', 'bool'):
            self._advance()
            return val
        self.lex.error('expected value')
        return None

    def _object(self):
        self._advance()
        obj = {}
        if self.tok[0] == '}':
            self._advance()
            return obj
        while True:
            if self.tok[0] != 'str':
                self.lex.error('expected string key')
            key = self.tok[1]
            if key in obj:
                self.lex.error("duplicate key '%s'" % key)
            self._advance()
            self._expect(':')
            obj[key] = self.value()
            if self.tok[0] == '}':
                self._advance()
                return obj
            self._expect(',')

    def _array(self):
        self._advance()
        arr = []
        if self.tok[0] == ']':
            self._advance()
            return arr
        while True:
            arr.append(self.value())
            if self.tok[0] == ']':
                self._advance()
                return arr
            self._expect(',')

    def expressions(self):
        """Yield (dict, Location, DocBlock-or-None) for each expression."""
        while self.tok[0] != 'eof':
            if self.tok[0] != '{':
                self.lex.error('expected a top-level object')
            doc = self.lex.pending_doc
            self.lex.pending_doc = None
            loc = self.tok_loc
            data = self.value()
            yield data, loc, doc


def parse_schema(fname):
    """Read @fname and everything it includes.

    Returns (exprs, pragmas, files, includes): files lists every file
    read in reading order, includes every (including file, included file)
    pair, repeated inclusions too."""
    state = {'seen': set(), 'files': [], 'exprs': [], 'pragmas': Pragmas(),
             'includes': []}
    _parse_file(os.path.normpath(fname), None, state)
    return (state['exprs'], state['pragmas'], state['files'],
            state['includes'])


def _parse_file(fname, parent, state):
    key = os.path.realpath(fname)
    if key in state['seen']:
        return
    state['seen'].add(key)
    try:
        with open(fname, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        raise SchemaError(parent, "can't read %s file '%s': %s"
                          % ('include' if parent else 'schema', fname,
                             e.strerror)) from None
    state['files'].append(fname)
    lexer = _Lexer(fname, text, parent)
    parser = _FileParser(lexer)
    for data, loc, doc in parser.expressions():
        if 'include' in data:
            if len(data) != 1:
                raise SchemaError(loc, "invalid 'include' directive")
            inc = data['include']
            if not isinstance(inc, str):
                raise SchemaError(loc, "value of 'include' must be a string")
            path = os.path.normpath(os.path.join(os.path.dirname(fname),
                                                 inc))
            state['includes'].append((fname, path))
            _parse_file(path, loc, state)
        elif 'pragma' in data:
            if len(data) != 1:
                raise SchemaError(loc, "invalid 'pragma' directive")
            state['pragmas'].apply(loc, data['pragma'])
        else:
            state['exprs'].append(Expr(data, loc, doc))
