package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/templ-mail/templ/bench/internal/emailtext"
)

func csvPath(dir string, records int) string {
	return filepath.Join(dir, "customers-"+countLabel(records)+".csv")
}

// namesCSVPath is the CSV file whose Name column takes distinctNames values.
func namesCSVPath(dir string, records int) string {
	return filepath.Join(dir, "customers-"+countLabel(records)+"-"+countLabel(distinctNames)+"-names.csv")
}

// distinctNames is how many names the --out-dir naming workload repeats.
const distinctNames = 100

// countLabel names a record count briefly: 1k, 100k, 1M.
func countLabel(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1_000 && n%1_000 == 0:
		return fmt.Sprintf("%dk", n/1_000)
	}
	return fmt.Sprint(n)
}

// countWords writes n with thousands separators: 1,000,000.
func countWords(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Values for the generated records; two Cyrillic names keep non-ASCII text in
// the batch. None holds a comma or a quote, so the envsubst loop can split on
// commas.
var (
	firstNames = []string{"Ivan", "Maria", "Georgi", "Elena", "Peter", "Anna", "Dimitar", "Sofia", "Nikolay", "Иван", "Мария", "John", "Olivia", "Liam"}
	products   = []string{"Acme Cloud", "Acme Mail", "Acme Drive", "Acme Chat", "Acme Backup", "Acme Sites", "Acme VPN"}
	brands     = []string{"Acme", "Acme Europe", "Acme Labs"}
)

// writeCSV writes records rows to path, the same rows on every run. The
// columns are emailtext.Vars, in that order. With names > 0 the Name column
// takes that many values, each a first name and a number; otherwise it
// cycles through the names above.
func writeCSV(path string, records, names int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintf(w, "%s,%s,%s,%s\n", emailtext.Vars[0], emailtext.Vars[1], emailtext.Vars[2], emailtext.Vars[3])
	for i := range records {
		name := firstNames[i%len(firstNames)]
		if names > 0 {
			k := i % names
			name = fmt.Sprintf("%s %d", firstNames[k%len(firstNames)], k)
		}
		// Different strides mix the columns without a random generator.
		fmt.Fprintf(w, "%s,%s,%s,A-%07d\n", name, products[(i/3)%len(products)], brands[(i/5)%len(brands)], i+1)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeTemplates derives the other engines' templates from the same copy.
func writeTemplates(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	syntaxes := []struct {
		ext    string
		syntax func(name string) string
	}{
		{"j2", func(name string) string { return "{{ " + name + " }}" }},
		{"mustache", func(name string) string { return "{{{" + name + "}}}" }}, // triple braces: no HTML escaping
	}
	files := map[string]string{
		"email.envsubst": emailtext.Convert(emailtext.Text(emailtext.Subject, emailtext.Body), func(name string) string { return "${" + name + "}" }),
	}
	for _, s := range syntaxes {
		files["subject."+s.ext] = emailtext.Convert(emailtext.Subject, s.syntax)
		files["body."+s.ext] = emailtext.Convert(emailtext.Body, s.syntax)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
