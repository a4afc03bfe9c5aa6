package placeholder

import "testing"

// Email bodies from templates/refund-accept.yaml: realistic prose with a few
// placeholders, one ASCII and one Cyrillic (multi-byte runes on every column).
const (
	benchBodyEN = `Hi [Name],

Thank you for your patience. We've reviewed your refund request for [Product], and we're happy to let you know that it has been approved.

Order number: [Order]

We've refunded [Amount] to [Payment Method]. Depending on your bank, it usually takes [Days] business days for the money to appear in your account.

We're sorry that [Product] wasn't the right fit for you. If you have a moment, we'd love to hear what we could have done better; just reply to this email.

If you have any other questions, we're here to help.

Best regards,
[Agent]
[Brand]
`
	benchBodyBG = `Здравейте, [Name],

Благодарим Ви за търпението. Разгледахме искането Ви за възстановяване на сумата за [Product] и с радост Ви съобщаваме, че го одобрихме.

Номер на поръчката: [Order]

Възстановихме Ви [Amount] по [Payment Method]. В зависимост от Вашата банка парите обикновено постъпват по сметката Ви в рамките на [Days] работни дни.

Съжаляваме, че [Product] не се оказа подходящ избор за Вас. Ако имате възможност, ще се радваме да споделите с нас какво бихме могли да направим по-добре – просто отговорете на този имейл.

Ако имате и други въпроси, с удоволствие ще помогнем.

С уважение,
[Agent]
[Brand]
`
)

var benchSink []Token

func BenchmarkLex(b *testing.B) {
	for _, bc := range []struct{ name, body string }{{"en", benchBodyEN}, {"bg", benchBodyBG}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.body)))
			b.ReportAllocs()
			for b.Loop() {
				benchSink = Lex(bc.body)
			}
		})
	}
}
