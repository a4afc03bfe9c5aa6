package templates_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/cli"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
	"github.com/templ-mail/templ/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.txt from the built-in catalogue")

// titles is the catalogue of catalogue.md: every built-in id with its title
// in each language.
var titles = map[string]map[string]string{
	"refund-response":       {"en": "Basic reply to a refund request", "bg": "Основен отговор на искане за възстановяване"},
	"refund-accept":         {"en": "Refund request accepted", "bg": "Приемане на искане за възстановяване"},
	"refund-feedback":       {"en": "Asking for feedback after a refund request", "bg": "Молба за отзив след искане за възстановяване"},
	"refund-angry":          {"en": "Reply to an angry customer demanding a refund", "bg": "Отговор на ядосан клиент, искащ връщане на платената сума"},
	"refund-discuss":        {"en": "Discussing a refund request", "bg": "Обсъждане на искане за възстановяване"},
	"refund-reject":         {"en": "Refund request rejected", "bg": "Отхвърляне на искане за възстановяване"},
	"refund-followup":       {"en": "Follow-up on a refund request's status", "bg": "Имейл за проследяване на статуса на искането за възстановяване"},
	"refund-status":         {"en": "Refund request status update", "bg": "Актуализация на статуса на искането за възстановяване"},
	"refund-not-received":   {"en": "Refund not received", "bg": "Възстановената сума не е получена"},
	"cancel-basic":          {"en": "Basic subscription cancellation", "bg": "Базов имейл за отказ от абонамент"},
	"cancel-personal":       {"en": "Informal, personal cancellation email", "bg": "Неформален неавтоматизиран имейл за отказ от абонамент"},
	"churn-survey":          {"en": "SaaS cancellation survey, example 1", "bg": "Проучване при отказ от SaaS абонамент – пример № 1"},
	"churn-survey-2":        {"en": "SaaS cancellation survey, example 2", "bg": "Проучване при отказ от SaaS абонамент – пример № 2"},
	"churn-survey-followup": {"en": "SaaS cancellation survey follow-up", "bg": "Проучване при отказ от SaaS абонамент – проследяване"},
	"cancel-premium":        {"en": "Premium account cancellation", "bg": "Отказ от премиум акаунт"},
	"cancel-membership":     {"en": "Membership cancellation confirmation", "bg": "Потвърждение на отказ от членство"},
	"account-deactivation":  {"en": "Account deactivation", "bg": "Имейл за деактивиране на акаунт"},
	"cancel-failed-payment": {"en": "Subscription cancelled after a failed payment", "bg": "Отказ от абонамент поради неуспешно плащане"},
	// The second wave (catalogue.md): titles of our own.
	"refund-return-instructions": {"en": "Return instructions for a refund", "bg": "Инструкции за връщане на продукт срещу възстановяване на сумата"},
	"refund-partial":             {"en": "Partial refund", "bg": "Частично възстановяване на сумата"},
	"refund-store-credit":        {"en": "Store credit instead of a refund", "bg": "Кредит за бъдещи покупки вместо възстановяване на сумата"},
	"billing-duplicate-charge":   {"en": "Refund of a duplicate or unexpected charge", "bg": "Възстановяване при двойно или неочаквано плащане"},
	"refund-more-info":           {"en": "More information needed for a refund request", "bg": "Нужна е още информация за искането за възстановяване"},
	"chargeback-response":        {"en": "Reply to a payment dispute (chargeback)", "bg": "Отговор при оспорено пред банката плащане"},
	"cancel-retention-offer":     {"en": "An alternative before a cancellation is final", "bg": "Алтернатива преди окончателния отказ от абонамент"},
	"win-back":                   {"en": "Win-back email after a cancellation", "bg": "Имейл за повторно спечелване на клиент след отказ"},
}

