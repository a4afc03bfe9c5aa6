package email

import (
	"net/mail"
	"testing"
)

func TestRecordMessageID(t *testing.T) {
	m := &Message{Subject: "Относно поръчка A-1", Body: "Здравейте, Иван,\n",
		From: addr("Support", "support@acme.example"), To: []*mail.Address{addr("Иван", "ivan@example.com")}}
	id := RecordMessageID("refund-reject", 7, m)
	if id != RecordMessageID("refund-reject", 7, m) {
		t.Fatal("the same record gives two ids")
	}
	if want := "<acme.example>"; id[len(id)-len(want)+1:] != want[1:] {
		t.Errorf("id %s is not on the sender's domain", id)
	}
	if err := checkMessageID(id); err != nil {
		t.Error(err)
	}
	// Equal addresses in other memory give the same id.
	copied := *m
	copied.To = []*mail.Address{addr("Иван", "ivan@example.com")}
	if RecordMessageID("refund-reject", 7, &copied) != id {
		t.Error("the same addresses at other pointers give another id")
	}
	other := *m
	other.Bcc = []*mail.Address{addr("", "audit@acme.example")}
	body := *m
	body.Body = "Здравейте, Ivan,\n"
	for name, got := range map[string]string{
		"another record":   RecordMessageID("refund-reject", 8, m),
		"another template": RecordMessageID("refund-accept", 7, m),
		"another Bcc":      RecordMessageID("refund-reject", 7, &other),
		"another body":     RecordMessageID("refund-reject", 7, &body),
	} {
		if got == id {
			t.Errorf("%s: the same id %s", name, id)
		}
	}
}
