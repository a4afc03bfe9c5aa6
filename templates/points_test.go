package templates_test

import (
	"regexp"
	"testing"

	"github.com/templ-mail/templ/pkg/render"
)

// points are the seeds' points (catalogue.md), each with the wording that
// shows it in each language. A refund reply confirms receipt, gives a
// timeline, explains a refusal with its reason and the policy, regrets,
// asks for feedback and offers help; a cancellation thanks, confirms, asks
// why and shows the way back.
var points = map[string]map[string]*regexp.Regexp{
	"receipt": {
		"en": regexp.MustCompile(`(?i)we've received|we've reviewed|thank you for (telling us|getting in touch|contacting us|your refund request)|has let us know`),
		"bg": regexp.MustCompile(`Получихме|Разгледахме|Благодарим Ви, че (ни уведомихте|ни писахте|се свързахте|се обърнахте)|Благодарим Ви за искането|ни уведоми`),
	},
	"timeline": {
		"en": regexp.MustCompile(`\d+ business days?|a few weeks`),
		"bg": regexp.MustCompile(`\d+ (работни дни|работен ден)|няколко седмици`),
	},
	"reason": {
		"en": regexp.MustCompile(regexp.QuoteMeta(requiredValues["en"]["Reason"])),
		"bg": regexp.MustCompile(regexp.QuoteMeta(requiredValues["bg"]["Reason"])),
	},
	"policy": {
		"en": regexp.MustCompile(`refund policy`),
		"bg": regexp.MustCompile(`(политиката|условията) ни за връщане`),
	},
	"regret": {
		"en": regexp.MustCompile(`(?i)sorry`),
		"bg": regexp.MustCompile(`Съжаляваме|съжаляваме|извиняваме`),
	},
	"feedback": {
		"en": regexp.MustCompile(`tell us|hear what|hear how|love to know|like to know|feedback|a few words`),
		"bg": regexp.MustCompile(`разкажете|споделите|кажете|да научим|мнението`),
	},
	"help": {
		"en": regexp.MustCompile(`happy to help|here to help|gladly help|just ask|feel free to ask|help with|anything we can do`),
		"bg": regexp.MustCompile(`(?i)с удоволствие ще помогнем|на Ваше разположение|пишете ни|попитайте|можем да направим нещо за Вас`),
	},
	"thanks": {
		"en": regexp.MustCompile(`(?i)thank you`),
		"bg": regexp.MustCompile(`Благодарим|благодарим|благодаря`),
	},
	"confirmation": {
		"en": regexp.MustCompile(`received your|cancellation is already being processed|fully processed|no longer active|had to stop it`),
		"bg": regexp.MustCompile(`(?i)получихме|вече се обработва|изцяло обработен|вече не е активен|преустановихме`),
	},
	"why": {
		"en": regexp.MustCompile(`why|what made you|main reason|what would have made you`),
		"bg": regexp.MustCompile(`защо|какво Ви накара|основната причина|какво би Ви накарало`),
	},
	"way back": {
		"en": regexp.MustCompile(`come back|welcome back|rejoin|switch back|upgrade|reactivate|keep your account`),
		"bg": regexp.MustCompile(`върнете|добре дошли|подновите|активираме|преминете|запазим акаунта`),
	},
}

var refundPoints = []string{"receipt", "timeline", "regret", "feedback", "help"}
var cancelPoints = []string{"thanks", "confirmation", "why", "way back"}

// idPoints are the points each email makes with only the required variables.
var idPoints = map[string][]string{
	"refund-response":            refundPoints,
	"refund-accept":              refundPoints,
	"refund-feedback":            refundPoints,
	"refund-angry":               refundPoints,
	"refund-discuss":             refundPoints,
	"refund-reject":              {"receipt", "reason", "policy", "regret", "feedback", "help"},
	"refund-followup":            {"timeline", "regret", "feedback", "help"},
	"refund-status":              {"timeline", "regret", "feedback", "help"},
	"refund-not-received":        refundPoints,
	"refund-return-instructions": refundPoints,
	"refund-partial":             {"reason", "policy", "timeline", "regret", "feedback", "help"},
	"refund-store-credit":        {"receipt", "policy", "regret", "feedback", "help"},
	"billing-duplicate-charge":   refundPoints,
	"refund-more-info":           refundPoints,
	"chargeback-response":        refundPoints,
	"cancel-basic":               cancelPoints,
	"cancel-personal":            cancelPoints,
	"churn-survey":               cancelPoints,
	"churn-survey-2":             cancelPoints,
	"churn-survey-followup":      cancelPoints,
	"cancel-premium":             cancelPoints,
	"cancel-membership":          cancelPoints,
	"account-deactivation":       cancelPoints,
	"cancel-failed-payment":      cancelPoints,
	"cancel-retention-offer":     cancelPoints,
	"win-back":                   {"thanks", "why", "way back"},
}

// TestCatalogueSeedPoints renders every email with only its required
// variables and checks that it still makes each of its seed's points.
func TestCatalogueSeedPoints(t *testing.T) {
	ids, err := builtin().IDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		want, ok := idPoints[id]
		if !ok {
			t.Errorf("%s: no seed points listed in idPoints", id)
			continue
		}
		tp, err := builtin().Load(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range langs {
			email, err := render.Render(tp, lang, nameOnly(id, lang), render.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range want {
				if !points[p][lang].MatchString(email.Body) {
					t.Errorf("%s (%s) misses the seed's point %q (%s) in:\n%s", id, lang, p, points[p][lang], email.Body)
				}
			}
		}
	}
}
