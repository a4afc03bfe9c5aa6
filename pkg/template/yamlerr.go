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
	return e
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
