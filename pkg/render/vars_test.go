package render

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A language's needs: Agent is required but only en uses it; Order only
// in subject 1, which needs the optional Product.
const needsTemplate = `id: needs
category: test
vars:
  Name: {description: first name}
  Agent: {description: signer}
  Order: {description: order number}
  Product: {description: product, optional: true}
  Days: {default: {bg: "14"}, optional: false}
locales:
  en:
    title: Needs
    subjects: ["[Product] order [Order]", "Your order"]
    body: "Hi [Name], [Agent] [Ticket]"
  bg:
    title: Нужди
    subjects: ["Поръчка"]
    body: "Здравейте, [Name], [Days] дни"
`

func TestPreparedVars(t *testing.T) {
	tpl := mustParse(t, needsTemplate)
	p, err := Prepare(tpl, "bg")
	if err != nil {
		t.Fatal(err)
	}
	want := []Var{
		{Name: "Name", Description: "first name", Declared: true, Used: true},
		{Name: "Agent", Description: "signer", Declared: true},
		{Name: "Order", Description: "order number", Declared: true},
		{Name: "Product", Description: "product", State: Optional, Declared: true},
		{Name: "Days", State: Default, Default: "14", Declared: true, Used: true},
	}
	if diff := cmp.Diff(want, p.Vars()); diff != "" {
		t.Errorf("bg Vars (-want +got):\n%s", diff)
	}
	p, err = Prepare(tpl, "en")
	if err != nil {
		t.Fatal(err)
	}
	got := p.Vars()
	if len(got) != 6 || got[5] != (Var{Name: "Ticket", Used: true}) || got[4].State != Required || !got[2].Used {
		t.Errorf("en Vars = %+v", got)
	}
}

func TestRenderDemandsWhatTheLanguageUses(t *testing.T) {
	tpl := mustParse(t, needsTemplate)
	// bg never uses Agent, Order or Ticket: only Name is demanded.
	e, err := Render(tpl, "bg", values("Name", "Иван"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e.Body != "Здравейте, Иван, 14 дни" {
		t.Errorf("bg body = %q", e.Body)
	}
	// en without Product takes subject 2, so Order is not demanded;
	// Agent and Ticket are.
	_, err = Render(tpl, "en", values("Name", "Ivan"), Options{})
	var me *MissingError
	if !errors.As(err, &me) || me.Error() != "needs (en) is missing 2 variables: Agent (--var Agent=…), Ticket (--var Ticket=…)" {
		t.Errorf("en without Product: %v", err)
	}
	// With Product, subject 1 is chosen and needs Order.
	_, err = Render(tpl, "en", values("Name", "Ivan", "Agent", "A", "Ticket", "T", "Product", "P"), Options{})
	if !errors.As(err, &me) || me.Error() != "needs (en) is missing variable: Order (--var Order=…)" {
		t.Errorf("en with Product: %v", err)
	}
	e, err = Render(tpl, "en", values("Name", "Ivan", "Agent", "A", "Ticket", "T"), Options{Subject: 2})
	if err != nil || e.Subject != "Your order" {
		t.Errorf("--subject 2: %+v, %v", e, err)
	}
}
