package template

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// YAMLError turns an error of yaml.Unmarshal(data, ...) into an Error at
// file:line:col. The module reports "yaml: line N: message" with no column,
// and for its parser's (not its scanner's) messages counts N from 0 and
// leaves it out on the first line; YAMLError corrects the line and takes the
// line's first non-blank column as the honest best guess. pkg/data and
// pkg/config use it too, so positions are worked out in one place.
func YAMLError(file string, data []byte, err error) *Error {
	first, _, _ := strings.Cut(err.Error(), "\n")
	line, text := splitLine(strings.TrimPrefix(first, "yaml: "))
	if parserErrors[text] {
		line++
	}
	// An error at the end of the input is reported on the line after it.
	lines := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		lines++
	}
	line = min(line, lines)
	e := &Error{File: file, Msg: "invalid YAML: " + text}
	if line > 0 {
		e.Pos = Pos{line, firstColumn(data, line)}
	}
	refine(e, data, text)
	return e
}

// refine points at the culprit where the module's line is only the start of
// the construct (or is missing), for the mistakes people make most.
func refine(e *Error, data []byte, text string) {
	lines := strings.Split(string(data), "\n")
	switch {
	case strings.Contains(text, "tab character") || e.Pos.Line > 0 && tabIndent(lines[e.Pos.Line-1]) > 0:
		// A tab in the indentation, on the reported line or below it.
		for i := max(e.Pos.Line-1, 0); i < len(lines); i++ {
			if col := tabIndent(lines[i]); col > 0 {
				e.Pos = Pos{i + 1, col}
				e.Msg += "; indent with spaces, not tabs"
				return
			}
		}
	case text == "found unexpected end of stream" && e.Pos.Line > 0:
		// An unclosed quote: the module reports the line it opens on.
		l := lines[e.Pos.Line-1]
		if i := strings.IndexAny(l, `"'`); i >= 0 {
			e.Pos.Col = utf8.RuneCountInString(l[:i]) + 1
			e.Msg += "; close the quote"
		}
	case (text == "did not find expected key" || text == "did not find expected '-' indicator") && e.Pos.Line > 0:
		// The module names the line the map or list starts on; the
		// culprit is usually a line below it indented to no open level.
		if i := badIndent(lines, e.Pos.Line-1); i >= 0 {
			e.Pos = Pos{i + 1, firstColumn(data, i+1)}
			e.Msg += "; check this line's indentation"
		}
	case strings.HasPrefix(text, "unknown anchor '"):
		// Reported without a line: find the first use of the alias.
		name := strings.TrimSuffix(strings.TrimPrefix(text, "unknown anchor '"), "' referenced")
		for i, l := range lines {
			if j := strings.Index(l, "*"+name); j >= 0 {
				e.Pos = Pos{i + 1, utf8.RuneCountInString(l[:j]) + 1}
				return
			}
		}
	}
}

// tabIndent is the 1-based column of the first tab in l's indentation, or 0.
func tabIndent(l string) int {
	indent := len(l) - len(strings.TrimLeft(l, " \t"))
	return strings.IndexByte(l[:indent], '\t') + 1
}

// parserErrors are the messages the module's parser gives (see YAMLError).
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"did not find expected '-' indicator": true, "did not find expected key": true,
	"did not find expected node content": true, "found undefined tag handle": true,
	"did not find expected <document start>": true, "did not find expected <stream-start>": true,
	"found duplicate %TAG directive": true, "found duplicate %YAML directive": true,
	"found incompatible YAML document": true,
}

// splitLine returns N and the message of "line N: message", or 0 and msg.
func splitLine(msg string) (int, string) {
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, text, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return 0, msg
	}
	return n, text
}

func firstColumn(data []byte, line int) int {
	lines := bytes.SplitN(data, []byte("\n"), line+1)
	if line-1 >= len(lines) {
		return 1
	}
	l := lines[line-1]
	return utf8.RuneCount(l) - utf8.RuneCount(bytes.TrimLeft(l, " \t")) + 1
}

// badIndent returns the first line from lines[from] on that goes back left
// to an indentation no line above it (down to from) opened, or -1.
func badIndent(lines []string, from int) int {
	var open []int // indentations of the enclosing lines, increasing
	for i := from; i < len(lines); i++ {
		t := strings.TrimLeft(lines[i], " ")
		if t == "" || t[0] == '#' {
			continue
		}
		ind := len(lines[i]) - len(t)
		dedent := false
		for len(open) > 0 && open[len(open)-1] > ind {
			open, dedent = open[:len(open)-1], true
		}
		switch {
		case len(open) > 0 && open[len(open)-1] == ind:
		case dedent && len(open) > 0:
			return i
		default:
			open = append(open, ind)
		}
	}
	return -1
}
