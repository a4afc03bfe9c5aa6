// Package vars holds variable values gathered from the config file, context
// files, a batch record and flags, matched loosely by name (see
// placeholder.Key), and decides their precedence in one place (Layers).
package vars

import (
	"strings"

	"github.com/templ-mail/templ/pkg/placeholder"
)

// Blank reports whether a value counts as not given: empty, or only white
// space (a CSV cell of one space, --name "  ").
func Blank(value string) bool { return strings.TrimSpace(value) == "" }

// Values maps loose keys to values; a later Set wins. An empty value, or
// one of only white space, counts as not given (product.md), so it never
// overrides an earlier one.
type Values struct {
	m     map[string]Value
	order []string // keys in first-set order, for stable output
}

// Value is one variable's value and the name it was given under.
type Value struct {
	Name  string
	Value string
}

// Set records value under name, unless value is blank.
func (v *Values) Set(name, value string) {
	if Blank(value) {
		return
	}
	v.SetKey(placeholder.Key(name), name, value)
}

// SetKey is Set for a name already folded with placeholder.Key; a batch
// folds each column name once, not once per record.
func (v *Values) SetKey(key, name, value string) {
	if Blank(value) {
		return
	}
	if v.m == nil {
		v.m = map[string]Value{}
	}
	if _, seen := v.m[key]; !seen {
		v.order = append(v.order, key)
	}
	v.m[key] = Value{Name: name, Value: value}
}

// SetAll records every value of other, in its order.
func (v *Values) SetAll(other *Values) {
	for _, key := range other.order {
		val := other.m[key]
		v.SetKey(key, val.Name, val.Value)
	}
}

// Get returns the value for a name, matched loosely.
func (v *Values) Get(name string) (string, bool) {
	return v.GetKey(placeholder.Key(name))
}

// GetKey returns the value for an already folded key.
func (v *Values) GetKey(key string) (string, bool) {
	val, ok := v.m[key]
	return val.Value, ok
}

// All returns every value in first-set order.
func (v *Values) All() []Value {
	out := make([]Value, len(v.order))
	for i, key := range v.order {
		out[i] = v.m[key]
	}
	return out
}

// Reset empties v but keeps its memory: a batch fills the same Values for
// every record, which spares the collector two maps a record.
func (v *Values) Reset() {
	clear(v.m)
	v.order = v.order[:0]
}