// cancellationSubjects are the seed's ten subject ideas for cancellation
// emails (catalogue.md), each with the template that offers it and its
// wording in every language. [Product] follows a preposition, so any noun
// phrase fits; "Confirm your cancellation request" asks for a confirmation,
// so it belongs to cancel-retention-offer, not to a confirmation email.
var cancellationSubjects = []struct {
	id     string
	en, bg string
}{
	{"cancel-basic", "We're sorry to see you go", "Съжаляваме, че се разделяме"},
	{"cancel-personal", "We'll miss you!", "Ще ни липсвате!"},
	{"churn-survey", "Before you go… (we miss you already!)", "Преди да си тръгнете… (вече ни липсвате!)"},
	{"churn-survey-2", "Your account has expired — try premium!", "Срокът на акаунта Ви изтече – изпробвайте премиум плана!"},
	{"cancel-failed-payment", "Your subscription to [Product] has been stopped", "Абонаментът Ви за [Product] е преустановен"},
	{"churn-survey-2", "Your free account for [Product] was cancelled — get more with premium", "Безплатният Ви акаунт в [Product] е закрит – с премиум плана получавате повече"},
	{"cancel-premium", "[Brand] premium account cancellation", "Прекратяване на премиум акаунта Ви в [Brand]"},
	{"cancel-retention-offer", "Confirm your cancellation request", "Потвърдете заявката си за отказ"},
	{"churn-survey-followup", "We're following up on your cancellation, [Name]", "Пишем Ви отново за отказа Ви, [Name]"},
	{"account-deactivation", "Your account for [Product] will be deactivated in [Days] [Days|day|days]", "Акаунтът Ви в [Product] ще бъде деактивиран след [Days] [Days|ден|дни]"},
}

// langs are the languages every built-in template has.
var langs = []string{"bg", "en"}

// names are the customer names of the name-only renders.
var names = map[string]string{"en": "Ivan", "bg": "Иван"}

// vocabulary is catalogue.md's one set of variable names.
var vocabulary = []string{"Name", "Product", "Brand", "Agent", "Order", "Amount", "Payment Method", "Days",
	"Date", "Reason", "Policy URL", "Survey URL", "Plan", "Offer", "Return URL", "Support Email",
	"Credit", "Deadline", "Missing", "Return Address", "Label URL", "Cancel URL", "Changes"}

// required is catalogue.md's rule: Name everywhere, a refusal's Reason and a
// first-person email's Agent; every other variable has a default or is
// optional. requiredValues fill them in the name-only renders.
var required = map[string][]string{
	"refund-reject":   {"Reason"},
	"refund-partial":  {"Reason"},
	"cancel-personal": {"Agent"},
}

var requiredValues = map[string]map[string]string{
	"en": {"Reason": "the item was returned after the 30-day return period", "Agent": "Maria"},
	"bg": {"Reason": "продуктът беше върнат след 30-дневния срок за връщане", "Agent": "Мария"},
}

// nameOnly is the least a render needs: the name, and the template's other
// required variables.
func nameOnly(id, lang string) *vars.Values {
	v := &vars.Values{}
	v.Set("Name", names[lang])
	for _, name := range required[id] {
		v.Set(name, requiredValues[lang][name])
	}
	return v
}

// nameOnlyArgs are nameOnly's values as `templ render` flags.
func nameOnlyArgs(id, lang string) []string {
	args := []string{"--name", names[lang]}
	for _, name := range required[id] {
		args = append(args, "--var", name+"="+requiredValues[lang][name])
	}
	return args
}

// contextFiles hold one customer's every variable, per language, so the
// full renders show each sentence with real values.
var contextFiles = map[string]string{
	"en": filepath.Join("..", "testdata", "customer.yaml"),
	"bg": filepath.Join("..", "testdata", "customer.bg.yaml"),
}

// leftover matches a placeholder that a render failed to fill.
var leftover = regexp.MustCompile(`\[\pL[\pL\pN _.\-]*\]`)

// builtin is the catalogue exactly as the CLI builds it (pkg/cli/setup.go).
func builtin() *template.Catalog {
	return &template.Catalog{Sources: []template.Source{
		{Name: "built-in", Dir: "templates", FS: templates.FS, Compiled: templates.Compiled},
	}}
}

func goldenPath(id, lang, kind string) string {
	return filepath.Join("..", "testdata", "golden", fmt.Sprintf("%s.%s.%s.txt", id, lang, kind))
}

