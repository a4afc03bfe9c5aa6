package vars

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/placeholder"
)

// ParseContext reads a context file: a YAML or JSON object whose values are
// scalars. file names it in errors. Numbers keep the text they were written
// with ("10.50" stays "10.50"); null counts as not given.
func ParseContext(file string, data []byte) (*Values, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not UTF-8 text; save the file as UTF-8", file)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return &Values{}, nil
	}
	if trimmed[0] == '{' {
		return parseJSON(file, data)
	}
	return parseYAML(file, data)
}

type contextBuilder struct {
	file string
	vals Values
	keys map[string]string
}

func (c *contextBuilder) add(pos, name, value string) error {
	key := placeholder.Key(name)
	if c.keys == nil {
		c.keys = map[string]string{}
	}
	if other, dup := c.keys[key]; dup {
		return fmt.Errorf("%s%s: key %q is the same variable as %q (names ignore case, spaces, '_' and '-'); keep one", c.file, pos, name, other)
	}
	if strings.IndexByte(value, 0) >= 0 { // as a data file's (pkg/data)
		return fmt.Errorf("%s%s: key %q holds a NUL character; values must be text", c.file, pos, name)
	}
	c.keys[key] = name
	c.vals.Set(name, value)
	return nil
}

func parseYAML(file string, data []byte) (*Values, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(strings.SplitN(err.Error(), "\n", 2)[0], "yaml: ")
		return nil, fmt.Errorf("%s: invalid YAML: %s", file, msg)
	}
	if len(doc.Content) == 0 {
		return &Values{}, nil
	}
	root := doc.Content[0]
	for root.Kind == yaml.AliasNode {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: a context file must be a map of variable names to values", file, root.Line, root.Column)
	}
	c := contextBuilder{file: file}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		for v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		pos := fmt.Sprintf(":%d:%d", k.Line, k.Column)
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s%s: keys must be variable names", file, pos)
		}
		if v.Kind != yaml.ScalarNode {
			kind := "a list"
			if v.Kind == yaml.MappingNode {
				kind = "a map"
			}
			return nil, fmt.Errorf("%s%s: key %q holds %s; context values must be text, numbers or true/false", file, pos, k.Value, kind)
		}
		value := v.Value
		if v.Tag == "!!null" {
			value = ""
		}
		if err := c.add(pos, k.Value, value); err != nil {
			return nil, err
		}
	}
	return &c.vals, nil
}

func parseJSON(file string, data []byte) (*Values, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lines := lineCounter{data: data}
	jsonErr := func(err error) error {
		return fmt.Errorf("%s:%d: invalid JSON: %v", file, lines.at(dec.InputOffset()), err)
	}
	if _, err := dec.Token(); err != nil { // the opening '{'
		return nil, jsonErr(err)
	}
	c := contextBuilder{file: file}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonErr(err)
		}
		key := tok.(string) // inside an object, json.Decoder only yields string keys
		line := fmt.Sprintf(":%d", lines.at(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonErr(err)
		}
		var value string
		switch raw[0] {
		case '{', '[':
			kind := map[byte]string{'{': "an object", '[': "a list"}[raw[0]]
			return nil, fmt.Errorf("%s%s: key %q holds %s; context values must be text, numbers or true/false", file, line, key, kind)
		case '"':
			if err := json.Unmarshal(raw, &value); err != nil {
				return nil, jsonErr(err)
			}
		case 'n':
			value = ""
		default:
			value = string(raw) // numbers and booleans keep their text
		}
		if err := c.add(line, key, value); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, jsonErr(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: unexpected text after the JSON object", file)
	}
	return &c.vals, nil
}

// lineCounter gives the line of an offset in data. The decoder's offsets
// only grow, so it counts on from the last one: linear in all, where a
// count from the start for each key was quadratic.
type lineCounter struct {
	data []byte
	off  int // bytes counted so far
	line int // newlines in data[:off]
}

func (c *lineCounter) at(offset int64) int {
	end := min(int(offset), len(c.data))
	if end < c.off { // not expected; count again from the start
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.off:end], []byte("\n"))
	c.off = end
	return 1 + c.line
}
