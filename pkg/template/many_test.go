package template

import (
	"fmt"
	"runtime"
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
// variables take 94 s to render and 112 s to lint. The same 2,000 lookups
// (of the last variables declared) take about as long in a template of
// 2,000 variables as in one of 16,000; a scan takes 8 times as long.
func TestVarIsConstantTime(t *testing.T) {
	const lookups = 2_000
	timeLookups := func(n int) time.Duration {
		tp, err := Parse("many.yaml", manyVars(n))
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, lookups)
		for i := range names {
			names[i] = fmt.Sprintf("var_%d", n-lookups+i)
		}
		runtime.GC()
		best := time.Duration(1 << 62)
		for range 5 {
			start := time.Now()
			for range 10 {
				for i, name := range names {
					if v := tp.Var(name); v == nil || v.Name != fmt.Sprintf("Var %d", n-lookups+i) {
						t.Fatalf("Var(%s) = %v", name, v)
					}
				}
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, big := timeLookups(2_000), timeLookups(16_000)
	if ratio := float64(big) / float64(small); ratio > 4 {
		t.Errorf("%d lookups in 2,000 variables: %v, in 16,000: %v (%.1fx); want about 1x", lookups, small, big, ratio)
	}
	if (&Template{Vars: []*Var{{Name: "Name", Key: "name"}}}).Var("NAME") == nil {
		t.Error("a Template made without Parse does not find its variable")
	}
}