func TestCatalogueIDsAndTitles(t *testing.T) {
	all, errs := builtin().All()
	for _, err := range errs {
		t.Error(err)
	}
	got := map[string]map[string]string{}
	for _, tp := range all {
		if diff := cmp.Diff(langs, slices.Sorted(slices.Values(tp.Langs()))); diff != "" {
			t.Errorf("%s: languages (-want +got):\n%s", tp.ID, diff)
		}
		got[tp.ID] = map[string]string{}
		for _, loc := range tp.Locales {
			got[tp.ID][loc.Lang] = loc.Title
		}
	}
	if diff := cmp.Diff(titles, got); diff != "" {
		t.Errorf("ids and titles differ from catalogue.md (-want +got):\n%s", diff)
	}
}

// TestCatalogueSameVariables: one context file fills any language of a
// template only if every language uses the same variables.
func TestCatalogueSameVariables(t *testing.T) {
	all, _ := builtin().All()
	for _, tp := range all {
		byLang := map[string][]string{}
		for _, loc := range tp.Locales {
			texts := append([]template.Text{loc.Body}, loc.Subjects...)
			var keys []string
			for _, txt := range texts {
				for _, tok := range placeholder.Lex(txt.Src) {
					if tok.Kind == placeholder.Placeholder {
						keys = append(keys, placeholder.Key(tok.Value))
					}
				}
			}
			slices.Sort(keys)
			byLang[loc.Lang] = slices.Compact(keys)
		}
		first := tp.Locales[0].Lang
		for _, loc := range tp.Locales[1:] {
			if diff := cmp.Diff(byLang[first], byLang[loc.Lang]); diff != "" {
				t.Errorf("%s: variables used (-%s +%s):\n%s", tp.ID, first, loc.Lang, diff)
			}
		}
	}
}

// TestCatalogueVocabulary: every template speaks the shared vocabulary, and
// the customer context files give all of it, so the full renders fill every
// line of every email.
func TestCatalogueVocabulary(t *testing.T) {
	all, _ := builtin().All()
	for _, tp := range all {
		for _, v := range tp.Vars {
			if !slices.Contains(vocabulary, v.Name) {
				t.Errorf("%s: variable %s is not in catalogue.md's vocabulary", tp.ID, v.Name)
			}
		}
	}
	for lang, file := range contextFiles {
		var got []string
		for _, v := range readContext(t, file).All() {
			got = append(got, v.Name)
		}
		if diff := cmp.Diff(vocabulary, got); diff != "" {
			t.Errorf("%s (%s): variables (-want +got):\n%s", file, lang, diff)
		}
	}
}

// TestCatalogueRequired: only the variables catalogue.md names are required,
// so `templ render ID --name Ivan` (plus a refusal's Reason, a personal
// email's Agent) gives a complete email.
func TestCatalogueRequired(t *testing.T) {
	all, _ := builtin().All()
	for _, tp := range all {
		var got []string
		for _, v := range tp.Vars {
			if len(v.Defaults) == 0 && !v.Optional {
				got = append(got, v.Name)
			}
		}
		want := append([]string{"Name"}, required[tp.ID]...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: required variables (-want +got):\n%s", tp.ID, diff)
		}
	}
}

func TestCatalogueCancellationSubjects(t *testing.T) {
	for _, s := range cancellationSubjects {
		tp, err := builtin().Load(s.id)
		if err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string]string{"en": s.en, "bg": s.bg} {
			var have []string
			for _, subj := range tp.Locale(lang).Subjects {
				have = append(have, subj.Src)
			}
			if !slices.Contains(have, want) {
				t.Errorf("%s (%s): subject %q not offered; it has %q", s.id, lang, want, have)
			}
		}
	}
}

