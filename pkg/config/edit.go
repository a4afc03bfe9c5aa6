package config

import (
	"bytes"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/template"
)

// Keys are what `templ config get/set` take, as help and errors list them.
var Keys = []string{"lang", "from", "html", "html_layout", "vars.NAME", "vars.NAME.LANG",
	"smtp.host", "smtp.port", "smtp.username", "smtp.tls", "smtp.password_command"}

// key is a parsed KEY of `templ config get/set`: a path of map keys in the
// file, and for vars.NAME.LANG the language.
type key struct {
	name string   // as the user wrote it, for messages
	path []string // "lang"; "smtp", "port"; "vars", "Agent"
	lang string
}

// UnknownKeyError is a KEY templ does not know, with the nearest known one.
type UnknownKeyError struct {
	Key     string
	Nearest string
}

func (e *UnknownKeyError) Error() string {
	hint := ""
	if e.Nearest != "" {
		hint = fmt.Sprintf("; did you mean %q?", e.Nearest)
	}
	return fmt.Sprintf("unknown config key %q%s (known: %s)", e.Key, hint, strings.Join(Keys, ", "))
}

// NotSetError is a known key the file does not set.
type NotSetError struct{ Key, Path string }

func (e *NotSetError) Error() string { return fmt.Sprintf("%s is not set in %s", e.Key, e.Path) }

func parseKey(s string) (key, error) {
	k := key{name: s}
	head, rest, dotted := strings.Cut(s, ".")
	switch {
	case !dotted && slices.Contains(topKeys, s) && s != "vars" && s != "smtp":
		k.path = []string{s}
		return k, nil
	case head == "smtp" && rest == "password":
		return k, fmt.Errorf("smtp.password: %v", ErrPassword)
	case head == "smtp" && slices.Contains(smtpKeys, rest):
		k.path = []string{"smtp", rest}
		return k, nil
	case head == "vars" && rest != "":
		// A dot after the name starts a language: vars.Agent.bg.
		name, lang, perLang := strings.Cut(rest, ".")
		if !placeholder.ValidName(name) {
			return k, fmt.Errorf("%s: %q is not a variable name; a name starts with a letter and holds letters, digits, spaces, '_' or '-'", s, name)
		}
		if perLang && !template.ValidLang(lang) {
			return k, fmt.Errorf("%s: %q is not a language code (like en or bg)", s, lang)
		}
		k.path, k.lang = []string{"vars", name}, lang
		return k, nil
	}
	cands := []string{"lang", "from", "html", "html_layout"}
	cands = append(cands, prefixed("smtp.", smtpKeys)...)
	if dotted {
		cands = append(cands, "vars."+rest) // var.Agent -> vars.Agent
	}
	return k, &UnknownKeyError{Key: s, Nearest: nearest(s, cands)}
}

func nearest(s string, cands []string) string {
	if n := template.Nearest(s, cands); len(n) > 0 {
		return n[0]
	}
	return ""
}

// checkValue refuses a value the key cannot hold, before the file is touched.
func checkValue(k key, value string) (tag string, err error) {
	if k.path[0] != "vars" && strings.ContainsAny(value, "\r\n") {
		return "", fmt.Errorf("%s: a value must be one line", k.name)
	}
	switch k.name {
	case "lang":
		if !template.ValidLang(value) {
			return "", fmt.Errorf("lang: %q is not a language code (like en or bg)", value)
		}
	case "from":
		if _, err := mail.ParseAddress(value); err != nil {
			return "", fmt.Errorf(`from: invalid address %q; use the form "Name <user@example.com>"`, value)
		}
	case "html":
		if value != "true" && value != "false" {
			return "", fmt.Errorf("html: %q is not true or false", value)
		}
		return "!!bool", nil
	case "smtp.port":
		if _, err := checkPort(value); err != nil {
			return "", fmt.Errorf("smtp.port: %v", err)
		}
		return "!!int", nil
	case "smtp.tls":
		if err := checkTLS(value); err != nil {
			return "", fmt.Errorf("smtp.tls: %v", err)
		}
	}
	return "!!str", nil
}

