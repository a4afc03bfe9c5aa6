package batch

import "testing"

func TestWithArticle(t *testing.T) {
	for word, want := range map[string]string{
		"Email":          "an Email",
		"email":          "an email",
		"Order":          "an Order",
		"Amount":         "an Amount",
		"Invoice Number": "an Invoice Number",
		"Name":           "a Name",
		"Payment Method": "a Payment Method",
		"Hour":           "an Hour",
		"Unit Price":     "a Unit Price",
		"User":           "a User",
		"European VAT":   "a European VAT",
		"Umbrella":       "an Umbrella",
		"URL":            "a URL",
		"SKU":            "an SKU",
		"ID":             "an ID",
		"VAT2":           "a VAT2",
		"X":              "an X",
		"Y":              "a Y",
		"Ivan":           "an Ivan",
		"Име":            "a Име",
		"Ämter":          "a Ämter",
		"_x":             "a _x",
		"":               "a ",
	} {
		if got := withArticle(word); got != want {
			t.Errorf("withArticle(%q) = %q, want %q", word, got, want)
		}
	}
}
