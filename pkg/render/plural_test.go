package render

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A third language, ru, shows that more categories need no code: only more
// forms in the template.
const pluralTemplate = `id: p
category: refund
vars:
  Days: {description: business days}
  Items: {description: items returned, optional: true}
  Months: {default: {en: "12", bg: "12", ru: "12"}}
locales:
  en:
    title: T
    subjects: ["Refund in [Days] [Days|day|days]"]
    body: |
      Within [Days] [Days|business day|business days].
      [Items] [Items|item|items] received.
      Valid [Months] [Months|month|months].
  bg:
    title: T
    subjects: ["Възстановяване до [Days] [Days|ден|дни]"]
    body: |
      До [Days] [Days|работен ден|работни дни].
      [Items] [Items|артикул|артикула] получени.
      Валидно [Months] [Months|месец|месеца].
  ru:
    title: T
    subjects: ["Возврат за [Days] [Days|день|дня|дней|дня]"]
    body: |
      За [Days] [Days|рабочий день|рабочих дня|рабочих дней|рабочего дня].
      [Items] [Items|товар|товара|товаров|товара] получено.
      Действует [Months] [Months|месяц|месяца|месяцев|месяца].
`

func TestPluralForms(t *testing.T) {
	tpl := mustParse(t, pluralTemplate)
	want := map[string][]string{ // body's first line for 0, 1, 2, 5, 11, 21, 1.5
		"en": {"Within 0 business days.", "Within 1 business day.", "Within 2 business days.", "Within 5 business days.",
			"Within 11 business days.", "Within 21 business days.", "Within 1.5 business days."},
		"bg": {"До 0 работни дни.", "До 1 работен ден.", "До 2 работни дни.", "До 5 работни дни.",
			"До 11 работни дни.", "До 21 работни дни.", "До 1.5 работни дни."},
		"ru": {"За 0 рабочих дней.", "За 1 рабочий день.", "За 2 рабочих дня.", "За 5 рабочих дней.",
			"За 11 рабочих дней.", "За 21 рабочий день.", "За 1.5 рабочего дня."},
	}
	subjects := map[string][]string{
		"en": {"Refund in 0 days", "Refund in 1 day", "Refund in 2 days", "Refund in 5 days", "Refund in 11 days", "Refund in 21 days", "Refund in 1.5 days"},
		"bg": {"Възстановяване до 0 дни", "Възстановяване до 1 ден", "Възстановяване до 2 дни", "Възстановяване до 5 дни", "Възстановяване до 11 дни", "Възстановяване до 21 дни", "Възстановяване до 1.5 дни"},
		"ru": {"Возврат за 0 дней", "Возврат за 1 день", "Возврат за 2 дня", "Возврат за 5 дней", "Возврат за 11 дней", "Возврат за 21 день", "Возврат за 1.5 дня"},
	}
	months := map[string]string{"en": "Valid 12 months.", "bg": "Валидно 12 месеца.", "ru": "Действует 12 месяцев."}
	for lang, lines := range want {
		for i, n := range []string{"0", "1", "2", "5", "11", "21", "1.5"} {
			e, err := Render(tpl, lang, values("Days", n), Options{})
			if err != nil {
				t.Fatalf("%s, Days=%s: %v", lang, n, err)
			}
			// Items is optional and unset: its line drops.
			wantBody := lines[i] + "\n" + months[lang] + "\n"
			if e.Body != wantBody || e.Subject != subjects[lang][i] {
				t.Errorf("%s, Days=%s: got subject %q, body %q; want %q, %q", lang, n, e.Subject, e.Body, subjects[lang][i], wantBody)
			}
		}
	}
}

func TestPluralValueIsUsedLikeAPlainOne(t *testing.T) {
	tpl := mustParse(t, pluralTemplate)
	e, err := Render(tpl, "en", values("Days", "3", "Items", "1"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Within 3 business days.\n1 item received.\nValid 12 months.\n"; e.Body != want {
		t.Errorf("body %q, want %q", e.Body, want)
	}
	if diff := cmp.Diff([]string{"Days=3", "Items=1", "Months=12"}, usedPairs(e)); diff != "" {
		t.Errorf("Vars (-want +got):\n%s", diff)
	}

	// A missing plural variable is missing like any other...
	_, err = Render(tpl, "en", values(), Options{})
	var me *MissingError
	if !errors.As(err, &me) || err.Error() != "p (en) is missing variable: Days (--var Days=…)" {
		t.Errorf("no Days: got %v", err)
	}
	// ...and --keep-missing leaves it as written.
	e, err = Render(tpl, "en", values(), Options{KeepMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Within [Days] [Days|business day|business days].\nValid 12 months.\n"; e.Body != want {
		t.Errorf("--keep-missing body %q, want %q", e.Body, want)
	}
}

func TestPluralNotANumber(t *testing.T) {
	tpl := mustParse(t, pluralTemplate)
	for _, v := range []string{"abc", "1,5", "five days"} {
		_, err := Render(tpl, "bg", values("Days", "2", "Items", v), Options{})
		var ne *NumberError
		if !errors.As(err, &ne) || ne.Var != "Items" || ne.Value != v {
			t.Fatalf("Items=%q: got %v, want a NumberError", v, err)
		}
	}
	_, err := Render(tpl, "en", values("Days", "abc"), Options{})
	want := `p (en): Days is "abc", which is not a number, and [Days|…] picks its plural form by it; give a number such as 5 or 1.5 (--var Days=…)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	var ne *NumberError
	if !errors.As(err, &ne) || ne.Describe(func(n string) string { return "a " + n + " column" }) != `p (en): Days is "abc", which is not a number, and [Days|…] picks its plural form by it; give a number such as 5 or 1.5 (a Days column)` {
		t.Errorf("Describe: got %v", err)
	}
}

func TestPluralFormsMustFitTheLanguage(t *testing.T) {
	tpl := mustParse(t, "id: f\ncategory: c\nvars: {Days: {}}\nlocales:\n  en:\n    title: T\n    subjects: [S]\n    body: |\n      ok [Days|day|days]\n      in [Days|день|дня|дней|дня]\n")
	_, err := Render(tpl, "en", values("Days", "2"), Options{})
	var fe *FormsError
	want := "t.yaml:10:10: f (en): [Days|день|дня|дней|дня] has 4 plural forms, but en needs 2 (one, other); write one per category, in that order"
	if !errors.As(err, &fe) || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestFillRefusesPluralForms(t *testing.T) {
	lookup := func(string) (string, bool) { return "3", true }
	_, err := Fill("--filename", "[Days] [Days|day|days].eml", lookup)
	want := "--filename uses [Days|day|days], but plural forms work only in a template's subject or body; write [Days]"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func usedPairs(e *Email) []string {
	var out []string
	for _, v := range e.Vars {
		out = append(out, v.Name+"="+v.Value)
	}
	return out
}
