package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/pick"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// picked is what the picker returns for refund-status with Name=Ivan and
// Order=A-1, as if the user had pressed action.
func picked(t *testing.T, g *globalOptions, action pick.Action) pick.Result {
	t.Helper()
	_, catalog, err := g.setup()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := catalog.Load("refund-status")
	if err != nil {
		t.Fatal(err)
	}
	vals := &vars.Values{}
	vals.Set("Name", "Ivan")
	vals.Set("Order", "A-1")
	e, err := render.Render(tpl, "en", vals, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return pick.Result{Action: action, Email: e, Template: tpl, Values: vals}
}

// renderOut is what templ render prints for args.
func renderOut(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main(append([]string{"render", "refund-status", "--name", "Ivan", "--var", "Order=A-1"}, args...), testIO(&out, &errb, env), "v1.0.0"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, errb.String())
	}
	return out.String()
}

// TestPickCarriesOut runs each action the picker can return through the
// same composer as templ render: the bytes are render's.
func TestPickCarriesOut(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "SOURCE_DATE_EPOCH": "1795000000"}

	var out, errb bytes.Buffer
	stdio := testIO(&out, &errb, env)
	stdio.fill()
	o := &pickOptions{r: &renderOptions{globalOptions: &globalOptions{io: &stdio}}}
	_, comp, err := o.options()
	if err != nil {
		t.Fatal(err)
	}

	if err := o.carryOut(picked(t, o.r.globalOptions, pick.Print), comp); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(renderOut(t, env), out.String()); diff != "" {
		t.Errorf("print (-templ render +templ pick):\n%s", diff)
	}

	// An eml goes to ID.eml, then ID-2.eml: never over an earlier reply.
	wantEML := renderOut(t, env, "-f", "eml")
	for _, name := range []string{"refund-status.eml", "refund-status-2.eml"} {
		errb.Reset()
		if err := o.carryOut(picked(t, o.r.globalOptions, pick.EML), comp); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantEML, string(got)); diff != "" {
			t.Errorf("%s (-templ render -f eml +templ pick):\n%s", name, diff)
		}
		if want := "templ: wrote " + name + " (en, \"An update on your refund request for order A-1\")\n"; errb.String() != want {
			t.Errorf("stderr %q, want %q", errb.String(), want)
		}
	}
}

func TestPickLanguageCheck(t *testing.T) {
	tpl := &template.Template{ID: "x", Locales: []*template.Locale{{Lang: "en"}, {Lang: "bg"}}}
	if err := checkLang([]*template.Template{tpl}, "bg"); err != nil {
		t.Errorf("bg: %v", err)
	}
	err := checkLang([]*template.Template{tpl}, "de")
	if err == nil || !strings.Contains(err.Error(), "--lang de: no template has that language; they have en, bg") {
		t.Errorf("de: %v", err)
	}
}
