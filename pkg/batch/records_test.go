package batch

import (
	"strings"
	"testing"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
)

func TestAnColumn(t *testing.T) {
	for name, want := range map[string]string{
		"Email": "an Email column", "Name": "a Name column", "Order": "an Order column",
		"Policy URL": "a Policy URL column", "SKU": "an SKU column", "URL": "a URL column",
		"Имейл": "a Имейл column", "Invoice number": "an Invoice number column",
	} {
		if got := anColumn(name); got != want {
			t.Errorf("anColumn(%q) = %q, want %q", name, got, want)
		}
	}
}

const twoLangYAML = `id: two
category: test
vars:
  Name: {description: the name}
locales:
  en: {title: T, subjects: ["Hi [Name]"], body: "Hello [Name]"}
  bg: {title: Т, subjects: ["Здравейте"], body: "Здравейте, [Name]"}
`

// TestComposersPrepareEachLanguageOnce: a language is prepared when a record
// first asks for it and reused after; one the template lacks is an error
// for that record and is not kept.
func TestComposersPrepareEachLanguageOnce(t *testing.T) {
	tp, err := template.Parse("two.yaml", []byte(twoLangYAML))
	if err != nil {
		t.Fatal(err)
	}
	p, err := render.Prepare(tp, "en")
	if err != nil {
		t.Fatal(err)
	}
	c := newComposers(&Options{Composer: &email.Composer{Prepared: p, Format: email.JSON}, Sink: &Stream{}})
	first, err := c.get("bg", false)
	if err != nil || first.Prepared.Lang() != "bg" {
		t.Fatalf("get(bg) = %v, %v", first, err)
	}
	for range 3 {
		if again, _ := c.get("bg", false); again != first {
			t.Fatal("bg was prepared again")
		}
	}
	if base, _ := c.get("", false); base.Prepared != p {
		t.Error(`get("") is not the batch's language`)
	}
	if base, _ := c.get("en", false); base.Prepared != p {
		t.Error(`get("en") prepared the batch's language again`)
	}
	_, err = c.get("de", false)
	if err == nil || err.Error() != `Lang is "de", but two has only en, bg` {
		t.Errorf("get(de): %v", err)
	}
	if len(c.byLang) != 1 {
		t.Errorf("byLang holds %d languages, want 1 (bg)", len(c.byLang))
	}
}

// TestComposersRecipient: a mail format without --to addresses a record
// with an Email field to it; --exec refuses a record without one.
func TestComposersRecipient(t *testing.T) {
	tp, _ := template.Parse("two.yaml", []byte(twoLangYAML))
	p, _ := render.Prepare(tp, "en")
	base := &email.Composer{Prepared: p, Format: email.EML}
	c := newComposers(&Options{Composer: base, Sink: &Exec{}})
	comp, err := c.get("", true)
	if err != nil || !comp.RecordTo {
		t.Errorf("with Email: %+v, %v", comp, err)
	}
	if again, _ := c.get("", true); again != comp || base.RecordTo {
		t.Error("the composer with RecordTo is made again per record, or the base changed")
	}
	if _, err := c.get("", false); err == nil || !strings.HasPrefix(err.Error(), "no recipient: ") {
		t.Errorf("--exec without Email: %v", err)
	}
	base.Addresses = &email.Addresses{To: []string{"a@example.com"}}
	c = newComposers(&Options{Composer: base, Sink: &Exec{}})
	if comp, err := c.get("", true); err != nil || comp.RecordTo {
		t.Errorf("--to wins: %+v, %v", comp, err)
	}
}
