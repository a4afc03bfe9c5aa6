package emailtext

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"go.yaml.in/yaml/v3"
)

// The floors are only a fair floor if they render templ's own template, so
// the YAML file and this package's copy must not drift apart.
func TestCopyMatchesTemplate(t *testing.T) {
	data, err := os.ReadFile("../../testdata/bench-email.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		ID      string
		Vars    yaml.Node
		Locales map[string]struct {
			Subjects []string
			Body     string
		}
	}
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	var declared []string
	for i := 0; i < len(tmpl.Vars.Content); i += 2 {
		declared = append(declared, tmpl.Vars.Content[i].Value)
	}
	en := tmpl.Locales["en"]
	want := struct {
		ID, Subject, Body string
		Vars              []string
	}{ID, Subject, Body, Vars}
	got := want
	got.ID, got.Vars, got.Body = tmpl.ID, declared, en.Body
	got.Subject = strings.Join(en.Subjects, " | ")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bench-email.yaml and emailtext differ (-want +got):\n%s", diff)
	}
}

func TestReplacerFillsEveryPlaceholder(t *testing.T) {
	got := Replacer(Cold).Replace(Text(Subject, Body))
	if !strings.HasPrefix(got, "Subject: Your refund for Acme Cloud is approved\n\nHi Ivan,\n\nThank you for writing to us about A-1042.") {
		t.Errorf("unexpected start of the email:\n%s", got)
	}
	if strings.Contains(got, "[") {
		t.Errorf("a placeholder is left in the email:\n%s", got)
	}
}

func TestConvert(t *testing.T) {
	got := Convert("[Name] and [Order], [Brand]", func(name string) string { return "{{ " + name + " }}" })
	want := "{{ Name }} and {{ Order }}, {{ Brand }}"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Convert (-want +got):\n%s", diff)
	}
}