// Set returns the config file data with KEY set to value. Everything else
// (comments, key order, styles) is kept: the YAML node tree is edited and
// encoded again. path names the file in errors; the result is checked as
// Load would check it, so an edit never leaves a file templ cannot read.
func Set(path string, data []byte, keyName, value string) ([]byte, error) {
	k, err := parseKey(keyName)
	if err != nil {
		return nil, err
	}
	tag, err := checkValue(k, value)
	if err != nil {
		return nil, err
	}
	doc, err := document(path, data)
	if err != nil {
		return nil, err
	}
	m := doc.Content[0]
	for _, p := range k.path[:len(k.path)-1] {
		if m, err = childMap(m, p, k.name); err != nil {
			return nil, err
		}
	}
	leaf := k.path[len(k.path)-1]
	if k.lang != "" {
		if v := lookup(m, leaf); v != nil && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
			return nil, fmt.Errorf("vars.%s holds one value for every language; set vars.%s to replace it, or edit %s", leaf, leaf, path)
		}
		if m, err = childMap(m, leaf, k.name); err != nil {
			return nil, err
		}
		leaf = k.lang
	}
	setScalar(m, leaf, value, tag)
	out, err := encode(doc)
	if err != nil {
		return nil, err
	}
	if err := Parse(&Config{}, path, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns KEY's value in the config file data: the value, or for a
// per-language variable one "lang: value" line per language.
func Get(path string, data []byte, keyName string) (string, error) {
	k, err := parseKey(keyName)
	if err != nil {
		return "", err
	}
	doc, err := document(path, data)
	if err != nil {
		return "", err
	}
	keys := append([]string(nil), k.path...)
	if k.lang != "" {
		keys = append(keys, k.lang)
	}
	n := doc.Content[0]
	for _, p := range keys {
		if n = lookup(n, p); n == nil {
			return "", &NotSetError{Key: k.name, Path: path}
		}
	}
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag != "!!null":
		return n.Value, nil
	case n.Kind == yaml.MappingNode && k.path[0] == "vars" && len(n.Content) > 0:
		var b strings.Builder
		for i := 0; i+1 < len(n.Content); i += 2 {
			fmt.Fprintf(&b, "%s: %s\n", n.Content[i].Value, n.Content[i+1].Value)
		}
		return strings.TrimSuffix(b.String(), "\n"), nil
	}
	return "", &NotSetError{Key: k.name, Path: path}
}

// document parses data into a document whose root is a map, making one
// for an empty (or missing) file.
func document(path string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, template.YAMLError(path, data, err)
	}
	if doc.Kind == 0 {
		doc.Kind = yaml.DocumentNode
	}
	if len(doc.Content) == 0 {
		// A file of only comments parses to nothing: keep them above the
		// first key.
		doc.Content = []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: strings.TrimSpace(string(data))}}
	}
	if root := doc.Content[0]; root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		doc.Content[0] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: root.HeadComment}
	}
	if root := doc.Content[0]; root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: the config must be a map with lang, from and vars", path, root.Line, root.Column)
	}
	keepBlankLines(doc.Content[0], strings.Split(string(data), "\n"))
	return &doc, nil
}

// keepBlankLines marks the keys of m that follow a blank line, which the
// YAML encoder would otherwise drop: a head comment that starts with a
// line break is written after a blank line.
func keepBlankLines(m *yaml.Node, lines []string) {
	if m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		above := k.Line - 1 // 1-based line just above the key and its comment
		if k.HeadComment != "" {
			above -= strings.Count(k.HeadComment, "\n") + 1
		}
		if i > 0 && above >= 1 && above <= len(lines) && strings.TrimSpace(lines[above-1]) == "" {
			k.HeadComment = "\n" + k.HeadComment
		}
		keepBlankLines(m.Content[i+1], lines)
	}
}

// encode writes doc back as YAML, two spaces an indent, with no spaces on
// the blank lines keepBlankLines asked for.
func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	lines := strings.Split(buf.String(), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			lines[i] = ""
		}
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// lookup finds name's value in map m, or nil.
func lookup(m *yaml.Node, name string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return m.Content[i+1]
		}
	}
	return nil
}

// childMap returns the map under name in m, adding an empty one at the end
// when missing or null.
func childMap(m *yaml.Node, name, what string) (*yaml.Node, error) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != name {
			continue
		}
		v := m.Content[i+1]
		switch {
		case v.Kind == yaml.MappingNode:
			return v, nil
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", LineComment: v.LineComment}
			m.Content[i+1] = child
			return child, nil
		}
		return nil, fmt.Errorf("%s: %s in the config file is not a map; edit the file", what, name)
	}
	child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, child)
	return child, nil
}

// setScalar sets name in map m to value, in place when it is there so its
// comments stay, else at the end.
func setScalar(m *yaml.Node, name, value, tag string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			old := m.Content[i+1]
			m.Content[i+1] = &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value,
				HeadComment: old.HeadComment, LineComment: old.LineComment, FootComment: old.FootComment}
			return
		}
	}
	m.Content = append(m.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value})
}

func unknownKey(name string, allowed []string) error {
	hint := ""
	if n := nearest(name, allowed); n != "" {
		hint = fmt.Sprintf("; did you mean %q?", n)
	}
	return fmt.Errorf("unknown key %q%s (allowed: %s)", name, hint, joinKeys(allowed))
}

func joinKeys(keys []string) string { return strings.Join(keys, ", ") }

func prefixed(prefix string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = prefix + k
	}
	return out
}
