package data

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/template"
)

// yamlReader streams a YAML list of mappings. yaml.v3 can only decode a
// whole document, so the top-level block sequence is split here: an item
// starts at a line holding "-" followed by a space or the line end, at the
// indentation of the first item (column 0 in practice). Each item's lines
// are decoded on their own, with the "-" blanked out so they form one
// mapping. A flow sequence ("[...]") is decoded whole.
//
// An anchor defined in one item and used in a later one (Brand: &b Acme,
// then Brand: *b) works as in a whole document: the reader keeps each
// anchor's node, the latest by name, and an item that names one ("*b") is
// decoded after a line that defines each such name as a placeholder,
// which the kept node then replaces. Only anchors defined are kept, and
// only those an item names are placed before it, so memory and time stay
// linear in the file.
type yamlReader struct {
	name   string
	lines  *lineReader
	indent int // column of the items' "-"; -1 before the first item

	pending     []byte // the line starting the next item, already read
	pendingLine int
	chunk       []byte // lines of the item being decoded
	ended       bool   // a "..." document end marker was seen
	flow        []*yaml.Node
	flowMode    bool
	b           recordBuilder
	anchors     map[string]*yaml.Node // anchors of earlier items, by name
}

func newYAMLReader(tr *textReader, name string) *yamlReader {
	return &yamlReader{name: name, lines: newLineReader(tr), indent: -1}
}

func (y *yamlReader) next() (*Record, error) {
	if y.indent < 0 && !y.flowMode {
		if err := y.readPreamble(); err != nil {
			return nil, err
		}
	}
	number := y.b.rec.Number + 1
	if y.flowMode {
		if len(y.flow) == 0 {
			if number == 1 {
				return nil, noRecords(y.name, "the list is empty")
			}
			return nil, io.EOF
		}
		item := y.flow[0]
		y.flow[0] = nil // let the decoded record go
		y.flow = y.flow[1:]
		return y.record(item, number)
	}
	if y.pending == nil {
		return nil, io.EOF
	}
	startLine := y.pendingLine
	if err := y.readItem(); err != nil {
		return nil, err
	}
	item, err := y.decodeItem(startLine)
	if err != nil {
		return nil, err
	}
	return y.record(item, number)
}

// decodeItem decodes y.chunk, with the anchors of earlier items it names.
func (y *yamlReader) decodeItem(startLine int) (*yaml.Node, error) {
	used := y.usedAnchors()
	text, offset := y.chunk, startLine-1
	if len(used) > 0 {
		// "- [&a ~, &b ~]" then the item with its "-" back: a list of two.
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", y.indent) + "- [")
		for i, name := range used {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("&" + name + " ~")
		}
		b.WriteString("]\n")
		text = append([]byte(b.String()), y.chunk...)
		text[len(b.String())+y.indent] = '-'
		offset--
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, y.yamlError(err, text, offset)
	}
	if len(doc.Content) == 0 { // "-" with nothing after it
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}, nil
	}
	item := doc.Content[0]
	if len(used) > 0 {
		seq := item.Content
		item = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
		if len(seq) > 1 {
			item = seq[1]
		}
		kept := map[*yaml.Node]*yaml.Node{}
		for i, placeholder := range seq[0].Content {
			kept[placeholder] = y.anchors[used[i]]
		}
		y.link(item, kept)
	}
	y.keepAnchors(item)
	return item, nil
}

// usedAnchors lists the kept anchors that y.chunk names as "*name" (a
// name in a quoted string counts too, which costs only a placeholder).
func (y *yamlReader) usedAnchors() []string {
	if len(y.anchors) == 0 {
		return nil
	}
	var used []string
	seen := map[string]bool{}
	text := y.chunk
	for i := 0; i < len(text); i++ {
		if text[i] != '*' {
			continue
		}
		j := i + 1
		for j < len(text) && !strings.ContainsRune(" \t\r\n,[]{}", rune(text[j])) {
			j++
		}
		name := string(text[i+1 : j])
		if y.anchors[name] != nil && !seen[name] {
			seen[name] = true
			used = append(used, name)
		}
		i = j - 1
	}
	return used
}

// link points each alias of a placeholder at the kept node it stands for.
func (y *yamlReader) link(n *yaml.Node, kept map[*yaml.Node]*yaml.Node) {
	if n.Kind == yaml.AliasNode {
		if k := kept[n.Alias]; k != nil {
			n.Alias = k
		}
		return
	}
	for _, c := range n.Content {
		y.link(c, kept)
	}
}

// keepAnchors keeps the anchors item defines, for the items after it.
func (y *yamlReader) keepAnchors(n *yaml.Node) {
	if n.Anchor != "" {
		if y.anchors == nil {
			y.anchors = map[string]*yaml.Node{}
		}
		y.anchors[n.Anchor] = n
	}
	if n.Kind == yaml.AliasNode {
		return
	}
	for _, c := range n.Content {
		y.keepAnchors(c)
	}
}

