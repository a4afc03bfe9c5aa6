package template

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/templ-mail/templ/pkg/placeholder"
)

// Parse decodes one template file. file names it in errors. It returns every
// problem it finds as an ErrorList, so lint can show them all, and with it
// the template as far as it decoded (nil when not even that), so lint can
// check its variables too.
func Parse(file string, data []byte) (*Template, error) {
	if err := checkText(file, data); err != nil {
		return nil, ErrorList{err}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{YAMLError(file, data, err)}
	}
	d := decoder{file: file, data: data}
	t := d.template(&doc)
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool {
			a, b := d.errs[i].Pos, d.errs[j].Pos
			return a.Line < b.Line || (a.Line == b.Line && a.Col < b.Col)
		})
		return t, d.errs
	}
	return t, nil
}

// checkText refuses what is not UTF-8 text before YAML sees it, so the error
// names the line instead of a parser offset.
func checkText(file string, data []byte) *Error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &Error{File: file, Msg: "empty file; a template needs id, category, vars and locales (see 'templ new')"}
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Error{File: file, Pos: Pos{line, 1}, Msg: "not UTF-8 text; save the file as UTF-8"}
		case r == 0:
			return &Error{File: file, Pos: Pos{line, 1}, Msg: "NUL byte; a template must be text"}
		case r == '\n':
			line++
		}
		i += size
	}
	return nil
}

type decoder struct {
	file string
	data []byte
	errs ErrorList
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Pos: Pos{n.Line, n.Column}, Msg: fmt.Sprintf(format, args...)})
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

var kindNames = map[yaml.Kind]string{
	yaml.MappingNode:  "a map",
	yaml.SequenceNode: "a list",
	yaml.ScalarNode:   "a value",
}

// entries walks a mapping, reporting keys outside allowed and duplicates.
// allowed == nil accepts any key.
func (d *decoder) entries(n *yaml.Node, what string, allowed []string, visit func(key, val *yaml.Node)) bool {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a map, not %s", what, kindNames[n.Kind])
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s: keys must be plain names", what)
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "%s: %q is given twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		if allowed != nil && !contains(allowed, k.Value) {
			hint := ""
			if near := Nearest(k.Value, allowed); len(near) > 0 {
				hint = fmt.Sprintf("; did you mean %q?", near[0])
			}
			d.errorf(k, "%s: unknown key %q%s (allowed: %s)", what, k.Value, hint, strings.Join(allowed, ", "))
			continue
		}
		visit(k, v)
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s must be text, not %s", what, kindNames[n.Kind])
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (d *decoder) template(doc *yaml.Node) *Template {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.errs = append(d.errs, &Error{File: d.file, Msg: "empty document; a template needs id, category, vars and locales"})
		return nil
	}
	root := resolve(doc.Content[0])
	t := &Template{Path: d.file}
	present := map[string]bool{}
	ok := d.entries(root, "template", []string{"id", "category", "tags", "vars", "locales"}, func(k, v *yaml.Node) {
		present[k.Value] = true
		switch k.Value {
		case "id":
			t.ID, t.IDPos = d.str(v, "id"), Pos{v.Line, v.Column}
			if v.Kind == yaml.ScalarNode && t.ID == "" {
				d.errorf(v, "id is empty; name the template, like refund-reject")
			} else if t.ID != "" && !ValidID(t.ID) {
				d.errorf(v, "id %q: use lowercase letters, digits and '-' (like refund-reject)", t.ID)
			}
		case "category":
			t.Category = d.str(v, "category")
		case "tags":
			if v.Kind != yaml.SequenceNode {
				d.errorf(v, "tags must be a list, not %s", kindNames[v.Kind])
				return
			}
			for _, tag := range v.Content {
				t.Tags = append(t.Tags, d.str(resolve(tag), "a tag"))
			}
		case "vars":
			d.vars(t, v)
		case "locales":
			d.locales(t, v)
		}
	})
	if !ok {
		return nil
	}
	for _, key := range []string{"id", "category", "locales"} {
		if !present[key] {
			d.errorf(root, "template: %q is missing", key)
		}
	}
	if present["locales"] && len(t.Locales) == 0 {
		d.errorf(root, "template: locales is empty; add at least one language")
	}
	return t
}

