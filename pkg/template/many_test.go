package template

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// manyVars is a template that declares and uses n variables.
func manyVars(n int) []byte {
	var b strings.Builder
	b.WriteString("id: many\ncategory: test\nvars:\n")
	for i := range n {
		fmt.Fprintf(&b, "  Var %d: {default: v}\n", i)
	}
	b.WriteString("locales:\n  en:\n    title: Many\n    subjects: [Many]\n    body: \"")
	for i := range n {
		fmt.Fprintf(&b, "[Var %d] ", i)
	}
	b.WriteString("\\n\"\n")
	return []byte(b.String())
}

// TestVarIsConstantTime: render, show and lint look every variable up by
// name, so a lookup that scanned the declarations made a template of 10^5
// variables take 94 s to render and 112 s to lint.
func TestVarIsConstantTime(t *testing.T) {
	lookups := func(n int) time.Duration {
		tp, err := Parse("many.yaml", manyVars(n))
		if err != nil {
			t.Fatal(err)
		}
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			for i := range n {
				if v := tp.Var(fmt.Sprintf("var_%d", i)); v == nil || v.Name != fmt.Sprintf("Var %d", i) {
					t.Fatalf("Var(var_%d) = %v", i, v)
				}
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, big := lookups(2_000), lookups(16_000)
	if ratio := float64(big) / float64(small); ratio > 24 {
		t.Errorf("2,000 variables: %v, 16,000 variables: %v (%.0fx); want about 8x", small, big, ratio)
	}
	if (&Template{Vars: []*Var{{Name: "Name", Key: "name"}}}).Var("NAME") == nil {
		t.Error("a Template made without Parse does not find its variable")
	}
}
