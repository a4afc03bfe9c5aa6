package vars

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValues(t *testing.T) {
	var v Values
	v.Set("Policy URL", "https://a")
	v.Set("name", "Ivan")
	v.Set("policy-url", "https://b") // same variable, later wins
	v.Set("Name", "")                // empty counts as not given
	v.Set("Name", " \t\u00a0")       // and so does only white space
	v.SetKey("name", "name", "  ")
	if got, _ := v.Get("POLICY_URL"); got != "https://b" {
		t.Errorf("Get(POLICY_URL) = %q, want https://b", got)
	}
	want := []Value{{Name: "policy-url", Value: "https://b"}, {Name: "name", Value: "Ivan"}}
	if diff := cmp.Diff(want, v.All()); diff != "" {
		t.Errorf("All (-want +got):\n%s", diff)
	}
}

func TestParseContext(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Value
		wantErr   string
	}{
		{"yaml scalars keep their text", "Name: Иван\nAmount: 10.50\nDays: 014\nActive: true\nReason: ~\n",
			[]Value{{"Name", "Иван"}, {"Amount", "10.50"}, {"Days", "014"}, {"Active", "true"}}, ""},
		{"json", `{"name": "Ivan", "amount": 10.50, "ok": false, "none": null, "policy-url": "https://x"}`,
			[]Value{{"name", "Ivan"}, {"amount", "10.50"}, {"ok", "false"}, {"policy-url", "https://x"}}, ""},
		{"empty file is no values", "\n", []Value{}, ""},
		{"nested yaml names its key", "Name: x\nAddress:\n  City: Sofia\n", nil,
			`c.yaml:2:1: key "Address" holds a map; context values must be text, numbers or true/false`},
		{"nested json names its key", "{\"a\": 1,\n \"tags\": [1, 2]}", nil,
			`c.yaml:2: key "tags" holds a list; context values must be text, numbers or true/false`},
		{"not a map", "- a\n", nil, "c.yaml:1:1: a context file must be a map of variable names to values"},
		{"loose duplicate", "Policy URL: a\npolicy_url: b\n", nil,
			`c.yaml:2:1: key "policy_url" is the same variable as "Policy URL" (names ignore case, spaces, '_' and '-'); keep one`},
		{"bad json", "{\"a\": }", nil, "c.yaml:1: invalid JSON: invalid character '}' looking for beginning of value"},
		{"trailing json", "{\"a\": 1} x", nil, "c.yaml: unexpected text after the JSON object"},
		{"bad yaml", "a: [\n", nil, "c.yaml: invalid YAML: line 1: did not find expected node content"},
		{"not utf-8", "a: \xff\n", nil, "c.yaml: not UTF-8 text; save the file as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseContext("c.yaml", []byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error:\n got %v\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.All()); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseContext checks context files never panic and errors stay one line.
func FuzzParseContext(f *testing.F) {
	for _, s := range []string{"Name: x\n", `{"a": [1]}`, "a:\n  b: c\n", "{", "- 1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseContext("c", data)
		if err != nil {
			for _, r := range err.Error() {
				if r == '\n' {
					t.Fatalf("error is not one line: %q", err)
				}
			}
		}
	})
}

// TestLayers pins the precedence: config < contexts in order < record < flags.
func TestLayers(t *testing.T) {
	set := func(kv ...string) *Values {
		v := &Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	l := Layers{
		Config:   set("A", "config", "B", "config", "C", "config", "D", "config", "E", "config"),
		Contexts: []*Values{set("B", "ctx1", "C", "ctx1"), set("C", "ctx2", "D", "ctx2")},
		Record:   set("D", "record", "e", "record", "F", "record"),
		Flags:    set("E", "flag", "F", ""),
	}
	got := map[string]string{}
	for _, v := range l.Values().All() {
		got[v.Name] = v.Value
	}
	want := map[string]string{"A": "config", "B": "ctx1", "C": "ctx2", "D": "record", "E": "flag", "F": "record"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
}