// TestCatalogueGolden renders every email the catalogue can produce, with
// only a name and with a full customer context, in `-f text` form: the
// golden files let a reviewer read each one. go test -update rewrites them.
func TestCatalogueGolden(t *testing.T) {
	ids, err := builtin().IDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		for _, lang := range langs {
			only := nameOnly(id, lang)
			full := readContext(t, contextFiles[lang])
			for kind, values := range map[string]*vars.Values{"name": only, "full": full} {
				t.Run(id+"."+lang+"."+kind, func(t *testing.T) {
					e := renderEmail(t, id, lang, values)
					if kind == "full" && len(e.Vars) != len(builtinVars(t, id)) {
						t.Errorf("the full render used %d of the template's %d variables; every line must show", len(e.Vars), len(builtinVars(t, id)))
					}
					var b strings.Builder
					if err := email.Encode(&b, email.Text, &email.Message{Subject: e.Subject, Body: e.Body}); err != nil {
						t.Fatal(err)
					}
					got := b.String()
					if m := leftover.FindString(got); m != "" {
						t.Errorf("placeholder %s left in:\n%s", m, got)
					}
					if strings.Contains(got, "..") {
						t.Errorf("a value ending in a full stop ends a sentence (\"..\") in:\n%s", got)
					}
					if strings.Contains(got, "\n\n\n") || strings.HasSuffix(got, "\n\n") {
						t.Errorf("stray blank line in:\n%s", got)
					}
					checkGolden(t, goldenPath(id, lang, kind), got)
				})
			}
		}
	}
}

func readContext(t *testing.T, file string) *vars.Values {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	values, err := vars.ParseContext(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// renderEmail renders as `templ render` does.
func renderEmail(t *testing.T, id, lang string, values *vars.Values) *render.Email {
	t.Helper()
	tp, err := builtin().Load(id)
	if err != nil {
		t.Fatal(err)
	}
	email, err := render.Render(tp, lang, values, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return email
}

func builtinVars(t *testing.T, id string) []*template.Var {
	t.Helper()
	tp, err := builtin().Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return tp.Vars
}

func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v; run go test ./templates -update", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is stale; read the change, then run go test ./templates -update (-want +got):\n%s", file, diff)
	}
}

// TestCLIRendersEveryTemplate runs the real command for every id and
// language: with --name (and with the customer's context) it prints the
// golden email and exits 0; without a name it exits 2 naming Name.
func TestCLIRendersEveryTemplate(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, env := range []string{"TEMPL_LANG", "TEMPL_PATH", "TEMPL_CONFIG"} {
		t.Setenv(env, "")
	}
	ids, err := builtin().IDs()
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (code int, stdout, stderr string) {
		var out, errb bytes.Buffer
		code = cli.Main(args, cli.IO{In: strings.NewReader(""), Out: &out, Err: &errb}, "v0.0.0-test")
		return code, out.String(), errb.String()
	}
	for _, id := range ids {
		for _, lang := range langs {
			cases := map[string][]string{
				"name": append([]string{"render", id, "--lang", lang}, nameOnlyArgs(id, lang)...),
				"full": {"render", id, "--lang", lang, "--context", contextFiles[lang], "-f", "text"},
			}
			for kind, args := range cases {
				code, stdout, stderr := run(args...)
				if code != 0 || stderr != "" {
					t.Errorf("templ %s: exit %d, stderr %q; want 0 and no stderr", strings.Join(args, " "), code, stderr)
					continue
				}
				want, err := os.ReadFile(goldenPath(id, lang, kind))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), stdout); diff != "" {
					t.Errorf("templ %s differs from its golden file (-want +got):\n%s", strings.Join(args, " "), diff)
				}
			}

			args := []string{"render", id, "--lang", lang}
			code, stdout, stderr := run(args...)
			wantErr := fmt.Sprintf("templ: %s (%s) is missing variable: Name (--name)\n", id, lang)
			if more := required[id]; len(more) > 0 {
				list := "Name (--name)"
				for _, name := range more {
					list += ", " + name + " (--var " + name + "=…)"
				}
				wantErr = fmt.Sprintf("templ: %s (%s) is missing %d variables: %s\n", id, lang, 1+len(more), list)
			}
			if code != 2 || stdout != "" || !strings.HasPrefix(stderr, wantErr) {
				t.Errorf("templ %s: exit %d, stdout %q, stderr %q; want exit 2, no stdout, stderr starting %q", strings.Join(args, " "), code, stdout, stderr, wantErr)
			}
		}
	}
}