// readPreamble skips blank lines, comments, directives and "---" up to the
// first item, and switches to flow mode for a "[...]" list.
func (y *yamlReader) readPreamble() error {
	var preamble []byte // kept so a flow list decodes with true line numbers
	for {
		line, err := y.lines.next()
		if err == io.EOF {
			return noRecords(y.name, "the file is empty")
		}
		if err != nil {
			return readError(y.name, err)
		}
		text := strings.TrimRight(string(line), "\r\n")
		rest := strings.TrimLeft(text, " ")
		switch {
		case isBlankOrComment(text), strings.HasPrefix(text, "%"), text == "...":
			preamble = append(preamble, line...)
			continue
		case isDocStart(text):
			after := strings.TrimSpace(text[3:])
			if after == "" || strings.HasPrefix(after, "#") {
				preamble = append(preamble, line...)
				continue
			}
			if strings.HasPrefix(after, "[") {
				return y.readFlow(append(preamble, line...))
			}
		case strings.HasPrefix(rest, "["):
			return y.readFlow(append(preamble, line...))
		case isItemStart(rest):
			y.indent = len(text) - len(rest)
			y.pending = append(y.pending[:0], line...)
			y.pendingLine = y.lines.line
			return nil
		}
		return fmt.Errorf("%s:%d: the top level must be a list of records, each starting with \"- \" (for example \"- Name: Ivan\")", y.name, y.lines.line)
	}
}

// readFlow decodes a flow sequence, and whatever follows it, in one go.
func (y *yamlReader) readFlow(head []byte) error {
	rest, err := io.ReadAll(y.lines.br)
	if err != nil {
		return readError(y.name, err)
	}
	var doc yaml.Node
	all := append(head, rest...)
	if err := yaml.Unmarshal(all, &doc); err != nil {
		return y.yamlError(err, all, 0)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
		return fmt.Errorf("%s:%d: the top level must be a list of records", y.name, y.lines.line)
	}
	y.flowMode = true
	y.flow = doc.Content[0].Content
	return nil
}

// readItem reads the lines of the item whose first line is y.pending into
// y.chunk, stopping at the next item's first line (kept in y.pending).
func (y *yamlReader) readItem() error {
	y.chunk = append(y.chunk[:0], y.pending...)
	y.chunk[y.indent] = ' ' // blank the "-": the item's lines now form one mapping
	y.pending = y.pending[:0]
	for {
		line, err := y.lines.next()
		if err == io.EOF {
			y.pending = nil
			return nil
		}
		if err != nil {
			return readError(y.name, err)
		}
		text := strings.TrimRight(string(line), "\r\n")
		if y.ended {
			if !isBlankOrComment(text) {
				return fmt.Errorf("%s:%d: text after the \"...\" end of the document; remove it or the \"...\"", y.name, y.lines.line)
			}
			continue
		}
		switch {
		case text == "...":
			y.ended = true
			continue
		case isDocStart(text):
			return fmt.Errorf("%s:%d: a second YAML document starts here; put all records in one list", y.name, y.lines.line)
		case isBlankOrComment(text):
			y.chunk = append(y.chunk, line...)
			continue
		}
		rest := strings.TrimLeft(text, " ")
		indent := len(text) - len(rest)
		switch {
		case indent > y.indent:
			y.chunk = append(y.chunk, line...)
		case indent == y.indent && isItemStart(rest):
			y.pending = append(y.pending, line...)
			y.pendingLine = y.lines.line
			return nil
		default:
			return fmt.Errorf("%s:%d: expected \"- \" to start the next record at column %d; indent the lines of a record under its first key", y.name, y.lines.line, y.indent+1)
		}
	}
}

// record turns one decoded list item into y.b.rec.
func (y *yamlReader) record(n *yaml.Node, number int) (*Record, error) {
	pos := "record " + strconv.Itoa(number)
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: %s is %s, not a mapping; each record must be a mapping like \"- Name: Ivan\"", y.name, pos, describeYAML(n))
	}
	y.b.reset(pos, number)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), resolveAlias(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s: %s: a key is %s; keys must be plain names", y.name, pos, describeYAML(k))
		}
		if v.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s: %s: %w", y.name, pos, nestedError(k.Value, describeYAML(v)))
		}
		if err := y.b.add(scalarText(k), scalarText(v)); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", y.name, pos, err)
		}
	}
	return &y.b.rec, nil
}

// yamlError reports a YAML error at its line in the file; chunk is the text
// that was decoded and offset the number of lines before it.
func (y *yamlReader) yamlError(err error, chunk []byte, offset int) error {
	e := template.YAMLError(y.name, chunk, err)
	return fmt.Errorf("%s:%d: %s", y.name, max(e.Pos.Line, 1)+offset, e.Msg)
}

func isBlankOrComment(text string) bool {
	t := strings.TrimSpace(text)
	return t == "" || strings.HasPrefix(t, "#")
}

func isDocStart(text string) bool {
	return strings.HasPrefix(text, "---") && (len(text) == 3 || text[3] == ' ' || text[3] == '\t')
}

// isItemStart reports whether text (indentation removed) starts a block
// sequence item.
func isItemStart(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ") || strings.HasPrefix(text, "-\t")
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	// An alias of an alias cannot occur in yaml.v3 output, but a nil Alias can.
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func describeYAML(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "empty"
		}
		return "a single value"
	}
	return "not a value"
}

// scalarText is the literal text of a scalar: numbers as written, null as
// "" (not given), booleans as "true"/"false".
func scalarText(n *yaml.Node) string {
	switch n.ShortTag() {
	case "!!null":
		return ""
	case "!!bool":
		if v := strings.ToLower(n.Value); v == "true" || v == "false" {
			return v
		}
	}
	return n.Value
}