// ValidID reports whether id can name a template (and its file).
func ValidID(id string) bool {
	if id == "" || id[0] == '-' {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (d *decoder) vars(t *Template, n *yaml.Node) {
	if resolve(n).Tag == "!!null" {
		return
	}
	keys := map[string]string{}
	d.entries(n, "vars", nil, func(k, v *yaml.Node) {
		name := k.Value
		if !placeholder.ValidName(name) {
			d.errorf(k, "variable %q: a name starts with a letter and holds letters, digits, spaces, '_', '-' or '.'", name)
			return
		}
		key := placeholder.Key(name)
		if other, dup := keys[key]; dup {
			d.errorf(k, "variable %q is the same as %q (names ignore case, spaces, '_' and '-')", name, other)
			return
		}
		keys[key] = name
		vr := &Var{Name: name, Key: key, Pos: Pos{k.Line, k.Column}}
		t.Vars = append(t.Vars, vr)
		if t.byKey == nil {
			t.byKey = map[string]*Var{}
		}
		t.byKey[key] = vr
		if v.Tag == "!!null" {
			return
		}
		what := "variable " + name
		d.entries(v, what, []string{"description", "default", "optional"}, func(k, v *yaml.Node) {
			switch k.Value {
			case "description":
				vr.Description = d.str(v, what+": description")
			case "optional":
				if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
					d.errorf(v, "%s: optional must be true or false", what)
					return
				}
				vr.Optional = v.Value == "true"
			case "default":
				vr.Defaults = d.defaults(v, what)
			}
		})
	})
}

func (d *decoder) defaults(n *yaml.Node, what string) map[string]string {
	switch n.Kind {
	case yaml.ScalarNode:
		return map[string]string{"": d.str(n, what+": default")}
	case yaml.MappingNode:
		m := map[string]string{}
		d.entries(n, what+": default", nil, func(k, v *yaml.Node) {
			if !ValidLang(k.Value) {
				d.errorf(k, "%s: default: %q is not a language code (like en or bg)", what, k.Value)
				return
			}
			m[k.Value] = d.str(v, what+": default for "+k.Value)
		})
		return m
	}
	d.errorf(n, "%s: default must be text or a map from language to text, not %s", what, kindNames[n.Kind])
	return nil
}

// ValidLang reports whether s looks like a language code: two or three
// lowercase letters, optionally a region (en, bg, pt-BR). One rule for
// templates' locales and defaults and for the config's per-language keys.
func ValidLang(s string) bool {
	main, region, _ := strings.Cut(s, "-")
	if len(main) < 2 || len(main) > 3 {
		return false
	}
	for _, r := range main {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	for _, r := range region {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func (d *decoder) locales(t *Template, n *yaml.Node) {
	d.entries(n, "locales", nil, func(k, v *yaml.Node) {
		if !ValidLang(k.Value) {
			d.errorf(k, "locales: %q is not a language code (like en or bg)", k.Value)
			return
		}
		loc := &Locale{Lang: k.Value, Pos: Pos{k.Line, k.Column}}
		t.Locales = append(t.Locales, loc)
		what := "locale " + k.Value
		present := map[string]bool{}
		if !d.entries(v, what, []string{"title", "subjects", "body", "html"}, func(k, v *yaml.Node) {
			present[k.Value] = true
			switch k.Value {
			case "title":
				loc.Title = d.str(v, what+": title")
			case "subjects":
				if v.Kind != yaml.SequenceNode {
					d.errorf(v, "%s: subjects must be a list, not %s", what, kindNames[v.Kind])
					return
				}
				for _, s := range v.Content {
					s = resolve(s)
					txt := d.text(s, what+": subject")
					if strings.ContainsAny(txt.Src, "\r\n") {
						d.errorf(s, "%s: a subject must be one line", what)
					}
					loc.Subjects = append(loc.Subjects, txt)
				}
				if len(v.Content) == 0 {
					d.errorf(v, "%s: subjects is empty; give at least one", what)
				}
			case "body":
				loc.Body = d.text(v, what+": body")
			case "html":
				loc.HTML = d.text(v, what+": html")
			}
		}) {
			return
		}
		for _, key := range []string{"title", "subjects", "body"} {
			if !present[key] {
				d.errorf(k, "%s: %q is missing", what, key)
			}
		}
	})
}

func (d *decoder) text(n *yaml.Node, what string) Text {
	txt := Text{Src: d.str(n, what), Pos: Pos{n.Line, n.Column}}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		txt.Block = true
		txt.Indent = blockIndent(d.data, n.Line)
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		txt.Pos.Col++
	}
	return txt
}

// blockIndent finds the indentation of a block scalar whose indicator is on
// line, from the first non-blank line after it.
func blockIndent(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	for i := line; i < len(lines); i++ {
		l := lines[i]
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		return len(l) - len(bytes.TrimLeft(l, " "))
	}
	return 0
}
