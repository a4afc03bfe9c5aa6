package pick

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// ticket is one reply of an agent's session: what the agent types in the
// picker, and the templ render command line that copies the same body.
type ticket struct {
	what string
	keys []string // text typed as is; "enter", "tab", "right", "ctrl+l" are keys
	id   string
	lang string
	vals []string // name, value, ...
}

// The ten-ticket session of docs/picker.md. The agent's config says
// lang: en; a Bulgarian customer gets a Bulgarian reply (Tab on the list).
// Each session starts with an empty history, and the picker remembers
// as it goes.
var tickets = []ticket{
	{"refund refused, Ivan, order A-1, item used", []string{"rej", "enter", "Ivan", "tab", "the item was used", "tab", "tab", "A-1", "enter"},
		"refund-reject", "en", []string{"Name", "Ivan", "Reason", "the item was used", "Order", "A-1"}},
	{"refund approved, Maria, order B-7, €49", []string{"acce", "enter", "Maria", "tab", "tab", "B-7", "tab", "€49", "enter"},
		"refund-accept", "en", []string{"Name", "Maria", "Order", "B-7", "Amount", "€49"}},
	{"cancellation, Георги (bg)", []string{"tab", "basic", "enter", "Георги", "enter"},
		"cancel-basic", "bg", []string{"Name", "Георги"}},
	{"where is my refund, Петър, order C-3 (bg)", []string{"tab", "status", "enter", "Петър", "tab", "tab", "C-3", "enter"},
		"refund-status", "bg", []string{"Name", "Петър", "Order", "C-3"}},
	{"refund not received, Anna, order D-9", []string{"not rec", "enter", "Anna", "tab", "tab", "D-9", "enter"},
		"refund-not-received", "en", []string{"Name", "Anna", "Order", "D-9"}},
	{"cancellation survey, Jon", []string{"survey", "enter", "Jon", "enter"},
		"churn-survey", "en", []string{"Name", "Jon"}},
	{"premium cancelled, Lena, offer", []string{"prem", "enter", "Lena", "tab", "tab", "two months free", "enter"},
		"cancel-premium", "en", []string{"Name", "Lena", "Offer", "two months free"}},
	{"angry customer, Tom, order E-2", []string{"angry", "enter", "Tom", "tab", "tab", "E-2", "enter"},
		"refund-angry", "en", []string{"Name", "Tom", "Order", "E-2"}},
	{"refund refused, Мария, order F-5, too late (bg)", []string{"tab", "rej", "enter", "Мария", "tab", "срокът е изтекъл", "tab", "tab", "F-5", "enter"},
		"refund-reject", "bg", []string{"Name", "Мария", "Reason", "срокът е изтекъл", "Order", "F-5"}},
	// Мария writes again: the history offers her name and order (→).
	{"follow-up for Мария, order F-5 (bg)", []string{"tab", "rfol", "enter", "right", "tab", "tab", "right", "enter"},
		"refund-followup", "bg", []string{"Name", "Мария", "Order", "F-5"}},
}

// command is the templ render line that copies the same body.
func (tk ticket) command() string {
	cmd := "templ render " + tk.id
	if tk.lang != "en" {
		cmd += " --lang " + tk.lang
	}
	for i := 0; i < len(tk.vals); i += 2 {
		name, value := tk.vals[i], tk.vals[i+1]
		if strings.ContainsAny(value, " ") {
			value = `"` + value + `"`
		}
		if name == "Name" {
			cmd += " --name " + value
		} else {
			cmd += " --var " + name + "=" + value
		}
	}
	return cmd + " -f body --copy"
}

func (tk ticket) keystrokes() int {
	n := 0
	for _, k := range tk.keys {
		switch k {
		case "enter", "tab", "right", "ctrl+l":
			n++
		default:
			n += utf8.RuneCountInString(k)
		}
	}
	return n
}

// TestTenTickets answers the ten tickets in the picker, checks that each
// copies exactly the body that the equivalent templ render gives, and
// keeps the keystroke table of docs/picker.md (testdata/tickets.md; -update
// rewrites it).
func TestTenTickets(t *testing.T) {
	templates := builtinTemplates(t)
	byID := map[string]int{}
	for i, tpl := range templates {
		byID[tpl.ID] = i
	}
	hist := &History{}
	var table strings.Builder
	table.WriteString("| # | ticket | `templ render …` characters | picker keystrokes |\n|---|---|---|---|\n")
	totalCmd, totalKeys := 0, 0
	for n, tk := range tickets {
		m := newModel(t, Options{Templates: templates, History: hist})
		for _, k := range tk.keys {
			switch k {
			case "enter", "tab", "right", "ctrl+l":
				press(m, k)
			default:
				typeText(m, k)
			}
		}
		r := m.Result()
		if r.Action != CopyBody {
			t.Fatalf("ticket %d (%s): no copy; the screen:\n%s", n+1, tk.what, plain(m.Render()))
		}
		vals := &vars.Values{}
		for i := 0; i < len(tk.vals); i += 2 {
			vals.Set(tk.vals[i], tk.vals[i+1])
		}
		want, err := render.Render(templates[byID[tk.id]], tk.lang, vals, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, r.Email); diff != "" {
			t.Errorf("ticket %d (%s): the email (-templ render +picker):\n%s", n+1, tk.what, diff)
		}
		hist.Record(r)
		cmd, keys := len([]rune(tk.command())), tk.keystrokes()
		totalCmd += cmd
		totalKeys += keys
		fmt.Fprintf(&table, "| %d | %s | %d | %d: %s |\n", n+1, tk.what, cmd, keys, describe(tk.keys))
	}
	fmt.Fprintf(&table, "| | **total** | **%d** | **%d** |\n", totalCmd, totalKeys)

	file := filepath.Join("testdata", "tickets.md")
	if *update {
		if err := os.WriteFile(file, []byte(table.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(golden), table.String()); diff != "" {
		t.Errorf("%s (-want +got):\n%s", file, diff)
	}
}

// describe writes keys as a person reads them: `rej` ↵ `Ivan` ⇥ ⇥ …
func describe(keys []string) string {
	names := map[string]string{"enter": "↵", "tab": "⇥", "right": "→", "ctrl+l": "^L"}
	parts := make([]string, len(keys))
	for i, k := range keys {
		if s, ok := names[k]; ok {
			parts[i] = s
		} else {
			parts[i] = "`" + k + "`"
		}
	}
	return strings.Join(parts, " ")
}
