package email

import (
	"net/mail"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMailtoURLExact(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{"subject and body", Message{
			Subject: "Refund 1042 & more", Body: "Hi Ivan,\nyes.\n",
			To: []*mail.Address{addr("Ivan", "ivan+shop@example.com")},
		}, "mailto:ivan%2Bshop@example.com?subject=Refund%201042%20%26%20more&body=Hi%20Ivan%2C%0D%0Ayes.%0D%0A"},
		{"all recipients", Message{
			Subject: "Ок",
			To:      []*mail.Address{addr("", "a@example.com"), addr("", "b@example.com")},
			Cc:      []*mail.Address{addr("", "c@example.com")},
			Bcc:     []*mail.Address{addr("", "d@example.com"), addr("", "e@example.com")},
		}, "mailto:a@example.com,b@example.com?cc=c@example.com&bcc=d@example.com,e@example.com&subject=%D0%9E%D0%BA"},
		{"no recipients", Message{Subject: "x"}, "mailto:?subject=x"},
		{"nothing at all", Message{}, "mailto:"},
		{"quoted local part with a comma", Message{To: []*mail.Address{addr("", `"a,b"@example.com`)}},
			"mailto:%22a%2Cb%22@example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, MailtoURL(&tc.m)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMailtoURLRoundTrip(t *testing.T) {
	m := Message{
		Subject: "Възстановяване: 100% + такса? #1042 & /a=b",
		Body:    "Здравейте, Иван,\n\nцена = 25 лв. + 5%\n  отстъп\nкрай\n",
		To:      []*mail.Address{addr("Иван", "ivan@example.com"), addr("", "o'brien+x@example.com")},
		Cc:      []*mail.Address{addr("", "cc@example.com")},
		Bcc:     []*mail.Address{addr("", "bcc@example.com")},
	}
	raw := MailtoURL(&m)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "mailto" {
		t.Errorf("scheme %q, want mailto", u.Scheme)
	}
	if strings.ContainsAny(raw, "+ \n") {
		t.Errorf("URL holds a literal '+', space or newline: %s", raw)
	}
	to, err := url.PathUnescape(u.Opaque)
	if err != nil {
		t.Fatal(err)
	}
	query, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{"to": {to}}
	for k, v := range query {
		got[k] = v
	}
	want := map[string][]string{
		"to":      {"ivan@example.com,o'brien+x@example.com"},
		"cc":      {"cc@example.com"},
		"bcc":     {"bcc@example.com"},
		"subject": {m.Subject},
		"body":    {strings.ReplaceAll(m.Body, "\n", "\r\n")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
